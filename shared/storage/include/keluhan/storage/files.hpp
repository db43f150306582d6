// Files written whole or not at all: the receipts saved when there is no
// printer, the report's PDF and CSV, a personal-data export. The bytes go to
// "<file>.partial", are flushed to the disk, and take the file's name in one
// rename, so a reader (or a power cut) never sees half a file and an older
// copy stays until the new one is complete.
#pragma once

#include "keluhan/domain/error.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <utility>

namespace keluhan {

// Creates the parent folders. err.file.write naming the file, with the
// system's reason as the detail; the .partial file is removed on failure.
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file,
                                       std::span<const std::uint8_t> bytes);
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file, std::string_view text);

// The same for a file written in pieces (a register export of a million
// rows, a database backup): write partial_path(file), then
// publish_partial(file) flushes it, gives it the file's name and flushes the
// folder; on failure the .partial file is removed. discard_partial(file)
// removes it when the writing itself failed.
[[nodiscard]] std::filesystem::path partial_path(const std::filesystem::path& file);
[[nodiscard]] Status publish_partial(const std::filesystem::path& file);
void discard_partial(const std::filesystem::path& file);

// Removes "<file>.partial" when it goes out of scope, unless publish() ran:
// a writer that returns early on an error leaves nothing half-written.
class PartialFile {
  public:
    explicit PartialFile(std::filesystem::path file) : file_(std::move(file)) {}
    ~PartialFile() {
        if (armed_) discard_partial(file_);
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    PartialFile(PartialFile&&) = delete;
    PartialFile& operator=(PartialFile&&) = delete;
    [[nodiscard]] std::filesystem::path path() const { return partial_path(file_); }
    [[nodiscard]] Status publish() {
        armed_ = false;
        return publish_partial(file_);
    }

  private:
    std::filesystem::path file_;
    bool armed_ = true;
};

} // namespace keluhan
