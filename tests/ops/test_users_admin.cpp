// User administration: only the administrator, every change audited, no
// administrator can lock themself out, and the office always keeps one.
#include "keluhan/ops/users.hpp"

#include "office_fixture.hpp"

using namespace keluhan;
using keluhan::test::SeededOffice;

namespace {
Result<User> log_in(SeededOffice& d, const std::string& name, const std::string& pw) {
    return login(*d.store, d.office.config.auth, d.office.config.calendar, name, pw);
}
} // namespace

TEST_CASE("users: only the administrator manages accounts - each change is in the audit trail") {
    SeededOffice d;
    const User& admin = d.users[Role::Administrator];
    const User& staf = d.users[Role::StafPji];
    CHECK(
        admin_add_user(*d.store, staf, "budi", "Budi", Role::StafPji, "rahasia-budi").error().key ==
        "err.auth.denied");
    CHECK(admin_set_active(*d.store, staf, "koordinator", false).error().key == "err.auth.denied");
    CHECK(admin_change_role(*d.store, staf, "staf", Role::Administrator).error().key ==
          "err.auth.denied");
    CHECK(d.scalar("SELECT count(*) FROM audit") == 0);

    CHECK(admin_add_user(*d.store, admin, "Budi!", "Budi", Role::StafPji, "rahasia-budi")
              .error()
              .key == "err.user.name");
    CHECK(admin_add_user(*d.store, admin, "budi", "Budi", Role::StafPji, "pendek").error().key ==
          "err.password.short");
    CHECK(admin_add_user(*d.store, admin, "budi", "Budi", Role::Pelanggan, "rahasia-budi")
              .error()
              .key == "err.user.role_pelanggan");
    auto budi =
        admin_add_user(*d.store, admin, "budi", "  Budi Santoso  ", Role::StafPji, "rahasia-budi");
    REQUIRE(budi.ok());
    CHECK(budi->display_name == "Budi Santoso");
    CHECK(admin_add_user(*d.store, admin, "budi", "Budi", Role::StafPji, "rahasia-budi")
              .error()
              .key == "err.user.exists");
    CHECK(log_in(d, "budi", "rahasia-budi").ok());

    // Disable: login refused; enable: back.
    REQUIRE(admin_set_active(*d.store, admin, "budi", false).ok());
    CHECK(log_in(d, "budi", "rahasia-budi").error().key == "err.auth.disabled");
    REQUIRE(admin_set_active(*d.store, admin, "budi", true).ok());
    CHECK(log_in(d, "budi", "rahasia-budi").ok());

    // Password reset also clears a lockout.
    for (int i = 0; i < d.office.config.auth.max_failures; ++i)
        (void)log_in(d, "budi", "salah-salah");
    CHECK(log_in(d, "budi", "rahasia-budi").error().key == "err.auth.locked");
    CHECK(admin_reset_password(*d.store, admin, "budi", "pendek").error().key ==
          "err.password.short");
    REQUIRE(admin_reset_password(*d.store, admin, "budi", "sandi-baru-budi").ok());
    CHECK(log_in(d, "budi", "sandi-baru-budi").ok());
    CHECK(log_in(d, "budi", "rahasia-budi").error().key == "err.auth.failed");

    auto promoted = admin_change_role(*d.store, admin, "budi", Role::KoordinatorPji);
    REQUIRE(promoted.ok());
    CHECK(promoted->role == Role::KoordinatorPji);
    CHECK(admin_rename(*d.store, admin, "budi", "Budi Santoso, S.T.")->display_name ==
          "Budi Santoso, S.T.");
    CHECK(admin_rename(*d.store, admin, "budi", " ").error().key == "err.text.required");
    CHECK(admin_set_active(*d.store, admin, "siapa", false).error().key == "err.user.unknown");

    for (const char* action : {"user.add", "user.disable", "user.enable", "user.password",
                               "user.role", "user.display_name"})
        CHECK_MESSAGE(d.scalar(std::string("SELECT count(*) FROM audit WHERE actor = 'admin' AND "
                                           "subject = 'budi' AND action = '") +
                               action + "'") == 1,
                      action);
}

TEST_CASE("users: an administrator cannot disable themself or change their own role - one always "
          "remains") {
    SeededOffice d;
    const User& admin = d.users[Role::Administrator];
    CHECK(admin_set_active(*d.store, admin, "admin", false).error().key == "err.user.self_disable");
    CHECK(admin_change_role(*d.store, admin, "admin", Role::StafPji).error().key ==
          "err.user.self_role");
    CHECK(d.scalar("SELECT count(*) FROM users WHERE role = 'administrator' AND active = 1") == 1);

    // Two administrators: each may change the other, but whoever was
    // disabled first cannot act on a stale login afterwards.
    auto second = admin_add_user(*d.store, admin, "admin2", "Admin Dua", Role::Administrator,
                                 "rahasia-admin2")
                      .value();
    REQUIRE(admin_set_active(*d.store, second, "admin", false).ok());
    auto stale = admin_set_active(*d.store, admin, "admin2", false);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().key == "err.auth.disabled");
    CHECK(d.scalar("SELECT count(*) FROM users WHERE role = 'administrator' AND active = 1") == 1);
    // The remaining one still cannot remove themself.
    CHECK(admin_change_role(*d.store, second, "admin2", Role::StafPji).error().key ==
          "err.user.self_role");
    CHECK(admin_set_active(*d.store, second, "admin2", false).error().key ==
          "err.user.self_disable");
    // A role change of a former administrator, by the one in office.
    REQUIRE(admin_change_role(*d.store, second, "admin", Role::KepalaBalai).ok());
    CHECK(d.scalar("SELECT count(*) FROM users WHERE role = 'administrator' AND active = 1") == 1);
}

TEST_CASE("audit: an account and a kiosk token are written with their audit row, or not at all") {
    SeededOffice d;
    REQUIRE(create_user(*d.store, "budi", "Budi", Role::StafPji, "rahasia-budi", "cli").ok());
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE actor = 'cli' AND action = 'user.add' AND "
                   "subject = 'budi' AND detail = 'staf_pji'") == 1);
    REQUIRE(d.store->add_kiosk("kiosk-lobi", "hash", "cli").ok());
    REQUIRE(d.store->revoke_kiosk("kiosk-lobi", "cli").ok());
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE actor = 'cli' AND action = 'hub.kiosk.add' "
                   "AND subject = 'kiosk-lobi'") == 1);
    CHECK(d.scalar("SELECT count(*) FROM audit WHERE actor = 'cli' AND action = "
                   "'hub.kiosk.revoke' AND subject = 'kiosk-lobi'") == 1);

    // When the audit row cannot be written, the change is not made either.
    REQUIRE(d.store->add_kiosk("kiosk-lt2", "hash", "cli").ok());
    d.sql("CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'full'); END");
    CHECK_FALSE(create_user(*d.store, "sari", "Sari", Role::StafPji, "rahasia-sari", "cli").ok());
    CHECK_FALSE(d.store->add_kiosk("kiosk-lt3", "hash", "cli").ok());
    CHECK_FALSE(d.store->revoke_kiosk("kiosk-lt2", "cli").ok());
    CHECK(d.scalar("SELECT count(*) FROM users WHERE name = 'sari'") == 0);
    CHECK(d.scalar("SELECT count(*) FROM kiosks WHERE name = 'kiosk-lt3'") == 0);
    CHECK(d.scalar("SELECT count(*) FROM kiosks WHERE name = 'kiosk-lt2' AND revoked_at IS NULL") ==
          1);
}
