// Satisfaction-survey responses (skm.hpp).
#include "keluhan/storage/skm.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

#include <nlohmann/json.hpp>

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

Status SkmRepository::add_skm_response(const SkmResponse& r,
                                       const std::optional<TrackingCode>& code,
                                       const std::string& questionnaire) {
    return guarded("add_skm_response", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        {
            auto st = c.cached("SELECT 1 FROM skm_responses WHERE id = ?");
            st->bind(1, r.id);
            if (st->step()) return ok(); // sent again (a retried sync): it is here
        }
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
            .bind(8, static_cast<std::int64_t>(code ? 1 : 0))
            .run();
        for (const auto& [element, score] : r.scores)
            c.prepare("INSERT INTO skm_answers(response_id, element, score) VALUES (?,?,?)")
                .bind(1, r.id)
                .bind(2, element)
                .bind(3, static_cast<std::int64_t>(score))
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
        while (st.step()) {
            SkmResponse r;
            r.id = st.text(0);
            if (auto d = parse_date(st.text(1))) r.day = *d;
            r.service = st.text(2);
            const auto profile = nlohmann::json::parse(st.text(3), nullptr, false);
            if (profile.is_object())
                for (const auto& [k, v] : profile.items())
                    if (v.is_string()) r.profile.emplace_back(k, v.get<std::string>());
            r.suggestion = st.text(4);
            r.origin = st.text(5);
            r.for_complaint = st.int64(6) != 0;
            out.push_back(std::move(r));
        }
        auto answers = c.prepare(
            "SELECT a.response_id, a.element, a.score FROM skm_answers a JOIN skm_responses r "
            "ON r.id = a.response_id WHERE r.day BETWEEN ? AND ? ORDER BY a.response_id");
        answers.bind(1, format_date(from)).bind(2, format_date(to));
        while (answers.step())
            for (auto& r : out)
                if (r.id == answers.text(0)) {
                    r.scores.emplace_back(answers.text(1), static_cast<int>(answers.int64(2)));
                    break;
                }
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
