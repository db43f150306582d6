#include "opener.hpp"

#include "keluhan/domain/validate.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX, for posix_spawnp

namespace keluhan::panel {
namespace {

// A private folder for this panel's copies: mkdtemp makes it 0700.
Result<std::filesystem::path> make_dir() {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    std::error_code ec;
    std::filesystem::path base = runtime != nullptr && *runtime != '\0'
                                     ? std::filesystem::path(runtime)
                                     : std::filesystem::temp_directory_path(ec);
    if (ec || base.empty()) base = "/tmp";
    std::string tmpl = (base / "keluhan-lampiran-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        return Error{ErrorKind::Storage,
                     "err.admin.open_write",
                     {{"file", tmpl}, {"reason", std::strerror(errno)}}};
    return std::filesystem::path(tmpl);
}

// The whole file, 0600, or an error naming it.
Status write_private(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error{ErrorKind::Storage,
                     "err.admin.open_write",
                     {{"file", file.string()}, {"reason", std::strerror(errno)}}};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            return Error{ErrorKind::Storage,
                         "err.admin.open_write",
                         {{"file", file.string()}, {"reason", std::strerror(err)}}};
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        return Error{ErrorKind::Storage,
                     "err.admin.open_write",
                     {{"file", file.string()}, {"reason", std::strerror(errno)}}};
    return ok();
}

} // namespace

FileOpener::~FileOpener() {
    clear();
}

std::uint64_t FileOpener::generation() const {
    const std::lock_guard lock(mutex_);
    return generation_;
}

Result<std::filesystem::path> FileOpener::open(std::uint64_t generation, const std::string& code,
                                               std::int64_t id,
                                               const std::vector<std::uint8_t>& bytes) {
    const std::string_view type = document_type_of(bytes);
    if (type.empty()) return Error{ErrorKind::Invalid, "err.admin.open_type"};
    const std::lock_guard lock(mutex_);
    if (generation != generation_) return Error{ErrorKind::Conflict, "err.admin.open_gone"};
    if (dir_.empty() || !std::filesystem::is_directory(dir_)) {
        auto made = make_dir();
        if (!made) return made.error();
        dir_ = *made;
    }
    const auto file =
        dir_ / ("lampiran-" + code + "-" + std::to_string(id) + std::string(extension_for(type)));
    if (auto st = write_private(file, bytes); !st) return st.error();
    const std::string path = file.string();
    std::vector<char*> argv{command_.data(), const_cast<char*>(path.c_str()), nullptr};
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, command_.c_str(), nullptr, nullptr, argv.data(), environ);
    if (rc != 0)
        return Error{ErrorKind::Storage,
                     "err.admin.open_start",
                     {{"command", command_}, {"reason", std::strerror(rc)}}};
    children_.push_back({pid, file});
    return file;
}

void FileOpener::shown(const std::filesystem::path& file) {
    const std::lock_guard lock(mutex_);
    for (auto& c : children_)
        if (c.file == file) c.shown = true;
}

std::vector<FileOpener::Failed> FileOpener::take_failures() {
    const std::lock_guard lock(mutex_);
    std::vector<Failed> out;
    for (auto it = children_.begin(); it != children_.end();) {
        // Not yet said to be open: its failure would be covered by that word.
        if (!it->shown) {
            ++it;
            continue;
        }
        int status = 0;
        const pid_t r = ::waitpid(it->pid, &status, WNOHANG);
        if (r == 0) {
            ++it;
            continue;
        }
        if (r == it->pid) {
            const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            if (code != 0 && !it->quiet) out.push_back({it->file, code});
        }
        it = children_.erase(it);
    }
    return out;
}

void FileOpener::clear() {
    const std::lock_guard lock(mutex_);
    ++generation_;
    for (auto& c : children_) {
        c.shown = true;
        c.quiet = true;
    }
    if (dir_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
}

} // namespace keluhan::panel
