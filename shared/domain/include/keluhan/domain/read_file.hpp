// Reading a whole input file with a ceiling: a config file, an attachment
// given on the command line. A device or a pipe given by mistake
// (/dev/zero, /dev/stdin from a terminal) would be read without end, and a
// huge file would be read into memory whole before anything is checked.
#pragma once

#include "keluhan/domain/error.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace keluhan {

// The bytes of the regular file `file`, at most `max_bytes` of them:
//   err.file.missing      no such file (NotFound);
//   err.file.not_regular  a folder, a device, a pipe or a socket;
//   err.file.too_large    more than `max_bytes` (param max_kb);
//   err.file.read         it cannot be opened or read (the system's reason
//                         as the detail).
// Every error names the file.
[[nodiscard]] Result<std::string> read_regular_file(const std::filesystem::path& file,
                                                    std::size_t max_bytes);

// At most `max_bytes` from a stream already open (stdin): err.file.too_large
// naming `what` when there is more.
[[nodiscard]] Result<std::string> read_fd_bounded(int fd, const std::string& what,
                                                  std::size_t max_bytes);

} // namespace keluhan
