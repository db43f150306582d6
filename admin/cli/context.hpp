// What every `keluhan` command shares: global options, the loaded office,
// opening the store, printing messages in the user's language and the exit
// codes (0 success, 1 refused input, 2 usage error, 3 storage failure).
#pragma once

#include "keluhan/ops/workflow.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace keluhan::cli {

enum Exit : int { kOk = 0, kRefused = 1, kUsage = 2, kStorage = 3 };

struct Globals {
    std::string db;     // --db, $KELUHAN_DB, or var/keluhan.db
    std::string config; // --config, $KELUHAN_CONFIG, or none (defaults)
    std::string lang;   // --lang, $KELUHAN_LANG, or the config's
    bool json = false;  // --json where a command supports it
};

class Context {
  public:
    explicit Context(Globals g) : g_(std::move(g)) {}

    // Loads the office once; on failure prints why and returns the exit code.
    [[nodiscard]] std::optional<int> load();
    [[nodiscard]] const Office& office() const { return *office_; }
    [[nodiscard]] const Globals& globals() const { return g_; }

    // Opens the store for writing (created when `create`) or reading, and
    // lays the office settings stored in it over the config file.
    // Prints the reason and sets `exit_code` on failure.
    // `settings` false leaves them out (the settings commands, which must
    // work even when a stored value no longer passes).
    [[nodiscard]] std::unique_ptr<Store> open_write(bool create, int& exit_code,
                                                    bool settings = true);
    [[nodiscard]] std::unique_ptr<Store> open_read(int& exit_code, bool settings = true);

    // Logs `name` in with the password from read_password() (the core's
    // login: lockout, disabled accounts). Prints the reason and sets
    // `exit_code` on failure.
    [[nodiscard]] std::optional<User> sign_in(Store& store, const std::string& name,
                                              int& exit_code);

    // Prints "keluhan: <message>" on stderr and returns the matching exit code.
    int fail(const Error& e) const;
    [[nodiscard]] std::string say(const Error& e) const;
    [[nodiscard]] std::string
    tr(std::string_view key, const std::vector<std::pair<std::string, std::string>>& p = {}) const;

  private:
    bool use_settings(Store& store, int& exit_code);
    Globals g_;
    std::optional<Office> office_;
};

int exit_code_for(const Error& e);

// A password from $KELUHAN_PASSWORD, else asked on the terminal without echo,
// else the first line of standard input.
[[nodiscard]] std::optional<std::string> read_password(const std::string& prompt);
// All of standard input, at most `max_bytes` (err.file.too_large beyond:
// `submit --stdin </dev/zero` is refused, not read without end).
[[nodiscard]] Result<std::string> read_stdin(std::size_t max_bytes);

} // namespace keluhan::cli
