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

#include <algorithm>

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

// Migration 6: the hub's staff sessions (only a hash of each token is
// kept), and failed sign-ins under names that have no account, so they lock
// as a real account does and a refusal does not tell names apart.
extern const char kSessionsV6[] = R"sql(
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_failures(
  name TEXT PRIMARY KEY COLLATE NOCASE,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  last_at INTEGER NOT NULL
);
)sql";

// Migration 8: the function a Koordinator Fungsi Terkait coordinates.
extern const char kUserFunctionV8[] = R"sql(
ALTER TABLE users ADD COLUMN function_name TEXT NOT NULL DEFAULT '';
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
    "id, name, display_name, role, active, failed_attempts, locked_until, function_name, "
    "password_hash";

User read_user(const db::Statement& st) {
    User u;
    u.id = st.int64(0);
    u.name = st.text(1);
    u.display_name = st.text(2);
    u.role = role_from_string(st.text(3)).value_or(Role::StafPji);
    u.active = st.int64(4) != 0;
    u.failed_attempts = static_cast<int>(st.int64(5));
    u.locked_until = st.int64(6);
    u.function = st.text(7);
    return u;
}

std::pair<User, std::string> read_user_and_hash(const db::Statement& st) {
    return {read_user(st), st.text(8)};
}

constexpr const char* kAdminUserColumns =
    "id, name, display_name, role, active, failed_attempts, locked_until, function_name";

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
        c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
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
        if (!active) c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
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
            if (!*ch.active)
                c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, target->id).run();
            audit(*ch.active ? "user.enable" : "user.disable", "");
        }
        if (ch.role && *ch.role != target->role) {
            c.prepare("UPDATE users SET role = ? WHERE id = ?")
                .bind(1, to_string(*ch.role))
                .bind(2, target->id)
                .run();
            audit("user.role",
                  std::string(to_string(target->role)) + " -> " + std::string(to_string(*ch.role)));
            // Only a related function's coordinator leads a function: a
            // stale one would come back with a later role change.
            if (*ch.role != Role::KoordinatorTerkait && !target->function.empty() && !ch.function) {
                c.prepare("UPDATE users SET function_name = '' WHERE id = ?")
                    .bind(1, target->id)
                    .run();
                audit("user.function", target->function + " -> ");
            }
        }
        if (ch.password_hash) {
            c.prepare("UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = 0 "
                      "WHERE id = ?")
                .bind(1, *ch.password_hash)
                .bind(2, target->id)
                .run();
            c.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, target->id).run();
            audit("user.password", "");
        }
        if (ch.display_name && *ch.display_name != target->display_name) {
            c.prepare("UPDATE users SET display_name = ? WHERE id = ?")
                .bind(1, *ch.display_name)
                .bind(2, target->id)
                .run();
            audit("user.display_name", target->display_name + " -> " + *ch.display_name);
        }
        if (ch.function && *ch.function != target->function) {
            c.prepare("UPDATE users SET function_name = ? WHERE id = ?")
                .bind(1, *ch.function)
                .bind(2, target->id)
                .run();
            audit("user.function", target->function + " -> " + *ch.function);
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

// [SECTION] sessions and failed sign-ins under unknown names ------------------------------

Status AccountRepository::add_session(const std::string& token_hash, std::int64_t user_id,
                                      TimeMs now, TimeMs expires_at, const std::string& client) {
    return guarded("add_session", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        // Sessions past their end go as new ones come: the table stays small.
        c.cached("DELETE FROM sessions WHERE expires_at <= ?")->bind(1, now).run();
        c.cached("INSERT INTO sessions(token_hash, user_id, created_at, last_seen_at, expires_at, "
                 "client) VALUES (?,?,?,?,?,?)")
            ->bind(1, token_hash)
            .bind(2, user_id)
            .bind(3, now)
            .bind(4, now)
            .bind(5, expires_at)
            .bind(6, client)
            .run();
        tx.commit();
        return ok();
    });
}

Result<User> AccountRepository::session_user(const std::string& token_hash, TimeMs now,
                                             TimeMs idle_ms, TimeMs touch_after_ms) {
    auto row = guarded("session_user", [&]() -> Result<std::pair<User, TimeMs>> {
        auto st = conn().cached(
            "SELECT u.id, u.name, u.display_name, u.role, u.active, u.failed_attempts, "
            "u.locked_until, u.function_name, s.last_seen_at, s.expires_at FROM sessions s JOIN "
            "users u ON "
            "u.id = s.user_id WHERE s.token_hash = ?");
        st->bind(1, token_hash);
        if (!st->step()) return Error{ErrorKind::Denied, "err.session.expired"};
        User u = read_user(*st);
        const TimeMs last_seen = st->int64(8), expires = st->int64(9);
        if (!u.active || now >= expires || now - last_seen >= idle_ms)
            return Error{ErrorKind::Denied, "err.session.expired"};
        return std::pair{u, last_seen};
    });
    if (!row) return row.error();
    // The idle clock is written at most once in `touch_after_ms`, not on
    // every request: a page of the register costs no durable write.
    if (now - row->second >= touch_after_ms) {
        auto touched = guarded("touch_session", [&]() -> Status {
            auto& c = conn();
            auto tx = begin_write();
            c.cached("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                ->bind(1, now)
                .bind(2, token_hash)
                .run();
            tx.commit();
            return ok();
        });
        if (!touched) return touched.error();
    }
    return row->first;
}

Status AccountRepository::revoke_session(const std::string& token_hash) {
    return guarded("revoke_session", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.cached("DELETE FROM sessions WHERE token_hash = ?")->bind(1, token_hash).run();
        tx.commit();
        return ok();
    });
}

Result<std::int64_t> AccountRepository::count_sessions(std::int64_t user_id) {
    return guarded("count_sessions", [&]() -> Result<std::int64_t> {
        auto st = conn().cached("SELECT count(*) FROM sessions WHERE user_id = ?");
        st->bind(1, user_id);
        st->step();
        return st->int64(0);
    });
}

Result<TimeMs> AccountRepository::unknown_name_locked_until(const std::string& name) {
    return guarded("unknown_name_locked_until", [&]() -> Result<TimeMs> {
        auto st = conn().cached("SELECT locked_until FROM login_failures WHERE name = ?");
        st->bind(1, name);
        return st->step() ? st->int64(0) : TimeMs{0};
    });
}

Status AccountRepository::record_unknown_name_failure(const std::string& name, int max_failures,
                                                      TimeMs lock_until, TimeMs now) {
    return guarded("record_unknown_name_failure", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        // Rows of names nobody tried for a day go (the table cannot grow
        // without end under a guessing client).
        c.cached("DELETE FROM login_failures WHERE last_at < ? AND locked_until < ?")
            ->bind(1, now - 24 * 3600 * 1000)
            .bind(2, now)
            .run();
        c.cached("INSERT INTO login_failures(name, failed_attempts, locked_until, last_at) "
                 "VALUES (?1, 1, CASE WHEN 1 >= ?2 THEN ?3 ELSE 0 END, ?4) "
                 "ON CONFLICT(name) DO UPDATE SET failed_attempts = failed_attempts + 1, "
                 "locked_until = CASE WHEN failed_attempts + 1 >= ?2 THEN ?3 ELSE locked_until "
                 "END, last_at = ?4")
            ->bind(1, name)
            .bind(2, max_failures)
            .bind(3, lock_until)
            .bind(4, now)
            .run();
        tx.commit();
        return ok();
    });
}

Result<int> AccountRepository::unknown_name_failures(const std::string& name) {
    return guarded("unknown_name_failures", [&]() -> Result<int> {
        auto st = conn().cached("SELECT failed_attempts FROM login_failures WHERE name = ?");
        st->bind(1, name);
        return st->step() ? static_cast<int>(st->int64(0)) : 0;
    });
}

// [SECTION] reading the audit trail ---------------------------------------------------------

namespace {

AuditRow read_audit(const db::Statement& st) {
    return {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}

} // namespace

Result<std::vector<AuditRow>> AccountRepository::audit_rows(std::int64_t before, int limit) {
    return all_rows("audit_rows",
                    "SELECT id, at, actor, action, subject, detail FROM audit WHERE (?1 = 0 OR id "
                    "< ?1) ORDER BY id DESC LIMIT ?2",
                    read_audit, before, std::clamp(limit, 1, 1000));
}

} // namespace keluhan
