#include "keluhan/storage/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace keluhan {
namespace {

// Closes the descriptor it holds.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }
    // Closes now, reporting a failed close (a full disk may show only here).
    bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

  private:
    int fd_;
};

Error failure(const std::filesystem::path& file, const std::string& why) {
    return Error{ErrorKind::Storage, "err.file.write", {{"file", file.string()}}, why};
}

} // namespace

std::filesystem::path partial_path(const std::filesystem::path& file) {
    return file.string() + ".partial";
}

void discard_partial(const std::filesystem::path& file) {
    ::unlink(partial_path(file).c_str());
}

Status publish_partial(const std::filesystem::path& file) {
    const std::string tmp = partial_path(file).string();
    auto fail = [&](const std::string& why) {
        ::unlink(tmp.c_str());
        return failure(file, why);
    };
    {
        Fd fd(::open(tmp.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0) return fail(std::strerror(errno));
        if (::fsync(fd.get()) != 0) return fail(std::strerror(errno));
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) return fail(std::strerror(errno));
    // The rename itself is durable once the folder is flushed.
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.get() >= 0) (void)::fsync(d.get());
    return ok();
}

Status write_file_atomic(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) return failure(file, ec.message());
    }
    const std::string tmp = partial_path(file).string();
    auto fail = [&](const std::string& why) {
        ::unlink(tmp.c_str());
        return failure(file, why);
    };
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return failure(file, std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(std::strerror(n < 0 ? errno : ENOSPC));
        done += static_cast<std::size_t>(n);
    }
    if (!fd.close()) return fail(std::strerror(errno));
    return publish_partial(file);
}

Status write_file_atomic(const std::filesystem::path& file, std::string_view text) {
    return write_file_atomic(
        file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace keluhan
