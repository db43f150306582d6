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

namespace keluhan {

// Creates the parent folders. err.file.write naming the file, with the
// system's reason as the detail; the .partial file is removed on failure.
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file,
                                       std::span<const std::uint8_t> bytes);
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& file, std::string_view text);

} // namespace keluhan
