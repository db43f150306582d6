// [SECTION] index
//   schema: users, audit (migration 1), settings (migration 5)
//   the audit trail
//   users: login, passwords, administration
//   settings
//
// Every change here writes its audit row in the same transaction, so the
// audit trail never misses a change and never names one that did not happen.
#include "keluhan/storage/accounts.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

namespace keluhan {

using namespace store_detail;

// [SECTION] schema ---------------------------------------------------------------
// (store.cpp says when each part runs.)

namespace store_detail {

// Migration 1: the accounts and the audit trail.
extern const char kUsersAuditV1[] = R"sql(
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
)sql";

// Migration 5: office settings edited in the admin panel, laid over the
// config file (settings.hpp).
extern const char kSettingsV5[] = R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
)sql";

} // namespace store_detail

// [SECTION] the audit trail ----------------------------------------------------------

void store_detail::insert_audit(db::Connection& c, const std::string& actor,
                                const std::string& action, const std::string& subject,
                                const std::string& detail) {
    c.cached("INSERT INTO audit(at, actor, action, subject, detail) VALUES (?,?,?,?,?)")
        ->bind(1, now_ms())
        .bind(2, actor)
        .bind(3, action)
        .bind(4, subject)
        .bind(5, detail)
        .run();
}

Status AccountRepository::audit(const std::string& actor, const std::string& action,
                                const std::string& subject, const std::string& detail) {
    return guarded("audit", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        insert_audit(c, actor, action, subject, detail);
        tx.commit();
        return ok();
    });
}

// [SECTION] users --------------------------------------------------------------------

namespace {

constexpr const char* kUserColumns =
    "id, name, display_name, role, active, failed_attempts, locked_until, password_hash";

User read_user(const db::Statement& st) {
    User u;
    u.id = st.int64(0);
    u.name = st.text(1);
    u.display_name = st.text(2);
    u.role = role_from_string(st.text(3)).value_or(Role::StafPji);
    u.active = st.int64(4) != 0;
    u.failed_attempts = static_cast<int>(st.int64(5));
    u.locked_until = st.int64(6);
    return u;
}

std::pair<User, std::string> read_user_and_hash(const db::Statement& st) {
    return {read_user(st), st.text(7)};
}

constexpr const char* kAdminUserColumns =
    "id, name, display_name, role, active, failed_attempts, locked_until";

std::optional<User> user_by_name(db::Connection& c, const std::string& name) {
    auto st = c.prepare(std::string("SELECT ") + kAdminUserColumns + " FROM users WHERE name = ?");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_user(st);
}

} // namespace

Result<std::pair<User, std::string>> AccountRepository::find_user(const std::string& name) {
    return found_or(one_row("find_user",
                            std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?",
                            read_user_and_hash, name),
                    [&] {
                        return Error{ErrorKind::NotFound, "err.user.unknown", {{"name", name}}};
                    });
}

Result<std::vector<User>> AccountRepository::users() {
    return all_rows("users", std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name",
                    read_user);
}

Status AccountRepository::record_login(std::int64_t user_id, bool success, int max_failures,
                                       TimeMs lock_until) {
    return guarded("record_login", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        if (success) {
            c.prepare("UPDATE users SET failed_attempts = 0, locked_until = 0 WHERE id = ?")
                .bind(1, user_id)
                .run();
        } else {
            c.prepare(
                 "UPDATE users SET failed_attempts = failed_attempts + 1, "
                 "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END "
                 "WHERE id = ?")
                .bind(1, max_failures)
                .bind(2, lock_until)
                .bind(3, user_id)
                .run();
        }
        tx.commit();
        return ok();
    });
}

Status AccountRepository::set_password(std::int64_t user_id, const std::string& hash) {
    return guarded("set_password", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.prepare("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = 0 WHERE "
                  "id = ?")
            .bind(1, hash)
            .bind(2, user_id)
            .run();
        if (c.changes() != 1)
            return Error{
                ErrorKind::NotFound, "err.user.unknown", {{"name", "#" + std::to_string(user_id)}}};
        tx.commit();
        return ok();
    });
}

Status AccountRepository::set_active(std::int64_t user_id, bool active) {
    return guarded("set_active", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.prepare("UPDATE users SET active = ? WHERE id = ?")
            .bind(1, active ? 1 : 0)
            .bind(2, user_id)
            .run();
        if (c.changes() != 1)
            return Error{
                ErrorKind::NotFound, "err.user.unknown", {{"name", "#" + std::to_string(user_id)}}};
        tx.commit();
        return ok();
    });
}

Result<User> AccountRepository::add_user(const std::string& name, const std::string& display_name,
                                         Role role, const std::string& password_hash,
                                         const std::optional<std::string>& audit_actor) {
    return guarded("add_user", [&]() -> Result<User> {
        auto& c = conn();
        auto tx = begin_write();
        auto ins =
            c.prepare("INSERT INTO users(name, display_name, role, password_hash, created_at) "
                      "VALUES (?,?,?,?,?) ON CONFLICT(name) DO NOTHING");
        ins.bind(1, name)
            .bind(2, display_name)
            .bind(3, to_string(role))
            .bind(4, password_hash)
            .bind(5, now_ms());
        ins.run();
        if (c.changes() == 0)
            return Error{ErrorKind::Conflict, "err.user.exists", {{"name", name}}};
        if (audit_actor)
            insert_audit(c, *audit_actor, "user.add", name, std::string(to_string(role)));
        auto u = user_by_name(c, name);
        tx.commit();
        return *u;
    });
}

Result<User> AccountRepository::change_user(const User& actor, const UserChange& ch) {
    return guarded("change_user", [&]() -> Result<User> {
        auto& c = conn();
        auto tx = begin_write();
        // The actor as stored now: another administrator may have disabled
        // them since they logged in.
        const auto me = user_by_name(c, actor.name);
        if (!me || !me->active)
            return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", actor.name}}};
        if (me->role != Role::Administrator)
            return Error{ErrorKind::Denied,
                         "err.auth.denied",
                         {{"role", std::string(role_title(me->role))}}};
        auto target = user_by_name(c, ch.name);
        if (!target) return Error{ErrorKind::NotFound, "err.user.unknown", {{"name", ch.name}}};
        const bool self = target->id == me->id;
        if (self && ch.active && !*ch.active)
            return Error{ErrorKind::Invalid, "err.user.self_disable"};
        if (self && ch.role && *ch.role != target->role)
            return Error{ErrorKind::Invalid, "err.user.self_role"};
        const bool was_admin = target->active && target->role == Role::Administrator;
        const bool stays_admin = ch.active.value_or(target->active) &&
                                 ch.role.value_or(target->role) == Role::Administrator;
        // The invariant itself: never no active administrator. (With the
        // actor an active administrator and the self rules above, only a
        // future caller could break it; this keeps it true regardless.)
        if (was_admin && !stays_admin) {
            auto st = c.prepare("SELECT count(*) FROM users WHERE role = 'administrator' AND "
                                "active = 1 AND id != ?");
            st.bind(1, target->id);
            st.step();
            if (st.int64(0) == 0)
                return Error{ErrorKind::Conflict, "err.user.last_admin", {{"name", target->name}}};
        }
        auto audit = [&](const char* action, const std::string& detail) {
            insert_audit(c, actor.name, action, target->name, detail);
        };
        if (ch.active && *ch.active != target->active) {
            c.prepare(
                 "UPDATE users SET active = ?, failed_attempts = 0, locked_until = 0 WHERE id = ?")
                .bind(1, *ch.active ? 1 : 0)
                .bind(2, target->id)
                .run();
            audit(*ch.active ? "user.enable" : "user.disable", "");
        }
        if (ch.role && *ch.role != target->role) {
            c.prepare("UPDATE users SET role = ? WHERE id = ?")
                .bind(1, to_string(*ch.role))
                .bind(2, target->id)
                .run();
            audit("user.role",
                  std::string(to_string(target->role)) + " -> " + std::string(to_string(*ch.role)));
        }
        if (ch.password_hash) {
            c.prepare("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = 0 "
                      "WHERE id = ?")
                .bind(1, *ch.password_hash)
                .bind(2, target->id)
                .run();
            audit("user.password", "");
        }
        if (ch.display_name && *ch.display_name != target->display_name) {
            c.prepare("UPDATE users SET display_name = ? WHERE id = ?")
                .bind(1, *ch.display_name)
                .bind(2, target->id)
                .run();
            audit("user.display_name", target->display_name + " -> " + *ch.display_name);
        }
        auto after = user_by_name(c, ch.name);
        tx.commit();
        return *after;
    });
}

// [SECTION] settings -------------------------------------------------------------

namespace {

StoredSetting read_setting(const db::Statement& st) {
    return {st.text(0), st.text(1), st.int64(2), st.text(3)};
}

} // namespace

Result<std::vector<StoredSetting>> AccountRepository::settings() {
    return all_rows("settings",
                    "SELECT key, value, updated_at, updated_by FROM settings ORDER BY key",
                    read_setting);
}

Result<std::int64_t> AccountRepository::count_open_outside_sop(const std::string& sop) {
    return guarded("count_open_outside_sop", [&]() -> Result<std::int64_t> {
        auto st =
            conn().cached("SELECT count(*) FROM complaints WHERE status = 'open' AND sop != ?");
        st->bind(1, sop);
        st->step();
        return st->int64(0);
    });
}

Status AccountRepository::put_setting(const std::string& key,
                                      const std::optional<std::string>& value,
                                      const std::string& actor,
                                      const std::string& refuse_open_outside_sop) {
    return guarded("put_setting", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        if (!refuse_open_outside_sop.empty()) {
            // Checked inside the write transaction: no complaint can be
            // submitted under the old profile between the check and the change.
            auto st =
                c.cached("SELECT sop, count(*) FROM complaints WHERE status = 'open' AND sop != ? "
                         "GROUP BY sop ORDER BY count(*) DESC LIMIT 1");
            st->bind(1, refuse_open_outside_sop);
            if (st->step()) {
                Error e{ErrorKind::Conflict,
                        "err.setting.sop_open",
                        {{"sop", st->text(0)}, {"count", std::to_string(st->int64(1))}}};
                return e;
            }
        }
        std::string old;
        {
            auto st = c.cached("SELECT value FROM settings WHERE key = ?");
            st->bind(1, key);
            if (st->step()) old = st->text(0);
        }
        if (value) {
            c.cached("INSERT INTO settings(key, value, updated_at, updated_by) VALUES (?,?,?,?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                     "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                ->bind(1, key)
                .bind(2, *value)
                .bind(3, now_ms())
                .bind(4, actor)
                .run();
            insert_audit(c, actor, "setting.set", key, old + " -> " + *value);
        } else {
            c.cached("DELETE FROM settings WHERE key = ?")->bind(1, key).run();
            insert_audit(c, actor, "setting.reset", key, old);
        }
        tx.commit();
        return ok();
    });
}

} // namespace keluhan
