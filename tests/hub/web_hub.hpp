// What the tests of the hub's web pages (/ajukan, /staf) share: a Hub
// in-process on a real SQLite file, with one account per role, complaints
// walked to a chosen step by the real operations, and raw HTTP on loopback
// with the browser's cookies kept by hand.
#pragma once

#include "hub.hpp"

#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/sync/sync_agent.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <functional>
#include <map>
#include <string>

namespace keluhan::test {

inline constexpr const char* kWebPassword = "rahasia-kantor-1";

struct WebHub {
    TempDir dir;
    Office office;
    std::filesystem::path db = dir / "hub.db";
    hub::Hub hub;
    int port = 0;
    std::map<Role, User> users;
    std::vector<std::string> log;
    std::mutex log_mu;

    // `tweak` changes the office before the hub starts.
    explicit WebHub(HubConfig cfg = {}, const std::string& profile = "bspji-palembang",
                    const std::function<void(Office&)>& tweak = {})
        : office(load_office(profile)) {
        if (tweak) tweak(office);
        {
            auto store = Store::open(db).value();
            const std::pair<const char*, Role> people[] = {{"staf", Role::StafPji},
                                                           {"koordinator", Role::KoordinatorPji},
                                                           {"kepala", Role::KepalaBalai},
                                                           {"terkait", Role::KoordinatorTerkait},
                                                           {"admin", Role::Administrator}};
            for (const auto& [name, role] : people)
                users[role] =
                    create_user(*store, name, std::string("Bapak ") + name, role, kWebPassword)
                        .value();
        }
        start(std::move(cfg));
    }
    void start(HubConfig cfg) {
        cfg.listen = "127.0.0.1";
        cfg.port = 0;
        hub.set_log([this](std::string_view l) {
            const std::lock_guard lock(log_mu);
            log.emplace_back(l);
        });
        const auto st = hub.start(office, db, cfg);
        REQUIRE_MESSAGE(st, (st ? "" : st.error().key));
        port = hub.port();
    }
    [[nodiscard]] std::string base() const { return "http://localhost:" + std::to_string(port); }

    // A complaint taken and walked through its SOP until `step` is current.
    TrackingCode complaint_at(const std::string& step, Submission s = sample_submission()) {
        auto store = Store::open(db).value();
        auto done = submit_complaint(*store, office, s).value();
        for (int guard = 0; guard < 20; ++guard) {
            auto c = store->find_by_code(done.code).value();
            if (c.current_step == step) return done.code;
            const SopStep* st = office.profile.step(c.current_step);
            REQUIRE(st);
            AdvanceRequest r;
            r.note = "catatan langkah " + st->id;
            auto next = advance_complaint(*store, office, users.at(SopEngine::acting_role(*st)),
                                          done.code, r);
            REQUIRE_MESSAGE(next, (next ? "" : next.error().key));
        }
        FAIL("step " << step << " never reached");
        return done.code;
    }
    [[nodiscard]] Complaint stored(const TrackingCode& code) const {
        auto s = Store::open(db, StoreOptions{StoreOptions::Access::Read}).value();
        return s->find_by_code(code).value();
    }
    [[nodiscard]] std::int64_t count(const std::string& query) const {
        return std::stoll(sqlite_text(db, query));
    }
};

// A browser by hand: the cookies it was given, sent back on each request.
struct Browser {
    explicit Browser(int p) : port(p) { ignore_broken_pipes(); }
    int port;
    std::map<std::string, std::string> cookies;
    std::vector<std::string> set_cookie; // every Set-Cookie line seen
    httplib::Headers extra;

    httplib::Headers headers() const {
        httplib::Headers h = extra;
        std::string c;
        for (const auto& [k, v] : cookies)
            c += (c.empty() ? "" : "; ") + k + "=" + v;
        if (!c.empty()) h.emplace("Cookie", c);
        return h;
    }
    void keep(const httplib::Result& r) {
        if (!r) return;
        for (auto it = r->headers.begin(); it != r->headers.end(); ++it) {
            if (it->first != "Set-Cookie") continue;
            set_cookie.push_back(it->second);
            const auto eq = it->second.find('=');
            const auto semi = it->second.find(';');
            const std::string name = it->second.substr(0, eq);
            const std::string value = it->second.substr(eq + 1, semi - eq - 1);
            if (it->second.find("Max-Age=0") != std::string::npos)
                cookies.erase(name);
            else
                cookies[name] = value;
        }
    }
    httplib::Result get(const std::string& path) {
        httplib::Client c("127.0.0.1", port);
        auto r = c.Get(path, headers());
        keep(r);
        return r;
    }
    httplib::Result post(const std::string& path, const std::string& body,
                         const std::string& type = "application/x-www-form-urlencoded") {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(30, 0);
        auto r = c.Post(path, headers(), body, type);
        keep(r);
        return r;
    }
};

// The value of hidden input `name` in a page ("" when none).
inline std::string hidden(const std::string& page, const std::string& name) {
    const std::string marker = "name=\"" + name + "\" value=\"";
    const auto at = page.find(marker);
    if (at == std::string::npos) return {};
    const auto b = at + marker.size();
    return page.substr(b, page.find('"', b) - b);
}

// application/x-www-form-urlencoded.
inline std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += "&";
        out +=
            httplib::detail::encode_query_param(k) + "=" + httplib::detail::encode_query_param(v);
    }
    return out;
}

// multipart/form-data with boundary "XyZ": text fields, then files
// (name, filename, content type, bytes).
struct FilePart {
    std::string name, filename, type, data;
};
inline constexpr const char* kMultipart = "multipart/form-data; boundary=XyZ";
inline std::string multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<FilePart>& files = {}) {
    std::string out;
    for (const auto& [k, v] : fields)
        out += "--XyZ\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    for (const auto& f : files)
        out += "--XyZ\r\nContent-Disposition: form-data; name=\"" + f.name + "\"; filename=\"" +
               f.filename + "\"\r\nContent-Type: " + f.type + "\r\n\r\n" + f.data + "\r\n";
    return out + "--XyZ--\r\n";
}

} // namespace keluhan::test
