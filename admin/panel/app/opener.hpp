// Opens an attachment (a PDF or a photo the customer handed in) in this
// PC's own viewer: the bytes go to a private folder of this session (0700,
// under $XDG_RUNTIME_DIR, else the temporary folder), named by what the
// bytes are, never by the customer's file name, and the desktop's opener
// (panel.open_command, xdg-open by default) is started on that file. The
// folder and its copies are removed when the user signs out and when the
// panel closes: no copy of personal data stays on the desk PC.
#pragma once

#include "keluhan/domain/error.hpp"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace keluhan::panel {

class FileOpener {
  public:
    explicit FileOpener(std::string command) : command_(std::move(command)) {}
    ~FileOpener(); // removes the folder
    FileOpener(const FileOpener&) = delete;
    FileOpener& operator=(const FileOpener&) = delete;

    // Which sign-in the copies belong to: clear() starts the next one.
    [[nodiscard]] std::uint64_t generation() const;
    // Writes `bytes` as "lampiran-<code>-<id>.<ext>" and starts the opener
    // on it, provided no clear() came since `generation` was read (the user
    // who asked signed out meanwhile: err.admin.open_gone, nothing written).
    // err.admin.open_type when the bytes are not a PDF, JPEG or PNG,
    // err.admin.open_start when the opener cannot be started. Any thread.
    [[nodiscard]] Result<std::filesystem::path> open(std::uint64_t generation,
                                                     const std::string& code, std::int64_t id,
                                                     const std::vector<std::uint8_t>& bytes);

    // The panel has said `file` was opened: from now on a failure of its
    // opener is reported (by take_failures), after that word, never under it.
    void shown(const std::filesystem::path& file);

    // An opener that has ended with a failure since the last call: the
    // file it was given and its exit status, for openers shown() only.
    // Reaps every ended opener.
    struct Failed {
        std::filesystem::path file;
        int status = 0;
    };
    [[nodiscard]] std::vector<Failed> take_failures();

    // Removes the copies (sign-out). The next open() makes a new folder;
    // openers still running are reaped without a report.
    void clear();

  private:
    std::string command_;
    mutable std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::filesystem::path dir_;
    struct Child {
        pid_t pid;
        std::filesystem::path file;
        bool shown = false; // reported once the panel said it opened
        bool quiet = false; // from a sign-in that has ended: reaped, not reported
    };
    std::vector<Child> children_;
};

} // namespace keluhan::panel
