#include "keluhan/auth.hpp"

#include "keluhan/text.hpp"

#include <sodium.h>

namespace keluhan {

bool has_permission(Role role, Permission p) {
    switch (p) {
    case Permission::AdvanceSteps:
        return role != Role::Administrator && role != Role::Pelanggan;
    case Permission::RecordOnBehalf:
    case Permission::SubmitAtDesk:
    case Permission::Reprint:
        return role == Role::StafPji;
    case Permission::ViewPersonalData:
    case Permission::ExportRegister:
    case Permission::ViewReports:
        return role != Role::Pelanggan;
    case Permission::Anonymise:
        return role == Role::StafPji || role == Role::Administrator;
    case Permission::ManageUsers:
    case Permission::ManageSettings:
    case Permission::Backup:
        return role == Role::Administrator;
    }
    return false;
}

Status require(const User& user, Permission p) {
    if (!user.active) return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", user.name}}};
    if (!has_permission(user.role, p))
        return Error{ErrorKind::Denied, "err.auth.denied", {{"role", std::string(role_title(user.role))}}};
    return ok();
}

Result<std::string> hash_password(std::string_view password) {
    if (sodium_init() < 0) return Error{ErrorKind::Internal, "err.auth.crypto"};
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{ErrorKind::Storage, "err.auth.crypto"};
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status check_password(std::string_view pw) {
    if (!text::valid_utf8(pw)) return Error{ErrorKind::Invalid, "err.password.utf8"};
    const auto n = text::length(pw);
    if (n < 8) return Error{ErrorKind::Invalid, "err.password.short", {{"min", "8"}}};
    if (n > 128) return Error{ErrorKind::Invalid, "err.password.long", {{"max", "128"}}};
    return ok();
}

Status check_user_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 32)
        return Error{ErrorKind::Invalid, "err.user.name", {{"name", std::string(name)}}};
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
            return Error{ErrorKind::Invalid, "err.user.name", {{"name", std::string(name)}}};
    return ok();
}

Result<User> create_user(Store& store, const std::string& name, const std::string& display_name,
                         Role role, std::string_view password) {
    if (auto st = check_user_name(name); !st) return st.error();
    if (role == Role::Pelanggan) return Error{ErrorKind::Invalid, "err.user.role_pelanggan"};
    if (auto st = check_text("field.display_name", display_name, 100, false); !st) return st.error();
    if (auto st = check_password(password); !st) return st.error();
    auto hash = hash_password(password);
    if (!hash) return hash.error();
    return store.add_user(name, display_name.empty() ? name : display_name, role, *hash);
}

Result<User> login(Store& store, const AuthConfig& cfg, const WorkingCalendar& cal,
                   const std::string& name, std::string_view password) {
    auto found = store.find_user(name);
    if (!found) {
        if (found.error().kind == ErrorKind::NotFound) {
            // Spend the same effort as a real check, so timing does not tell
            // which names exist.
            static const std::string dummy = hash_password("keluhan-dummy-password").value();
            (void)verify_password(dummy, password);
            return Error{ErrorKind::Denied, "err.auth.failed"};
        }
        return found.error();
    }
    auto& [user, hash] = *found;
    const TimeMs now = now_ms();
    if (!user.active) return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", user.name}}};
    if (user.locked_until > now)
        return Error{ErrorKind::Denied, "err.auth.locked", {{"until", cal.format(user.locked_until)}}};
    const bool good = verify_password(hash, password);
    const TimeMs lock_until = now + static_cast<TimeMs>(cfg.lockout_minutes) * 60'000;
    if (auto st = store.record_login(user.id, good, cfg.max_failures, lock_until); !st)
        return st.error();
    if (!good) {
        if (user.failed_attempts + 1 >= cfg.max_failures)
            return Error{ErrorKind::Denied, "err.auth.locked", {{"until", cal.format(lock_until)}}};
        return Error{ErrorKind::Denied, "err.auth.failed"};
    }
    user.failed_attempts = 0;
    user.locked_until = 0;
    return user;
}

} // namespace keluhan
