#include "keluhan/ops/auth.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

#include <algorithm>
#include <limits>

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
    const TimeMs now = now_ms();
    const TimeMs lock_until = now + static_cast<TimeMs>(cfg.lockout_minutes) * 60'000;
    auto locked = [&](TimeMs until) {
        return Error{ErrorKind::Denied, "err.auth.locked", {{"until", cal.format(until)}}};
    };
    auto found = store.find_user(name);
    if (!found) {
        if (found.error().kind != ErrorKind::NotFound) return found.error();
        // A name with no account is refused as a wrong password is: the
        // same work (a real argon2id check and one durable write), the same
        // count of failures and the same lockout, so neither the answer nor
        // its time tells which names exist.
        auto until = store.unknown_name_locked_until(name);
        if (!until) return until.error();
        if (*until > now) return locked(*until);
        auto failures = store.unknown_name_failures(name);
        if (!failures) return failures.error();
        static const std::string dummy = hash_password("keluhan-dummy-password").value();
        (void)verify_password(dummy, password);
        if (auto st = store.record_unknown_name_failure(name, cfg.max_failures, lock_until, now);
            !st)
            return st.error();
        if (*failures + 1 >= cfg.max_failures) return locked(lock_until);
        return Error{ErrorKind::Denied, "err.auth.failed"};
    }
    auto& [user, hash] = *found;
    if (user.locked_until > now) return locked(user.locked_until);
    const bool good = verify_password(hash, password);
    // A disabled account says so only to whoever knows its password.
    if (good && !user.active)
        return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", user.name}}};
    if (auto st = store.record_login(user.id, good, cfg.max_failures, lock_until); !st)
        return st.error();
    if (!good) {
        if (user.failed_attempts + 1 >= cfg.max_failures) return locked(lock_until);
        return Error{ErrorKind::Denied, "err.auth.failed"};
    }
    user.failed_attempts = 0;
    user.locked_until = 0;
    return user;
}

Result<SessionGrant> open_session(Store& store, const AuthConfig& cfg, const User& user,
                                  const std::string& client) {
    SessionGrant g;
    g.token = new_session_token();
    if (g.token.empty()) return Error{ErrorKind::Internal, "err.auth.crypto"};
    g.user = user;
    const TimeMs now = now_ms();
    g.expires_at = now + static_cast<TimeMs>(cfg.session_hours) * 3600'000;
    g.idle_minutes = cfg.session_idle_minutes;
    if (auto st = store.add_session(session_token_hash(g.token), user.id, now, g.expires_at,
                                    client.substr(0, 200));
        !st)
        return st.error();
    return g;
}

Result<User> session_user(Store& store, const AuthConfig& cfg, std::string_view token, bool use) {
    // A token is 43 characters; anything else is not worth a query.
    if (token.empty() || token.size() > 128) return Error{ErrorKind::Denied, "err.session.expired"};
    const TimeMs idle = static_cast<TimeMs>(cfg.session_idle_minutes) * 60'000;
    return store.session_user(session_token_hash(token), now_ms(), idle,
                              use ? std::min<TimeMs>(idle / 10, 60'000)
                                  : std::numeric_limits<TimeMs>::max());
}

Status close_session(Store& store, std::string_view token) {
    return store.revoke_session(session_token_hash(token));
}

} // namespace keluhan
