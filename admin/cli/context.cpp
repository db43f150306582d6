#include "context.hpp"

#include "keluhan/domain/read_file.hpp"
#include "keluhan/ops/settings.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <iterator>

namespace keluhan::cli {

int exit_code_for(const Error& e) {
    switch (e.kind) {
    case ErrorKind::Storage:
    case ErrorKind::Internal:
        return kStorage;
    case ErrorKind::Conflict:
        // A busy or locked database is a storage problem, not the user's input.
        return e.key.rfind("err.store.", 0) == 0 ? kStorage : kRefused;
    default:
        return kRefused;
    }
}

std::optional<int> Context::load() {
    auto o = Office::load(g_.config, g_.lang);
    if (!o) {
        // No catalog yet: fall back to the Indonesian one if it loads at all.
        auto cat = Catalog::load(find_assets_dir() / "i18n", "id");
        std::cerr << "keluhan: "
                  << (cat ? cat->message(o.error()) : o.error().key + " " + o.error().detail)
                  << "\n";
        return exit_code_for(o.error()) == kStorage ? kStorage : kRefused;
    }
    office_.emplace(std::move(o).value());
    return std::nullopt;
}

std::string Context::say(const Error& e) const {
    return office_->say(e);
}

std::string Context::tr(std::string_view key,
                        const std::vector<std::pair<std::string, std::string>>& p) const {
    return office_->catalog.tr(key, p);
}

int Context::fail(const Error& e) const {
    std::cerr << "keluhan: " << say(e) << "\n";
    if (std::getenv("KELUHAN_DEBUG") && !e.detail.empty()) std::cerr << "  (" << e.detail << ")\n";
    return exit_code_for(e);
}

std::unique_ptr<Store> Context::open_write(bool create, int& exit_code, bool settings) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(g_.db, ec)) {
        exit_code = fail(Error{ErrorKind::NotFound, "err.store.missing", {{"path", g_.db}}});
        return nullptr;
    }
    auto s = Store::open(g_.db,
                         StoreOptions{StoreOptions::Access::Write, "keluhan (command line)", 5000});
    if (!s) {
        exit_code = fail(s.error());
        return nullptr;
    }
    if (!(*s)->upgrade_backup().empty())
        std::cerr << tr("cli.upgraded", {{"path", g_.db},
                                         {"version", std::to_string((*s)->schema_version())},
                                         {"backup", (*s)->upgrade_backup().string()}})
                  << "\n";
    if (settings && !use_settings(**s, exit_code)) return nullptr;
    return std::move(s).value();
}

std::unique_ptr<Store> Context::open_read(int& exit_code, bool settings) {
    auto s = Store::open(g_.db,
                         StoreOptions{StoreOptions::Access::Read, "keluhan (command line)", 5000});
    if (!s) {
        exit_code = fail(s.error());
        return nullptr;
    }
    if (settings && !use_settings(**s, exit_code)) return nullptr;
    return std::move(s).value();
}

std::optional<User> Context::sign_in(Store& store, const std::string& name, int& exit_code) {
    const auto password = read_password(tr("cli.password_prompt", {{"name", name}}));
    if (!password) {
        exit_code = fail(Error{ErrorKind::Invalid, "err.auth.no_password"});
        return std::nullopt;
    }
    auto user = login(store, office().config.auth, office().config.calendar, name, *password);
    if (!user) {
        exit_code = fail(user.error());
        return std::nullopt;
    }
    return *user;
}

// The office settings stored in the database (settings.hpp) over the config
// file, so every command works with what the administrator set.
bool Context::use_settings(Store& store, int& exit_code) {
    if (auto st = apply_settings(*office_, store); !st) {
        exit_code = fail(st.error());
        return false;
    }
    return true;
}

std::optional<std::string> read_password(const std::string& prompt) {
    if (const char* e = std::getenv("KELUHAN_PASSWORD")) return std::string(e);
    std::string line;
    if (isatty(STDIN_FILENO)) {
        std::cerr << prompt << std::flush;
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        const bool got = static_cast<bool>(std::getline(std::cin, line));
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
        if (!got) return std::nullopt;
        return line;
    }
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

Result<std::string> read_stdin(std::size_t max_bytes) {
    return read_fd_bounded(STDIN_FILENO, "stdin", max_bytes);
}

} // namespace keluhan::cli
