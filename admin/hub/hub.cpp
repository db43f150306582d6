// [SECTION] index
//   stores: the writer and a pool of readers
//   replies, logging and masking
//   authentication
//   routes: push, changes, status (JSON and HTML), healthz
//   start and stop
#include "hub.hpp"

#include "client_address.hpp"
#include "rate_limit.hpp"
#include "staff_api.hpp"
#include "status_page.hpp"
#include "store_pool.hpp"
#include "web_pages.hpp"

#include "keluhan/notify/notify.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/sync/sync.hpp"

#include "http_server.hpp"
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#ifndef KELUHAN_VERSION
#define KELUHAN_VERSION "0"
#endif

namespace keluhan::hub {

using nlohmann::json;
using web::lang_of;

std::string mask_path(std::string_view path) {
    for (const std::string_view prefix :
         {std::string_view("/s/"), std::string_view("/api/v1/status/"),
          std::string_view("/ajukan/diterima/"), std::string_view("/staf/k/")}) {
        if (path.substr(0, prefix.size()) != prefix) continue;
        std::string out(prefix);
        const auto code = path.substr(prefix.size());
        std::size_t shown = 0, i = 0;
        for (; i < code.size() && shown < 4; ++i) {
            const auto c = static_cast<unsigned char>(code[i]);
            out.push_back(c >= 0x21 && c < 0x7f ? static_cast<char>(c) : '?');
            if (c != '-') ++shown;
        }
        if (i < code.size()) out += "\xE2\x80\xA6"; // …
        return out;
    }
    std::string out;
    for (const char ch : path.substr(0, 200)) {
        const auto c = static_cast<unsigned char>(ch);
        out.push_back(c >= 0x21 && c < 0x7f ? ch : '?');
    }
    return out;
}

struct Hub::Impl {
    Impl(Catalog id, Catalog en, HubConfig c, std::filesystem::path file)
        : cat_id(std::move(id)), cat_en(std::move(en)), config(std::move(c)), db(std::move(file)) {}
    ~Impl() { stop_notifier(); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // The office as it is now: an administrator's change of a setting
    // through the staff API (the SOP profile, the office's name, the
    // calendar) reaches the sync import and the status page at once.
    [[nodiscard]] std::shared_ptr<const Office> office() const { return staff->office(); }
    Catalog cat_id;
    Catalog cat_en;
    HubConfig config;
    std::filesystem::path db;
    std::unique_ptr<Store> writer;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<StaffApi> staff; // the staff API (staff_api.hpp)
    // The web form (/ajukan) and the officials' pages (/staf): web_pages.hpp.
    std::unique_ptr<WebSite> site;
    std::unique_ptr<WebIntake> intake;
    std::unique_ptr<StaffPages> staff_pages;
    std::unique_ptr<http::Server> server;
    std::atomic<bool> running{false};
    int port = 0;
    bool tls = false;
    std::function<void(std::string_view)> log = [](std::string_view line) {
        std::string l(line);
        l.push_back('\n');
        std::cerr << l << std::flush;
    };

    // [SECTION] stores: the writer and a pool of readers -------------------------

    StorePool pool{db};
    using Reader = StorePool::Lease;

    // Profiles of complaints filed under another SOP than the office's now.
    std::mutex profiles_mu;
    std::map<std::string, std::shared_ptr<const SopProfile>> profiles;

    std::shared_ptr<const SopProfile> profile_for(const std::string& name) {
        const auto now = office();
        // (Aliasing: the office's own profile lives as long as the office.)
        if (name == now->profile.name) return {now, &now->profile};
        std::lock_guard lock(profiles_mu);
        if (auto it = profiles.find(name); it != profiles.end()) return it->second;
        std::shared_ptr<const SopProfile> p;
        if (name.find('/') == std::string::npos && !name.empty())
            if (auto loaded = load_sop_profile(now->config.assets_dir / "sop" / (name + ".toml")))
                p = std::make_shared<const SopProfile>(std::move(loaded).value());
        if (!p) return {now, &now->profile}; // not kept: the office's profile may change
        profiles[name] = p;
        return p;
    }

    // [SECTION] replies, logging and masking ---------------------------------------

    const Catalog& catalog(const std::string& lang) const { return lang == "en" ? cat_en : cat_id; }
    const Catalog& office_catalog() const { return catalog(office()->config.language); }

    void reply_error(http::Response& res, int status, const Error& e,
                     const std::string& lang = {}) {
        res.status = status;
        res.set_header("Cache-Control", "no-store");
        res.set_content(error_body(e, lang.empty() ? office_catalog() : catalog(lang)),
                        "application/json");
    }

    void reply_storage(http::Response& res, const Error& e, const char* what) {
        log_line(std::string("storage failure in ") + what + ": " + e.key + " " + e.detail);
        if (std::string_view(what) == "push") {
            std::lock_guard lock(health_mu);
            push_failed_key = e.key;
            push_failed_at = now_ms();
        }
        reply_error(res, 503, e);
    }
    std::mutex health_mu;
    std::string push_failed_key; // the last push the database refused
    TimeMs push_failed_at = 0;

    // The request's client (behind a trusted proxy: the one it names).
    [[nodiscard]] std::string client_of(const http::Request& req) const {
        return client_address(req, config.trusted_proxies);
    }

    void log_line(const std::string& line) {
        if (log) log(format_iso_utc(now_ms()) + " " + line);
    }

    // [SECTION] messages to complainants ([notify]) -------------------------------------

    std::thread notifier;
    std::mutex notify_mu;
    std::condition_variable notify_cv;
    bool notify_stop = false;

    // Every interval: what is due in the outbox goes out, on its own store
    // (a slow SMTP server never holds a request's thread or the writer).
    void start_notifier(Notifier n) {
        notifier = std::thread([this, n = std::move(n)]() mutable {
            auto store = Store::open(
                db, StoreOptions{StoreOptions::Access::Write, "keluhan serve (notify)", 10000});
            if (!store) {
                log_line("notify: the database cannot be opened: " + store.error().key);
                return;
            }
            for (;;) {
                const auto office_now = office();
                const auto wait = std::chrono::seconds(office_now->config.notify.interval_seconds);
                auto r = n.run_once(**store, *office_now, now_ms(), 50, [this] {
                    const std::lock_guard lock(notify_mu);
                    return notify_stop;
                });
                if (!r)
                    log_line("notify: " + office_now->say(r.error()));
                else if (r->sent + r->retrying + r->failed > 0)
                    log_line("notify: sent " + std::to_string(r->sent) + ", to retry " +
                             std::to_string(r->retrying) + ", failed " + std::to_string(r->failed));
                std::unique_lock lock(notify_mu);
                if (notify_cv.wait_for(lock, wait, [this] { return notify_stop; })) return;
            }
        });
    }
    void stop_notifier() {
        {
            const std::lock_guard lock(notify_mu);
            notify_stop = true;
        }
        notify_cv.notify_all();
        if (notifier.joinable()) notifier.join();
    }

    // [SECTION] authentication -----------------------------------------------------------

    std::mutex seen_mu;
    std::map<std::string, TimeMs> last_seen; // throttles last_seen_at writes

    // The kiosk behind the request's token, or why not (401).
    Result<KioskRecord> authenticate(const http::Request& req, http::Response& res) {
        const Error refused{ErrorKind::Denied, "err.sync.token"};
        auto token = parse_bearer(req.get_header_value("Authorization"));
        if (!token) {
            reply_error(res, 401, refused);
            res.set_header("WWW-Authenticate", "Bearer");
            return refused;
        }
        Reader reader(pool);
        if (!reader.get()) {
            reply_storage(res, reader.error(), "authenticate");
            return reader.error();
        }
        auto kiosk = reader.get()->find_kiosk(token->name);
        if (!kiosk && kiosk.error().kind != ErrorKind::NotFound) {
            reply_storage(res, kiosk.error(), "authenticate");
            return kiosk.error();
        }
        // Unknown, revoked and wrong are one answer; the hash is compared
        // even for an unknown name so the time does not tell them apart.
        const std::string stored = kiosk ? kiosk->secret_hash : std::string(64, '0');
        const bool good = verify_token_secret(token->secret, stored);
        if (!kiosk || !good || kiosk->revoked_at != 0) {
            log_line("sync refused token for \"" + token->name + "\" from " + client_of(req));
            reply_error(res, 401, refused);
            res.set_header("WWW-Authenticate", "Bearer");
            return refused;
        }
        const TimeMs now = now_ms();
        bool touch = false;
        {
            std::lock_guard lock(seen_mu);
            auto& t = last_seen[kiosk->name];
            if (now - t > 60'000) touch = true, t = now;
        }
        if (touch) (void)writer->touch_kiosk(kiosk->name, now);
        return kiosk;
    }

    // [SECTION] routes: push, changes, status (JSON and HTML), healthz ---------------------

    void push(const http::Request& req, http::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        auto kiosk = authenticate(req, res);
        if (!kiosk) return;
        const std::size_t max_body = static_cast<std::size_t>(config.max_body_mb) << 20;
        auto batch = parse_push(req.body, max_body);
        if (!batch) {
            log_line("sync push from " + kiosk->name + " refused: " + batch.error().detail);
            reply_error(res, batch.error().key == "err.hub.too_large" ? 413 : 400, batch.error());
            return;
        }
        auto results = import_push(*writer, *office(), kiosk->name, *batch);
        if (!results) {
            reply_storage(res, results.error(), "push");
            return;
        }
        int stored = 0, duplicate = 0, rejected = 0;
        for (const auto& r : *results) {
            if (r.outcome == ImportResult::Outcome::Stored)
                ++stored;
            else if (r.outcome == ImportResult::Outcome::Duplicate)
                ++duplicate;
            else
                ++rejected;
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(push_reply_body(*results, office_catalog()), "application/json");
        const auto ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", ms);
        log_line("sync push kiosk=" + kiosk->name +
                 " complaints=" + std::to_string(results->size()) +
                 " stored=" + std::to_string(stored) + " duplicate=" + std::to_string(duplicate) +
                 " rejected=" + std::to_string(rejected) + " ms=" + buf);
    }

    // A kiosk's satisfaction-survey responses (docs/sync.md): each checked
    // and stored alone, the same reply as a push.
    void skm_push(const http::Request& req, http::Response& res) {
        auto kiosk = authenticate(req, res);
        if (!kiosk) return;
        auto batch = parse_skm_push(req.body);
        if (!batch) {
            log_line("sync skm from " + kiosk->name + " refused: " + batch.error().detail);
            reply_error(res, batch.error().key == "err.hub.too_large" ? 413 : 400, batch.error());
            return;
        }
        auto results = import_skm_push(*writer, *office(), kiosk->name, *batch);
        if (!results) return reply_storage(res, results.error(), "skm push");
        int stored = 0, rejected = 0;
        for (const auto& r : *results) {
            stored += r.outcome == ImportResult::Outcome::Stored;
            rejected += r.outcome == ImportResult::Outcome::Rejected;
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(push_reply_body(*results, office_catalog()), "application/json");
        log_line("sync skm kiosk=" + kiosk->name + " responses=" + std::to_string(results->size()) +
                 " stored=" + std::to_string(stored) + " rejected=" + std::to_string(rejected));
    }

    void changes(const http::Request& req, http::Response& res) {
        auto kiosk = authenticate(req, res);
        if (!kiosk) return;
        const auto since =
            parse_cursor_param(req.has_param("since") ? req.get_param_value("since") : "");
        if (!since) return reply_error(res, 400, Error{ErrorKind::Invalid, "err.hub.cursor"});
        int limit = sync_limits::kDefaultChanges;
        if (req.has_param("limit")) {
            const auto l = parse_cursor_param(req.get_param_value("limit"));
            if (!l || *l < 1 || *l > sync_limits::kMaxChanges)
                return reply_error(res, 400,
                                   Error{ErrorKind::Invalid,
                                         "err.hub.limit",
                                         {{"max", std::to_string(sync_limits::kMaxChanges)}}});
            limit = static_cast<int>(*l);
        }
        Reader reader(pool);
        if (!reader.get()) return reply_storage(res, reader.error(), "changes");
        auto page = reader.get()->changes_since(kiosk->name, *since, limit);
        if (!page) return reply_storage(res, page.error(), "changes");
        ChangesPage out;
        out.next = std::to_string(page->next);
        out.more = page->more;
        const TimeMs now = now_ms();
        const auto calendar = office()->config.calendar;
        for (const auto& row : page->rows) {
            const auto& c = row.complaint;
            const auto profile = profile_for(c.sop);
            out.changes.push_back(
                StatusChange{c.id, c.code, c.status, c.updated_at,
                             status_view(*profile, calendar, c, row.events, "id", now)
                                 .dump(-1, ' ', false, json::error_handler_t::replace)});
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(changes_body(out), "application/json");
    }

    PageContext page_context(const std::string& lang) const {
        const auto now = office();
        const auto& o = now->config.office;
        return PageContext{catalog(lang), lang,   now->config.calendar, o.short_name, o.name,
                           o.phone,       o.email};
    }

    void status(const http::Request& req, http::Response& res, bool html) {
        const std::string lang = lang_of(req);
        const TimeMs now = now_ms();
        const std::string client = client_of(req);
        res.set_header("Cache-Control", "no-store");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Content-Type-Options", "nosniff");
        if (html) {
            res.set_header("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'");
            res.set_header("X-Frame-Options", "DENY");
        }
        if (const int wait = limiter->admit(client, now); wait > 0) {
            res.status = 429;
            res.set_header("Retry-After", std::to_string(wait));
            const Error e{ErrorKind::Denied, "err.hub.rate_limited"};
            if (html)
                res.set_content(rate_limited_page(page_context(lang)), "text/html; charset=utf-8");
            else
                res.set_content(error_body(e, catalog(lang)), "application/json");
            return;
        }
        auto not_found = [&] {
            limiter->miss(client, now);
            res.status = 404;
            if (html)
                res.set_content(not_found_page(page_context(lang)), "text/html; charset=utf-8");
            else
                res.set_content(
                    error_body(Error{ErrorKind::NotFound, "err.hub.no_complaint"}, catalog(lang)),
                    "application/json");
        };
        const std::string raw = req.matches.size() > 1 ? req.matches[1] : std::string();
        const auto code =
            raw.size() > 40 ? Result<TrackingCode>(Error{}) : TrackingCode::parse(raw);
        if (!code) return not_found();
        Reader reader(pool);
        if (!reader.get()) return reply_storage(res, reader.error(), "status");
        auto c = reader.get()->find_by_code(*code);
        if (!c) {
            if (c.error().kind == ErrorKind::NotFound) return not_found();
            return reply_storage(res, c.error(), "status");
        }
        auto events = reader.get()->events(c->seq);
        if (!events) return reply_storage(res, events.error(), "status");
        const auto profile = profile_for(c->sop);
        const auto calendar = office()->config.calendar;
        const json view = status_view(*profile, calendar, *c, *events, lang, now);
        if (!html) {
            res.set_content(view.dump(-1, ' ', false, json::error_handler_t::replace),
                            "application/json");
            return;
        }
        const auto v = visitor_status(*profile, calendar, *c, *events, lang, now);
        // A closed complaint not yet rated offers its satisfaction survey.
        const auto answered = reader.get()->skm_answered(*code);
        const bool survey = c->status == ComplaintStatus::Closed && answered && !*answered;
        res.set_content(status_page(page_context(lang), v, survey), "text/html; charset=utf-8");
    }

    // The satisfaction survey of a closed complaint, on the customer's phone
    // (SKM, PermenPANRB 14/2017): GET shows the form, POST stores it through
    // the core (one response per complaint; nothing personal kept with it).
    void survey(const http::Request& req, http::Response& res, bool post) {
        const std::string lang = lang_of(req);
        const TimeMs now = now_ms();
        const std::string client = client_of(req);
        res.set_header("Cache-Control", "no-store");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        res.set_header("X-Frame-Options", "DENY");
        const PageContext ctx = page_context(lang);
        const std::string html = "text/html; charset=utf-8";
        if (const int wait = limiter->admit(client, now); wait > 0) {
            res.status = 429;
            res.set_header("Retry-After", std::to_string(wait));
            res.set_content(rate_limited_page(ctx), html);
            return;
        }
        auto not_found = [&] {
            limiter->miss(client, now);
            res.status = 404;
            res.set_content(not_found_page(ctx), html);
        };
        const std::string raw = req.matches.size() > 1 ? req.matches[1] : std::string();
        const auto code =
            raw.size() > 40 ? Result<TrackingCode>(Error{}) : TrackingCode::parse(raw);
        if (!code) return not_found();
        std::optional<Complaint> c;
        bool answered = false;
        {
            Reader reader(pool);
            if (!reader.get()) return reply_storage(res, reader.error(), "survey");
            auto found = reader.get()->find_by_code(*code);
            if (!found) {
                if (found.error().kind == ErrorKind::NotFound) return not_found();
                return reply_storage(res, found.error(), "survey");
            }
            c = *found;
            auto a = reader.get()->skm_answered(*code);
            if (!a) return reply_storage(res, a.error(), "survey");
            answered = *a;
        }
        const auto& t = ctx.catalog;
        const std::string back = "/s/" + code->compact() + (lang == "en" ? "?lang=en" : "");
        const std::string title = t.tr("page.survey_title");
        if (c->status != ComplaintStatus::Closed) {
            res.status = 409;
            res.set_content(message_page(ctx, title,
                                         t.message(Error{ErrorKind::Conflict,
                                                         "err.skm.not_closed",
                                                         {{"code", code->grouped()}}}),
                                         back),
                            html);
            return;
        }
        if (answered) {
            res.status = post ? 409 : 200;
            res.set_content(message_page(ctx, title,
                                         t.message(Error{ErrorKind::Conflict,
                                                         "err.skm.already",
                                                         {{"code", code->grouped()}}}),
                                         back),
                            html);
            return;
        }
        const auto office_now = office();
        auto q = skm_questionnaire(*office_now);
        if (!q) return reply_storage(res, q.error(), "survey");
        if (!post) {
            res.set_content(survey_page(ctx, *q, code->grouped(), {}), html);
            return;
        }
        // The form as sent: kept to show again if it is refused.
        SurveyForm form;
        SkmSubmission s;
        s.code = *code;
        s.service = c->service; // the complaint's service, not who gave it
        s.origin = "web";
        const auto fields = http::parse_form(req.body);
        auto value = [&](const std::string& key) {
            const auto it = fields.find(key);
            return it == fields.end() ? std::string() : it->second;
        };
        for (const auto& e : q->elements) {
            const std::string v = value(e.id);
            if (v.empty()) continue;
            form.given.emplace_back(e.id, v);
            if (v.size() != 1 || v[0] < '1' || v[0] > '4') {
                form.error_field = e.id;
                form.error = t.message(Error{ErrorKind::Invalid,
                                             "err.skm.score",
                                             {{"element", e.name.in(lang)}, {"score", v}}});
                continue;
            }
            s.scores.emplace_back(e.id, v[0] - '0');
        }
        for (const auto& f : q->profile)
            if (const std::string v = value(f.id); !v.empty()) {
                form.given.emplace_back(f.id, v);
                s.profile.emplace_back(f.id, v);
            }
        s.suggestion = value("saran");
        form.given.emplace_back("saran", s.suggestion);
        if (form.error.empty()) {
            auto id = submit_skm(*writer, *office_now, s);
            if (id) {
                log_line("survey response for a closed complaint from " + client);
                res.set_content(message_page(ctx, title, t.tr("label.skm.saved"), back), html);
                return;
            }
            if (id.error().kind == ErrorKind::Storage)
                return reply_storage(res, id.error(), "survey");
            form.error = t.message(id.error());
            if (id.error().key == "err.skm.already") res.status = 409;
        }
        if (res.status == 200) res.status = 400;
        res.set_content(survey_page(ctx, *q, code->grouped(), form), html);
    }

    // What the office's IT person needs to know, in one answer: can the
    // database be read and written, how much disk is left, when each kiosk
    // last synced. 503 when the hub could not store a complaint now.
    void healthz(http::Response& res) {
        const TimeMs now = now_ms();
        Reader reader(pool);
        json j{{"version", KELUHAN_VERSION}};
        const int schema = reader.get() ? reader.get()->schema_version() : -1;
        j["schema"] = schema;
        const bool db_ok = schema == Store::latest_schema_version();
        j["db"] = db_ok ? "ok" : (reader.get() ? "schema" : reader.error().key);

        // The disk the database is on.
        std::error_code ec;
        const auto dir = db.has_parent_path() ? db.parent_path() : std::filesystem::path(".");
        const auto space = std::filesystem::space(dir, ec);
        const auto mb = [](std::uintmax_t b) { return static_cast<std::int64_t>(b >> 20); };
        const std::int64_t free_mb = ec ? -1 : mb(space.available);
        const std::int64_t min_mb = config.min_free_mb;
        const char* disk = ec                      ? "unknown"
                           : free_mb < min_mb      ? "full"
                           : free_mb < 10 * min_mb ? "low"
                                                   : "ok";
        j["disk"] = {{"state", disk},
                     {"free_mb", free_mb},
                     {"total_mb", ec ? -1 : mb(space.capacity)},
                     {"min_free_mb", min_mb}};
        // Writable: the file and its folder (for the WAL and the journal).
        const bool writable = ::access(db.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
        j["writable"] = writable;

        // The last write the database refused, in the last ten minutes.
        std::pair<std::string, TimeMs> failed = staff->last_write_failure();
        {
            std::lock_guard lock(health_mu);
            if (push_failed_at > failed.second) failed = {push_failed_key, push_failed_at};
        }
        const bool recent_failure = failed.second != 0 && now - failed.second < 10 * 60'000;
        if (failed.second != 0)
            j["last_write_failure"] = {{"key", failed.first},
                                       {"at", format_iso_utc(failed.second)}};

        // Each kiosk's last sync (never = null), newest first.
        json kiosks = json::array();
        if (reader.get())
            if (auto list = reader.get()->kiosks()) {
                auto rows = std::move(list).value();
                std::sort(rows.begin(), rows.end(), [](const KioskRecord& a, const KioskRecord& b) {
                    return a.last_seen_at > b.last_seen_at;
                });
                for (const auto& k : rows) {
                    if (k.revoked_at != 0) continue;
                    json row{{"name", k.name}};
                    if (k.last_seen_at != 0) {
                        row["last_sync"] = format_iso_utc(k.last_seen_at);
                        row["minutes_ago"] = (now - k.last_seen_at) / 60'000;
                    } else {
                        row["last_sync"] = nullptr;
                    }
                    kiosks.push_back(std::move(row));
                }
            }
        j["kiosks"] = std::move(kiosks);

        const bool ok = db_ok && writable && std::string_view(disk) != "full" && !recent_failure;
        j["ok"] = ok;
        res.status = ok ? 200 : 503;
        res.set_header("Cache-Control", "no-store");
        res.set_content(j.dump(), "application/json");
    }

    // The body of an answer the server made itself (no route, too large, a
    // bad request line, headers too large) or a handler left empty.
    void fill_error(const http::Request& req, http::Response& res) {
        if (!res.body.empty()) return;
        const char* key = res.status == 404   ? "err.hub.not_found"
                          : res.status == 413 ? "err.hub.too_large"
                          : res.status == 405 ? "err.hub.method"
                          : res.status >= 500 ? "err.hub.internal"
                                              : "err.hub.bad_request";
        // The limit in MB: the push's, or a staff request's quarter of one.
        const bool page = req.path.rfind("/ajukan", 0) == 0 || req.path.rfind("/staf", 0) == 0 ||
                          req.path.rfind("/s/", 0) == 0;
        const std::string max = req.path == "/api/v1/sync/push" ? std::to_string(config.max_body_mb)
                                : req.path == "/api/v1/sync/skm" ? "2"
                                : req.path == "/ajukan" ? std::to_string(kWebMaxFileBytes >> 20)
                                                        : "0.25";
        // A person's browser gets a page in their language, with a way back.
        if (page) {
            const auto ctx = page_context(lang_of(req));
            res.set_header("Cache-Control", "no-store");
            // The form's body too large: its words are still in the browser.
            const std::string text =
                req.path == "/ajukan" && res.status == 413
                    ? ctx.catalog.tr("web.too_large", {{"max", max}})
                    : ctx.catalog.message(Error{ErrorKind::Invalid, key, {{"max", max}}});
            res.set_content(
                message_page(ctx, ctx.catalog.tr("page.error_title"), text,
                             req.path.rfind("/staf", 0) == 0 ? "/staf"
                             : req.path == "/ajukan"         ? "/ajukan"
                                                             : "",
                             ctx.catalog.tr(req.path.rfind("/staf", 0) == 0 ? "staf.back"
                                                                            : "web.back_form")),
                "text/html; charset=utf-8");
            return;
        }
        reply_error(res, res.status, Error{ErrorKind::Invalid, key, {{"max", max}}}, lang_of(req));
    }

    void routes() {
        auto& s = *server;
        using Req = const http::Request&;
        using Res = http::Response&;
        // The push's token is checked on its headers: a body is read only
        // for a kiosk this hub knows.
        s.Post(
            "/api/v1/sync/push", [this](Req q, Res r) { push(q, r); },
            static_cast<std::size_t>(config.max_body_mb) << 20,
            [this](Req q, Res r) { (void)authenticate(q, r); });
        s.Post(
            "/api/v1/sync/skm", [this](Req q, Res r) { skm_push(q, r); },
            sync_limits::kMaxSkmBodyBytes, [this](Req q, Res r) { (void)authenticate(q, r); });
        s.Get("/api/v1/sync/changes", [this](Req q, Res r) { changes(q, r); });
        s.Get(R"(/api/v1/status/([^/]*))", [this](Req q, Res r) { status(q, r, false); });
        s.Get(R"(/s/([^/]*))", [this](Req q, Res r) { status(q, r, true); });
        s.Get(R"(/s/([^/]*)/survei)", [this](Req q, Res r) { survey(q, r, false); });
        s.Post(R"(/s/([^/]*)/survei)", [this](Req q, Res r) { survey(q, r, true); });
        s.Get("/healthz", [this](Req, Res r) { healthz(r); });
        staff->routes(s);
        intake->routes(s);
        staff_pages->routes(s);
        s.set_error_handler([this](Req q, Res r) { fill_error(q, r); });
        s.set_exception_handler([this](Req q, Res r, const std::exception_ptr& ep) {
            std::string what = "unknown exception";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            log_line("internal error on " + q.method + " " + mask_path(q.path) + ": " + what);
            r.body.clear();
            reply_error(r, 500, Error{ErrorKind::Internal, "err.hub.internal"}, lang_of(q));
        });
        s.set_logger([this](Req q, const http::Response& r, double ms) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f", ms);
            log_line((q.method.empty() ? std::string("-") : q.method) + " " + mask_path(q.path) +
                     " " + std::to_string(r.status) + " " + buf + "ms " + client_of(q));
        });
    }
};

// [SECTION] start and stop ---------------------------------------------------------------

Hub::Hub() = default;

Hub::~Hub() {
    stop();
}

void Hub::set_log(std::function<void(std::string_view)> sink) {
    log_ = std::move(sink);
}

bool Hub::running() const {
    return impl_ && impl_->running;
}
int Hub::port() const {
    return running() ? impl_->port : 0;
}
bool Hub::tls() const {
    return running() && impl_->tls;
}

Status Hub::start(const Office& office, const std::filesystem::path& db, const HubConfig& config) {
    if (running())
        return Error{ErrorKind::Conflict,
                     "err.hub.listen",
                     {{"address", config.listen},
                      {"port", std::to_string(config.port)},
                      {"reason", "already running"}}};
    auto cat_id = Catalog::load(office.config.i18n_dir(), "id");
    if (!cat_id) return cat_id.error();
    auto cat_en = Catalog::load(office.config.i18n_dir(), "en");
    if (!cat_en) return cat_en.error();
    auto writer =
        Store::open(db, StoreOptions{StoreOptions::Access::Write, "keluhan serve", 10000});
    if (!writer) return writer.error();

    auto impl =
        std::make_unique<Impl>(std::move(cat_id).value(), std::move(cat_en).value(), config, db);
    if (log_) impl->log = log_;
    impl->writer = std::move(writer).value();
    if (!impl->writer->upgrade_backup().empty())
        impl->log_line("database upgraded to schema " +
                       std::to_string(impl->writer->schema_version()) +
                       "; the copy from before is " + impl->writer->upgrade_backup().string());
    impl->staff = std::make_unique<StaffApi>(
        office, impl->catalog(office.config.language), *impl->writer, impl->pool,
        [raw = impl.get()](const std::string& line) { raw->log_line(line); },
        config.trusted_proxies);
    {
        Impl* raw = impl.get();
        impl->site = std::unique_ptr<WebSite>(new WebSite{
            [raw] { return raw->office(); },
            [raw](const std::string& lang) { return raw->page_context(lang); }, *impl->writer,
            impl->pool, [raw](const std::string& line) { raw->log_line(line); }, config,
            web::Signer{}});
        impl->intake = std::make_unique<WebIntake>(*impl->site);
        impl->staff_pages =
            std::make_unique<StaffPages>(*impl->site, impl->staff->sign_in_limiter());
    }
    impl->limiter = std::make_unique<RateLimiter>(
        config.lookups_per_minute, config.misses_per_10_minutes, config.block_minutes);
    const auto listen_error = [&](const std::string& reason) {
        return Error{ErrorKind::Invalid,
                     "err.hub.listen",
                     {{"address", config.listen},
                      {"port", std::to_string(config.port)},
                      {"reason", reason}}};
    };
    impl->server = std::make_unique<http::Server>();
    auto& s = *impl->server;
    if (!config.tls_cert.empty() || !config.tls_key.empty()) {
        std::error_code ec;
        for (const auto& f : {config.tls_cert, config.tls_key})
            if (!std::filesystem::is_regular_file(f, ec))
                return Error{
                    ErrorKind::Invalid, "err.hub.tls", {{"reason", f + ": not a readable file"}}};
        if (auto why = s.use_tls(config.tls_cert, config.tls_key))
            return Error{ErrorKind::Invalid, "err.hub.tls", {{"reason", *why}}};
        impl->tls = true;
    }
    http::Limits limits;
    limits.default_max_body = StaffApi::kMaxBody;
    s.set_limits(limits);
    impl->routes();
    if (auto why = s.listen(config.listen, config.port)) return listen_error(*why);
    impl->port = s.port();
    if (office.config.notify.any()) {
        auto n = Notifier::create(office);
        if (!n) return n.error();
        impl->start_notifier(std::move(n).value());
    }
    s.start(config.threads);
    impl->running = true;
    impl_ = std::move(impl);
    return ok();
}

void Hub::stop() {
    if (!impl_ || !impl_->server) return;
    impl_->server->stop();
    impl_->stop_notifier();
    impl_->running = false;
    impl_->server.reset();
    impl_->pool.clear();
    impl_->writer.reset();
    impl_.reset();
}

} // namespace keluhan::hub
