// Printing through CUPS (libcups): printers and their state in plain words,
// submitting a PDF and following the job to its end, resuming a stopped
// queue, and the print-job record a failed receipt is reprinted from.
//
// Everything here blocks while it talks to cupsd (each call opens its own
// connection, so any thread may call it); front ends use PrintService, which
// does the work on its own thread and reports through a callback or a queue.
//
// Why a job that cannot print is cancelled: with CUPS's default error policy
// (stop-printer) one failed job stops the whole queue, and the jobs behind
// it would print when staff resume it - receipts with visitors' names,
// hours later, for people long gone. So a job that is held, stopped or not
// done within printer.timeout_seconds is cancelled and recorded as failed;
// staff reprint it deliberately (keluhan print CODE, or the admin panel).
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/printing.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace keluhan {

// --- printers -------------------------------------------------------------

enum class PrinterState { Idle, Processing, Stopped, Unknown };
[[nodiscard]] std::string_view to_string(PrinterState s);

struct PrinterInfo {
    std::string name;
    bool is_default = false;
    PrinterState state = PrinterState::Unknown;
    std::vector<std::string> reasons; // printer-state-reasons without "none"
    std::string state_message;        // the driver's own words (often English)
    bool accepting = true;            // printer-is-accepting-jobs
    std::string info, location, make_model, device_uri;
    std::string
        error_policy; // stop-printer (CUPS's default), abort-job, retry-job, retry-current-job
};

// A printer problem in words for people.
struct PrinterProblem {
    std::string reason;    // IPP keyword without -error/-warning/-report, e.g. "media-empty"
    std::string key;       // i18n key, e.g. "label.printer_reason.media_empty"
    bool blocking = false; // nothing prints until someone acts
};
// The problems `p` reports, most serious first; a stopped queue is always
// one ("label.printer_reason.stopped" or "...paused" for a disabled queue).
[[nodiscard]] std::vector<PrinterProblem> printer_problems(const PrinterInfo& p);
// One line for the admin panel and the command line: the state and every
// problem, e.g. "berhenti: Kertas habis; Antrean dihentikan".
[[nodiscard]] std::string describe_printer(const Catalog& lang, const PrinterInfo& p);

// --- jobs -----------------------------------------------------------------

enum class CupsJobState {
    Pending,
    Held,
    Processing,
    Stopped,
    Cancelled,
    Aborted,
    Completed,
    Unknown
};
[[nodiscard]] std::string_view to_string(CupsJobState s);

struct CupsJob {
    int id = 0;
    CupsJobState state = CupsJobState::Unknown;
    std::vector<std::string> reasons; // job-state-reasons
    std::string message;              // job-printer-state-message
};

// One connection's worth of cupsd. `server` "" = what libcups would use
// (CUPS_SERVER, client.conf, the local socket); a path is a unix socket.
class CupsClient {
  public:
    explicit CupsClient(std::string server = {});

    [[nodiscard]] const std::string& server() const { return server_; }
    // Every queue, with its state; err.print.no_cups when cupsd is unreachable.
    [[nodiscard]] Result<std::vector<PrinterInfo>> printers() const;
    // One queue; err.print.unknown_printer when there is none by that name.
    [[nodiscard]] Result<PrinterInfo> printer(const std::string& name) const;
    // The CUPS default queue, "" when none is set.
    [[nodiscard]] Result<std::string> default_printer() const;
    // Sends a PDF; the CUPS job id once cupsd has accepted all of it.
    [[nodiscard]] Result<int> submit(const std::string& printer, const std::string& title,
                                     std::span<const std::uint8_t> pdf) const;
    [[nodiscard]] Result<CupsJob> job(int job_id) const;
    [[nodiscard]] Status cancel(int job_id) const;
    // Enables a stopped queue and lets it accept jobs again (cupsenable +
    // cupsaccept); needs CUPS admin rights on a system cupsd.
    [[nodiscard]] Status resume(const std::string& printer) const;

  private:
    std::string server_;
};

// How a print ended: Completed, Held, Failed, Cancelled, Saved or Refused
// (Submitted only when the program closed while following the job).
struct PrintReport {
    PrintState outcome = PrintState::Failed;
    std::int64_t print_job_id = 0; // the store's row (0 when none was made)
    std::string printer;           // the queue used, "" when none
    int cups_job_id = 0;
    Error message;                        // what happened, for staff (empty key when completed)
    std::string detail;                   // CUPS's own words, for logs
    std::filesystem::path saved;          // Saved: where the PDF is
    std::vector<PrinterProblem> problems; // the printer's problems at the end
    // Set when the journal could not record how it went (the outcome above
    // is still what happened to the paper).
    std::optional<Error> not_recorded;
    // How long it took from the start of the request until cupsd accepted
    // the job, and until the end.
    std::chrono::milliseconds accepted_after{0};
    std::chrono::milliseconds finished_after{0};
    [[nodiscard]] bool ok() const { return outcome == PrintState::Completed; }
};

// What a visitor at the kiosk should be told about a report (i18n key):
// take your receipt / saved / printer trouble, your code is on screen.
[[nodiscard]] std::string visitor_message_key(const PrintReport& r);

struct FollowOptions {
    std::chrono::milliseconds timeout{60000};
    std::chrono::milliseconds poll{200};
    // A pending job on a stopped queue, or a held job, counts as held after
    // this grace (cupsd may be restarting the queue by itself).
    std::chrono::milliseconds stopped_grace{1500};
    bool cancel_when_held = true;            // see the note at the top of this file
    const std::atomic<bool>* stop = nullptr; // set from outside to give up at once
    // Called on every change of the job's state or the printer's problems.
    std::function<void(const CupsJob&, const std::vector<PrinterProblem>&)> on_change;
};

// Follows a submitted job until it ends, is held, or the timeout passes.
[[nodiscard]] PrintReport follow_job(const CupsClient& cups, const std::string& printer, int job_id,
                                     const FollowOptions& opt);

// --- printing a document, start to end --------------------------------------

struct PrintRequest {
    PrintDocument document = PrintDocument::TandaTerima;
    std::string printer;                    // "" = the config's printer.name, else the CUPS default
    std::string requested_by = "pelanggan"; // user name, or "pelanggan" at the kiosk
    bool visitor = false;                   // a kiosk visitor's request: reprints are limited
    std::optional<Paper> paper;             // receipt paper; config's printer.paper when empty
    std::string language;    // the document's language ("id", "en"); the office's when empty
    std::string cups_server; // "" = libcups's choice
};

struct PrintProgress {
    enum class Stage { Rendering, Sending, Waiting, Finished } stage = Stage::Rendering;
    std::int64_t ticket = 0;       // PrintService's number for the request
    std::int64_t print_job_id = 0; // the store's row, once made
    std::string printer;
    int cups_job_id = 0;
    std::optional<CupsJob> job; // Waiting: the job's last state
    std::vector<PrinterProblem> problems;
    std::optional<PrintReport> report; // Finished only
};
using ProgressFn = std::function<void(const PrintProgress&)>;

// --- where prints are recorded -----------------------------------------------

// The print-job journal and the complaint a print is made of. On this PC's
// Store (StoreJournal: the kiosk, the command line, the one-PC panel), or on
// the hub for a panel working on it (the panel's own adapter over the office
// service), so every print of the office is in one list wherever its paper
// came out. Called from PrintService's thread.
class PrintJournal {
  public:
    virtual ~PrintJournal() = default;
    [[nodiscard]] virtual Result<Complaint> complaint(const TrackingCode& code) = 0;
    // The complaint's events (the response letter is drafted from them).
    [[nodiscard]] virtual Result<std::vector<Event>> events(const Complaint& c) = 0;
    // Records the request as Queued (PrintJobRepository::add_print_job).
    [[nodiscard]] virtual Result<PrintJob> add_job(const Complaint& c, PrintDocument document,
                                                   const std::string& requested_by, bool visitor,
                                                   int visitor_reprint_limit) = 0;
    // Records how it went so far (printer, CUPS job, state, message, file).
    [[nodiscard]] virtual Status update_job(const PrintJob& job) = 0;
};

class StoreJournal final : public PrintJournal {
  public:
    explicit StoreJournal(Store& store) : store_(store) {}
    Result<Complaint> complaint(const TrackingCode& code) override;
    Result<std::vector<Event>> events(const Complaint& c) override;
    Result<PrintJob> add_job(const Complaint& c, PrintDocument document,
                             const std::string& requested_by, bool visitor,
                             int visitor_reprint_limit) override;
    Status update_job(const PrintJob& job) override;

  private:
    Store& store_;
};

// Renders the complaint's document and prints it, for the kiosk, the panel
// and the command line alike: records the print job (a visitor's receipt is
// refused with err.print.reprint_limit once they have had their reprints),
// picks the queue (the request's, else printer.name for a receipt or
// printer.letter_name for a letter, else the CUPS default, else the only
// queue), sends the PDF, follows the job and records how it ended. With no
// printer at all, saves the PDF under <data_dir>/tanda-terima/ or
// <data_dir>/surat-tanggapan/ instead. Errors are only returned when nothing
// could even be recorded; every other failure is a report.
[[nodiscard]] Result<PrintReport> print_document(PrintJournal& journal, const Office& office,
                                                 const Complaint& c, const PrintRequest& req,
                                                 const ProgressFn& progress = {},
                                                 const std::atomic<bool>* stop = nullptr);
// The same, recorded in `store`.
[[nodiscard]] Result<PrintReport> print_document(Store& store, const Office& office,
                                                 const Complaint& c, const PrintRequest& req,
                                                 const ProgressFn& progress = {},
                                                 const std::atomic<bool>* stop = nullptr);

// How many reprints the kiosk visitor may still ask for (config
// printer.reprint_limit minus those made), for greying out the button.
[[nodiscard]] Result<int> visitor_reprints_left(Store& store, const Office& office,
                                                const Complaint& c);

// Printing for the kiosk and the admin panel: requests are queued and done
// one at a time on the service's own thread; progress comes back through
// the callback (called on that thread - hand it to the UI thread, e.g. with
// SDL_PushEvent) and through take_updates() for those who poll. Safe to
// call from any thread. The journal (or store) and the office must outlive
// the service.
class PrintService {
  public:
    PrintService(Store& store, const Office& office, ProgressFn on_progress = {});
    PrintService(PrintJournal& journal, const Office& office, ProgressFn on_progress = {});
    // Stops following the current job (it stays in CUPS), sends or saves
    // what is still queued without waiting for it to print, and joins.
    ~PrintService();
    PrintService(const PrintService&) = delete;
    PrintService& operator=(const PrintService&) = delete;

    // Queues req.document of the complaint with `code`; returns a ticket at
    // once. Everything else, refusals included, comes as progress.
    std::int64_t print(const TrackingCode& code, PrintRequest req);
    // The same with the office as it is now, for a front end whose office
    // changes while prints are on their way (a panel's settings, another
    // user's sign-in): the print uses this copy, not the one given at start.
    std::int64_t print(const TrackingCode& code, PrintRequest req,
                       std::shared_ptr<const Office> office);
    // Progress since the last call, oldest first.
    [[nodiscard]] std::vector<PrintProgress> take_updates();
    // Waits until every queued request has finished (tests, shutdown).
    bool wait_idle(std::chrono::milliseconds timeout);

  private:
    struct Task {
        std::int64_t ticket;
        TrackingCode code;
        PrintRequest req;
        std::shared_ptr<const Office> office; // null = office_
    };
    void run();
    void publish(const PrintProgress& p);

    std::unique_ptr<StoreJournal> own_journal_; // when made on a Store
    PrintJournal& journal_;
    const Office& office_;
    ProgressFn on_progress_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Task> tasks_;
    std::vector<PrintProgress> updates_;
    std::int64_t next_ticket_ = 1;
    bool busy_ = false;
    std::atomic<bool> stop_{false};
    std::thread worker_;
};

} // namespace keluhan
