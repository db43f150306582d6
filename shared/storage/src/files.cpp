#include "keluhan/storage/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

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

// Flushes the written `tmp` (open as `fd`), gives it the name `file` and
// flushes the folder, so the rename too survives a power cut. On failure
// `tmp` is removed.
Status settle(Fd& fd, const std::string& tmp, const std::filesystem::path& file) {
    auto fail = [&](const std::string& why) {
        ::unlink(tmp.c_str());
        return failure(file, why);
    };
    if (::fsync(fd.get()) != 0) return fail(std::strerror(errno));
    if (!fd.close()) return fail(std::strerror(errno));
    if (::rename(tmp.c_str(), file.c_str()) != 0) return fail(std::strerror(errno));
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.get() >= 0) (void)::fsync(d.get());
    return ok();
}

std::string partial_of(const std::filesystem::path& file) {
    return file.string() + ".partial";
}

} // namespace

PartialFile::PartialFile(std::filesystem::path file)
    : file_(std::move(file)), partial_(partial_of(file_)) {}

PartialFile::~PartialFile() {
    if (armed_) ::unlink(partial_.c_str());
}

Status PartialFile::publish() {
    armed_ = false;
    Fd fd(::open(partial_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        const int e = errno;
        ::unlink(partial_.c_str());
        return failure(file_, std::strerror(e));
    }
    return settle(fd, partial_.string(), file_);
}

Status write_file_atomic(const std::filesystem::path& file, std::span<const std::uint8_t> bytes) {
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) return failure(file, ec.message());
    }
    const std::string tmp = partial_of(file);
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return failure(file, std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = n < 0 ? errno : ENOSPC;
            ::unlink(tmp.c_str());
            return failure(file, std::strerror(e));
        }
        done += static_cast<std::size_t>(n);
    }
    return settle(fd, tmp, file);
}

std::filesystem::path unused_db_name(const std::filesystem::path& dir, const std::string& base) {
    std::error_code ec;
    auto p = dir / (base + ".db");
    for (int n = 2; std::filesystem::exists(p, ec); ++n)
        p = dir / (base + "-" + std::to_string(n) + ".db");
    return p;
}

Status write_file_atomic(const std::filesystem::path& file, std::string_view text) {
    return write_file_atomic(
        file, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace keluhan
