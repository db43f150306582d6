#include "keluhan/ops/users.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

namespace keluhan {

Result<User> admin_add_user(Store& store, const User& admin, const std::string& name,
                            const std::string& display_name, Role role, std::string_view password) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    return create_user(store, name, display_name, role, password, admin.name);
}

Result<User> admin_set_active(Store& store, const User& admin, const std::string& name,
                              bool active) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    UserChange ch;
    ch.name = name;
    ch.active = active;
    return store.change_user(admin, ch);
}

Result<User> admin_reset_password(Store& store, const User& admin, const std::string& name,
                                  std::string_view password) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    if (auto st = check_password(password); !st) return st.error();
    auto hash = hash_password(password);
    if (!hash) return hash.error();
    UserChange ch;
    ch.name = name;
    ch.password_hash = *hash;
    return store.change_user(admin, ch);
}

Result<User> admin_change_role(Store& store, const User& admin, const std::string& name,
                               Role role) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    if (role == Role::Pelanggan) return Error{ErrorKind::Invalid, "err.user.role_pelanggan"};
    UserChange ch;
    ch.name = name;
    ch.role = role;
    return store.change_user(admin, ch);
}

Result<User> admin_set_function(Store& store, const User& admin,
                                const std::vector<std::string>& functions, const std::string& name,
                                const std::string& function) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    auto target = store.find_user(name);
    if (!target) return target.error();
    UserChange ch;
    ch.name = name;
    ch.function = "";
    if (!text::trim(function).empty()) {
        if (target->first.role != Role::KoordinatorTerkait)
            return Error{ErrorKind::Invalid, "err.user.function_role", {{"name", name}}};
        ch.function = find_function(functions, function);
        if (!ch.function)
            return Error{
                ErrorKind::Invalid,
                "err.function.unknown",
                {{"function", text::trim(function)}, {"functions", join_functions(functions)}}};
    }
    return store.change_user(admin, ch);
}

Result<User> admin_rename(Store& store, const User& admin, const std::string& name,
                          const std::string& display_name) {
    if (auto st = require(admin, Permission::ManageUsers); !st) return st.error();
    const std::string shown = text::trim(display_name);
    if (auto st = check_text("field.display_name", shown, 100, true); !st) return st.error();
    UserChange ch;
    ch.name = name;
    ch.display_name = shown;
    return store.change_user(admin, ch);
}

} // namespace keluhan
