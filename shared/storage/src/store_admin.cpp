// [SECTION] index
//   settings (migration 5)
//   user administration
//   CAPA records (migration 5)
//   personal data: lookup by contact, anonymisation
//
// Every change here writes its audit row in the same transaction, so the
// audit trail never misses a change and never names one that did not happen.
#include "keluhan/storage/store.hpp"

#include "store_internal.hpp"

#include <algorithm>

namespace keluhan {

using namespace store_detail;

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

// [SECTION] settings -------------------------------------------------------------

Result<std::vector<StoredSetting>> Store::settings() {
    return guarded("settings", [&]() -> Result<std::vector<StoredSetting>> {
        auto st =
            conn_->cached("SELECT key, value, updated_at, updated_by FROM settings ORDER BY key");
        std::vector<StoredSetting> out;
        while (st->step())
            out.push_back({st->text(0), st->text(1), st->int64(2), st->text(3)});
        return out;
    });
}

Result<std::int64_t> Store::count_open_outside_sop(const std::string& sop) {
    return guarded("count_open_outside_sop", [&]() -> Result<std::int64_t> {
        auto st =
            conn_->cached("SELECT count(*) FROM complaints WHERE status = 'open' AND sop != ?");
        st->bind(1, sop);
        st->step();
        return st->int64(0);
    });
}

Status Store::put_setting(const std::string& key, const std::optional<std::string>& value,
                          const std::string& actor, const std::string& refuse_open_outside_sop) {
    return guarded("put_setting", [&]() -> Status {
        auto& c = *conn_;
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

// [SECTION] user administration -------------------------------------------------

namespace {

constexpr const char* kAdminUserColumns =
    "id, name, display_name, role, active, failed_attempts, locked_until";

std::optional<User> user_by_name(db::Connection& c, const std::string& name) {
    auto st = c.prepare(std::string("SELECT ") + kAdminUserColumns + " FROM users WHERE name = ?");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_user(st);
}

} // namespace

Result<User> Store::add_user(const std::string& name, const std::string& display_name, Role role,
                             const std::string& password_hash,
                             const std::optional<std::string>& audit_actor) {
    return guarded("add_user", [&]() -> Result<User> {
        auto& c = *conn_;
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

Result<User> Store::change_user(const User& actor, const UserChange& ch) {
    return guarded("change_user", [&]() -> Result<User> {
        auto& c = *conn_;
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

// [SECTION] CAPA records ------------------------------------------------------------

namespace {

constexpr const char* kCapaColumns = "root_cause, correction, corrective_action, "
                                     "preventive_action, responsible, due_date, effective, "
                                     "effectiveness, notulen, checked_on, updated_at, updated_by";

} // namespace

Result<std::optional<Capa>> Store::capa(std::int64_t seq) {
    return guarded("capa", [&]() -> Result<std::optional<Capa>> {
        auto st = conn_->cached(std::string("SELECT ") + kCapaColumns +
                                " FROM capa WHERE complaint_seq = ?");
        st->bind(1, seq);
        if (!st->step()) return std::optional<Capa>();
        Capa k;
        int i = 0;
        for (const auto f : kAllCapaFields)
            k.get(f) = st->text(i++);
        k.updated_at = st->int64(10);
        k.updated_by = st->text(11);
        return std::optional<Capa>(std::move(k));
    });
}

Result<Capa> Store::save_capa(const Complaint& cpl, const Capa& k, const Event& e) {
    return guarded("save_capa", [&]() -> Result<Capa> {
        auto& c = *conn_;
        auto tx = begin_write();
        {
            auto st = c.cached("SELECT current_step, status FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound, "err.complaint.not_found", {{"code", cpl.code}}};
            if (st->text(0) != cpl.current_step || st->text(1) != to_string(cpl.status))
                return Error{ErrorKind::Conflict, "err.sop.changed", {{"code", cpl.code}}};
        }
        auto st = c.cached(
            std::string("INSERT INTO capa(complaint_seq, ") + kCapaColumns +
            ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(complaint_seq) DO UPDATE SET "
            "root_cause = excluded.root_cause, correction = excluded.correction, "
            "corrective_action = excluded.corrective_action, "
            "preventive_action = excluded.preventive_action, responsible = excluded.responsible, "
            "due_date = excluded.due_date, effective = excluded.effective, "
            "effectiveness = excluded.effectiveness, notulen = excluded.notulen, "
            "checked_on = excluded.checked_on, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by");
        st->bind(1, cpl.seq);
        int i = 2;
        for (const auto f : kAllCapaFields)
            st->bind(i++, k.get(f));
        st->bind(12, e.at).bind(13, e.actor);
        st->run();
        insert_event(c, cpl.seq, e);
        insert_audit(c, e.actor, "capa.save", cpl.code, e.step_id);
        tx.commit();
        Capa out = k;
        out.updated_at = e.at;
        out.updated_by = e.actor;
        return out;
    });
}

// [SECTION] personal data --------------------------------------------------------

namespace {

// Must match the expression of the index complaints_phone_digits (migration 5).
constexpr const char* kPhoneDigits = "replace(replace(replace(replace(replace(replace(phone, ' ', "
                                     "''), '-', ''), '.', ''), '(', ''), ')', ''), "
                                     "'+', '')";

} // namespace

Result<std::vector<Complaint>> Store::find_by_contact(const std::string& phone,
                                                      const std::string& email) {
    return guarded("find_by_contact", [&]() -> Result<std::vector<Complaint>> {
        std::string digits;
        for (const char ch : phone)
            if (ch >= '0' && ch <= '9') digits.push_back(ch);
        // The same number written 0812... or +62 812...
        std::string local = digits, intl = digits;
        if (digits.rfind("62", 0) == 0)
            local = "0" + digits.substr(2);
        else if (digits.rfind('0', 0) == 0)
            intl = "62" + digits.substr(1);
        std::vector<std::int64_t> seqs;
        if (!digits.empty()) {
            auto st =
                conn_->prepare(std::string("SELECT seq FROM complaints WHERE phone != '' AND ") +
                               kPhoneDigits + " IN (?, ?)");
            st.bind(1, local).bind(2, intl);
            while (st.step())
                seqs.push_back(st.int64(0));
        }
        if (!email.empty()) {
            auto st = conn_->prepare(
                "SELECT seq FROM complaints WHERE email != '' AND lower(email) = lower(?)");
            st.bind(1, email);
            while (st.step())
                seqs.push_back(st.int64(0));
        }
        std::sort(seqs.begin(), seqs.end());
        seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
        std::vector<Complaint> out;
        auto st = conn_->cached(std::string("SELECT ") + kComplaintColumns +
                                " FROM complaints c WHERE c.seq = ?");
        for (const auto seq : seqs) {
            st->bind(1, seq);
            if (st->step()) out.push_back(read_complaint(*st));
            st->reset();
        }
        return out;
    });
}

Result<TimeMs> Store::anonymised_at(std::int64_t seq) {
    return guarded("anonymised_at", [&]() -> Result<TimeMs> {
        auto st = conn_->cached("SELECT anonymised_at FROM complaints WHERE seq = ?");
        st->bind(1, seq);
        if (!st->step() || st->is_null(0)) return TimeMs{0};
        return st->int64(0);
    });
}

Result<std::vector<std::string>> Store::anonymise(const Complaint& cpl, const std::string& marker,
                                                  const Event& e) {
    return guarded("anonymise", [&]() -> Result<std::vector<std::string>> {
        auto& c = *conn_;
        auto tx = begin_write();
        {
            auto st = c.cached("SELECT status, anonymised_at FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound, "err.complaint.not_found", {{"code", cpl.code}}};
            if (st->text(0) != "closed")
                return Error{ErrorKind::Conflict, "err.personal.open", {{"code", cpl.code}}};
            if (!st->is_null(1))
                return Error{ErrorKind::Conflict, "err.personal.already", {{"code", cpl.code}}};
        }
        // The FTS entry follows through the complaints_fts_au trigger.
        c.prepare("UPDATE complaints SET name = '', organization = '', phone = '', email = '', "
                  "description = ?, expectation = CASE WHEN expectation = '' THEN '' ELSE ? END, "
                  "anonymised_at = ?, updated_at = ? WHERE seq = ?")
            .bind(1, marker)
            .bind(2, marker)
            .bind(3, e.at)
            .bind(4, e.at)
            .bind(5, cpl.seq)
            .run();
        c.prepare("DELETE FROM attachments WHERE complaint_seq = ? AND media_type LIKE 'audio/%'")
            .bind(1, cpl.seq)
            .run();
        const auto voices = c.changes();
        // Saved receipts (PDFs with the name on them) are deleted by the
        // caller after the commit; their rows keep the history of printing.
        std::vector<std::string> files;
        {
            auto st =
                c.prepare("SELECT file FROM print_jobs WHERE complaint_seq = ? AND file != ''");
            st.bind(1, cpl.seq);
            while (st.step())
                files.push_back(st.text(0));
            c.prepare("UPDATE print_jobs SET file = '' WHERE complaint_seq = ?")
                .bind(1, cpl.seq)
                .run();
        }
        insert_event(c, cpl.seq, e);
        insert_audit(c, e.actor, "personal.anonymise", cpl.code,
                     e.note + " (" + std::to_string(voices) + " voice recording(s) deleted)");
        tx.commit();
        return files;
    });
}

} // namespace keluhan
