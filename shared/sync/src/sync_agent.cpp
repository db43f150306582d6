// The kiosk's sync agent: one round (push the outbox, pull changes) and the
// thread that runs rounds with backoff. See sync_agent.hpp and docs/sync.md.
//
// [SECTION] the hub's address and one HTTP exchange
// [SECTION] push
// [SECTION] pull
// [SECTION] one round
// [SECTION] Cek Status at the kiosk (and asking the hub for a code)
// [SECTION] backoff and the agent's thread
#include "keluhan/sync/sync_agent.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/sync/sync.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>

namespace keluhan {

void ignore_broken_pipes() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction now {};
        if (::sigaction(SIGPIPE, nullptr, &now) == 0 && now.sa_handler == SIG_DFL)
            std::signal(SIGPIPE, SIG_IGN);
    });
}

std::string_view to_string(SyncOutcome o) {
    switch (o) {
    case SyncOutcome::Ok:
        return "ok";
    case SyncOutcome::Unreachable:
        return "unreachable";
    case SyncOutcome::Refused:
        return "refused";
    case SyncOutcome::Failed:
        return "failed";
    }
    return "failed";
}

namespace {

constexpr const char* kLastSuccess =
    "last_success"; // sync_state key: ms of the last round that ended Ok
// Attachment bytes in one push at most (base64 makes it ~21 MiB of JSON,
// under the hub's default 32 MiB body limit).
constexpr std::size_t kBatchBytes = 16u << 20;

// --- [SECTION] the hub's address and one HTTP exchange ------------------------------

// The hub's answer to one request, or why there was none.
struct Exchange {
    int status = 0; // 0: no answer
    std::string body;
    std::string failure; // httplib's reason when status == 0
};

class HubClient {
  public:
    // Counts the requests it sends again in `reconnects`.
    HubClient(const HubAddress& a, const SyncConfig& cfg, int& reconnects)
        : prefix_(a.prefix), client_(a.origin), reconnects_(reconnects) {
        ignore_broken_pipes();
        const auto timeout = static_cast<time_t>(std::max(1, cfg.timeout_seconds));
        timeout_ = std::chrono::seconds(timeout);
        // A hub on the office network answers a connect at once; a short
        // connect timeout keeps a kiosk with its cable out quick to quit.
        client_.set_connection_timeout(std::min<time_t>(timeout, 3));
        client_.set_read_timeout(timeout);
        client_.set_write_timeout(timeout);
        client_.set_keep_alive(true);
        client_.set_tcp_nodelay(true); // headers and body are two writes (remote_service.cpp)
        client_.set_bearer_token_auth(cfg.token);
        client_.set_default_headers(
            {{"Accept", "application/json"}, {"User-Agent", "keluhan-kiosk"}});
    }

    Exchange post(const std::string& path, const std::string& body) {
        return send(
            [&] { return client_.Post((prefix_ + path).c_str(), body, "application/json"); });
    }
    Exchange get(const std::string& path) {
        return send([&] { return client_.Get((prefix_ + path).c_str()); });
    }

  private:
    // The hub closes a keep-alive connection after two idle seconds; a kiosk
    // that spent longer preparing its next batch (reading and encoding long
    // recordings) can send into a connection the hub closed a moment before.
    // That fails fast, with a write or read error, on a connection that had
    // already answered: the request goes once more on a new connection. Both
    // requests are safe to repeat (the hub answers a complaint it has as a
    // duplicate). A request that ran into the timeout is not repeated.
    template <class Request> Exchange send(Request request) {
        const auto start = std::chrono::steady_clock::now();
        httplib::Result r = request();
        if (!r && answered_ &&
            (r.error() == httplib::Error::Write || r.error() == httplib::Error::Read) &&
            std::chrono::steady_clock::now() - start < timeout_ / 2) {
            ++reconnects_;
            client_.stop();
            r = request();
        }
        if (r) answered_ = true;
        return take(r);
    }
    static Exchange take(const httplib::Result& r) {
        Exchange e;
        if (!r) {
            e.failure = httplib::to_string(r.error());
            return e;
        }
        e.status = r->status;
        e.body = r->body;
        return e;
    }

    std::string prefix_;
    httplib::Client client_;
    std::chrono::seconds timeout_{1};
    bool answered_ = false; // the connection answered before: a failure may be a stale one
    int& reconnects_;
};

// How a failed exchange ends the round.
struct Stop {
    SyncOutcome outcome;
    Error error;
};

Stop stop_for(const Exchange& x, const std::string& hub) {
    if (x.status == 0)
        return {SyncOutcome::Unreachable,
                Error{ErrorKind::Storage, "err.sync.unreachable", {{"hub", hub}}, x.failure}};
    if (x.status == 401)
        return {SyncOutcome::Refused,
                Error{ErrorKind::Denied, "err.sync.token_refused", {{"hub", hub}}, x.body}};
    return {SyncOutcome::Unreachable, Error{ErrorKind::Storage,
                                            "err.sync.hub_status",
                                            {{"hub", hub}, {"status", std::to_string(x.status)}},
                                            x.body.substr(0, 300)}};
}

Stop bad_reply(const std::string& hub, std::string detail) {
    return {SyncOutcome::Unreachable,
            Error{ErrorKind::Storage, "err.sync.reply", {{"hub", hub}}, std::move(detail)}};
}

Stop local_failure(Error e) {
    return {SyncOutcome::Failed, std::move(e)};
}

// --- [SECTION] push ------------------------------------------------------------------

class Round {
  public:
    Round(Store& store, const SyncConfig& cfg, HubClient& hub)
        : store_(store), cfg_(cfg), hub_(hub) {}

    std::optional<Stop> push(SyncRound& r) {
        const int batch = std::clamp(cfg_.batch_size, 1, 200);
        // The outbox is read with its recordings, so the first read is small
        // (an outbox of long recordings is not loaded all at once) and the
        // next ones double up to batch_size while nothing is cut.
        int limit = std::min(batch, 16);
        // Each pass marks every row it offered (sent or rejected), so the
        // pending list shrinks; a pass that marks nothing ends the loop.
        for (int guard = 0; guard < 1'000'000; ++guard) {
            auto items = store_.outbox_pending(limit);
            if (!items) return local_failure(items.error());
            if (items->empty()) return std::nullopt;
            const bool full = static_cast<int>(items->size()) == limit;
            // Recordings are large (up to ~6 MB for three minutes): a batch
            // ends where they pass the byte budget, one complaint at least,
            // and the next read asks for no more than fitted this time.
            std::size_t bytes = 0, keep = 0;
            for (; keep < items->size(); ++keep) {
                std::size_t b = 0;
                for (const auto& a : (*items)[keep].attachments)
                    b += a.data.size();
                if (keep > 0 && bytes + b > kBatchBytes) break;
                bytes += b;
            }
            const bool cut = keep < items->size();
            items->erase(items->begin() + static_cast<std::ptrdiff_t>(keep), items->end());
            const int before = r.pushed + r.duplicates + r.rejected;
            if (auto s = offer(*items, r)) return s;
            if (r.pushed + r.duplicates + r.rejected == before) return std::nullopt;
            if (!full && !cut) return std::nullopt; // that was the last of them
            limit = cut ? std::max(1, static_cast<int>(keep)) : std::min(batch, limit * 2);
        }
        return std::nullopt;
    }

  private:
    static bool refuses_version(const Exchange& x) {
        const auto e = parse_error_body(x.body);
        return e && e->key == "err.sync.version";
    }

    // Sends one batch. A batch the hub refuses as a whole (400 malformed,
    // 413 too large) is offered again one complaint at a time, so one bad
    // complaint cannot hold back the others; alone, it is marked rejected.
    std::optional<Stop> offer(const std::vector<OutboxItem>& items, SyncRound& r) {
        const std::string body = push_body(items);
        const Exchange x = hub_.post("/api/v1/sync/push", body);
        // A hub on another version of the protocol refuses every batch:
        // the round stops, nothing is marked rejected.
        if (x.status == 400 && refuses_version(x)) return stop_for(x, cfg_.hub_url);
        if (x.status == 400 || x.status == 413) {
            if (items.size() > 1) {
                for (const auto& one : items)
                    if (auto s = offer({one}, r)) return s;
                return std::nullopt;
            }
            Error why{ErrorKind::Invalid,
                      x.status == 413 ? "err.sync.too_large" : "err.sync.payload",
                      {},
                      x.body.substr(0, 300)};
            if (auto st = store_.mark_rejected(items.front().complaint.seq, why); !st)
                return local_failure(st.error());
            ++r.rejected;
            return std::nullopt;
        }
        if (x.status != 200) return stop_for(x, cfg_.hub_url);
        auto reply = parse_push_reply(x.body);
        if (!reply) return bad_reply(cfg_.hub_url, reply.error().detail);
        ++r.batches;
        std::vector<std::int64_t> sent;
        std::vector<std::pair<std::int64_t, Error>> rejected;
        for (const auto& res : *reply) {
            auto it = std::find_if(items.begin(), items.end(),
                                   [&](const OutboxItem& i) { return i.complaint.id == res.id; });
            if (it == items.end()) continue; // not one we sent: ignored
            switch (res.result) {
            case PushResult::Kind::Stored:
                sent.push_back(it->complaint.seq);
                ++r.pushed;
                break;
            case PushResult::Kind::Duplicate:
                sent.push_back(it->complaint.seq);
                ++r.duplicates;
                break;
            case PushResult::Kind::Rejected:
                rejected.emplace_back(it->complaint.seq, res.error);
                ++r.rejected;
                break;
            }
        }
        // Only now, after the hub's reply, are the rows marked.
        if (!sent.empty())
            if (auto st = store_.mark_sent(sent, now_ms()); !st) return local_failure(st.error());
        for (const auto& [seq, why] : rejected)
            if (auto st = store_.mark_rejected(seq, why); !st) return local_failure(st.error());
        return std::nullopt;
    }

  public:
    // The survey outbox, after the complaints: small rows, so plain batches
    // of up to 100. A batch refused as a whole is offered one by one, like
    // complaints; a hub without the route (404, older than the survey)
    // keeps them waiting without failing the round.
    std::optional<Stop> push_skm(SyncRound& r) {
        for (int guard = 0; guard < 100'000; ++guard) {
            auto items = store_.skm_outbox_pending(static_cast<int>(sync_limits::kMaxSkmResponses));
            if (!items) return local_failure(items.error());
            if (items->empty()) return std::nullopt;
            const int before = r.skm_pushed + r.skm_rejected;
            bool old_hub = false;
            if (auto s = offer_skm(*items, r, old_hub)) return s;
            if (old_hub || r.skm_pushed + r.skm_rejected == before) return std::nullopt;
        }
        return std::nullopt;
    }

  private:
    std::optional<Stop> offer_skm(const std::vector<SkmOutboxItem>& items, SyncRound& r,
                                  bool& old_hub) {
        const Exchange x = hub_.post("/api/v1/sync/skm", skm_push_body(items));
        if (x.status == 404) {
            old_hub = true;
            return std::nullopt;
        }
        if (x.status == 400 && refuses_version(x)) return stop_for(x, cfg_.hub_url);
        if (x.status == 400 || x.status == 413) {
            if (items.size() > 1) {
                for (const auto& one : items)
                    if (auto s = offer_skm({one}, r, old_hub)) return s;
                return std::nullopt;
            }
            Error why{ErrorKind::Invalid,
                      x.status == 413 ? "err.sync.too_large" : "err.sync.payload",
                      {},
                      x.body.substr(0, 300)};
            if (auto st = store_.mark_skm_rejected(items.front().response.id, why); !st)
                return local_failure(st.error());
            ++r.skm_rejected;
            return std::nullopt;
        }
        if (x.status != 200) return stop_for(x, cfg_.hub_url);
        auto reply = parse_push_reply(x.body);
        if (!reply) return bad_reply(cfg_.hub_url, reply.error().detail);
        std::vector<std::string> sent;
        for (const auto& res : *reply) {
            const bool ours = std::any_of(items.begin(), items.end(), [&](const SkmOutboxItem& i) {
                return i.response.id == res.id;
            });
            if (!ours) continue;
            if (res.result == PushResult::Kind::Rejected) {
                if (auto st = store_.mark_skm_rejected(res.id, res.error); !st)
                    return local_failure(st.error());
                ++r.skm_rejected;
            } else {
                sent.push_back(res.id);
                ++r.skm_pushed;
            }
        }
        if (!sent.empty())
            if (auto st = store_.mark_skm_sent(sent, now_ms()); !st)
                return local_failure(st.error());
        return std::nullopt;
    }

  public:
    // --- [SECTION] pull --------------------------------------------------------------
    std::optional<Stop> pull(SyncRound& r) {
        auto cursor = store_.sync_state("pull_cursor");
        if (!cursor) return local_failure(cursor.error());
        std::string since = cursor->value_or("");
        for (int guard = 0; guard < 100'000; ++guard) {
            const Exchange x = hub_.get("/api/v1/sync/changes?limit=1000&since=" + since);
            if (x.status != 200) return stop_for(x, cfg_.hub_url);
            auto page = parse_changes(x.body);
            if (!page) return bad_reply(cfg_.hub_url, page.error().detail);
            // The copies and the cursor in one transaction: a crash never
            // leaves a cursor past changes that were not kept.
            if (auto st = store_.put_remote_status(page->changes, page->next, now_ms()); !st)
                return local_failure(st.error());
            r.pulled += static_cast<int>(page->changes.size());
            if (!page->more || page->next == since) return std::nullopt;
            since = page->next;
        }
        return std::nullopt;
    }

  private:
    Store& store_;
    const SyncConfig& cfg_;
    HubClient& hub_;
};

} // namespace

// --- [SECTION] one round -------------------------------------------------------------

SyncRound sync_round(Store& store, const SyncConfig& cfg) {
    SyncRound r;
    r.started = now_ms();
    auto finish = [&](std::optional<Stop> s) {
        if (s) {
            r.outcome = s->outcome;
            r.error = std::move(s->error);
        }
        r.finished = now_ms();
        return r;
    };
    if (cfg.hub_url.empty())
        return finish(local_failure(Error{ErrorKind::Invalid, "err.sync.off"}));
    auto addr = parse_hub_url(cfg.hub_url);
    if (!addr) return finish(local_failure(addr.error()));
    if (cfg.token.empty())
        return finish(Stop{SyncOutcome::Refused, Error{ErrorKind::Denied, "err.sync.no_token"}});
    try {
        HubClient hub(*addr, cfg, r.reconnects);
        Round round(store, cfg, hub);
        if (auto s = round.push(r)) return finish(s);
        if (auto s = round.push_skm(r)) return finish(s);
        if (auto s = round.pull(r)) return finish(s);
        // Kept for the staff menu after a restart; written when the round
        // moved something, else at most every ten minutes (an idle kiosk
        // does not write its disk every interval).
        const TimeMs at = now_ms();
        auto last = store.sync_state(kLastSuccess);
        TimeMs before = 0;
        if (last && *last) before = std::strtoll((*last)->c_str(), nullptr, 10);
        if (r.pushed + r.duplicates + r.rejected + r.pulled + r.skm_pushed + r.skm_rejected > 0 ||
            at - before >= 10 * 60 * 1000)
            if (auto st = store.set_sync_state(kLastSuccess, std::to_string(at)); !st)
                return finish(local_failure(st.error()));
        return finish(std::nullopt);
    } catch (const std::exception& e) {
        // httplib or the JSON library threw (out of memory, a bug): a failed
        // round, never a dead kiosk.
        return finish(
            Stop{SyncOutcome::Unreachable,
                 Error{ErrorKind::Internal, "err.sync.reply", {{"hub", cfg.hub_url}}, e.what()}});
    }
}

// --- [SECTION] Cek Status at the kiosk --------------------------------------------------------

namespace {

// A visitor waits for the answer at the screen.
constexpr int kStatusTimeoutSeconds = 3;
constexpr std::size_t kStatusMaxBytes = 256u << 10;

Error status_error(ErrorKind kind, const char* key, std::string detail) {
    return Error{kind, key, {}, std::move(detail)};
}

} // namespace

Result<VisitorStatus> fetch_remote_status(const SyncConfig& cfg, const TrackingCode& code,
                                          const std::string& language) {
    if (cfg.hub_url.empty()) return Error{ErrorKind::Invalid, "err.sync.off"};
    auto addr = parse_hub_url(cfg.hub_url);
    if (!addr) return addr.error();
    const std::string at = cfg.hub_url + ": ";
    try {
        const auto seconds =
            static_cast<time_t>(std::clamp(cfg.timeout_seconds, 1, kStatusTimeoutSeconds));
        httplib::Client client(addr->origin);
        client.set_connection_timeout(seconds);
        client.set_read_timeout(seconds);
        client.set_write_timeout(seconds);
        client.set_keep_alive(false);
        client.set_default_headers(
            {{"Accept", "application/json"}, {"User-Agent", "keluhan-kiosk"}});
        // Read timeouts count per read: a hub that trickles its answer is
        // cut off at twice the timeout, and past the size limit.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2 * seconds);
        std::string body;
        bool too_large = false, too_slow = false;
        httplib::Result r = client.Get((addr->prefix + "/api/v1/status/" + code.compact()).c_str(),
                                       [&](const char* data, std::size_t len) {
                                           too_large = body.size() + len > kStatusMaxBytes;
                                           too_slow = std::chrono::steady_clock::now() > deadline;
                                           if (too_large || too_slow) return false;
                                           body.append(data, len);
                                           return true;
                                       });
        if (too_large)
            return status_error(ErrorKind::Storage, "err.sync.status_failed",
                                at + "an answer over 256 KiB");
        if (!r)
            return status_error(ErrorKind::Storage, "err.sync.status_unreachable",
                                at + (too_slow ? std::string("no whole answer in time")
                                               : httplib::to_string(r.error())));
        const int status = r->status;
        if (status == 200) {
            auto v = parse_status_view(body, language);
            if (!v)
                return status_error(ErrorKind::Storage, "err.sync.status_failed",
                                    at + v.error().detail);
            const auto got = TrackingCode::parse(v->code);
            if (!got || *got != code)
                return status_error(ErrorKind::Storage, "err.sync.status_failed",
                                    at + "the status of another code");
            return v;
        }
        if (status == 404) {
            // Only the hub's own "no complaint with this code" means unknown.
            const auto e = parse_error_body(body);
            if (e && e->key == "err.hub.no_complaint")
                return status_error(ErrorKind::NotFound, "err.sync.status_unknown",
                                    at + "no complaint with this code");
            return status_error(ErrorKind::Storage, "err.sync.status_failed",
                                at + "404 without the hub's answer (is hub_url right?)");
        }
        if (status == 429)
            return status_error(ErrorKind::Denied, "err.sync.status_busy",
                                at + "429, retry after " + r->get_header_value("Retry-After") +
                                    " s");
        return status_error(ErrorKind::Storage, "err.sync.status_failed",
                            at + "HTTP " + std::to_string(status) + " " +
                                text::truncate(body, 300));
    } catch (const std::exception& e) {
        return status_error(ErrorKind::Storage, "err.sync.status_failed", at + e.what());
    }
}

Result<KioskStatusAnswer> kiosk_status(Store& store, const Office& office, const TrackingCode& code,
                                       const std::string& language, TimeMs now) {
    auto copy = store.remote_status(code.compact());
    if (!copy) return copy.error();
    auto own = store.find_by_code(code);
    if (!own && own.error().kind != ErrorKind::NotFound) return own.error();
    if (*copy && (!own || (*copy)->change.updated_at >= own->updated_at)) {
        if (auto v = parse_status_view((*copy)->change.status_view, language))
            return KioskStatusAnswer{std::move(v).value(), KioskStatusAnswer::From::Copy,
                                     (*copy)->fetched_at};
    }
    if (!own) {
        // Taken at the desk, another kiosk or on the web: the hub knows it.
        if (office.config.sync.hub_url.empty()) return own.error();
        auto remote = fetch_remote_status(office.config.sync, code, language);
        if (!remote) return remote.error();
        return KioskStatusAnswer{std::move(remote).value(), KioskStatusAnswer::From::Hub, 0};
    }
    auto events = store.events(own->seq);
    if (!events) return events.error();
    return KioskStatusAnswer{
        visitor_status(office.profile, office.config.calendar, *own, *events, language, now),
        KioskStatusAnswer::From::Own, 0};
}

// --- [SECTION] backoff and the agent's thread ----------------------------------------

std::chrono::milliseconds sync_delay(int failures, std::chrono::milliseconds interval,
                                     std::chrono::milliseconds cap, std::mt19937_64& rng) {
    using std::chrono::milliseconds;
    if (failures <= 0) return interval;
    const milliseconds base(5000);
    milliseconds d = cap;
    if (failures < 20) d = std::min(cap, base * (std::int64_t{1} << (failures - 1)));
    std::uniform_int_distribution<std::int64_t> half(d.count() / 2, d.count());
    return milliseconds(half(rng));
}

SyncAgent::SyncAgent(Store& store, SyncConfig config, SyncAgentOptions options)
    : store_(store), config_(std::move(config)), options_(std::move(options)) {
    status_.enabled = !config_.hub_url.empty();
}

SyncAgent::~SyncAgent() {
    stop();
}

void SyncAgent::start() {
    std::lock_guard lk(mu_);
    if (thread_.joinable() || !status_.enabled) return;
    stop_ = false;
    started_ = true;
    thread_ = std::thread([this] { loop(); });
}

void SyncAgent::stop() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncAgent::wake() {
    {
        std::lock_guard lk(mu_);
        woken_ = true;
        recount_ = true;
    }
    cv_.notify_all();
}

void SyncAgent::retry() {
    {
        std::lock_guard lk(mu_);
        forced_ = true;
    }
    cv_.notify_all();
}

SyncStatus SyncAgent::status() const {
    std::lock_guard lk(mu_);
    return status_;
}

bool SyncAgent::busy() const {
    std::lock_guard lk(mu_);
    return started_ && !stop_ &&
           (!first_done_ || status_.running || forced_ ||
            (woken_ && !status_.refused && status_.failures == 0));
}

void SyncAgent::loop() {
    using clock = std::chrono::steady_clock;
    std::mt19937_64 rng(std::random_device{}());
    const auto interval =
        std::chrono::milliseconds(std::int64_t{1000} * std::max(1, config_.interval_seconds));
    auto notify = [this] {
        if (options_.on_change) options_.on_change();
    };
    // The pending count at start, so staff see it before the first answer.
    {
        auto n = store_.outbox_pending_count();
        auto kept = store_.outbox_rejected_count();
        auto skm = store_.skm_outbox_pending_count();
        auto last = store_.sync_state(kLastSuccess);
        std::lock_guard lk(mu_);
        if (n) status_.pending = *n;
        if (skm) status_.skm_pending = *skm;
        if (kept) status_.rejected_kept = *kept;
        if (last && *last) status_.last_success = std::strtoll((*last)->c_str(), nullptr, 10);
    }
    std::unique_lock lk(mu_);
    auto next = clock::now();
    while (!stop_) {
        const auto woken = [this] {
            return stop_ || forced_ || (woken_ && !status_.refused && status_.failures == 0);
        };
        if (status_.refused)
            cv_.wait(lk, [this] { return stop_ || forced_ || recount_; });
        else
            cv_.wait_until(lk, next, [&] { return woken() || recount_; });
        if (stop_) break;
        // A wake() during backoff or after a refusal only waits for its turn,
        // but what it added is counted now: staff see "1 waiting", not "0".
        if (!forced_ && !woken() && (status_.refused || clock::now() < next)) {
            if (recount_) {
                recount_ = false;
                lk.unlock();
                auto n = store_.outbox_pending_count();
                auto skm = store_.skm_outbox_pending_count();
                lk.lock();
                if (n) status_.pending = *n;
                if (skm) status_.skm_pending = *skm;
                lk.unlock();
                notify();
                lk.lock();
            }
            continue;
        }
        recount_ = false;
        forced_ = woken_ = false;
        status_.running = true;
        status_.refused = false;
        status_.last_attempt = now_ms();
        lk.unlock();
        notify();
        SyncRound r = sync_round(store_, config_);
        auto pending = store_.outbox_pending_count();
        auto kept = store_.outbox_rejected_count();
        auto skm = store_.skm_outbox_pending_count();
        lk.lock();
        if (skm) status_.skm_pending = *skm;
        status_.running = false;
        first_done_ = true;
        status_.last_round = r;
        status_.pushed += r.pushed;
        status_.duplicates += r.duplicates;
        status_.rejected += r.rejected;
        status_.pulled += r.pulled;
        if (pending) status_.pending = *pending;
        if (kept) status_.rejected_kept = *kept;
        if (r.ok()) {
            status_.failures = 0;
            status_.last_success = r.finished;
            status_.last_error.reset();
        } else {
            ++status_.failures;
            status_.last_error = r.error;
            status_.refused = r.outcome == SyncOutcome::Refused;
        }
        const auto wait = sync_delay(status_.failures, interval, options_.backoff_cap, rng);
        next = clock::now() + wait;
        status_.next_attempt = status_.refused ? 0 : now_ms() + wait.count();
        lk.unlock();
        notify();
        lk.lock();
    }
}

} // namespace keluhan
