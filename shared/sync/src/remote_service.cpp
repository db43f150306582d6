// [SECTION] index
//   connections and one request
//   the session
//   the operations
#include "keluhan/sync/remote_service.hpp"

#include "keluhan/service/wire.hpp"
#include "keluhan/sync/sync.hpp"
#include "keluhan/sync/sync_agent.hpp"

#include <httplib.h>

namespace keluhan {

using nlohmann::json;

// [SECTION] connections and one request ----------------------------------------------

struct RemoteService::Reply {
    int status = 0;
    std::string body;
    std::string content_type;
};

// Clients kept for reuse (keep-alive), one per thread at a time: the panel
// asks from two worker threads at once.
struct RemoteService::Pool {
    std::mutex mu;
    std::vector<std::unique_ptr<httplib::Client>> free;
};

namespace {

Error unreachable(const std::string& url, const std::string& why) {
    return Error{ErrorKind::Storage, "err.remote.unreachable", {{"url", url}}, why};
}

std::string path_code(const TrackingCode& c) {
    return c.compact();
}

// {"count": n} from the hub.
Result<std::int64_t> count_of(const Result<json>& r) {
    if (!r) return r.error();
    const auto it = r->find("count");
    if (it == r->end() || !it->is_number_integer())
        return Error{ErrorKind::Internal, "err.remote.answer"};
    return it->get<std::int64_t>();
}

// The Error in a refusal's JSON body (`j`, already parsed).
Error refusal(int status, const json& j) {
    Error e = wire::decode_error(j);
    if (status == 401 && e.kind != ErrorKind::Denied)
        e = Error{ErrorKind::Denied, "err.session.expired"};
    return e;
}

} // namespace

Result<std::unique_ptr<RemoteService>> RemoteService::open(RemoteOptions opt) {
    auto a = parse_hub_url(opt.hub_url);
    if (!a) return a.error();
    return std::unique_ptr<RemoteService>(
        new RemoteService(std::move(opt), Address{a->origin, a->prefix}));
}

RemoteService::RemoteService(RemoteOptions opt, Address a)
    : opt_(std::move(opt)), address_(std::move(a)), pool_(std::make_unique<Pool>()) {
    ignore_broken_pipes();
}

RemoteService::~RemoteService() {
    sign_out();
}

std::string RemoteService::token() const {
    std::lock_guard lock(mu_);
    return token_;
}

Result<RemoteService::Reply> RemoteService::call(Method m, const std::string& path,
                                                 const std::string& body, bool idempotent) {
    std::unique_ptr<httplib::Client> client;
    {
        std::lock_guard lock(pool_->mu);
        if (!pool_->free.empty()) {
            client = std::move(pool_->free.back());
            pool_->free.pop_back();
        }
    }
    const bool reused = client != nullptr;
    auto fresh = [&] {
        auto c = std::make_unique<httplib::Client>(address_.origin);
        c->set_connection_timeout(std::chrono::milliseconds(opt_.connect_timeout_ms));
        c->set_read_timeout(std::chrono::milliseconds(opt_.timeout_ms));
        c->set_write_timeout(std::chrono::milliseconds(opt_.timeout_ms));
        c->set_keep_alive(true);
        // A request's headers and body go out as two writes: without this,
        // Nagle holds the body until the hub's delayed ACK (40 ms a request).
        c->set_tcp_nodelay(true);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (!opt_.ca_file.empty()) c->set_ca_cert_path(opt_.ca_file.string().c_str());
        c->enable_server_certificate_verification(true);
#endif
        return c;
    };
    if (!client) client = fresh();
    httplib::Headers headers{{"Accept", "application/json"}, {"User-Agent", opt_.client}};
    if (const std::string t = token(); !t.empty()) headers.emplace("Authorization", "Bearer " + t);
    const std::string full = address_.prefix + path;
    auto send = [&](httplib::Client& c) -> httplib::Result {
        switch (m) {
        case Method::Get:
            return c.Get(full, headers);
        case Method::Post:
            return c.Post(full, headers, body, "application/json");
        case Method::Put:
            return c.Put(full, headers, body, "application/json");
        case Method::Patch:
            return c.Patch(full, headers, body, "application/json");
        case Method::Delete:
            return c.Delete(full, headers);
        }
        return c.Get(full, headers);
    };
    httplib::Result r = send(*client);
    // A kept connection the hub has closed meanwhile (it closes idle ones
    // after two seconds, or it restarted) fails at once: once more on a new
    // one. A step is not sent twice blindly: its answer may have been lost
    // after the hub did it (asking again would say who did it: the user).
    if (!r && reused && (idempotent || r.error() == httplib::Error::Write)) {
        client = fresh();
        r = send(*client);
    }
    if (!r) {
        reachable_ = false;
        return unreachable(opt_.hub_url, httplib::to_string(r.error()));
    }
    reachable_ = true;
    Reply out{r->status, std::move(r->body), r->get_header_value("Content-Type")};
    {
        std::lock_guard lock(pool_->mu);
        if (pool_->free.size() < 4) pool_->free.push_back(std::move(client));
    }
    return out;
}

Result<json> RemoteService::call_json(Method m, const std::string& path, const json* body,
                                      bool idempotent) {
    auto r = call(m, path, body ? body->dump(-1, ' ', false, json::error_handler_t::replace) : "",
                  idempotent);
    if (!r) return r.error();
    json j = r->body.empty() ? json::object()
                             : json::parse(r->body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return Error{ErrorKind::Internal,
                     "err.remote.answer",
                     {},
                     "HTTP " + std::to_string(r->status) + ": not JSON"};
    if (r->status >= 200 && r->status < 300) return j;
    return refusal(r->status, j);
}

// [SECTION] the session -------------------------------------------------------------------

Result<User> RemoteService::sign_in(const std::string& name, std::string_view password) {
    {
        std::lock_guard lock(mu_);
        token_.clear();
    }
    const json body{{"name", name}, {"password", std::string(password)}, {"client", opt_.client}};
    auto r = call_json(Method::Post, "/api/v1/session", &body, false);
    if (!r) return r.error();
    auto tok = r->find("token");
    auto user = r->find("user");
    if (tok == r->end() || !tok->is_string() || user == r->end())
        return Error{ErrorKind::Internal, "err.remote.answer", {}, "session without token"};
    auto u = wire::decode_user(*user);
    if (!u) return u.error();
    std::lock_guard lock(mu_);
    token_ = tok->get<std::string>();
    return u;
}

void RemoteService::sign_out() {
    if (token().empty()) return;
    // Told once; a hub out of reach lets the session run out by itself.
    (void)call(Method::Delete, "/api/v1/session", "", true);
    std::lock_guard lock(mu_);
    token_.clear();
}

// GET `path` answering {"user": User}: /me, /session.
Result<User> RemoteService::signed_in_user(const char* path) {
    if (token().empty()) return no_session();
    auto r = call_json(Method::Get, path, nullptr, true);
    if (!r) return r.error();
    if (!r->contains("user")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_user((*r)["user"]);
}

Result<User> RemoteService::me() {
    return signed_in_user("/api/v1/me");
}

Result<User> RemoteService::check_session() {
    return signed_in_user("/api/v1/session");
}

// [SECTION] the operations ------------------------------------------------------------------

Result<ListPage> RemoteService::list(const ListQuery& q) {
    const json body = wire::encode(q);
    auto r = call_json(Method::Post, "/api/v1/register", &body, true);
    if (!r) return r.error();
    return wire::decode_list_page(*r);
}

Result<std::int64_t> RemoteService::count(const ListQuery& q) {
    const json body = wire::encode(q);
    return count_of(call_json(Method::Post, "/api/v1/register/count", &body, true));
}

Result<ComplaintDetail> RemoteService::detail(const TrackingCode& code) {
    auto r = call_json(Method::Get, "/api/v1/complaints/" + path_code(code), nullptr, true);
    if (!r) return r.error();
    return wire::decode_detail(*r);
}

Result<Attachment> RemoteService::attachment(const TrackingCode& code, std::int64_t id) {
    auto r = call(Method::Get,
                  "/api/v1/complaints/" + path_code(code) + "/attachments/" + std::to_string(id),
                  "", true);
    if (!r) return r.error();
    if (r->status != 200) {
        json j = json::parse(r->body, nullptr, false);
        return j.is_discarded() ? Error{ErrorKind::Internal, "err.remote.answer"}
                                : refusal(r->status, j);
    }
    Attachment a;
    a.id = id;
    a.media_type = r->content_type;
    a.data.assign(r->body.begin(), r->body.end());
    return a;
}

Result<Complaint> RemoteService::advance(const TrackingCode& code, const AdvanceRequest& req) {
    const json body = wire::encode(req);
    auto r =
        call_json(Method::Post, "/api/v1/complaints/" + path_code(code) + "/advance", &body, false);
    if (!r) return r.error();
    if (!r->contains("complaint")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_complaint((*r)["complaint"]);
}

Result<Capa> RemoteService::save_capa(const TrackingCode& code, const Capa& values,
                                      std::optional<Role> on_behalf_of) {
    json body = wire::encode(values);
    if (on_behalf_of) body["on_behalf_of"] = to_string(*on_behalf_of);
    // Saving the same fields twice leaves them as they are: safe to repeat.
    auto r = call_json(Method::Put, "/api/v1/complaints/" + path_code(code) + "/capa", &body, true);
    if (!r) return r.error();
    if (!r->contains("capa")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_capa((*r)["capa"]);
}

Result<Complaint> RemoteService::record_spoken_summary(const TrackingCode& code,
                                                       const std::string& text) {
    const json body{{"text", text}};
    // Typing the same summary twice leaves it as it is: safe to repeat.
    auto r =
        call_json(Method::Put, "/api/v1/complaints/" + path_code(code) + "/summary", &body, true);
    if (!r) return r.error();
    if (!r->contains("complaint")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_complaint((*r)["complaint"]);
}

Result<Complaint> RemoteService::record_letter_number(const TrackingCode& code,
                                                      const std::string& number) {
    const json body{{"number", number}};
    // The same number again changes nothing on the hub: safe to repeat.
    auto r = call_json(Method::Put, "/api/v1/complaints/" + path_code(code) + "/letter-number",
                       &body, true);
    if (!r) return r.error();
    if (!r->contains("complaint")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_complaint((*r)["complaint"]);
}

Result<Submitted> RemoteService::submit(const Submission& s) {
    const json body = wire::encode(s);
    auto r = call_json(Method::Post, "/api/v1/complaints", &body, false);
    if (!r) return r.error();
    return wire::decode_submitted(*r);
}

// {"print_job": {...}} from the hub.
namespace {
Result<PrintJob> print_job_of(const Result<json>& r) {
    if (!r) return r.error();
    if (!r->contains("print_job")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_print_job((*r)["print_job"]);
}
} // namespace

Result<PrintJob> RemoteService::record_print(const TrackingCode& code, PrintDocument document) {
    const json body{{"document", std::string(to_string(document))}};
    return print_job_of(
        call_json(Method::Post, "/api/v1/complaints/" + path_code(code) + "/prints", &body, false));
}

Result<PrintJob> RemoteService::update_print(const PrintJob& job) {
    // The hub knows what was printed and for whom; only how it went travels.
    const json body = wire::encode_outcome(job);
    // The same outcome told twice is recorded once: safe to repeat.
    return print_job_of(
        call_json(Method::Put, "/api/v1/print-jobs/" + std::to_string(job.id), &body, true));
}

Result<std::vector<PrintJob>> RemoteService::print_jobs(const PrintJobQuery& q) {
    std::string path = "/api/v1/print-jobs?limit=" + std::to_string(q.limit);
    if (q.unfinished_or_failed) path += "&failed=true";
    if (q.complaint_seq) path += "&complaint_seq=" + std::to_string(*q.complaint_seq);
    auto r = call_json(Method::Get, path, nullptr, true);
    if (!r) return r.error();
    return wire::decode_print_jobs(*r);
}

Result<MonthReport> RemoteService::month_report(int year, int month) {
    char ym[16];
    std::snprintf(ym, sizeof ym, "%04d-%02d", year, month);
    auto r = call_json(Method::Get, std::string("/api/v1/reports/") + ym, nullptr, true);
    if (!r) return r.error();
    const auto name = r->find("profile_name");
    if (name == r->end() || !name->is_string())
        return Error{ErrorKind::Internal, "err.remote.answer"};
    const std::string profile = name->get<std::string>();
    const SopProfile* p = nullptr;
    {
        std::lock_guard lock(mu_);
        auto& slot = profiles_[profile];
        if (!slot && profile.find('/') == std::string::npos && !profile.empty())
            if (auto loaded = load_sop_profile(opt_.sop_dir / (profile + ".toml")))
                slot = std::make_unique<SopProfile>(std::move(loaded).value());
        p = slot.get();
    }
    if (!p) return Error{ErrorKind::Invalid, "err.remote.profile", {{"profile", profile}}};
    return wire::decode_month_report(*r, *p);
}

Result<SkmReport> RemoteService::skm_report(Date from, Date to) {
    auto r = call_json(Method::Get,
                       "/api/v1/skm/report?from=" + format_date(from) + "&to=" + format_date(to),
                       nullptr, true);
    if (!r) return r.error();
    return wire::decode_skm_report(*r);
}

Result<SettingsPage> RemoteService::settings() {
    auto r = call_json(Method::Get, "/api/v1/settings", nullptr, true);
    if (!r) return r.error();
    return wire::decode_settings_page(*r);
}

Result<std::vector<StoredSetting>> RemoteService::stored_settings() {
    auto r = call_json(Method::Get, "/api/v1/office/settings", nullptr, true);
    if (!r) return r.error();
    return wire::decode_stored_settings(*r);
}

Status RemoteService::change_setting(const std::string& key, const std::string& value) {
    const json body{{"value", value}};
    auto r = call_json(Method::Put, "/api/v1/settings/" + key, &body, true);
    if (!r) return r.error();
    return ok();
}

Status RemoteService::reset_setting(const std::string& key) {
    auto r = call_json(Method::Delete, "/api/v1/settings/" + key, nullptr, true);
    if (!r) return r.error();
    return ok();
}

Result<std::int64_t> RemoteService::count_open_outside_sop(const std::string& sop) {
    return count_of(call_json(Method::Get,
                              "/api/v1/settings/open-outside-sop?sop=" +
                                  httplib::detail::encode_query_param(sop),
                              nullptr, true));
}

Result<User> RemoteService::change_account(const AccountChange& c) {
    using Kind = AccountChange::Kind;
    Result<json> r = Error{};
    if (c.kind == Kind::Add) {
        const json body{{"name", c.name},
                        {"display_name", c.display_name},
                        {"role", to_string(c.role)},
                        {"password", c.password}};
        r = call_json(Method::Post, "/api/v1/users", &body, false);
    } else {
        json body = json::object();
        if (c.kind == Kind::Role) body["role"] = to_string(c.role);
        if (c.kind == Kind::Active) body["active"] = c.active;
        if (c.kind == Kind::Password) body["password"] = c.password;
        if (c.kind == Kind::Function) body["function"] = c.function;
        r = call_json(Method::Patch, "/api/v1/users/" + c.name, &body, true);
    }
    if (!r) return r.error();
    if (!r->contains("user")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_user((*r)["user"]);
}

Result<json> RemoteService::export_personal(const PersonQuery& q) {
    json body = json::object();
    if (!q.code.empty()) body["code"] = q.code;
    if (!q.phone.empty()) body["phone"] = q.phone;
    if (!q.email.empty()) body["email"] = q.email;
    return call_json(Method::Post, "/api/v1/personal-data", &body, true);
}

Result<Complaint> RemoteService::anonymise(const TrackingCode& code, const std::string& reason) {
    const json body{{"reason", reason}};
    auto r = call_json(Method::Post, "/api/v1/complaints/" + path_code(code) + "/anonymise", &body,
                       false);
    if (!r) return r.error();
    if (!r->contains("complaint")) return Error{ErrorKind::Internal, "err.remote.answer"};
    return wire::decode_complaint((*r)["complaint"]);
}

Result<std::vector<AuditEntry>> RemoteService::audit_trail(std::int64_t before, int limit) {
    auto r = call_json(Method::Get,
                       "/api/v1/audit?before=" + std::to_string(before) +
                           "&limit=" + std::to_string(limit),
                       nullptr, true);
    if (!r) return r.error();
    return wire::decode_audit(*r);
}

} // namespace keluhan
