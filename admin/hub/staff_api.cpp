// [SECTION] index
//   replies and the request's user
//   sign-in and sign-out
//   routes
#include "staff_api.hpp"

#include "client_address.hpp"
#include "rate_limit.hpp"

#include "keluhan/ops/auth.hpp"
#include "keluhan/service/local.hpp"
#include "keluhan/service/wire.hpp"
#include "keluhan/sync/sync.hpp"

#include "http_server.hpp"

#include <charconv>

namespace keluhan::hub {

using nlohmann::json;

namespace {

void no_store(http::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
}

std::string bearer(const http::Request& req) {
    const std::string h = req.get_header_value("Authorization");
    constexpr std::string_view prefix = "Bearer ";
    if (h.size() <= prefix.size() || h.compare(0, prefix.size(), prefix) != 0) return {};
    return h.substr(prefix.size());
}

} // namespace

// One request being served: its user's service, its body, its reply.
struct StaffApi::Call {
    const http::Request& req;
    http::Response& res;
    LocalService& svc;
    const Office& office;
    const Catalog& catalog;

    void fail(const Error& e) {
        res.status = wire::http_status(e);
        json j = wire::encode(e);
        j["error"]["message"] = catalog.message(e);
        res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    }
    void send(const json& j, int status = 200) {
        res.status = status;
        res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    }
    template <typename T, typename F> void answer(const Result<T>& r, F&& encode) {
        if (!r) return fail(r.error());
        send(encode(*r));
    }
    // The JSON body, or nothing (the error is answered).
    std::optional<json> body() {
        if (req.body.size() > kMaxBody) {
            fail(Error{ErrorKind::Invalid, "err.hub.too_large", {{"max", "0.25"}}});
            res.status = 413;
            return std::nullopt;
        }
        json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded() || !j.is_object()) {
            fail(Error{ErrorKind::Invalid, "err.json.parse"});
            return std::nullopt;
        }
        return j;
    }
    // The body's text fields, each into its place in `fields` (every one
    // optional); false, answered, on another key or a value that is not text.
    bool texts(const json& body,
               std::initializer_list<std::pair<const char*, std::string*>> fields) {
        for (const auto& [k, v] : body.items()) {
            std::string* out = nullptr;
            for (const auto& [name, place] : fields)
                if (k == name) out = place;
            if (!out || !v.is_string()) {
                fail(Error{ErrorKind::Invalid,
                           "err.json.field",
                           {{"key", k}, {"reason", out ? "must be text" : "unknown key"}}});
                return false;
            }
            *out = v.get<std::string>();
        }
        return true;
    }
    // The one text field `key` that is the whole body, or nothing (answered).
    std::optional<std::string> only_text(const json& body, const char* key) {
        const auto it = body.find(key);
        if (it == body.end() || !it->is_string() || body.size() != 1) {
            fail(Error{
                ErrorKind::Invalid, "err.json.field", {{"key", key}, {"reason", "text expected"}}});
            return std::nullopt;
        }
        return it->get<std::string>();
    }
    // The tracking code in the path, or nothing (the error is answered).
    std::optional<TrackingCode> code() {
        const std::string raw = req.matches.size() > 1 ? req.matches[1] : std::string();
        auto c = TrackingCode::parse(raw);
        if (!c) {
            fail(c.error());
            return std::nullopt;
        }
        return *c;
    }
};

StaffApi::StaffApi(const Office& office, const Catalog& catalog, Store& writer, StorePool& pool,
                   Log log, std::vector<std::string> trusted_proxies)
    : office_(std::make_shared<const Office>(office)), catalog_(catalog), writer_(writer),
      pool_(pool), log_(std::move(log)),
      // Per address: 30 sign-ins a minute, 20 refused in ten minutes, then
      // 15 minutes' rest. The accounts' own lockout counts per name.
      sign_ins_(std::make_unique<RateLimiter>(30, 20, 15)),
      trusted_proxies_(std::move(trusted_proxies)) {}

StaffApi::~StaffApi() = default;

std::shared_ptr<const Office> StaffApi::office() const {
    std::lock_guard lock(office_mu_);
    return office_;
}

std::pair<std::string, TimeMs> StaffApi::last_write_failure() const {
    std::lock_guard lock(office_mu_);
    return {write_failed_key_, write_failed_at_};
}

// [SECTION] replies and the request's user --------------------------------------------

void StaffApi::serve(const http::Request& req, http::Response& res, bool write,
                     const std::function<void(Call&)>& f, bool use) {
    no_store(res);
    const auto office = this->office();
    auto user = session_user(writer_, office->config.auth, bearer(req), use);
    if (!user) {
        LocalService none(writer_, *office);
        Call call{req, res, none, *office, catalog_};
        if (user.error().kind == ErrorKind::Denied) {
            call.fail(Error{ErrorKind::Denied, "err.session.expired"});
            res.set_header("WWW-Authenticate", "Bearer");
        } else {
            if (log_) log_("staff api: session check failed: " + user.error().key);
            call.fail(user.error());
        }
        return;
    }
    std::optional<StorePool::Lease> lease;
    Store* store = &writer_;
    if (!write) {
        lease.emplace(pool_);
        if (!lease->get()) {
            LocalService none(writer_, *office);
            Call call{req, res, none, *office, catalog_};
            return call.fail(lease->error());
        }
        store = lease->get();
    }
    LocalService svc(*store, *office, *user);
    Call call{req, res, svc, *office, catalog_};
    f(call);
    // The database refused a write: /healthz says so for a while.
    if (write && res.status == 503) {
        std::lock_guard lock(office_mu_);
        write_failed_at_ = now_ms();
        const auto j = json::parse(res.body, nullptr, false);
        write_failed_key_ = j.is_object() && j.contains("error") && j["error"].contains("key")
                                ? j["error"]["key"].get<std::string>()
                                : "err.store.io";
    }
    // An office setting changed: the next requests see it.
    if (svc.changed_office()) {
        std::lock_guard lock(office_mu_);
        office_ = std::make_shared<const Office>(*svc.changed_office());
    }
}

// [SECTION] sign-in and sign-out ---------------------------------------------------------

void StaffApi::sign_in(const http::Request& req, http::Response& res) {
    no_store(res);
    const auto office = this->office();
    LocalService none(writer_, *office);
    Call call{req, res, none, *office, catalog_};
    const TimeMs now = now_ms();
    const std::string from = client_address(req, trusted_proxies_);
    if (const int wait = sign_ins_->admit(from, now); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        call.fail(Error{ErrorKind::Denied, "err.hub.rate_limited"});
        res.status = 429;
        return;
    }
    auto body = call.body();
    if (!body) return;
    const auto name = body->find("name");
    const auto password = body->find("password");
    if (name == body->end() || !name->is_string() || password == body->end() ||
        !password->is_string() || body->size() != 2 + (body->contains("client") ? 1 : 0))
        return call.fail(Error{ErrorKind::Invalid,
                               "err.json.field",
                               {{"key", "name, password"}, {"reason", "text expected"}}});
    std::string client = from;
    if (auto c = body->find("client"); c != body->end() && c->is_string()) {
        client += " ";
        for (const char ch : c->get<std::string>().substr(0, 100))
            if (ch >= 0x20 && ch < 0x7f) client.push_back(ch);
    }
    // Unknown names and wrong passwords take the same path and the same
    // time in login(), and get this same 401.
    auto u = login(writer_, office->config.auth, office->config.calendar, name->get<std::string>(),
                   password->get<std::string>());
    if (!u) {
        sign_ins_->miss(from, now);
        call.fail(u.error());
        if (u.error().kind == ErrorKind::Denied) res.status = 401;
        return;
    }
    auto grant = open_session(writer_, office->config.auth, *u, client);
    if (!grant) return call.fail(grant.error());
    if (log_) log_("staff sign-in " + u->name + " from " + from);
    call.send(json{{"token", grant->token},
                   {"user", wire::encode(grant->user)},
                   {"expires_at", grant->expires_at},
                   {"idle_minutes", grant->idle_minutes}});
}

void StaffApi::sign_out(const http::Request& req, http::Response& res) {
    no_store(res);
    const std::string token = bearer(req);
    if (!token.empty() && token.size() <= 128)
        if (auto st = close_session(writer_, token); !st) {
            const auto office = this->office();
            LocalService none(writer_, *office);
            Call call{req, res, none, *office, catalog_};
            return call.fail(st.error());
        }
    // Signing out twice, or with a token already gone, is not an error.
    res.status = 204;
}

// [SECTION] routes --------------------------------------------------------------------------

void StaffApi::routes(http::Server& s) {
    using Req = const http::Request&;
    using Res = http::Response&;
    constexpr const char* kCode = R"(([0-9A-Za-z-]{1,40}))";
    const std::string complaint = std::string("/api/v1/complaints/") + kCode;

    s.Post("/api/v1/session", [this](Req q, Res r) { sign_in(q, r); });
    s.Delete("/api/v1/session", [this](Req q, Res r) { sign_out(q, r); });
    // Is my session alive? Not a use of it (a panel's heartbeat).
    s.Get("/api/v1/session", [this](Req q, Res r) {
        serve(
            q, r, false,
            [](Call& c) {
                c.answer(c.svc.check_session(), [](const User& u) {
                    return json{{"user", wire::encode(u)}};
                });
            },
            /*use=*/false);
    });
    s.Get("/api/v1/me", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            c.answer(c.svc.me(), [](const User& u) { return json{{"user", wire::encode(u)}}; });
        });
    });
    s.Get("/api/v1/office/settings", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            c.answer(c.svc.stored_settings(),
                     [](const std::vector<StoredSetting>& v) { return wire::encode(v); });
        });
    });

    // The register: POST, because a query is a structure (and its search
    // words stay out of URLs and logs).
    s.Post("/api/v1/register", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            auto query = wire::decode_list_query(*body);
            if (!query) return c.fail(query.error());
            query->now = now_ms(); // "overdue" by the hub's clock, not the desk's
            c.answer(c.svc.list(*query), [](const ListPage& p) { return wire::encode(p); });
        });
    });
    s.Post("/api/v1/register/count", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            auto query = wire::decode_list_query(*body);
            if (!query) return c.fail(query.error());
            query->now = now_ms();
            c.answer(c.svc.count(*query), [](std::int64_t n) { return json{{"count", n}}; });
        });
    });

    // A complaint: its detail, a recording, its steps.
    s.Get(complaint, [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            auto code = c.code();
            if (!code) return;
            c.answer(c.svc.detail(*code), [](const ComplaintDetail& d) { return wire::encode(d); });
        });
    });
    s.Get(complaint + "/attachments/([0-9]{1,18})", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            auto code = c.code();
            if (!code) return;
            std::int64_t id = 0;
            const std::string raw = c.req.matches[2];
            std::from_chars(raw.data(), raw.data() + raw.size(), id);
            auto a = c.svc.attachment(*code, id);
            if (!a) return c.fail(a.error());
            c.res.set_content(reinterpret_cast<const char*>(a->data.data()), a->data.size(),
                              a->media_type.empty() ? "application/octet-stream"
                                                    : a->media_type.c_str());
        });
    });
    s.Post(complaint + "/advance", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            auto req = wire::decode_advance(*body);
            if (!req) return c.fail(req.error());
            c.answer(c.svc.advance(*code, *req), [](const Complaint& k) {
                return json{{"complaint", wire::encode(k)}};
            });
        });
    });
    s.Put(complaint + "/capa", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            auto values = wire::decode_capa(*body);
            if (!values) return c.fail(values.error());
            std::optional<Role> on_behalf;
            if (auto it = body->find("on_behalf_of"); it != body->end() && !it->is_null()) {
                on_behalf =
                    it->is_string() ? role_from_string(it->get<std::string>()) : std::nullopt;
                if (!on_behalf)
                    return c.fail(Error{ErrorKind::Invalid,
                                        "err.json.field",
                                        {{"key", "on_behalf_of"}, {"reason", "unknown value"}}});
            }
            c.answer(c.svc.save_capa(*code, *values, on_behalf), [](const Capa& k) {
                return json{{"capa", wire::encode(k)}};
            });
        });
    });
    s.Put(complaint + "/summary", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            const auto text = c.only_text(*body, "text");
            if (!text) return;
            c.answer(c.svc.record_spoken_summary(*code, *text), [](const Complaint& k) {
                return json{{"complaint", wire::encode(k)}};
            });
        });
    });
    s.Put(complaint + "/letter-number", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            const auto number = c.only_text(*body, "number");
            if (!number) return;
            c.answer(c.svc.record_letter_number(*code, *number), [](const Complaint& k) {
                return json{{"complaint", wire::encode(k)}};
            });
        });
    });
    s.Post(complaint + "/anonymise", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            const auto reason = c.only_text(*body, "reason");
            if (!reason) return;
            c.answer(c.svc.anonymise(*code, *reason), [](const Complaint& k) {
                return json{{"complaint", wire::encode(k)}};
            });
        });
    });
    s.Post("/api/v1/complaints", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            auto sub = wire::decode_submission(*body);
            if (!sub) return c.fail(sub.error());
            auto done = c.svc.submit(*sub);
            if (!done) return c.fail(done.error());
            c.send(wire::encode(*done), 201);
        });
    });

    // The print-job journal: the paper comes out at the desk, the record is here.
    s.Post(complaint + "/prints", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto code = c.code();
            auto body = code ? c.body() : std::nullopt;
            if (!body) return;
            const auto word = c.only_text(*body, "document");
            if (!word) return;
            const auto document = print_document_from_string(*word);
            if (!document)
                return c.fail(Error{ErrorKind::Invalid,
                                    "err.json.field",
                                    {{"key", "document"}, {"reason", "unknown value"}}});
            auto job = c.svc.record_print(*code, *document);
            if (!job) return c.fail(job.error());
            c.send(json{{"print_job", wire::encode(*job)}}, 201);
        });
    });
    s.Put(R"(/api/v1/print-jobs/([0-9]{1,18}))", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            std::int64_t id = 0;
            const std::string raw = c.req.matches[1];
            std::from_chars(raw.data(), raw.data() + raw.size(), id);
            auto outcome = wire::decode_outcome(*body, id);
            if (!outcome) return c.fail(outcome.error());
            c.answer(c.svc.update_print(*outcome), [](const PrintJob& j) {
                return json{{"print_job", wire::encode(j)}};
            });
        });
    });
    s.Get("/api/v1/print-jobs", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            PrintJobQuery pq;
            // A number that is not one is said so, not read as 0.
            auto number = [&](const char* key, auto& out) {
                const std::string v = c.req.get_param_value(key);
                if (v.empty()) return true;
                const auto got = std::from_chars(v.data(), v.data() + v.size(), out);
                if (got.ec == std::errc() && got.ptr == v.data() + v.size()) return true;
                c.fail(Error{ErrorKind::Invalid,
                             "err.json.field",
                             {{"key", key}, {"reason", "must be a whole number"}}});
                return false;
            };
            std::int64_t seq = 0;
            if (!number("limit", pq.limit) || !number("complaint_seq", seq)) return;
            if (c.req.has_param("complaint_seq")) pq.complaint_seq = seq;
            const std::string failed = c.req.get_param_value("failed");
            if (!failed.empty() && failed != "true" && failed != "false")
                return c.fail(Error{ErrorKind::Invalid,
                                    "err.json.field",
                                    {{"key", "failed"}, {"reason", "true or false"}}});
            pq.unfinished_or_failed = failed == "true";
            c.answer(c.svc.print_jobs(pq),
                     [](const std::vector<PrintJob>& v) { return wire::encode(v); });
        });
    });

    // The office's pages.
    s.Get(R"(/api/v1/reports/([0-9]{4}-[0-9]{2}))", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            auto month = parse_month(c.req.matches[1]);
            if (!month) return c.fail(month.error());
            c.answer(c.svc.month_report(month->first, month->second),
                     [](const MonthReport& m) { return wire::encode(m); });
        });
    });
    s.Get("/api/v1/skm/report", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            Date day[2];
            const char* keys[] = {"from", "to"};
            for (int i = 0; i < 2; ++i) {
                auto d = parse_date(c.req.get_param_value(keys[i]));
                if (!d)
                    return c.fail(Error{ErrorKind::Invalid,
                                        "err.json.field",
                                        {{"key", keys[i]}, {"reason", "a date, YYYY-MM-DD"}}});
                day[i] = *d;
            }
            c.answer(c.svc.skm_report(day[0], day[1]),
                     [](const SkmReport& m) { return wire::encode(m); });
        });
    });
    s.Get("/api/v1/settings", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            c.answer(c.svc.settings(), [](const SettingsPage& p) { return wire::encode(p); });
        });
    });
    s.Get("/api/v1/settings/open-outside-sop", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            c.answer(c.svc.count_open_outside_sop(c.req.get_param_value("sop")),
                     [](std::int64_t n) {
                         return json{{"count", n}};
                     });
        });
    });
    s.Put(R"(/api/v1/settings/([a-z_.]{1,64}))", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            const auto value = c.only_text(*body, "value");
            if (!value) return;
            auto st = c.svc.change_setting(c.req.matches[1], *value);
            if (!st) return c.fail(st.error());
            c.res.status = 204;
        });
    });
    s.Delete(R"(/api/v1/settings/([a-z_.]{1,64}))", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto st = c.svc.reset_setting(c.req.matches[1]);
            if (!st) return c.fail(st.error());
            c.res.status = 204;
        });
    });
    s.Post("/api/v1/users", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            std::string name, display, role, password;
            if (!c.texts(*body, {{"name", &name},
                                 {"display_name", &display},
                                 {"role", &role},
                                 {"password", &password}}))
                return;
            const auto as = role_from_string(role);
            if (!as) return c.fail(Error{ErrorKind::Invalid, "err.user.role", {{"role", role}}});
            auto u = c.svc.change_account(AccountChange::add(name, display, *as, password));
            if (!u) return c.fail(u.error());
            c.send(json{{"user", wire::encode(*u)}}, 201);
        });
    });
    s.Patch(R"(/api/v1/users/([A-Za-z0-9._-]{1,64}))", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            const std::string name = c.req.matches[1];
            if (body->size() != 1)
                return c.fail(Error{ErrorKind::Invalid,
                                    "err.json.field",
                                    {{"key", "role, active, password, function"},
                                     {"reason", "exactly one of them"}}});
            // The one key and its value (the items() proxy is a temporary).
            const auto first = body->cbegin();
            const std::string k = first.key();
            const json& v = first.value();
            std::optional<AccountChange> change;
            if (k == "role" && v.is_string()) {
                if (auto role = role_from_string(v.get<std::string>()))
                    change = AccountChange::set_role(name, *role);
            } else if (k == "active" && v.is_boolean()) {
                change = AccountChange::set_active(name, v.get<bool>());
            } else if (k == "password" && v.is_string()) {
                change = AccountChange::set_password(name, v.get<std::string>());
            } else if (k == "function" && v.is_string()) {
                change = AccountChange::set_function(name, v.get<std::string>());
            }
            if (!change)
                return c.fail(Error{
                    ErrorKind::Invalid, "err.json.field", {{"key", k}, {"reason", "bad value"}}});
            c.answer(c.svc.change_account(*change), [](const User& u) {
                return json{{"user", wire::encode(u)}};
            });
        });
    });
    // POST, so a phone number or an e-mail address never sits in a URL or a log.
    s.Post("/api/v1/personal-data", [this](Req q, Res r) {
        serve(q, r, true, [](Call& c) {
            auto body = c.body();
            if (!body) return;
            PersonQuery pq;
            if (!c.texts(*body, {{"code", &pq.code}, {"phone", &pq.phone}, {"email", &pq.email}}))
                return;
            c.answer(c.svc.export_personal(pq), [](const json& j) { return j; });
        });
    });
    s.Get("/api/v1/audit", [this](Req q, Res r) {
        serve(q, r, false, [](Call& c) {
            std::int64_t before = 0;
            int limit = 100;
            const std::string b = c.req.get_param_value("before");
            const std::string l = c.req.get_param_value("limit");
            if (!b.empty()) std::from_chars(b.data(), b.data() + b.size(), before);
            if (!l.empty()) std::from_chars(l.data(), l.data() + l.size(), limit);
            c.answer(c.svc.audit_trail(before, limit),
                     [](const std::vector<AuditEntry>& v) { return wire::encode(v); });
        });
    });
}

} // namespace keluhan::hub
