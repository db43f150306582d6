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

// Checks a password and keeps count of failures. Refuses an unknown name and
// a wrong password with the same message (err.auth.failed), a locked account
// with err.auth.locked (until when), a disabled one with err.auth.disabled.
[[nodiscard]] Result<User> login(Store& store, const AuthConfig& cfg, const WorkingCalendar& cal,
                                 const std::string& name, std::string_view password);

} // namespace keluhan
