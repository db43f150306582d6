#include "keluhan/ops/auth.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

using namespace keluhan;
using keluhan::test::TempDir;

TEST_CASE("passwords are hashed with argon2id and verified") {
    auto h = hash_password("rahasia-sekali");
    REQUIRE(h.ok());
    CHECK(h->rfind("$argon2id$", 0) == 0);
    CHECK(verify_password(*h, "rahasia-sekali"));
    CHECK_FALSE(verify_password(*h, "rahasia-sekalI"));
    CHECK(*hash_password("rahasia-sekali") != *h); // salted
}

TEST_CASE("password and user-name rules") {
    CHECK(check_password("pendek").error().key == "err.password.short");
    CHECK(check_password(std::string(129, 'a')).error().key == "err.password.long");
    CHECK(check_password("kata sandi panjang").ok());
    CHECK(check_user_name("staf.pji-1").ok());
    CHECK_FALSE(check_user_name("Staf").ok());
    CHECK_FALSE(check_user_name("ab").ok());
    CHECK_FALSE(check_user_name("x'; drop").ok());
}

TEST_CASE("permissions live in the core") {
    CHECK(has_permission(Role::StafPji, Permission::SubmitAtDesk));
    CHECK(has_permission(Role::StafPji, Permission::RecordOnBehalf));
    CHECK_FALSE(has_permission(Role::KepalaBalai, Permission::RecordOnBehalf));
    CHECK_FALSE(has_permission(Role::Administrator, Permission::AdvanceSteps));
    CHECK(has_permission(Role::Administrator, Permission::ManageUsers));
    CHECK_FALSE(has_permission(Role::StafPji, Permission::ManageUsers));
    CHECK_FALSE(has_permission(Role::Pelanggan, Permission::ViewPersonalData));
    User u;
    u.role = Role::KoordinatorPji;
    CHECK(require(u, Permission::ManageSettings).error().key == "err.auth.denied");
    u.active = false;
    CHECK(require(u, Permission::AdvanceSteps).error().key == "err.auth.disabled");
}

TEST_CASE("login: wrong password and unknown user look the same, repeated failures lock") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = Store::open(dir / "k.db").value();
    REQUIRE(create_user(*store, "staf", "Staf PJI", Role::StafPji, "benar-sekali").ok());
    CHECK(create_user(*store, "staf", "x", Role::StafPji, "benar-sekali").error().key ==
          "err.user.exists");
    CHECK(create_user(*store, "pelanggan1", "x", Role::Pelanggan, "benar-sekali").error().key ==
          "err.user.role_pelanggan");
    AuthConfig cfg;
    cfg.max_failures = 3;
    const auto& cal = office.config.calendar;
    CHECK(login(*store, cfg, cal, "staf", "benar-sekali").ok());
    CHECK(login(*store, cfg, cal, "siapa", "benar-sekali").error().key == "err.auth.failed");
    CHECK(login(*store, cfg, cal, "staf", "salah-1").error().key == "err.auth.failed");
    CHECK(login(*store, cfg, cal, "staf", "salah-2").error().key == "err.auth.failed");
    CHECK(login(*store, cfg, cal, "staf", "salah-3").error().key == "err.auth.locked");
    // Locked: even the right password is refused until the time passes.
    auto locked = login(*store, cfg, cal, "staf", "benar-sekali");
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().key == "err.auth.locked");
    CHECK_FALSE(locked.error().param("until").empty());
    auto u = store->find_user("staf").value().first;
    CHECK(u.failed_attempts == 3);
    // An administrator's password reset unlocks.
    REQUIRE(store->set_password(u.id, hash_password("baru-lagi-ya").value()).ok());
    CHECK(login(*store, cfg, cal, "staf", "baru-lagi-ya").ok());
    REQUIRE(store->set_active(u.id, false).ok());
    CHECK(login(*store, cfg, cal, "staf", "baru-lagi-ya").error().key == "err.auth.disabled");
}

TEST_CASE("a success resets the failure count") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = Store::open(dir / "k.db").value();
    REQUIRE(create_user(*store, "kepala", "", Role::KepalaBalai, "benar-sekali").ok());
    AuthConfig cfg;
    cfg.max_failures = 2;
    CHECK_FALSE(login(*store, cfg, office.config.calendar, "kepala", "salah").ok());
    CHECK(login(*store, cfg, office.config.calendar, "kepala", "benar-sekali").ok());
    CHECK_FALSE(login(*store, cfg, office.config.calendar, "kepala", "salah").ok());
    CHECK(login(*store, cfg, office.config.calendar, "kepala", "benar-sekali").ok());
    CHECK(store->find_user("KEPALA").value().first.display_name == "kepala"); // names ignore case
}
