#include "keluhan/ops/auth.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

namespace keluhan {

Result<User> create_user(Store& store, const std::string& name, const std::string& display_name,
                         Role role, std::string_view password,
                         const std::optional<std::string>& audit_actor) {
    if (auto st = check_user_name(name); !st) return st.error();
    if (role == Role::Pelanggan) return Error{ErrorKind::Invalid, "err.user.role_pelanggan"};
    const std::string shown = text::trim(display_name);
    if (auto st = check_text("field.display_name", shown, 100, false); !st) return st.error();
    if (auto st = check_password(password); !st) return st.error();
    auto hash = hash_password(password);
    if (!hash) return hash.error();
    return store.add_user(name, shown.empty() ? name : shown, role, *hash, audit_actor);
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
        return Error{
            ErrorKind::Denied, "err.auth.locked", {{"until", cal.format(user.locked_until)}}};
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
