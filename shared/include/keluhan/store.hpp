// The complaint store: one SQLite file.
//
// Journal policy: WAL with exactly one writing connection per file. A Store
// opened for writing holds an OS lock on "<db>-writer.lock" for its whole
// life; a second writer (another process, or another Store in this one) is
// refused with err.store.locked naming the owner. Readers open the file
// read-only and never checkpoint, so commits and checkpoints only ever come
// from the one writer - this rules out SQLite 3.40's WAL-reset race, which
// needs two connections committing and checkpointing at the same moment.
//
// Every write runs in one BEGIN IMMEDIATE transaction with synchronous=FULL:
// when submit() returns, the complaint is on disk.
#pragma once

#include "keluhan/calendar.hpp"
#include "keluhan/db.hpp"
#include "keluhan/error.hpp"
#include "keluhan/ids.hpp"
#include "keluhan/model.hpp"
#include "keluhan/sop.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace keluhan {

struct StoreOptions {
    enum class Access { Write, Read } access = Access::Write;
    std::string owner = "keluhan"; // shown to a second writer: "keluhan-kiosk", "keluhan serve"
    int busy_timeout_ms = 5000;
};

// A filter, order and page of the register ("Formulir daftar keluhan pelanggan").
struct ListQuery {
    std::optional<ComplaintStatus> status;
    std::string service;
    std::optional<Channel> channel;
    std::string step;              // current step id
    std::optional<TimeMs> from;    // created_at >= from
    std::optional<TimeMs> to;      // created_at < to
    bool overdue_only = false;     // open and due before `now`
    TimeMs now = 0;
    std::string text;              // full-text search over the complaint's words and names
    enum class Sort { Newest, Oldest, DueSoonest } sort = Sort::Newest;
    int limit = 50;
    // Keyset paging: the cursor of the last row of the previous page. Pages
    // cost the same at row 10 and at row 900,000.
    std::optional<std::string> after;
};

struct ListPage {
    std::vector<Complaint> rows;
    std::optional<std::string> next; // cursor for the next page, if any
};

// The submission as stored, and what the kiosk prints.
struct Submitted {
    Complaint complaint;
    TrackingCode code;
};

// One attempt to print a document of a complaint (the print_jobs table),
// so a receipt that failed can be found and printed again.
enum class PrintJobState {
    Queued,    // recorded, not yet with CUPS
    Submitted, // CUPS accepted it; being followed
    Completed,
    Held,      // the queue was stopped or the job held; cancelled
    Failed,    // aborted, refused, timed out or never sent
    Cancelled, // cancelled outside Keluhan
    Saved,     // no printer: the PDF was saved (file)
};
[[nodiscard]] std::string_view to_string(PrintJobState s);
[[nodiscard]] std::optional<PrintJobState> print_job_state_from_string(std::string_view s);

struct PrintJob {
    std::int64_t id = 0;
    std::int64_t complaint_seq = 0;
    std::string code;       // the complaint's tracking code (compact), for lists
    std::string document;   // "tanda_terima", "surat_tanggapan"
    std::string printer;    // CUPS queue, "" when none was used
    int cups_job_id = 0;    // 0 until CUPS accepted it
    PrintJobState state = PrintJobState::Queued;
    Error message;          // what happened (i18n key and parameters), empty key if nothing
    std::string detail;     // CUPS's own words
    std::string requested_by; // user name, or "pelanggan" for the kiosk visitor
    bool visitor = false;   // a visitor's request (counts against the reprint limit)
    std::string file;       // Saved: the PDF's path
    TimeMs created_at = 0;
    TimeMs updated_at = 0;
    TimeMs finished_at = 0; // 0 while queued or submitted
};

struct PrintJobQuery {
    std::optional<std::int64_t> complaint_seq;
    bool unfinished_or_failed = false; // held, failed, cancelled, saved, or never finished
    int limit = 100;
};

class Store {
  public:
    // Opens (creating it when writing) and, when writing, upgrades the schema.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path,
                                                             StoreOptions opt = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    [[nodiscard]] static int latest_schema_version();
    [[nodiscard]] int schema_version();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

    // --- complaints -------------------------------------------------------
    // Validated input in, the complaint, its first SOP event, its attachments
    // and an outbox row out, in one durable transaction.
    [[nodiscard]] Result<Submitted> submit(const Submission& s, const SopEngine& engine);
    [[nodiscard]] Result<Complaint> find_by_code(const TrackingCode& code);
    [[nodiscard]] Result<Complaint> find_by_id(const std::string& id);
    [[nodiscard]] Result<std::vector<Event>> events(std::int64_t complaint_seq);
    // Attachments; without data unless `with_data`.
    [[nodiscard]] Result<std::vector<Attachment>> attachments(std::int64_t complaint_seq,
                                                              bool with_data);
    // Applies an engine decision, provided the complaint is still at the step
    // the decision was made on (err.sop.changed otherwise). Gives the register
    // number when the transition asks for it.
    [[nodiscard]] Result<Complaint> apply(const Complaint& c, const Transition& t,
                                          const std::string& register_pattern,
                                          const WorkingCalendar& calendar);
    [[nodiscard]] Result<ListPage> list(const ListQuery& q);
    [[nodiscard]] Result<std::int64_t> count(const ListQuery& q);

    // --- users ------------------------------------------------------------
    [[nodiscard]] Result<User> add_user(const std::string& name, const std::string& display_name,
                                        Role role, const std::string& password_hash);
    // The user and the stored password hash.
    [[nodiscard]] Result<std::pair<User, std::string>> find_user(const std::string& name);
    [[nodiscard]] Result<std::vector<User>> users();
    [[nodiscard]] Status record_login(std::int64_t user_id, bool success, int max_failures,
                                      TimeMs lock_until_if_locked);
    [[nodiscard]] Status set_password(std::int64_t user_id, const std::string& password_hash);
    [[nodiscard]] Status set_active(std::int64_t user_id, bool active);

    // --- print jobs (store_print.cpp) ---------------------------------------
    // Records a print request as Queued. A visitor's request after their
    // first print of the same document is a reprint, refused with
    // err.print.reprint_limit once `visitor_reprint_limit` reprints were made
    // (checked and recorded in one transaction, so two taps cannot both pass).
    [[nodiscard]] Result<PrintJob> add_print_job(std::int64_t complaint_seq, const std::string& document,
                                                 const std::string& requested_by, bool visitor,
                                                 int visitor_reprint_limit);
    // Writes the job's printer, CUPS id, state, message, detail and file.
    [[nodiscard]] Status update_print_job(const PrintJob& job);
    [[nodiscard]] Result<PrintJob> print_job(std::int64_t id);
    // Newest first.
    [[nodiscard]] Result<std::vector<PrintJob>> print_jobs(const PrintJobQuery& q);
    // Visitor prints of a complaint's document so far (the first one included).
    [[nodiscard]] Result<int> visitor_prints(std::int64_t complaint_seq, const std::string& document);

    // --- audit trail -------------------------------------------------------
    [[nodiscard]] Status audit(const std::string& actor, const std::string& action,
                               const std::string& subject, const std::string& detail);

    // --- maintenance ------------------------------------------------------
    // Online backup to `dest` (a consistent copy while the store stays open).
    [[nodiscard]] Status backup(const std::filesystem::path& dest);
    // PRAGMA integrity_check and foreign_key_check; empty when all is well.
    [[nodiscard]] Result<std::vector<std::string>> check();

  private:
    Store(std::filesystem::path path, StoreOptions opt);
    template <typename F> auto guarded(const char* what, F&& f) -> decltype(f());

    std::filesystem::path path_;
    StoreOptions opt_;
    int lock_fd_ = -1;
    std::optional<db::Connection> conn_;
    std::mutex mu_; // one thread at a time on the connection
};

} // namespace keluhan
