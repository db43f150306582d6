// The print_jobs table (print_jobs.hpp): one row per attempt to print a
// complaint's document, with how it ended, so failed receipts can be
// listed and printed again, and the kiosk visitor's reprints limited.
#include "keluhan/storage/print_jobs.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

#include <nlohmann/json.hpp>

namespace keluhan {

using namespace store_detail;

// Migration 2: print jobs, so a failed receipt can be reprinted. (store.cpp
// says when each part runs.)
extern const char store_detail::kPrintJobsV2[] = R"sql(
CREATE TABLE print_jobs(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq) ON DELETE CASCADE,
  document TEXT NOT NULL CHECK (document IN ('tanda_terima','surat_tanggapan')),
  printer TEXT NOT NULL DEFAULT '',
  cups_job_id INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('queued','submitted','completed','held','failed','cancelled','saved')),
  message TEXT NOT NULL DEFAULT '',
  message_params TEXT NOT NULL DEFAULT '{}',
  detail TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT '',
  visitor INTEGER NOT NULL DEFAULT 0 CHECK (visitor IN (0,1)),
  file TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX print_jobs_complaint ON print_jobs(complaint_seq, document, id);
CREATE INDEX print_jobs_state ON print_jobs(state, id);
)sql";

namespace {

// Whether a later print of the same document of the same complaint completed
// (print_jobs_complaint makes it an index probe).
constexpr const char* kReprinted =
    "EXISTS (SELECT 1 FROM print_jobs n WHERE n.complaint_seq = p.complaint_seq AND "
    "n.document = p.document AND n.id > p.id AND n.state = 'completed')";

const std::string& print_job_columns() {
    static const std::string columns =
        std::string("p.id, p.complaint_seq, c.code, p.document, p.printer, p.cups_job_id, "
                    "p.state, p.message, p.message_params, p.detail, p.requested_by, p.visitor, "
                    "p.file, p.created_at, p.updated_at, p.finished_at, ") +
        kReprinted;
    return columns;
}

PrintJob read_print_job(const db::Statement& s) {
    PrintJob j;
    j.id = s.int64(0);
    j.complaint_seq = s.int64(1);
    j.code = s.text(2);
    j.document = print_document_from_string(s.text(3)).value_or(PrintDocument::TandaTerima);
    j.printer = s.text(4);
    j.cups_job_id = static_cast<int>(s.int64(5));
    j.state = print_state_from_string(s.text(6)).value_or(PrintState::Failed);
    j.message.key = s.text(7);
    j.message.kind = ErrorKind::Invalid;
    const auto params = nlohmann::json::parse(s.text(8), nullptr, false);
    if (params.is_object())
        for (const auto& [k, v] : params.items())
            if (v.is_string()) j.message.params.emplace_back(k, v.get<std::string>());
    j.detail = s.text(9);
    j.requested_by = s.text(10);
    j.visitor = s.int64(11) != 0;
    j.file = s.text(12);
    j.created_at = s.int64(13);
    j.updated_at = s.int64(14);
    j.finished_at = s.is_null(15) ? 0 : s.int64(15);
    j.reprinted = s.int64(16) != 0;
    return j;
}

Result<PrintJob> select_print_job(db::Connection& c, std::int64_t id) {
    auto st =
        c.prepare(std::string("SELECT ") + print_job_columns() +
                  " FROM print_jobs p JOIN complaints c ON c.seq = p.complaint_seq WHERE p.id = ?");
    st.bind(1, id);
    if (!st.step())
        return Error{ErrorKind::NotFound, "err.print.job_unknown", {{"id", std::to_string(id)}}};
    return read_print_job(st);
}

} // namespace

Result<PrintJob> PrintJobRepository::add_print_job(std::int64_t complaint_seq,
                                                   PrintDocument document,
                                                   const std::string& requested_by, bool visitor,
                                                   int visitor_reprint_limit) {
    return guarded("add_print_job", [&]() -> Result<PrintJob> {
        auto& c = conn();
        auto tx = begin_write();
        if (visitor) {
            auto n = c.prepare(
                "SELECT count(*) FROM print_jobs WHERE complaint_seq = ? AND document = ? "
                "AND visitor = 1");
            n.bind(1, complaint_seq).bind(2, to_string(document));
            n.step();
            const auto made = n.int64(0);
            // The first print is not a reprint.
            if (made >= 1 + static_cast<std::int64_t>(visitor_reprint_limit))
                return Error{ErrorKind::Denied,
                             "err.print.reprint_limit",
                             {{"limit", std::to_string(visitor_reprint_limit)}}};
        }
        const TimeMs now = now_ms();
        c.prepare("INSERT INTO print_jobs(complaint_seq, document, state, requested_by, visitor, "
                  "created_at, "
                  "updated_at) VALUES (?,?,?,?,?,?,?)")
            .bind(1, complaint_seq)
            .bind(2, to_string(document))
            .bind(3, to_string(PrintState::Queued))
            .bind(4, requested_by)
            .bind(5, visitor ? 1 : 0)
            .bind(6, now)
            .bind(7, now)
            .run();
        const auto id = c.last_insert_rowid();
        auto j = select_print_job(c, id);
        tx.commit();
        return j;
    });
}

Status PrintJobRepository::update_print_job(const PrintJob& j, bool only_unfinished) {
    return guarded("update_print_job", [&]() -> Status {
        auto& c = conn();
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [k, v] : j.message.params)
            params[k] = v;
        const TimeMs now = now_ms();
        auto tx = begin_write();
        c.prepare("UPDATE print_jobs SET printer = ?, cups_job_id = ?, state = ?, message = ?, "
                  "message_params = ?, detail = ?, file = ?, updated_at = ?, finished_at = ? WHERE "
                  "id = ? AND (? = 0 OR finished_at IS NULL)")
            .bind(1, j.printer)
            .bind(2, j.cups_job_id)
            .bind(3, to_string(j.state))
            .bind(4, j.message.key)
            .bind(5, params.dump())
            .bind(6, j.detail)
            .bind(7, j.file)
            .bind(8, now)
            .bind(9, finished(j.state) ? std::optional<TimeMs>(j.finished_at ? j.finished_at : now)
                                       : std::optional<TimeMs>())
            .bind(10, j.id)
            .bind(11, only_unfinished ? 1 : 0)
            .run();
        if (c.changes() != 1 && only_unfinished && select_print_job(c, j.id))
            return Error{ErrorKind::Conflict,
                         "err.print.job_finished",
                         {{"id", std::to_string(j.id)}, {"state", "?"}}};
        if (c.changes() != 1)
            return Error{
                ErrorKind::NotFound, "err.print.job_unknown", {{"id", std::to_string(j.id)}}};
        tx.commit();
        return ok();
    });
}

Result<PrintJob> PrintJobRepository::print_job(std::int64_t id) {
    return guarded("print_job", [&]() -> Result<PrintJob> { return select_print_job(conn(), id); });
}

Result<std::vector<PrintJob>> PrintJobRepository::print_jobs(const PrintJobQuery& q) {
    if (q.limit < 1 || q.limit > 1000)
        return Error{ErrorKind::Invalid, "err.list.limit", {{"max", "1000"}}};
    return guarded("print_jobs", [&]() -> Result<std::vector<PrintJob>> {
        std::string sql = std::string("SELECT ") + print_job_columns() +
                          " FROM print_jobs p JOIN complaints c ON c.seq = p.complaint_seq";
        std::string where;
        if (q.complaint_seq) where += " p.complaint_seq = ?";
        if (q.unfinished_or_failed)
            where += std::string(where.empty() ? "" : " AND") + " p.state <> 'completed' AND NOT " +
                     kReprinted;
        if (!where.empty()) sql += " WHERE" + where;
        sql += " ORDER BY p.id DESC LIMIT " + std::to_string(q.limit);
        auto st = conn().prepare(sql);
        if (q.complaint_seq) st.bind(1, *q.complaint_seq);
        std::vector<PrintJob> out;
        while (st.step())
            out.push_back(read_print_job(st));
        return out;
    });
}

Result<int> PrintJobRepository::visitor_prints(std::int64_t complaint_seq, PrintDocument document) {
    return guarded("visitor_prints", [&]() -> Result<int> {
        auto n = conn().prepare("SELECT count(*) FROM print_jobs WHERE complaint_seq = ? AND "
                                "document = ? AND visitor = 1");
        n.bind(1, complaint_seq).bind(2, to_string(document));
        n.step();
        return static_cast<int>(n.int64(0));
    });
}

} // namespace keluhan
