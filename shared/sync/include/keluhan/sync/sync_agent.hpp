// The kiosk's side of sync (docs/sync.md): push the outbox to the hub, pull
// the status of this kiosk's complaints back into its remote_status copy.
//
// Never loses a complaint: an outbox row is marked sent only after the hub's
// 200 reply listed its complaint as stored or duplicate; a crash between the
// hub's commit and the kiosk's mark makes the next round get "duplicate".
// A complaint the hub rejects keeps its outbox row with the reason and is not
// sent again automatically.
//
// One round is a plain function (`keluhan sync --once`); SyncAgent runs rounds
// on a thread of its own for the kiosk, with exponential backoff and jitter
// while the hub is unreachable or failing, and stops asking after a refused
// token. HTTP (cpp-httplib) stays inside sync_agent.cpp, which also asks the
// hub for a code at Cek Status.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/config.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace keluhan {

// A hub may close a connection while a request is still being written (it
// refuses an oversized body without reading it, or restarts); cpp-httplib
// writes with plain send(), so that would end the whole process by
// SIGPIPE. Every client in this module calls this first: SIGPIPE is
// ignored (once, and only if nobody set a handler), and the write fails
// with EPIPE like any broken connection.
void ignore_broken_pipes();

// How a round ended.
enum class SyncOutcome {
    Ok,          // everything pending was offered and the changes pulled
    Unreachable, // no answer, a broken answer or a 5xx: try again later (backoff)
    Refused,     // 401: the token was refused; stop until someone acts
    Failed,      // something on this side failed (the database, the config)
};
[[nodiscard]] std::string_view to_string(SyncOutcome o);

// What one round did, for the kiosk's staff menu and the command line.
struct SyncRound {
    SyncOutcome outcome = SyncOutcome::Ok;
    int pushed = 0;             // new on the hub ("stored")
    int duplicates = 0;         // the hub had them already
    int rejected = 0;           // refused by the hub; kept here with the reason, not retried
    int pulled = 0;             // status changes written to the remote_status copy
    int skm_pushed = 0;         // survey responses the hub has now (stored or duplicate)
    int skm_rejected = 0;       // survey responses it refused (kept here with the reason)
    int batches = 0;            // push requests answered 200
    int reconnects = 0;         // requests sent again after the hub closed an idle connection
    std::optional<Error> error; // why it did not end Ok (err.sync.*, err.store.*)
    TimeMs started = 0;
    TimeMs finished = 0;
    [[nodiscard]] bool ok() const { return outcome == SyncOutcome::Ok; }
};

// Runs one round against config.sync (hub_url, token, batch_size,
// timeout_seconds). Pushes the outbox batch by batch, then the survey
// responses (POST /api/v1/sync/skm), then pulls changes
// since the stored cursor until the hub says there are no more. Stops at the
// first failure (what was marked before it stays marked).
[[nodiscard]] SyncRound sync_round(Store& store, const SyncConfig& config);

// The wait before the next try after `failures` failed rounds in a row:
// 5 s doubled each time, capped at `cap`, with "equal jitter" (a random
// point in the upper half) so a room of kiosks does not retry in step.
// 0 failures = `interval`.
[[nodiscard]] std::chrono::milliseconds sync_delay(int failures, std::chrono::milliseconds interval,
                                                   std::chrono::milliseconds cap,
                                                   std::mt19937_64& rng);

// Cek Status for a code the kiosk does not know itself: the hub's answer to
// GET /api/v1/status/<code> (config.hub_url; no token, the route is the
// public one the QR page uses, limited per address), with the step texts in
// `language`. A visitor is waiting: the connection and each read get 3 s
// (timeout_seconds when shorter), the whole answer twice that, and at most
// 256 KiB. Refused, with what happened in `detail` for the log, as:
//   err.sync.status_unknown (NotFound): the hub has no complaint with the code;
//   err.sync.status_unreachable (Storage): no answer (refused, timed out, no route);
//   err.sync.status_busy (Denied): the hub turns this address's lookups away (429);
//   err.sync.status_failed (Storage): any other answer, or one that is not the
//     status view of this code (a 404 that is not the hub's "no complaint" is
//     one: a wrong hub_url must not read as an unknown code);
//   err.sync.off, err.sync.hub_url (Invalid): sync is not set up.
// Never throws.
[[nodiscard]] Result<VisitorStatus> fetch_remote_status(const SyncConfig& config,
                                                        const TrackingCode& code,
                                                        const std::string& language);

// Cek Status at the kiosk: the kiosk's own record of the complaint or its
// copy of the hub's status (remote_status, pulled by the agent), whichever
// is newer. A copy that cannot be read is passed over for the own record.
// When neither knows the code and office.config.sync.hub_url is set, the
// hub is asked (fetch_remote_status, on the caller's thread: never call it
// from draw code); its refusals come back as they are, so an unknown code
// stays NotFound and a hub away is err.sync.status_unreachable, not "not
// found". Without a hub: err.complaint... / NotFound when the kiosk does not
// know the code.
struct KioskStatusAnswer {
    enum class From {
        Own,  // the kiosk's own record
        Copy, // its copy of the hub's status, pulled at copy_fetched_at
        Hub,  // the hub's answer just now
    };
    VisitorStatus status;
    From from = From::Own;
    TimeMs copy_fetched_at = 0; // when the copy was pulled; 0 unless From::Copy
};
[[nodiscard]] Result<KioskStatusAnswer> kiosk_status(Store& store, const Office& office,
                                                     const TrackingCode& code,
                                                     const std::string& language, TimeMs now);

// The agent's state for the staff menu (a copy; safe to keep).
struct SyncStatus {
    bool enabled = false; // hub_url set
    bool running = false; // a round is under way
    bool refused = false; // the token was refused: no more rounds until retry()
    TimeMs last_success =
        0; // end of the last round that ended Ok, kept across restarts (0 = none yet)
    TimeMs last_attempt = 0;
    TimeMs next_attempt = 0;   // when the next round is planned (0 = not planned)
    int failures = 0;          // failed rounds in a row
    std::int64_t pending = -1; // outbox rows not yet sent (-1 = not counted yet)
    std::int64_t rejected_kept =
        0; // outbox rows the hub rejected: kept with the reason, not sent again
    std::int64_t skm_pending = 0;    // survey responses not yet sent
    std::optional<Error> last_error; // of the last round, if it failed
    SyncRound last_round;
    // Totals since start.
    std::int64_t pushed = 0, duplicates = 0, rejected = 0, pulled = 0;
};

struct SyncAgentOptions {
    std::chrono::milliseconds backoff_cap = std::chrono::minutes(5);
    // Called on the agent's thread after each round (the kiosk wakes its UI).
    std::function<void()> on_change;
};

// Runs sync rounds on its own thread: at start, every interval_seconds while
// all is well, with backoff after failures, and at once on wake() (after a
// complaint was saved). The destructor stops and joins the thread.
class SyncAgent {
  public:
    SyncAgent(Store& store, SyncConfig config, SyncAgentOptions options = {});
    ~SyncAgent();
    SyncAgent(const SyncAgent&) = delete;
    SyncAgent& operator=(const SyncAgent&) = delete;

    void start();
    // Stops after the round under way (requests time out after timeout_seconds).
    void stop();
    // A round as soon as possible, unless the token was refused or the hub is
    // in backoff (new complaints wait for the next try; nothing is lost).
    void wake();
    // A round now, even after a refusal or during backoff (staff's "sync now").
    void retry();
    [[nodiscard]] SyncStatus status() const;
    // A round is under way or due at once (the first one, or one asked for);
    // the kiosk's script driver waits for it.
    [[nodiscard]] bool busy() const;

  private:
    void loop();

    Store& store_;
    SyncConfig config_;
    SyncAgentOptions options_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    SyncStatus status_;
    bool stop_ = false;
    bool woken_ = false;
    bool forced_ = false;
    bool recount_ = false; // a wake(): the pending count changed, even while backing off
    bool started_ = false;
    bool first_done_ = false;
    std::thread thread_; // last: started after the rest is ready, joined first
};

} // namespace keluhan
