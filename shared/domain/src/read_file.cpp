#include "keluhan/domain/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keluhan {

namespace {

Error file_error(const char* key, const std::filesystem::path& file, std::string detail = {}) {
    return Error{ErrorKind::Invalid, key, {{"file", file.string()}}, std::move(detail)};
}

Error too_large(const std::string& what, std::size_t max_bytes) {
    return Error{ErrorKind::Invalid,
                 "err.file.too_large",
                 {{"file", what}, {"max_kb", std::to_string((max_bytes + 1023) / 1024)}}};
}

// Closes the descriptor it was given, whatever happens.
struct Fd {
    int fd;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

} // namespace

Result<std::string> read_fd_bounded(int fd, const std::string& what, std::size_t max_bytes) {
    std::string out;
    char buf[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return Error{
                ErrorKind::Invalid, "err.file.read", {{"file", what}}, std::strerror(errno)};
        if (n == 0) return out;
        if (out.size() + static_cast<std::size_t>(n) > max_bytes) return too_large(what, max_bytes);
        out.append(buf, static_cast<std::size_t>(n));
    }
}

Result<std::string> read_regular_file(const std::filesystem::path& file, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO with no writer must not hang; it is refused below.
    Fd f(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (f.fd < 0) {
        const int e = errno;
        if (e == ENOENT) {
            Error missing = file_error("err.file.missing", file);
            missing.kind = ErrorKind::NotFound;
            return missing;
        }
        return file_error("err.file.read", file, std::strerror(e));
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) return file_error("err.file.read", file, std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return file_error("err.file.not_regular", file);
    if (static_cast<std::size_t>(st.st_size) > max_bytes)
        return too_large(file.string(), max_bytes);
    // Blocking again for a regular file (O_NONBLOCK means nothing there anyway).
    return read_fd_bounded(f.fd, file.string(), max_bytes);
}

} // namespace keluhan
