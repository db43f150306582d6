// Satisfaction-survey responses (skm.hpp).
#include "keluhan/storage/skm.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace keluhan {

using namespace store_detail;

// Migration 9: the satisfaction survey. A response and its answers, and on
// each complaint only whether its one response was given.
extern const char store_detail::kSkmV9[] = R"sql(
CREATE TABLE skm_responses(
  id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  service TEXT NOT NULL DEFAULT '',
  questionnaire TEXT NOT NULL,
  profile TEXT NOT NULL DEFAULT '{}',
  suggestion TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL,
  for_complaint INTEGER NOT NULL DEFAULT 0 CHECK (for_complaint IN (0, 1)),
  synced_at INTEGER
);
CREATE INDEX skm_responses_day ON skm_responses(day);
CREATE TABLE skm_answers(
  response_id TEXT NOT NULL REFERENCES skm_responses(id) ON DELETE CASCADE,
  element TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
  PRIMARY KEY (response_id, element)
);
ALTER TABLE complaints ADD COLUMN skm_answered INTEGER NOT NULL DEFAULT 0;
)sql";

// Migration 10: a kiosk's survey outbox. The code of the complaint a
// response was given for stays only here, and only until the hub has it.
extern const char store_detail::kSkmOutboxV10[] = R"sql(
CREATE TABLE skm_outbox(
  response_id TEXT PRIMARY KEY REFERENCES skm_responses(id) ON DELETE CASCADE,
  code TEXT NOT NULL DEFAULT '',
  queued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1))
);
)sql";

namespace {

void insert_response(db::Connection& c, const SkmResponse& r, const std::string& questionnaire,
                     bool for_complaint) {
    nlohmann::json profile = nlohmann::json::object();
    for (const auto& [k, v] : r.profile)
        profile[k] = v;
    c.prepare("INSERT INTO skm_responses(id, day, service, questionnaire, profile, suggestion, "
              "origin, for_complaint) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, r.id)
        .bind(2, format_date(r.day))
        .bind(3, r.service)
        .bind(4, questionnaire)
        .bind(5, profile.dump())
        .bind(6, r.suggestion)
        .bind(7, r.origin)
        .bind(8, static_cast<std::int64_t>(for_complaint ? 1 : 0))
        .run();
    for (const auto& [element, score] : r.scores)
        c.prepare("INSERT INTO skm_answers(response_id, element, score) VALUES (?,?,?)")
            .bind(1, r.id)
            .bind(2, element)
            .bind(3, static_cast<std::int64_t>(score))
            .run();
}

bool response_exists(db::Connection& c, const std::string& id) {
    auto st = c.cached("SELECT 1 FROM skm_responses WHERE id = ?");
    st->bind(1, id);
    return st->step();
}

SkmResponse read_response(const db::Statement& st, int from) {
    SkmResponse r;
    r.id = st.text(from);
    if (auto d = parse_date(st.text(from + 1))) r.day = *d;
    r.service = st.text(from + 2);
    const auto profile = nlohmann::json::parse(st.text(from + 3), nullptr, false);
    if (profile.is_object())
        for (const auto& [k, v] : profile.items())
            if (v.is_string()) r.profile.emplace_back(k, v.get<std::string>());
    r.suggestion = st.text(from + 4);
    r.origin = st.text(from + 5);
    r.for_complaint = st.int64(from + 6) != 0;
    return r;
}

void read_scores(db::Connection& c, const std::vector<SkmResponse*>& rows) {
    for (SkmResponse* r : rows) {
        auto st =
            c.cached("SELECT element, score FROM skm_answers WHERE response_id = ? ORDER BY rowid");
        st->bind(1, r->id);
        while (st->step())
            r->scores.emplace_back(st->text(0), static_cast<int>(st->int64(1)));
    }
}

} // namespace

Result<bool> SkmRepository::add_skm_response(const SkmResponse& r,
                                             const std::optional<TrackingCode>& code,
                                             const std::string& questionnaire) {
    return guarded("add_skm_response", [&]() -> Result<bool> {
        auto& c = conn();
        auto tx = begin_write();
        if (response_exists(c, r.id)) return false; // sent again (a retried sync): it is here
        if (code) {
            auto st = c.cached("SELECT status, skm_answered FROM complaints WHERE code = ?");
            st->bind(1, code->compact());
            if (!st->step())
                return Error{
                    ErrorKind::NotFound, "err.complaint.not_found", {{"code", code->grouped()}}};
            if (st->text(0) != "closed")
                return Error{
                    ErrorKind::Conflict, "err.skm.not_closed", {{"code", code->grouped()}}};
            if (st->int64(1) != 0)
                return Error{ErrorKind::Conflict, "err.skm.already", {{"code", code->grouped()}}};
            c.prepare("UPDATE complaints SET skm_answered = 1 WHERE code = ?")
                .bind(1, code->compact())
                .run();
        }
        insert_response(c, r, questionnaire, code.has_value());
        tx.commit();
        return true;
    });
}

Status SkmRepository::queue_skm_response(const SkmResponse& r,
                                         const std::optional<TrackingCode>& code,
                                         const std::string& questionnaire, TimeMs at) {
    return guarded("queue_skm_response", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        if (response_exists(c, r.id)) return ok();
        insert_response(c, r, questionnaire, code.has_value());
        c.prepare("INSERT INTO skm_outbox(response_id, code, queued_at) VALUES (?,?,?)")
            .bind(1, r.id)
            .bind(2, code ? code->compact() : std::string())
            .bind(3, at)
            .run();
        tx.commit();
        return ok();
    });
}

Result<std::vector<SkmOutboxItem>> SkmRepository::skm_outbox_pending(int limit) {
    return guarded("skm_outbox_pending", [&]() -> Result<std::vector<SkmOutboxItem>> {
        auto& c = conn();
        std::vector<SkmOutboxItem> out;
        auto st = c.prepare(
            "SELECT r.id, r.day, r.service, r.profile, r.suggestion, r.origin, r.for_complaint, "
            "o.code, o.queued_at FROM skm_outbox o JOIN skm_responses r ON r.id = o.response_id "
            "WHERE o.rejected = 0 ORDER BY o.queued_at, o.rowid LIMIT ?");
        st.bind(1, static_cast<std::int64_t>(std::max(1, limit)));
        while (st.step()) {
            SkmOutboxItem item;
            item.response = read_response(st, 0);
            item.code = st.text(7);
            item.queued_at = st.int64(8);
            out.push_back(std::move(item));
        }
        std::vector<SkmResponse*> rows;
        for (auto& i : out)
            rows.push_back(&i.response);
        read_scores(c, rows);
        return out;
    });
}

Result<std::int64_t> SkmRepository::skm_outbox_pending_count() {
    return guarded("skm_outbox_pending_count", [&]() -> Result<std::int64_t> {
        auto st = conn().cached("SELECT count(*) FROM skm_outbox WHERE rejected = 0");
        st->step();
        return st->int64(0);
    });
}

Result<std::int64_t> SkmRepository::skm_outbox_rejected_count() {
    return guarded("skm_outbox_rejected_count", [&]() -> Result<std::int64_t> {
        auto st = conn().cached("SELECT count(*) FROM skm_outbox WHERE rejected = 1");
        st->step();
        return st->int64(0);
    });
}

Status SkmRepository::mark_skm_sent(const std::vector<std::string>& ids, TimeMs at) {
    return guarded("mark_skm_sent", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        for (const auto& id : ids) {
            c.prepare("DELETE FROM skm_outbox WHERE response_id = ?").bind(1, id).run();
            c.prepare("UPDATE skm_responses SET synced_at = ? WHERE id = ?")
                .bind(1, at)
                .bind(2, id)
                .run();
        }
        tx.commit();
        return ok();
    });
}

Status SkmRepository::mark_skm_rejected(const std::string& id, const Error& why) {
    return guarded("mark_skm_rejected", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.prepare("UPDATE skm_outbox SET rejected = 1, attempts = attempts + 1, last_error = ? "
                  "WHERE response_id = ?")
            .bind(1, why.key)
            .bind(2, id)
            .run();
        tx.commit();
        return ok();
    });
}

Result<std::vector<SkmResponse>> SkmRepository::skm_responses(Date from, Date to) {
    return guarded("skm_responses", [&]() -> Result<std::vector<SkmResponse>> {
        auto& c = conn();
        std::vector<SkmResponse> out;
        auto st = c.prepare("SELECT id, day, service, profile, suggestion, origin, for_complaint "
                            "FROM skm_responses WHERE day BETWEEN ? AND ? ORDER BY day, rowid");
        st.bind(1, format_date(from)).bind(2, format_date(to));
        while (st.step())
            out.push_back(read_response(st, 0));
        auto answers = c.prepare(
            "SELECT a.response_id, a.element, a.score FROM skm_answers a JOIN skm_responses r "
            "ON r.id = a.response_id WHERE r.day BETWEEN ? AND ? ORDER BY a.response_id");
        answers.bind(1, format_date(from)).bind(2, format_date(to));
        std::map<std::string, std::size_t, std::less<>> at;
        for (std::size_t i = 0; i < out.size(); ++i)
            at.emplace(out[i].id, i);
        while (answers.step())
            if (auto it = at.find(answers.text(0)); it != at.end())
                out[it->second].scores.emplace_back(answers.text(1),
                                                    static_cast<int>(answers.int64(2)));
        return out;
    });
}

Result<bool> SkmRepository::skm_answered(const TrackingCode& code) {
    return guarded("skm_answered", [&]() -> Result<bool> {
        auto st = conn().cached("SELECT skm_answered FROM complaints WHERE code = ?");
        st->bind(1, code.compact());
        if (!st->step())
            return Error{
                ErrorKind::NotFound, "err.complaint.not_found", {{"code", code.grouped()}}};
        return st->int64(0) != 0;
    });
}

} // namespace keluhan
