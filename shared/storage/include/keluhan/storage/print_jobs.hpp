// Print jobs (src/print_jobs.cpp): one row per attempt to print a
// complaint's document, with how it ended, so failed receipts can be listed
// and printed again, and the kiosk visitor's reprints limited.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/printing.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

// One attempt to print a document of a complaint (the print_jobs table),
// so a receipt that failed can be found and printed again. Its state is
// never PrintState::Refused (a refusal records nothing).
struct PrintJob {
    std::int64_t id = 0;
    std::int64_t complaint_seq = 0;
    std::string code; // the complaint's tracking code (compact), for lists
    PrintDocument document = PrintDocument::TandaTerima;
    std::string printer; // CUPS queue, "" when none was used
    int cups_job_id = 0; // 0 until CUPS accepted it
    PrintState state = PrintState::Queued;
    Error message;            // what happened (i18n key and parameters), empty key if nothing
    std::string detail;       // CUPS's own words
    std::string requested_by; // user name, or "pelanggan" for the kiosk visitor
    bool visitor = false;     // a visitor's request (counts against the reprint limit)
    std::string file;         // Saved: the PDF's path
    TimeMs created_at = 0;
    TimeMs updated_at = 0;
    TimeMs finished_at = 0; // 0 while queued or submitted
    // A later print of the same document of the same complaint completed:
    // nothing is left to do about this one (read, never stored).
    bool reprinted = false;
};

struct PrintJobQuery {
    std::optional<std::int64_t> complaint_seq;
    // Held, failed, cancelled, saved, or never finished, and not printed
    // since: what still needs someone.
    bool unfinished_or_failed = false;
    int limit = 100;
};

class PrintJobRepository : protected Repository {
  public:
    explicit PrintJobRepository(Database& db) : Repository(db) {}

    // Records a print request as Queued. A visitor's request after their
    // first print of the same document is a reprint, refused with
    // err.print.reprint_limit once `visitor_reprint_limit` reprints were made
    // (checked and recorded in one transaction, so two taps cannot both pass).
    [[nodiscard]] Result<PrintJob> add_print_job(std::int64_t complaint_seq, PrintDocument document,
                                                 const std::string& requested_by, bool visitor,
                                                 int visitor_reprint_limit);
    // Writes the job's printer, CUPS id, state, message, detail and file.
    // With `only_unfinished`, a job that has ended meanwhile is left as it
    // is: err.print.job_finished (Conflict), checked in the same statement.
    [[nodiscard]] Status update_print_job(const PrintJob& job, bool only_unfinished = false);
    [[nodiscard]] Result<PrintJob> print_job(std::int64_t id);
    // Newest first.
    [[nodiscard]] Result<std::vector<PrintJob>> print_jobs(const PrintJobQuery& q);
    // Visitor prints of a complaint's document so far (the first one included).
    [[nodiscard]] Result<int> visitor_prints(std::int64_t complaint_seq, PrintDocument document);
};

} // namespace keluhan
