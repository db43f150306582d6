// [SECTION] index
//   schema: complaints, events, attachments, the register, full-text search
//   submit, find, events, attachments, apply
//   the register: list and count
//   personal data: lookup by contact, anonymisation
#include "keluhan/storage/complaints.hpp"

#include "keluhan/domain/text.hpp"
#include "schema.hpp"
#include "store_internal.hpp"

#include <algorithm>
#include <cctype>
#include <variant>

namespace keluhan {

using namespace store_detail;

// [SECTION] schema ---------------------------------------------------------------
// (store.cpp says when each part runs.)

namespace store_detail {

// Migration 1: the complaints and what hangs off them.
extern const char kComplaintTablesV1[] = R"sql(
CREATE TABLE complaints(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  register_number TEXT UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('tertulis','lisan','elektronik')),
  anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
  name TEXT NOT NULL DEFAULT '',
  organization TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  expectation TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL CHECK (consent IN (0,1)),
  sop TEXT NOT NULL,
  current_step TEXT,
  status TEXT NOT NULL CHECK (status IN ('open','closed')),
  created_at INTEGER NOT NULL,
  step_started_at INTEGER NOT NULL,
  due_at INTEGER,
  updated_at INTEGER NOT NULL,
  origin TEXT NOT NULL DEFAULT '',
  anonymised_at INTEGER
);
CREATE INDEX complaints_created ON complaints(created_at);
CREATE INDEX complaints_status ON complaints(status, seq);
CREATE INDEX complaints_service ON complaints(service, seq);
CREATE INDEX complaints_channel ON complaints(channel, seq);
CREATE INDEX complaints_due ON complaints(status, due_at, seq);
CREATE INDEX complaints_step ON complaints(current_step, due_at);

CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  step_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  on_behalf_of TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX events_complaint ON events(complaint_seq, id);

CREATE TABLE attachments(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  media_type TEXT NOT NULL,
  filename TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_complaint ON attachments(complaint_seq);
)sql";

// Migration 1: the register numbers' counter, one row per year (apply()).
extern const char kRegisterSequenceV1[] = R"sql(
CREATE TABLE register_sequence(year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
)sql";

// Migration 7: the response letters' outgoing numbers, one counter per year
// (apply()); the number itself is the "letter_number" event.
extern const char kLetterSequenceV7[] = R"sql(
CREATE TABLE letter_sequence(year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
)sql";

// Migration 8: the related function a disposition routes the complaint to
// (apply() with Transition::assign_function).
extern const char kComplaintFunctionV8[] = R"sql(
ALTER TABLE complaints ADD COLUMN assigned_function TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_function ON complaints(assigned_function, current_step) WHERE status = 'open';
)sql";

// Migration 1: full-text search of the register (list() with `text`); the
// triggers keep it in step with the complaints, anonymisation included.
extern const char kComplaintSearchV1[] = R"sql(
CREATE VIRTUAL TABLE complaints_fts USING fts5(
  description, expectation, name, organization, reference,
  content='complaints', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER complaints_fts_ai AFTER INSERT ON complaints BEGIN
  INSERT INTO complaints_fts(rowid, description, expectation, name, organization, reference)
  VALUES (new.seq, new.description, new.expectation, new.name, new.organization, new.reference);
END;
CREATE TRIGGER complaints_fts_ad AFTER DELETE ON complaints BEGIN
  INSERT INTO complaints_fts(complaints_fts, rowid, description, expectation, name, organization, reference)
  VALUES ('delete', old.seq, old.description, old.expectation, old.name, old.organization, old.reference);
END;
CREATE TRIGGER complaints_fts_au AFTER UPDATE OF description, expectation, name, organization, reference
ON complaints BEGIN
  INSERT INTO complaints_fts(complaints_fts, rowid, description, expectation, name, organization, reference)
  VALUES ('delete', old.seq, old.description, old.expectation, old.name, old.organization, old.reference);
  INSERT INTO complaints_fts(rowid, description, expectation, name, organization, reference)
  VALUES (new.seq, new.description, new.expectation, new.name, new.organization, new.reference);
END;
)sql";

// Migration 3: the register sorts by submission time (a hub holds complaints
// from several kiosks, stored in the order they arrive, not the order they
// were made), and a filter plus a date range stays an index range.
extern const char kComplaintCreatedIndexesV3[] = R"sql(
DROP INDEX complaints_status;
DROP INDEX complaints_service;
DROP INDEX complaints_channel;
CREATE INDEX complaints_status_created ON complaints(status, created_at);
CREATE INDEX complaints_service_created ON complaints(service, created_at);
CREATE INDEX complaints_channel_created ON complaints(channel, created_at);
)sql";

// Migration 5: the complainant's contacts indexed the way personal-data
// requests look them up (digits of the phone, e-mail in lower case), so an
// export does not scan the whole register (find_by_contact()).
extern const char kComplaintContactIndexesV5[] = R"sql(
CREATE INDEX complaints_phone_digits ON complaints(
  replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', ''))
  WHERE phone != '';
CREATE INDEX complaints_email_lower ON complaints(lower(email)) WHERE email != '';
)sql";

} // namespace store_detail

// [SECTION] complaints: submit, find, events, attachments, apply -------------

Result<Submitted> ComplaintRepository::submit(const Submission& s, const SopEngine& engine) {
    return guarded("submit", [&]() -> Result<Submitted> {
        auto& c = conn();
        const TimeMs now = now_ms();
        const Transition start = engine.start(now);
        const std::string id = new_uuid();
        for (int attempt = 0;; ++attempt) {
            TrackingCode code = TrackingCode::generate();
            auto tx = begin_write();
            const auto inserted =
                insert_new_complaint(c, id, code.compact(), s, engine, start, now, s.origin);
            if (!inserted) {
                // 60 random bits collided with an earlier code: draw again.
                if (attempt > 8) return Error{ErrorKind::Internal, "err.store.code_collision"};
                continue;
            }
            const std::int64_t seq = *inserted;
            c.cached("INSERT INTO outbox(complaint_seq, created_at) VALUES (?,?)")
                ->bind(1, seq)
                .bind(2, now)
                .run();
            tx.commit();
            return Submitted{complaint_at(c, seq), std::move(code)};
        }
    });
}

Result<Complaint> ComplaintRepository::find_by_code(const TrackingCode& code) {
    return found_or(
        one_row("find_by_code",
                std::string("SELECT ") + kComplaintColumns + " FROM complaints c WHERE c.code = ?",
                read_complaint, code.compact()),
        [&] {
            return Error{
                ErrorKind::NotFound, "err.complaint.not_found", {{"code", code.grouped()}}};
        });
}

Result<Complaint> ComplaintRepository::find_by_id(const std::string& id) {
    return found_or(
        one_row("find_by_id",
                std::string("SELECT ") + kComplaintColumns + " FROM complaints c WHERE c.id = ?",
                read_complaint, id),
        [&] {
            return Error{ErrorKind::NotFound, "err.complaint.not_found", {{"code", id}}};
        });
}

Result<Complaint> ComplaintRepository::find_by_seq(std::int64_t seq) {
    return found_or(
        one_row("find_by_seq",
                std::string("SELECT ") + kComplaintColumns + " FROM complaints c WHERE c.seq = ?",
                read_complaint, seq),
        [&] {
            return Error{
                ErrorKind::NotFound, "err.complaint.not_found", {{"code", std::to_string(seq)}}};
        });
}

Result<std::vector<Event>> ComplaintRepository::events(std::int64_t seq) {
    return guarded("events",
                   [&]() -> Result<std::vector<Event>> { return events_of(conn(), seq); });
}

Result<std::vector<Attachment>> ComplaintRepository::attachments(std::int64_t seq, bool with_data) {
    return guarded("attachments", [&]() -> Result<std::vector<Attachment>> {
        auto st =
            conn().prepare(with_data ? "SELECT id, media_type, filename, data FROM attachments "
                                       "WHERE complaint_seq = ? ORDER BY id"
                                     : "SELECT id, media_type, filename, NULL FROM attachments "
                                       "WHERE complaint_seq = ? ORDER BY id");
        st.bind(1, seq);
        std::vector<Attachment> out;
        while (st.step())
            out.push_back(Attachment{st.int64(0), st.text(1), st.text(2),
                                     with_data ? st.blob(3) : std::vector<std::uint8_t>{}});
        return out;
    });
}

namespace {

// The next number of the year of `at` from a counter table (register_sequence,
// letter_sequence: one row per year), written out by `pattern`.
std::string next_yearly_number(db::Connection& c, const char* table, const std::string& pattern,
                               const WorkingCalendar& calendar, TimeMs at) {
    const Date d = calendar.local_date(at);
    auto next = c.prepare(std::string("INSERT INTO ") + table +
                          "(year, last) VALUES (?, 1) "
                          "ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last");
    next.bind(1, d.year);
    next.step();
    const auto n = static_cast<int>(next.int64(0));
    next.reset();
    return format_register_number(pattern, n, d.year, d.month);
}

} // namespace

Result<Complaint> ComplaintRepository::apply(const Complaint& cpl, const Transition& t,
                                             const std::string& register_pattern,
                                             const WorkingCalendar& calendar,
                                             const std::string& letter_pattern,
                                             const std::vector<NewNotice>& notices) {
    return guarded("apply", [&]() -> Result<Complaint> {
        auto& c = conn();
        auto tx = begin_write();
        auto upd = c.prepare(
            "UPDATE complaints SET current_step = ?, status = ?, step_started_at = ?, due_at = ?, "
            "updated_at = ? WHERE seq = ? AND status = 'open' AND current_step = ?");
        upd.bind(1, t.to_step.empty() ? std::optional<std::string>() : std::optional(t.to_step))
            .bind(2, t.to_step.empty() ? "closed" : "open")
            .bind(3, t.at)
            .bind(4, t.to_step.empty() ? std::optional<TimeMs>() : std::optional(t.due_at))
            .bind(5, t.at)
            .bind(6, cpl.seq)
            .bind(7, t.from_step)
            .run();
        if (c.changes() != 1)
            return Error{
                ErrorKind::Conflict, "err.sop.changed", {{"code", grouped_code(cpl.code)}}};
        insert_event(c, cpl.seq, t.event);
        if (t.assign_register_number) {
            auto has = c.prepare("SELECT register_number FROM complaints WHERE seq = ?");
            has.bind(1, cpl.seq);
            has.step();
            if (has.is_null(0)) {
                const std::string number =
                    next_yearly_number(c, "register_sequence", register_pattern, calendar, t.at);
                c.prepare("UPDATE complaints SET register_number = ? WHERE seq = ?")
                    .bind(1, number)
                    .bind(2, cpl.seq)
                    .run();
                Event e = t.event;
                e.kind = "register";
                e.note = number;
                insert_event(c, cpl.seq, e);
            }
        }
        if (t.assign_function) {
            c.prepare("UPDATE complaints SET assigned_function = ? WHERE seq = ?")
                .bind(1, *t.assign_function)
                .bind(2, cpl.seq)
                .run();
            Event e = t.event;
            e.kind = "function";
            e.note = *t.assign_function;
            insert_event(c, cpl.seq, e);
        }
        if (t.assign_letter_number && !letter_pattern.empty()) {
            auto has = c.prepare(
                "SELECT 1 FROM events WHERE complaint_seq = ? AND kind = 'letter_number'");
            has.bind(1, cpl.seq);
            if (!has.step()) {
                Event e = t.event;
                e.kind = "letter_number";
                e.note = next_yearly_number(c, "letter_sequence", letter_pattern, calendar, t.at);
                insert_event(c, cpl.seq, e);
            }
        }
        // Told once per kind and channel, however often a step is done again.
        for (const auto& n : notices)
            c.cached("INSERT INTO notifications(complaint_seq, kind, channel, created_at, next_at) "
                     "VALUES (?,?,?,?,?) ON CONFLICT(complaint_seq, kind, channel) DO NOTHING")
                ->bind(1, cpl.seq)
                .bind(2, to_string(n.kind))
                .bind(3, to_string(n.channel))
                .bind(4, t.at)
                .bind(5, t.at)
                .run();
        tx.commit();
        return complaint_at(c, cpl.seq);
    });
}

Result<Complaint> ComplaintRepository::set_spoken_summary(const Complaint& cpl,
                                                          const std::string& text, const Event& e) {
    return guarded("set_spoken_summary", [&]() -> Result<Complaint> {
        auto& c = conn();
        auto tx = begin_write();
        {
            auto st = c.cached(
                "SELECT channel, anonymised_at, status, description FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound,
                             "err.complaint.not_found",
                             {{"code", grouped_code(cpl.code)}}};
            if (st->text(0) != "lisan")
                return Error{ErrorKind::Invalid,
                             "err.transcript.not_spoken",
                             {{"code", grouped_code(cpl.code)}}};
            if (!st->is_null(1))
                return Error{ErrorKind::Conflict,
                             "err.personal.already",
                             {{"code", grouped_code(cpl.code)}}};
            // Once closed, the letter that quotes it has gone out: a summary
            // may still be typed where there was none, not changed.
            if (st->text(2) == "closed" && !st->text(3).empty())
                return Error{ErrorKind::Conflict,
                             "err.transcript.closed",
                             {{"code", grouped_code(cpl.code)}}};
        }
        // The search index follows through the complaints_fts_au trigger.
        c.prepare("UPDATE complaints SET description = ?, updated_at = ? WHERE seq = ?")
            .bind(1, text)
            .bind(2, e.at)
            .bind(3, cpl.seq)
            .run();
        insert_event(c, cpl.seq, e);
        tx.commit();
        return complaint_at(c, cpl.seq);
    });
}

Result<Complaint> ComplaintRepository::set_letter_number(const Complaint& cpl, const Event& e) {
    return guarded("set_letter_number", [&]() -> Result<Complaint> {
        auto& c = conn();
        auto tx = begin_write();
        {
            auto st = c.cached("SELECT status FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound,
                             "err.complaint.not_found",
                             {{"code", grouped_code(cpl.code)}}};
            if (st->text(0) == "closed")
                return Error{ErrorKind::Conflict,
                             "err.letter_number.closed",
                             {{"code", grouped_code(cpl.code)}}};
        }
        // The same number typed again (or a retried request) changes nothing.
        auto last = c.cached("SELECT note FROM events WHERE complaint_seq = ? AND "
                             "kind = 'letter_number' ORDER BY id DESC LIMIT 1");
        last->bind(1, cpl.seq);
        if (last->step() && last->text(0) == e.note) return complaint_at(c, cpl.seq);
        c.prepare("UPDATE complaints SET updated_at = ? WHERE seq = ?")
            .bind(1, e.at)
            .bind(2, cpl.seq)
            .run();
        insert_event(c, cpl.seq, e);
        tx.commit();
        return complaint_at(c, cpl.seq);
    });
}

// [SECTION] the register: list and count --------------------------------------

namespace {

// The user's words as an FTS5 query: every word must appear; the last one
// may be the start of a word (as people type), when it has at least three
// characters - a one- or two-letter prefix matches half the register.
// Only letters and digits survive, so FTS5 syntax can never be injected.
std::string fts_query(std::string_view input) {
    std::vector<std::string> words;
    std::string word;
    for (const char ch : input) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || std::isalnum(c))
            word.push_back(ch);
        else if (!word.empty())
            words.push_back(std::exchange(word, {}));
    }
    if (!word.empty()) words.push_back(std::move(word));
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!out.empty()) out += ' ';
        out += '"' + words[i] + '"';
        if (i + 1 == words.size() && words[i].size() >= 3) out += '*';
    }
    return out;
}

struct Cursor {
    std::int64_t key = 0;
    std::int64_t seq = 0;
};

// "n:<created_at>:<seq>", "o:..." or "d:<due_at>:<seq>": the last row of a page.
std::optional<Cursor> parse_cursor(const std::string& s, ListQuery::Sort sort) {
    const char tag = sort == ListQuery::Sort::Newest   ? 'n'
                     : sort == ListQuery::Sort::Oldest ? 'o'
                                                       : 'd';
    if (s.size() < 5 || s[0] != tag || s[1] != ':') return std::nullopt;
    const auto colon = s.find(':', 2);
    if (colon == std::string::npos) return std::nullopt;
    try {
        std::size_t used_key = 0, used_seq = 0;
        const std::string key = s.substr(2, colon - 2), seq = s.substr(colon + 1);
        Cursor c{std::stoll(key, &used_key), std::stoll(seq, &used_seq)};
        if (used_key != key.size() || used_seq != seq.size()) return std::nullopt;
        return c;
    } catch (...) {
        return std::nullopt;
    }
}

// The WHERE clause and its parameters, shared by list() and count().
struct Where {
    std::string sql;
    std::vector<std::variant<std::int64_t, std::string>> params;
    bool fts = false;
    void add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
};

// What staff have in hand, printed on the receipt or the letter: a
// tracking code (with or without its dashes, its check symbol holding) or a
// register number. Such a search first looks for that one complaint.
struct Identifier {
    const char* clause;
    std::string value;
};
std::optional<Identifier> identifier_in(std::string_view text) {
    const std::string t = keluhan::text::trim(std::string(text));
    if (t.empty() || t.size() > 64 || t.find(' ') != std::string::npos) return std::nullopt;
    if (auto code = TrackingCode::parse(t)) return Identifier{"c.code = ?", code->compact()};
    if (t.find('/') != std::string::npos) {
        std::string upper = t;
        for (auto& ch : upper)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return Identifier{"c.register_number = ?", upper};
    }
    return std::nullopt;
}

Where build_where(const ListQuery& q, const std::optional<Identifier>& id = std::nullopt) {
    Where w;
    if (id) {
        w.add(id->clause);
        w.params.emplace_back(id->value);
    } else if (const auto f = fts_query(q.text); !f.empty()) {
        w.fts = true;
        w.add("complaints_fts MATCH ?");
        w.params.emplace_back(f);
    }
    if (q.status) {
        w.add("c.status = ?");
        w.params.emplace_back(std::string(to_string(*q.status)));
    }
    if (!q.service.empty()) {
        w.add("c.service = ?");
        w.params.emplace_back(q.service);
    }
    if (q.channel) {
        w.add("c.channel = ?");
        w.params.emplace_back(std::string(to_string(*q.channel)));
    }
    if (!q.step.empty()) {
        w.add("c.current_step = ?");
        w.params.emplace_back(q.step);
    }
    if (q.from) {
        w.add("c.created_at >= ?");
        w.params.emplace_back(*q.from);
    }
    if (q.to) {
        w.add("c.created_at < ?");
        w.params.emplace_back(*q.to);
    }
    if (q.overdue_only) {
        w.add("c.status = 'open' AND c.due_at < ?");
        w.params.emplace_back(q.now);
    }
    return w;
}

void bind_all(db::Statement& st, const std::vector<std::variant<std::int64_t, std::string>>& ps) {
    int i = 1;
    for (const auto& p : ps) {
        if (std::holds_alternative<std::int64_t>(p))
            st.bind(i++, std::get<std::int64_t>(p));
        else
            st.bind(i++, std::get<std::string>(p));
    }
}

} // namespace

Result<ListPage> ComplaintRepository::list(const ListQuery& q) {
    if (q.limit < 1 || q.limit > 1000)
        return Error{ErrorKind::Invalid, "err.list.limit", {{"max", "1000"}}};
    std::optional<Cursor> cursor;
    if (q.after) {
        cursor = parse_cursor(*q.after, q.sort);
        if (!cursor) return Error{ErrorKind::Invalid, "err.list.cursor"};
    }
    // The identifier's complaint if there is one (with the other filters),
    // else the words searched as words.
    const auto id = identifier_in(q.text);
    auto run = [&](const std::optional<Identifier>& ident) -> Result<ListPage> {
        Where w = build_where(q, ident);
        std::string order;
        switch (q.sort) {
        case ListQuery::Sort::Newest:
        case ListQuery::Sort::Oldest: {
            const bool newest = q.sort == ListQuery::Sort::Newest;
            if (w.fts) {
                // The FTS table's rowid is the complaint's seq: FTS5 walks its
                // matches in rowid order and stops after one page.
                if (cursor) {
                    w.add(newest ? "complaints_fts.rowid < ?" : "complaints_fts.rowid > ?");
                    w.params.emplace_back(cursor->seq);
                }
                order = newest ? " ORDER BY complaints_fts.rowid DESC"
                               : " ORDER BY complaints_fts.rowid ASC";
            } else {
                if (cursor) {
                    w.add(newest ? "(c.created_at, c.seq) < (?, ?)"
                                 : "(c.created_at, c.seq) > (?, ?)");
                    w.params.emplace_back(cursor->key);
                    w.params.emplace_back(cursor->seq);
                }
                order = newest ? " ORDER BY c.created_at DESC, c.seq DESC"
                               : " ORDER BY c.created_at ASC, c.seq ASC";
            }
            break;
        }
        case ListQuery::Sort::DueSoonest:
            // Closed complaints have no due time; they are left out.
            w.add("c.status = 'open'");
            if (cursor) {
                w.add("(c.due_at, c.seq) > (?, ?)");
                w.params.emplace_back(cursor->key);
                w.params.emplace_back(cursor->seq);
            }
            order = " ORDER BY c.due_at ASC, c.seq ASC";
            break;
        }
        const std::string from =
            w.fts ? " FROM complaints_fts JOIN complaints c ON c.seq = complaints_fts.rowid"
                  : " FROM complaints c";
        auto st = conn().cached(std::string("SELECT ") + kComplaintColumns + from + w.sql + order +
                                " LIMIT ?");
        bind_all(*st, w.params);
        st->bind(static_cast<int>(w.params.size()) + 1, q.limit + 1);
        ListPage page;
        while (st->step()) {
            if (static_cast<int>(page.rows.size()) == q.limit) {
                const auto& last = page.rows.back();
                const char tag = q.sort == ListQuery::Sort::Newest   ? 'n'
                                 : q.sort == ListQuery::Sort::Oldest ? 'o'
                                                                     : 'd';
                const auto key =
                    q.sort == ListQuery::Sort::DueSoonest ? last.due_at : last.created_at;
                page.next = std::string(1, tag) + ":" + std::to_string(key) + ":" +
                            std::to_string(last.seq);
                break;
            }
            page.rows.push_back(read_complaint(*st));
        }
        return page;
    };
    return guarded("list", [&]() -> Result<ListPage> {
        if (id && !cursor) {
            auto exact = run(id);
            if (!exact || !exact->rows.empty()) return exact;
        }
        return run(std::nullopt);
    });
}

Result<std::int64_t> ComplaintRepository::count(const ListQuery& q) {
    return guarded("count", [&]() -> Result<std::int64_t> {
        if (const auto id = identifier_in(q.text)) {
            const Where w = build_where(q, id);
            auto st = conn().cached("SELECT count(*) FROM complaints c" + w.sql);
            bind_all(*st, w.params);
            st->step();
            if (const auto n = st->int64(0); n > 0) return n;
        }
        const Where w = build_where(q);
        const std::string from =
            w.fts ? " FROM complaints_fts JOIN complaints c ON c.seq = complaints_fts.rowid"
                  : " FROM complaints c";
        auto st = conn().cached("SELECT count(*)" + from + w.sql);
        bind_all(*st, w.params);
        st->step();
        return st->int64(0);
    });
}

// [SECTION] personal data --------------------------------------------------------

namespace {

// Must match the expression of the index complaints_phone_digits
// (kComplaintContactIndexesV5 above).
constexpr const char* kPhoneDigits = "replace(replace(replace(replace(replace(replace(phone, ' ', "
                                     "''), '-', ''), '.', ''), '(', ''), ')', ''), "
                                     "'+', '')";

} // namespace

Result<std::vector<Complaint>> ComplaintRepository::find_by_contact(const std::string& phone,
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
                conn().prepare(std::string("SELECT seq FROM complaints WHERE phone != '' AND ") +
                               kPhoneDigits + " IN (?, ?)");
            st.bind(1, local).bind(2, intl);
            while (st.step())
                seqs.push_back(st.int64(0));
        }
        if (!email.empty()) {
            auto st = conn().prepare(
                "SELECT seq FROM complaints WHERE email != '' AND lower(email) = lower(?)");
            st.bind(1, email);
            while (st.step())
                seqs.push_back(st.int64(0));
        }
        std::sort(seqs.begin(), seqs.end());
        seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
        std::vector<Complaint> out;
        auto st = conn().cached(std::string("SELECT ") + kComplaintColumns +
                                " FROM complaints c WHERE c.seq = ?");
        for (const auto seq : seqs) {
            st->bind(1, seq);
            if (st->step()) out.push_back(read_complaint(*st));
            st->reset();
        }
        return out;
    });
}

Result<TimeMs> ComplaintRepository::anonymised_at(std::int64_t seq) {
    return guarded("anonymised_at", [&]() -> Result<TimeMs> {
        auto st = conn().cached("SELECT anonymised_at FROM complaints WHERE seq = ?");
        st->bind(1, seq);
        if (!st->step() || st->is_null(0)) return TimeMs{0};
        return st->int64(0);
    });
}

Result<std::vector<std::string>>
ComplaintRepository::anonymise(const Complaint& cpl, const std::string& marker, const Event& e) {
    return guarded("anonymise", [&]() -> Result<std::vector<std::string>> {
        auto& c = conn();
        auto tx = begin_write();
        text::PersonalMentions who;
        {
            auto st = c.cached("SELECT status, anonymised_at, name, organization, email, phone "
                               "FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound,
                             "err.complaint.not_found",
                             {{"code", grouped_code(cpl.code)}}};
            if (st->text(0) != "closed")
                return Error{
                    ErrorKind::Conflict, "err.personal.open", {{"code", grouped_code(cpl.code)}}};
            if (!st->is_null(1))
                return Error{ErrorKind::Conflict,
                             "err.personal.already",
                             {{"code", grouped_code(cpl.code)}}};
            who = {st->text(2), st->text(3), st->text(4), st->text(5)};
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
        // What staff wrote about it keeps its SOP meaning, without the person
        // in it: every mention in the step notes and the CAPA record goes.
        const std::string gone = "[dianonimkan]";
        int notes = 0;
        {
            std::vector<std::pair<std::int64_t, std::string>> changed;
            auto st = c.prepare("SELECT id, note FROM events WHERE complaint_seq = ?");
            st.bind(1, cpl.seq);
            while (st.step())
                if (auto note = st.text(1), clean = text::redact(note, who, gone); clean != note)
                    changed.emplace_back(st.int64(0), std::move(clean));
            for (const auto& [id, note] : changed)
                c.prepare("UPDATE events SET note = ? WHERE id = ?")
                    .bind(1, note)
                    .bind(2, id)
                    .run();
            notes = static_cast<int>(changed.size());
        }
        {
            static const char* const fields[] = {"root_cause",
                                                 "correction",
                                                 "corrective_action",
                                                 "preventive_action",
                                                 "responsible",
                                                 "effectiveness",
                                                 "notulen"};
            std::string columns, assignments;
            for (const char* f : fields) {
                columns += std::string(columns.empty() ? "" : ", ") + f;
                assignments += std::string(assignments.empty() ? "" : ", ") + f + " = ?";
            }
            std::vector<std::string> clean;
            bool changed = false;
            {
                auto st = c.prepare("SELECT " + columns + " FROM capa WHERE complaint_seq = ?");
                st.bind(1, cpl.seq);
                if (st.step())
                    for (int i = 0; i < static_cast<int>(std::size(fields)); ++i) {
                        const std::string was = st.text(i);
                        clean.push_back(text::redact(was, who, gone));
                        changed |= clean.back() != was;
                    }
            }
            if (changed) {
                auto upd = c.prepare("UPDATE capa SET " + assignments + " WHERE complaint_seq = ?");
                int k = 1;
                for (const auto& v : clean)
                    upd.bind(k++, v);
                upd.bind(k, cpl.seq).run();
            }
        }
        // Messages not sent yet do not go; a server's answer may have quoted the address.
        c.prepare("UPDATE notifications SET state = CASE WHEN state = 'pending' THEN 'cancelled' "
                  "ELSE state END, error = '' WHERE complaint_seq = ?")
            .bind(1, cpl.seq)
            .run();
        // The complainant's files: the recording, and whatever they handed in.
        c.prepare("DELETE FROM attachments WHERE complaint_seq = ?").bind(1, cpl.seq).run();
        const auto files_deleted = c.changes();
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
        // The reason is kept, but not the person it may name.
        Event event = e;
        event.note = text::redact(e.note, who, gone);
        insert_event(c, cpl.seq, event);
        insert_audit(c, e.actor, "personal.anonymise", cpl.code,
                     event.note + " (" + std::to_string(files_deleted) + " file(s) deleted, " +
                         std::to_string(notes) + " note(s) cleaned)");
        tx.commit();
        // The search index keeps a deleted entry's words in its older
        // segments until they are merged into one. A full 'optimize' of a
        // million-complaint index holds the writer for seconds (see
        // docs/benchmarks.md), so it is merged a few hundred pages per
        // transaction, each its own short write, until nothing is left to do.
        // The anonymisation itself is committed: what follows is best effort
        // (a busy writer elsewhere only postpones it to the next merge), and
        // the caller must still get the receipt files to delete.
        try {
            for (int round = 0; round < 100000; ++round) {
                auto step = begin_write();
                const auto before = sqlite3_total_changes64(c.handle());
                c.exec("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('merge', -500)");
                const auto written = sqlite3_total_changes64(c.handle()) - before;
                step.commit();
                if (written < 2) break;
            }
        } catch (const db::Failure&) { // NOLINT(bugprone-empty-catch): best effort, see above
        } catch (const LockTimeout&) { // NOLINT(bugprone-empty-catch): the next merge does it
        }
        // The old page images of this database live on in its write-ahead log
        // until a checkpoint has copied them home and the log starts again.
        // (Freed and rewritten pages are zeroed: secure_delete, see open().)
        // With a reader still on an older snapshot the log cannot restart
        // yet; the next checkpoint after it finishes overwrites it.
        // It waits for readers at most a moment, so nobody else stalls on it.
        try {
            sqlite3_busy_timeout(c.handle(), 200);
            (void)c.scalar("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const db::Failure&) { // NOLINT(bugprone-empty-catch): best effort
        }
        sqlite3_busy_timeout(c.handle(), busy_timeout_ms());
        return files;
    });
}

} // namespace keluhan
