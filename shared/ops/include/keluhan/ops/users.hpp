// Managing the people who log in (Permission::ManageUsers, the
// Administrator): add, disable and enable, reset a password, change a role
// or display name. Every change is written with its audit row in one
// transaction. An administrator cannot disable themself or change their own
// role, and the last active administrator can be neither disabled nor given
// another role, so the office is never locked out of its own settings.
#pragma once

#include "keluhan/ops/auth.hpp"
#include "keluhan/storage/store.hpp"

#include <string>
#include <string_view>

namespace keluhan {

// Checks the name, role, display name and password (as create_user does).
[[nodiscard]] Result<User> admin_add_user(Store& store, const User& admin, const std::string& name,
                                          const std::string& display_name, Role role,
                                          std::string_view password);
[[nodiscard]] Result<User> admin_set_active(Store& store, const User& admin,
                                            const std::string& name, bool active);
// Sets a new password and clears a lockout.
[[nodiscard]] Result<User> admin_reset_password(Store& store, const User& admin,
                                                const std::string& name, std::string_view password);
[[nodiscard]] Result<User> admin_change_role(Store& store, const User& admin,
                                             const std::string& name, Role role);
// The function a Koordinator Fungsi Terkait coordinates: one of
// `functions` (office.functions), or "" for any.
[[nodiscard]] Result<User> admin_set_function(Store& store, const User& admin,
                                              const std::vector<std::string>& functions,
                                              const std::string& name, const std::string& function);
[[nodiscard]] Result<User> admin_rename(Store& store, const User& admin, const std::string& name,
                                        const std::string& display_name);

} // namespace keluhan
