// Signing in and creating accounts: the operations over the user store.
// Repeated failures lock the account for a while. The permissions and the
// password rules are in domain/access.hpp.
#pragma once

#include "keluhan/domain/access.hpp"
#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/config.hpp"
#include "keluhan/storage/store.hpp"

#include <string>
#include <string_view>

namespace keluhan {

// Creates a user (the caller has checked who may): checks the name, role,
// display name (trimmed; the name when empty) and password, then stores the
// argon2id hash. With `audit_actor`, the "user.add" audit row is written in
// the same transaction.
[[nodiscard]] Result<User>
create_user(Store& store, const std::string& name, const std::string& display_name, Role role,
            std::string_view password,
            const std::optional<std::string>& audit_actor = std::nullopt);

// Checks a password and keeps count of failures. An unknown name is
// refused as a wrong password is, in the same time: err.auth.failed, and
// after cfg.max_failures err.auth.locked (until when) whether the name has
// an account or not. A disabled account answers err.auth.disabled only when
// the password was right.
[[nodiscard]] Result<User> login(Store& store, const AuthConfig& cfg, const WorkingCalendar& cal,
                                 const std::string& name, std::string_view password);

// A signed-in user's session on the hub: the token goes to the client once;
// the store keeps its hash.
struct SessionGrant {
    std::string token;
    User user;
    TimeMs expires_at = 0; // the absolute end; it ends sooner when unused
    int idle_minutes = 0;  // for that long (cfg.session_idle_minutes)
};
[[nodiscard]] Result<SessionGrant> open_session(Store& store, const AuthConfig& cfg,
                                                const User& user, const std::string& client);
// The user of a live session, as stored now (a role change applies at
// once); err.session.expired when the token is unknown, revoked, unused for
// too long or past its end, or the user is disabled. Counts as a use of the
// session (its idle clock starts again) unless `use` is false: a panel
// asking only whether its session still lives.
[[nodiscard]] Result<User> session_user(Store& store, const AuthConfig& cfg, std::string_view token,
                                        bool use = true);
// Signing out: the session is removed.
[[nodiscard]] Status close_session(Store& store, std::string_view token);

} // namespace keluhan
