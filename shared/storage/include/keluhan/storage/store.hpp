// The complaint store: one SQLite file.
//
// Journal policy: WAL, with every write serialised by an OS lock. Each write
// transaction (and opening, which may migrate, and closing, which may
// checkpoint) holds an OFD lock on "<db>-writer.lock" from before BEGIN to
// after COMMIT. So several writers - the hub, the admin panel and the command
// line, in one process or several - take turns on one file, and commits and
// checkpoints never overlap. Readers open the file read-only and never
// checkpoint. This rules out SQLite 3.40's WAL-reset race, which needs a
// commit and a checkpoint of two connections at the same moment. A writer
// that waits longer than busy_timeout_ms is refused with err.store.locked,
// naming the holder.
//
// Every write runs in one BEGIN IMMEDIATE transaction with synchronous=FULL:
// when submit() returns, the complaint is on disk.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/printing.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/storage/db.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace keluhan {

namespace store_detail {
class WriteTx;
}

struct StoreOptions {
    enum class Access { Write, Read } access = Access::Write;
    std::string owner =
        "keluhan"; // shown to a writer kept waiting: "keluhan-kiosk", "keluhan serve"
    int busy_timeout_ms = 5000;
};

// A filter, order and page of the register ("Formulir daftar keluhan pelanggan").
struct ListQuery {
    std::optional<ComplaintStatus> status;
    std::string service;
    std::optional<Channel> channel;
    std::string step;           // current step id
    std::optional<TimeMs> from; // created_at >= from
    std::optional<TimeMs> to;   // created_at < to
    bool overdue_only = false;  // open and due before `now`
    TimeMs now = 0;
    std::string text; // full-text search over the complaint's words and names
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
};

struct PrintJobQuery {
    std::optional<std::int64_t> complaint_seq;
    bool unfinished_or_failed = false; // held, failed, cancelled, saved, or never finished
    int limit = 100;
};

// One office setting kept in the database (settings.hpp says which keys).
struct StoredSetting {
    std::string key;
    std::string value;
    TimeMs updated_at = 0;
    std::string updated_by;
};

// A change to one user account (users.hpp checks who may make it).
struct UserChange {
    std::string name; // whose account
    std::optional<bool> active;
    std::optional<Role> role;
    std::optional<std::string> password_hash;
    std::optional<std::string> display_name;
};

// One complaint's SOP history as the reports read it.
struct ComplaintHistory {
    std::int64_t seq = 0;
    std::string sop;
    std::string service;
    Channel channel = Channel::Tertulis;
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs created_at = 0;
    std::vector<Event> events; // kind, step_id and at only, in order
};

// How many complaints of a month have one value of a column.
struct GroupCount {
    std::string key;
    std::int64_t count = 0;
};
enum class ReportGroup { ByService, ByChannel, ByStatus };

// --- sync (store_sync.cpp, sync.hpp, docs/sync.md) ----------------------------

// A complaint made on a kiosk, as the hub imports it from a push.
struct ImportedComplaint {
    std::string id;        // the kiosk's UUID for it
    std::string code;      // tracking code as sent (compact or grouped)
    TimeMs created_at = 0; // when the kiosk took it
    Submission submission; // its fields and attachments (origin ignored)
};

// What the hub did with one pushed complaint.
struct ImportResult {
    enum class Outcome { Stored, Duplicate, Rejected };
    std::string id;
    Outcome outcome = Outcome::Rejected;
    Error error; // Rejected: why (err.sync.code_conflict, a validation error)
};

// A kiosk allowed to sync with this hub (`keluhan kiosk add`).
struct KioskRecord {
    std::int64_t id = 0;
    std::string name;
    std::string secret_hash; // hex crypto_generichash of the token's secret
    TimeMs created_at = 0;
    TimeMs revoked_at = 0;   // 0 = active
    TimeMs last_seen_at = 0; // 0 = never
};

// A complaint waiting in a kiosk's outbox, with what the push needs.
struct OutboxItem {
    Complaint complaint;
    std::vector<Attachment> attachments; // with data
    TimeMs queued_at = 0;
    int attempts = 0;
    std::string last_error; // key of the last failure, "" if none
};

// One of this hub's complaints with its events, for the kiosks' pull.
struct ChangedComplaint {
    Complaint complaint;
    std::vector<Event> events;
};
struct ChangedPage {
    std::vector<ChangedComplaint> rows;
    std::int64_t next = 0; // the largest events.id covered
    bool more = false;
};

// One complaint's current state on the hub, as its kiosk pulls and keeps it.
struct StatusChange {
    std::string id;
    std::string code; // compact
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs updated_at = 0;
    std::string status_view; // JSON text (sync.hpp status_view())
};
struct RemoteStatus {
    StatusChange change;
    TimeMs fetched_at = 0;
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
    // Adds an account (err.user.exists when the name is taken). With an
    // `audit_actor`, its "user.add" audit row is written in the same
    // transaction (the test fixtures and `keluhan demo` add users unaudited).
    [[nodiscard]] Result<User>
    add_user(const std::string& name, const std::string& display_name, Role role,
             const std::string& password_hash,
             const std::optional<std::string>& audit_actor = std::nullopt);
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
    [[nodiscard]] Result<PrintJob> add_print_job(std::int64_t complaint_seq, PrintDocument document,
                                                 const std::string& requested_by, bool visitor,
                                                 int visitor_reprint_limit);
    // Writes the job's printer, CUPS id, state, message, detail and file.
    [[nodiscard]] Status update_print_job(const PrintJob& job);
    [[nodiscard]] Result<PrintJob> print_job(std::int64_t id);
    // Newest first.
    [[nodiscard]] Result<std::vector<PrintJob>> print_jobs(const PrintJobQuery& q);
    // Visitor prints of a complaint's document so far (the first one included).
    [[nodiscard]] Result<int> visitor_prints(std::int64_t complaint_seq, PrintDocument document);

    // --- sync: the hub side (store_sync.cpp) --------------------------------
    // Registers a kiosk (err.kiosk.exists when the name is taken, revoked or
    // not), with its "hub.kiosk.add" audit row by `actor` in the same transaction.
    [[nodiscard]] Result<KioskRecord>
    add_kiosk(const std::string& name, const std::string& secret_hash, const std::string& actor);
    [[nodiscard]] Result<std::vector<KioskRecord>> kiosks();
    // Sets revoked_at (err.kiosk.unknown; revoking twice keeps the first time),
    // with its "hub.kiosk.revoke" audit row by `actor` in the same transaction.
    [[nodiscard]] Result<KioskRecord> revoke_kiosk(const std::string& name,
                                                   const std::string& actor);
    // err.kiosk.unknown when there is no such kiosk. Works on a read-only store.
    [[nodiscard]] Result<KioskRecord> find_kiosk(const std::string& name);
    [[nodiscard]] Status touch_kiosk(const std::string& name, TimeMs at);
    // The hub's idempotent insert of valid complaints (checked by the caller),
    // all in one durable transaction, origin = `origin`: a known id is a
    // Duplicate (whatever its state now), a code held by another id is
    // Rejected (err.sync.code_conflict), else Stored like submit() does it
    // (first SOP step done at created_at, the next current, due on the hub's
    // calendar, one "submit" event, the attachments; no outbox row).
    [[nodiscard]] Result<std::vector<ImportResult>>
    import_batch(const std::vector<ImportedComplaint>& batch, const std::string& origin,
                 const SopEngine& engine);
    // Complaints of `origin` with any event after `cursor` (an events.id),
    // at most `limit`, in the order of their latest such event; `next` covers
    // every event returned. One read snapshot. Works on a read-only store.
    [[nodiscard]] Result<ChangedPage> changes_since(const std::string& origin, std::int64_t cursor,
                                                    int limit);

    // --- sync: the kiosk side (store_sync.cpp) ------------------------------
    // Unsent, not rejected outbox rows, oldest first, with their complaint
    // and attachments.
    [[nodiscard]] Result<std::vector<OutboxItem>> outbox_pending(int limit);
    [[nodiscard]] Result<std::int64_t> outbox_pending_count();
    [[nodiscard]] Result<std::int64_t> outbox_rejected_count();
    // After the hub answered stored or duplicate for these complaint seqs.
    [[nodiscard]] Status mark_sent(const std::vector<std::int64_t>& complaint_seqs, TimeMs at);
    // A failed attempt: attempts + 1 and the reason; with `rejected` the row
    // is also set aside (not offered again automatically).
    [[nodiscard]] Status mark_failed(std::int64_t complaint_seq, const Error& why, bool rejected);
    [[nodiscard]] Status mark_rejected(std::int64_t complaint_seq, const Error& why) {
        return mark_failed(complaint_seq, why, true);
    }
    // Keeps pulled changes, the new pull cursor (sync_state "pull_cursor")
    // and the time of this answer (sync_state "pulled_at", decimal ms: every
    // copy is at least that fresh) in one transaction.
    [[nodiscard]] Status put_remote_status(const std::vector<StatusChange>& changes,
                                           const std::string& cursor, TimeMs fetched_at);
    // The hub's copy of a complaint's status; nullopt when none was pulled.
    [[nodiscard]] Result<std::optional<RemoteStatus>>
    remote_status(const std::string& compact_code);
    [[nodiscard]] Result<std::optional<std::string>> sync_state(const std::string& key);
    [[nodiscard]] Status set_sync_state(const std::string& key, const std::string& value);

    // --- audit trail -------------------------------------------------------
    // An audit row on its own, for what changes nothing else (a personal-data
    // export). Every change writes its own row inside its own transaction.
    [[nodiscard]] Status audit(const std::string& actor, const std::string& action,
                               const std::string& subject, const std::string& detail);

    // --- settings, user administration, CAPA, personal data (store_admin.cpp) ---
    // The rules live in settings.hpp, users.hpp, corrective.hpp and
    // personal.hpp; these write a change and its audit row in one transaction.
    [[nodiscard]] Result<std::vector<StoredSetting>> settings();
    // Writes `value` for `key` (removes the key when there is no value).
    // With `refuse_open_outside_sop` set, refuses with err.setting.sop_open
    // while an open complaint follows another SOP profile than that one.
    [[nodiscard]] Status put_setting(const std::string& key,
                                     const std::optional<std::string>& value,
                                     const std::string& actor,
                                     const std::string& refuse_open_outside_sop = {});
    // Open complaints that follow another SOP profile than `sop`.
    [[nodiscard]] Result<std::int64_t> count_open_outside_sop(const std::string& sop);

    // Applies `change` for `actor`, who must still be an active administrator.
    // Refuses disabling oneself or changing one's own role
    // (err.user.self), and leaving no active administrator (err.user.last_admin).
    [[nodiscard]] Result<User> change_user(const User& actor, const UserChange& change);

    [[nodiscard]] Result<std::optional<Capa>> capa(std::int64_t complaint_seq);
    // Saves the complaint's CAPA record with `e` (kind "capa") in its
    // history, provided the complaint is still at the step it was read at
    // (err.sop.changed otherwise).
    [[nodiscard]] Result<Capa> save_capa(const Complaint& c, const Capa& capa, const Event& e);

    // Complaints whose phone (compared digits only, 62... read as 0...) or
    // e-mail (case-insensitive) matches; either may be empty. Oldest first.
    [[nodiscard]] Result<std::vector<Complaint>> find_by_contact(const std::string& phone,
                                                                 const std::string& email);
    // Clears a closed complaint's personal data (see personal.hpp); returns
    // the files of saved receipts to delete. err.personal.open /
    // err.personal.already when it is open or already anonymised.
    [[nodiscard]] Result<std::vector<std::string>>
    anonymise(const Complaint& c, const std::string& marker, const Event& e);
    // When the complaint was anonymised (0 if never).
    [[nodiscard]] Result<TimeMs> anonymised_at(std::int64_t complaint_seq);

    // --- reports (store_report.cpp) -----------------------------------------
    // Complaints submitted in [from, to) counted by one column, largest first.
    [[nodiscard]] Result<std::vector<GroupCount>> count_by(ReportGroup g, TimeMs from, TimeMs to);
    // Calls `f` with the history of every complaint submitted in [from, to),
    // in submission order, all read in one snapshot.
    [[nodiscard]] Status each_history(TimeMs from, TimeMs to,
                                      const std::function<void(const ComplaintHistory&)>& f);

    // --- maintenance ------------------------------------------------------
    // Online backup to `dest` (a consistent copy while the store stays open).
    [[nodiscard]] Status backup(const std::filesystem::path& dest);
    // PRAGMA integrity_check and foreign_key_check; empty when all is well.
    [[nodiscard]] Result<std::vector<std::string>> check();

  private:
    Store(std::filesystem::path path, StoreOptions opt);
    template <typename F> auto guarded(const char* what, F&& f) -> decltype(f());
    // Starts a write transaction under the writer lock (see the top of this
    // file). Use inside guarded(): `auto tx = begin_write(); ...; tx.commit();`
    [[nodiscard]] store_detail::WriteTx begin_write();

    std::filesystem::path path_;
    StoreOptions opt_;
    int lock_fd_ = -1;
    std::optional<db::Connection> conn_;
    std::mutex mu_; // one thread at a time on the connection
};

} // namespace keluhan
