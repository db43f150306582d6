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
#include <string>
#include <string_view>

namespace keluhan {

// Creates the parent folders. err.file.write naming the file, with the
// system's reason as the detail; the .partial file is removed on failure.
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file,
                                       std::span<const std::uint8_t> bytes);
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file, std::string_view text);

// "<dir>/<base>.db", or "<base>-2.db", "<base>-3.db" ... when that is
// taken: a copy that never overwrites an earlier one (before an upgrade,
// before a restore).
[[nodiscard]] std::filesystem::path unused_db_name(const std::filesystem::path& dir,
                                                   const std::string& base);

// The same for a file written in pieces (a register export of a million
// rows, a database backup): the writer fills path() ("<file>.partial");
// publish() flushes it, gives it the file's name and flushes the folder. A
// PartialFile that goes out of scope unpublished, or whose publish() fails,
// removes the .partial file: a writer that gives up leaves nothing behind.
class PartialFile {
  public:
    explicit PartialFile(std::filesystem::path file);
    ~PartialFile();
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    PartialFile(PartialFile&&) = delete;
    PartialFile& operator=(PartialFile&&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return partial_; }
    [[nodiscard]] Status publish();

  private:
    std::filesystem::path file_, partial_;
    bool armed_ = true;
};

} // namespace keluhan
