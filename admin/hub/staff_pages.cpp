// [SECTION] index
//   the visit: HTTPS, the session cookie, the form token
//   sign-in and sign-out
//   my tasks
//   a complaint and my step
//   the letter
//   routes
#include "client_address.hpp"
#include "http_server.hpp"
#include "web_pages.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/service/local.hpp"
#include "keluhan/service/steps.hpp"
#include "keluhan/service/wire.hpp"

#include <charconv>

namespace keluhan::hub {

using web::lang_of;
using web::lang_query;

namespace {

constexpr const char* kSessionCookie = "keluhan_staf";
constexpr const char* kFormCookie = "keluhan_staf_form";
constexpr TimeMs kFormTtl = 12 * 60 * 60'000LL;
constexpr const char* kHtml = "text/html; charset=utf-8";

std::string esc(const std::string& s) {
    return html_escape(s);
}

// A form's fields (urlencoded: the /staf forms carry no files).
struct Fields {
    std::multimap<std::string, std::string> all;
    [[nodiscard]] std::string get(const std::string& k) const {
        const auto it = all.find(k);
        return it == all.end() ? std::string() : it->second;
    }
};

// The field of the step form an error is about (its "field" parameter names
// the i18n key of the field's label).
std::string form_field_of(const Error& e) {
    const std::string f = e.param("field");
    if (f == "field.letter" || f == "field.letter_capa") return "letter";
    if (f.rfind("field.capa.", 0) == 0) return f.substr(std::string("field.capa.").size());
    if (e.key == "err.disposition.function_required") return "function";
    if (e.key == "err.web.on_behalf") return "on_behalf";
    if (!f.empty()) return "note";
    return {};
}

} // namespace

// [SECTION] the visit: HTTPS, the session cookie, the form token -----------------------

StaffPages::StaffPages(WebSite& site, RateLimiter& sign_ins) : site_(site), sign_ins_(sign_ins) {}

std::optional<User> StaffPages::signed_in(const http::Request& req, http::Response& res) {
    const auto office = site_.office();
    const std::string token = web::cookie(req, kSessionCookie);
    const auto ctx = site_.page(lang_of(req));
    const auto& t = ctx.catalog;
    if (token.empty()) {
        // A form sent without the session (it ended, the cookie went): said so.
        const bool post = req.method == "POST";
        sign_in_page(req, res, post ? t.tr("staf.expired") : "", "", post ? 401 : 200);
        return std::nullopt;
    }
    auto user = token.size() > 128 ? Result<User>(Error{ErrorKind::Denied, "err.session.expired"})
                                   : session_user(site_.writer, office->config.auth, token);
    if (user) return *user;
    if (user.error().kind == ErrorKind::Denied) {
        sign_in_page(req, res, t.tr("staf.expired"), "", 401);
        return std::nullopt;
    }
    // The database, not the session: said so, not "sign in again".
    site_.log("staf: the session could not be checked: " + user.error().key);
    web::page_headers(res);
    res.status = 503;
    res.set_content(message_page(ctx, t.tr("staf.title"), t.message(user.error()), ""), kHtml);
    return std::nullopt;
}

namespace {

// The page's chrome for a signed-in official: who, and the sign-out button.
std::string top(const PageContext& ctx, const std::string& title, const User& u,
                const std::string& csrf, const std::string& lang) {
    const auto& t = ctx.catalog;
    return page_head(ctx, title) + "<section class=\"card\"><p class=\"label\">" +
           esc(t.tr("staf.title")) + "</p><p><strong>" + esc(u.display_name) + "</strong> · " +
           esc(std::string(role_title(u.role))) +
           "</p><form method=\"post\" action=\"/staf/keluar" + lang_query(lang) +
           "\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) +
           "\"><button type=\"submit\" class=\"secondary small\">" + esc(t.tr("staf.sign_out")) +
           "</button></form></section>\n";
}

} // namespace

// [SECTION] sign-in and sign-out ------------------------------------------------------------

void StaffPages::sign_in_page(const http::Request& req, http::Response& res,
                              const std::string& message, const std::string& name, int status) {
    const std::string lang = lang_of(req);
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    res.status = status;
    web::page_headers(res);
    const std::string b = web::browser_binding(req, res, kFormCookie, "/staf", true);
    std::string out = page_head(ctx, t.tr("staf.sign_in_title"));
    out += "<section class=\"card\"><p class=\"label\">" + esc(t.tr("staf.title")) + "</p><p>" +
           esc(t.tr("staf.sign_in_lead")) + "</p></section>\n";
    if (!message.empty())
        out += "<section class=\"card errbox\" role=\"alert\"><p class=\"err\" id=\"e-sign-in\">" +
               esc(message) + "</p></section>\n";
    const std::string described = message.empty() ? "" : " aria-describedby=\"e-sign-in\"";
    out += "<form method=\"post\" action=\"/staf/masuk" + lang_query(lang) +
           "\"><fieldset><input type=\"hidden\" name=\"csrf\" value=\"" +
           esc(site_.signer.issue("staf-masuk", b, now_ms(), kFormTtl)) +
           "\"><div class=\"field\"><label for=\"f-name\">" + esc(t.tr("staf.name")) +
           "</label><input type=\"text\" id=\"f-name\" name=\"name\" autocomplete=\"username\" "
           "autocapitalize=\"none\" maxlength=\"64\" value=\"" +
           esc(name) + "\"" + described + "></div><div class=\"field\"><label for=\"f-password\">" +
           esc(t.tr("staf.password")) +
           "</label><input type=\"password\" id=\"f-password\" name=\"password\" "
           "autocomplete=\"current-password\" maxlength=\"200\"" +
           described + "></div></fieldset><button type=\"submit\">" + esc(t.tr("staf.sign_in")) +
           "</button></form>\n";
    res.set_content(out + page_foot(ctx, false), kHtml);
}

void StaffPages::sign_in(const http::Request& req, http::Response& res) {
    const std::string lang = lang_of(req);
    const auto& t = site_.page(lang).catalog;
    const auto office = site_.office();
    const TimeMs now = now_ms();
    const std::string from = client_address(req, site_.config.trusted_proxies);
    const Fields f{http::parse_form(req.body)};
    const std::string name = f.get("name").substr(0, 64);
    if (const int wait = sign_ins_.admit(from, now); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        return sign_in_page(req, res, t.tr("err.hub.rate_limited"), name, 429);
    }
    if (!site_.signer.check(f.get("csrf"), "staf-masuk", web::cookie(req, kFormCookie), now)) {
        sign_ins_.miss(from, now);
        return sign_in_page(req, res, t.tr("err.web.csrf"), name, 403);
    }
    // The same check, lockout and answer as the panel's and the staff API's.
    auto u = login(site_.writer, office->config.auth, office->config.calendar, f.get("name"),
                   f.get("password"));
    if (!u) {
        sign_ins_.miss(from, now);
        if (u.error().kind == ErrorKind::Storage)
            site_.log("staf sign-in: " + u.error().key + " " + u.error().detail);
        return sign_in_page(req, res, t.message(u.error()), name,
                            u.error().kind == ErrorKind::Denied ? 401 : 503);
    }
    auto grant = open_session(site_.writer, office->config.auth, *u, from + " web");
    if (!grant) return sign_in_page(req, res, t.message(grant.error()), name, 503);
    site_.log("staff web sign-in " + u->name + " from " + from);
    res.status = 303;
    web::page_headers(res);
    // HttpOnly: no script reads it; Secure: never over plain HTTP (but to
    // this machine); SameSite=Strict: no other site's page sends it.
    res.add_header("Set-Cookie", std::string(kSessionCookie) + "=" + grant->token +
                                     "; Path=/staf; HttpOnly; Secure; SameSite=Strict");
    res.set_header("Location", "/staf" + lang_query(lang));
    res.set_content("", kHtml);
}

void StaffPages::sign_out(const http::Request& req, http::Response& res) {
    const std::string lang = lang_of(req);
    const auto& t = site_.page(lang).catalog;
    const std::string token = web::cookie(req, kSessionCookie);
    const Fields f{http::parse_form(req.body)};
    // Only our own page's button signs out (no other site can sign one out).
    if (!token.empty() && token.size() <= 128 &&
        site_.signer.check(f.get("csrf"), "staf", token, now_ms()))
        (void)close_session(site_.writer, token);
    else if (!token.empty())
        return sign_in_page(req, res, t.tr("err.web.csrf"), "", 403);
    res.add_header("Set-Cookie", std::string(kSessionCookie) +
                                     "=; Path=/staf; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    sign_in_page(req, res, t.tr("staf.signed_out"), "", 200);
}

// [SECTION] my tasks --------------------------------------------------------------------------

void StaffPages::tasks(const http::Request& req, http::Response& res) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto office = site_.office();
    const std::string token = web::cookie(req, kSessionCookie);
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    const auto user = signed_in(req, res);
    if (!user) return;
    StorePool::Lease reader(site_.pool);
    if (!reader.get()) {
        res.status = 503;
        res.set_content(message_page(ctx, t.tr("staf.tasks_title"), t.message(reader.error()), ""),
                        kHtml);
        return;
    }
    LocalService svc(*reader.get(), *office, *user);
    const TimeMs now = now_ms();
    const std::string csrf = site_.signer.issue("staf", token, now, kFormTtl);
    std::string out = top(ctx, t.tr("staf.tasks_title"), *user, csrf, lang);
    // What the last action did (after its redirect).
    if (const std::string done = req.get_param_value("selesai"); !done.empty())
        if (auto code = TrackingCode::parse(done))
            if (auto c = reader.get()->find_by_code(*code)) {
                const SopStep* next = office->profile.step(c->current_step);
                const std::string text =
                    c->status == ComplaintStatus::Closed || !next
                        ? t.tr("staf.done_closed", {{"code", code->grouped()}})
                        : t.tr(req.get_param_value("kembali") == "1" ? "staf.done_returned"
                                                                     : "staf.done_step",
                               {{"step", std::to_string(next->number) + ". " + next->action},
                                {"role", std::string(role_title(SopEngine::acting_role(*next)))}});
                out += "<section class=\"card ok\" role=\"status\"><p>" + esc(text) +
                       "</p></section>\n";
            }
    auto rows = my_tasks(svc, office->profile, *user, now);
    if (!rows) {
        res.status = 503;
        out += "<section class=\"card errbox\" role=\"alert\"><p class=\"err\">" +
               esc(t.message(rows.error())) + "</p></section>\n";
        res.set_content(out + page_foot(ctx, false), kHtml);
        return;
    }
    out += "<section class=\"card\"><h2>" + esc(t.tr("staf.tasks_title")) + "</h2><p>" +
           esc(t.tr("staf.tasks_lead", {{"name", user->display_name},
                                        {"role", std::string(role_title(user->role))}})) +
           "</p>";
    if (rows->empty()) out += "<p><strong>" + esc(t.tr("staf.tasks_empty")) + "</strong></p>";
    out += "<ol>";
    for (const auto& c : *rows) {
        const SopStep* step = office->profile.step(c.current_step);
        const bool late = c.due_at < now;
        out += "<li><a class=\"task\" href=\"/staf/k/" + esc(c.code) + lang_query(lang) +
               "\"><div><div class=\"code\">" +
               esc(TrackingCode::parse(c.code) ? TrackingCode::parse(c.code)->grouped() : c.code) +
               "</div><div class=\"t\">" +
               esc(step ? std::to_string(step->number) + ". " + step->action : c.current_step) +
               "</div><div class=\"when " + (late ? "late" : "ontime") + "\">" +
               esc(time_left_text(t, c.due_at, now)) + "</div><div class=\"s\">" +
               esc(c.register_number.empty() ? std::string() : c.register_number + " · ") +
               esc(t.has("service." + c.service) ? t.tr("service." + c.service) : c.service) +
               "</div></div></a></li>";
    }
    out += "</ol></section>\n";
    res.set_content(out + page_foot(ctx, false), kHtml);
}

// [SECTION] a complaint and my step -------------------------------------------------------

void StaffPages::complaint(const http::Request& req, http::Response& res, bool post) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto office = site_.office();
    const std::string token = web::cookie(req, kSessionCookie);
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    const auto user = signed_in(req, res);
    if (!user) return;
    auto code = TrackingCode::parse(req.matches.size() > 1 ? req.matches[1] : std::string());
    if (!code) {
        res.status = 404;
        res.set_content(not_found_page(ctx), kHtml);
        return;
    }
    // Writes on the writer, looks on a reader.
    std::optional<StorePool::Lease> lease;
    Store* store = &site_.writer;
    if (!post) {
        lease.emplace(site_.pool);
        if (!lease->get()) {
            res.status = 503;
            res.set_content(message_page(ctx, code->grouped(), t.message(lease->error()), ""),
                            kHtml);
            return;
        }
        store = lease->get();
    }
    LocalService svc(*store, *office, *user);
    const TimeMs now = now_ms();
    const Fields f{post ? http::parse_form(req.body) : std::multimap<std::string, std::string>{}};
    std::string error, error_field;
    int status = 200;
    if (post) {
        if (!site_.signer.check(f.get("csrf"), "staf", token, now)) {
            error = t.tr("err.web.csrf");
            status = 403;
        } else if (auto before = svc.detail(*code); !before) {
            error = t.message(before.error());
            status = wire::http_status(before.error());
        } else {
            const SopStep* step = office->profile.step(before->complaint.current_step);
            const bool back = f.get("do") == "return";
            if (!back && f.get("do") != "complete") {
                error = t.tr("err.web.action");
                status = 400;
            } else if (!step || step->id != f.get("step") ||
                       before->complaint.status == ComplaintStatus::Closed) {
                error = t.tr("err.web.step_changed");
                status = 409;
            } else {
                StepInput in;
                in.note = f.get("note");
                in.letter = f.get("letter");
                in.send_back = back;
                in.on_behalf = f.get("on_behalf") == "1";
                const std::string fn = f.get("function");
                const auto& fns = office->config.office.functions;
                for (std::size_t i = 0; i < fns.size(); ++i)
                    if (fns[i] == fn) in.function = static_cast<int>(i);
                auto r = step_request(in, *step, *user, office->config);
                // Recording an official's paper decision is said in so many
                // words (the panel's tick box): never by default.
                if (r &&
                    may_act(*step, *user, office->config.allow_on_behalf) == MayAct::OnBehalfOnly &&
                    !in.on_behalf)
                    r = Error{ErrorKind::Invalid,
                              "err.web.on_behalf",
                              {{"role", std::string(role_title(SopEngine::acting_role(*step)))}}};
                // The step's CAPA fields first (saved even when the step is
                // then refused: they are the record, kept as typed).
                if (r && !step->capa.empty() && !back) {
                    Capa capa = before->capa.value_or(Capa{});
                    for (const CapaField cf : step->capa)
                        capa.get(cf) = f.get(std::string(to_string(cf)));
                    auto saved = svc.save_capa(*code, capa, r->on_behalf_of);
                    if (!saved) r = saved.error();
                }
                if (r) {
                    r->expected_step = step->id;
                    if (auto done = svc.advance(*code, *r); done) {
                        site_.log("staff web step " + step->id + " by " + user->name);
                        res.status = 303;
                        res.set_header("Location", "/staf?selesai=" + code->compact() +
                                                       (back ? "&kembali=1" : "") +
                                                       lang_query(lang, '&'));
                        res.set_content("", kHtml);
                        return;
                    } else {
                        r = done.error();
                    }
                }
                error = t.message(r.error());
                error_field = form_field_of(r.error());
                // A form to correct: 422, as the complaint form's.
                status = r.error().kind == ErrorKind::Invalid ? 422 : wire::http_status(r.error());
            }
        }
    }
    auto d = svc.detail(*code);
    if (!d) {
        res.status = d.error().kind == ErrorKind::NotFound ? 404 : wire::http_status(d.error());
        res.set_content(message_page(ctx, code->grouped(), t.message(d.error()),
                                     "/staf" + lang_query(lang), t.tr("staf.back")),
                        kHtml);
        return;
    }
    const Complaint& c = d->complaint;
    const std::string csrf = site_.signer.issue("staf", token, now, kFormTtl);
    std::string out = top(ctx, code->grouped(), *user, csrf, lang);
    out += "<p class=\"foot\"><a href=\"/staf" + lang_query(lang) + "\">" + esc(t.tr("staf.back")) +
           "</a></p>\n";
    // The step: what it asks, by when, and its form when it is mine.
    const SopStep* step = office->profile.step(c.current_step);
    if (!error.empty() && (error_field.empty() || !step))
        out += "<section class=\"card errbox\" role=\"alert\"><p class=\"err\">" + esc(error) +
               "</p></section>\n";
    if (c.status == ComplaintStatus::Closed || !step) {
        out += "<section class=\"card ok\"><h2>" + esc(t.tr("admin.act.closed_title")) +
               "</h2><p>" + esc(t.tr("admin.act.closed_lead")) + "</p></section>\n";
    } else {
        const bool late = c.due_at < now;
        out += "<section class=\"card\" id=\"step\"><p class=\"label\">" +
               esc(t.tr("admin.act.step_of",
                        {{"n", std::to_string(step->number)},
                         {"total", std::to_string(office->profile.steps.size())}})) +
               "</p><h2>" + esc(step->action) + "</h2><p class=\"s\">" +
               esc(std::string(role_title(SopEngine::acting_role(*step)))) + " · " +
               esc(t.tr("staf.due", {{"due", ctx.calendar.format(c.due_at)}})) +
               "</p><p class=\"when " + (late ? "late" : "ontime") + "\"><strong>" +
               esc(time_left_text(t, c.due_at, now)) + "</strong></p>";
        if (const Event* back = standing_return(d->events)) {
            const SopStep* from = office->profile.step(back->step_id);
            const auto role = role_from_string(back->actor_role);
            out += "<p class=\"late-note\">" +
                   esc(t.tr("admin.act.returned",
                            {{"step", from ? std::to_string(from->number) : back->step_id},
                             {"who", d->display_name(back->actor) +
                                         (role ? " (" + std::string(role_title(*role)) + ")"
                                               : std::string())},
                             {"time", ctx.calendar.format(back->at)},
                             {"reason", back->note.empty() ? "-" : back->note}})) +
                   "</p>";
        }
        // What the step before said (the Kepala's instruction, the answer
        // to put in the letter), where the one acting now needs it.
        if (!standing_return(d->events))
            for (auto it = d->events.rbegin(); it != d->events.rend(); ++it)
                if (it->kind == "complete") {
                    if (!it->note.empty() && it->step_id != office->profile.first().id)
                        out += "<div class=\"late-note\" style=\"border-color:#0b4f8a;"
                               "background:#eaf2fb\"><p class=\"s\">" +
                               esc(t.tr("staf.previous", {{"who", d->display_name(it->actor)},
                                                          {"time", ctx.calendar.format(it->at)}})) +
                               "</p><p class=\"pre\">" + esc(text::truncate(it->note, 2000)) +
                               "</p></div>";
                    break;
                }
        if (step->form == StepForm::Check || step->form == StepForm::Sign)
            out += "<p>" + esc(t.tr("staf.letter_lead")) + "</p><a class=\"btn2\" href=\"/staf/k/" +
                   code->compact() + "/surat.pdf\">" + esc(t.tr("staf.letter_pdf")) + "</a>";
        const MayAct may = may_act(*step, *user, office->config.allow_on_behalf);
        const bool elsewhere = SopEngine::acting_role(*step) == Role::KoordinatorTerkait &&
                               user->role == Role::KoordinatorTerkait &&
                               other_function(user->function, c.function);
        if (elsewhere) {
            out += "<p>" +
                   esc(t.tr("admin.act.other_function",
                            {{"function", c.function}, {"mine", user->function}})) +
                   "</p>";
        } else if (may == MayAct::No || !has_permission(user->role, Permission::AdvanceSteps)) {
            out += "<p>" +
                   esc(t.tr("admin.act.not_yours",
                            {{"role", std::string(role_title(SopEngine::acting_role(*step)))}})) +
                   "</p>";
        } else {
            // Kept as typed when refused.
            auto given = [&](const std::string& k, const std::string& fallback = {}) {
                return post ? f.get(k) : fallback;
            };
            auto err_for = [&](const std::string& field) {
                return error_field == field
                           ? "<p class=\"err\" id=\"e-" + field + "\">" + esc(error) + "</p>"
                           : std::string();
            };
            auto aria = [&](const std::string& field) {
                return error_field == field
                           ? " aria-invalid=\"true\" aria-describedby=\"e-" + field + "\""
                           : std::string();
            };
            out += "<form method=\"post\" action=\"/staf/k/" + code->compact() + lang_query(lang) +
                   "\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) +
                   "\"><input type=\"hidden\" name=\"step\" value=\"" + esc(step->id) + "\">";
            if (!step->capa.empty()) {
                out += "<h2>" + esc(t.tr("staf.capa_title")) + "</h2><p class=\"s\">" +
                       esc(t.tr("staf.capa_lead")) + "</p>";
                for (const CapaField cf : step->capa) {
                    const std::string id(to_string(cf));
                    const std::string value = given(id, d->capa ? d->capa->get(cf) : std::string());
                    out += "<div class=\"field" + std::string(error_field == id ? " bad" : "") +
                           "\"><label for=\"f-" + id + "\">" + esc(t.tr(capa_field_key(cf))) +
                           "</label>";
                    if (cf == CapaField::DueDate || cf == CapaField::CheckedOn)
                        out += "<input type=\"date\" id=\"f-" + id + "\" name=\"" + id +
                               "\" value=\"" + esc(value) + "\"" + aria(id) + ">";
                    else if (cf == CapaField::Effective)
                        out += "<select id=\"f-" + id + "\" name=\"" + id + "\"" + aria(id) +
                               "><option value=\"\"></option><option value=\"ya\"" +
                               (value == "ya" ? " selected" : "") + ">ya</option>" +
                               "<option value=\"tidak\"" + (value == "tidak" ? " selected" : "") +
                               ">tidak</option></select>";
                    else
                        out += "<textarea id=\"f-" + id + "\" name=\"" + id + "\" rows=\"3\"" +
                               aria(id) + ">" + esc(value) + "</textarea>";
                    out += err_for(id) + "</div>";
                }
            }
            // The letter as last drafted at this step (sent back for
            // revision, it is revised, not typed again).
            std::string last_draft;
            for (const auto& e : d->events)
                if (e.kind == "complete" && e.step_id == step->id) last_draft = e.note;
            if (drafts_letter(step->form)) {
                const char* key =
                    step->form == StepForm::Capa ? "field.letter_capa" : "field.letter";
                out += "<div class=\"field" + std::string(error_field == "letter" ? " bad" : "") +
                       "\"><label for=\"f-letter\">" + esc(t.tr(key)) +
                       " *</label><p class=\"hint\">" +
                       esc(t.tr(step->form == StepForm::Capa ? "staf.capa_letter_hint"
                                                             : "staf.letter_hint")) +
                       "</p><textarea id=\"f-letter\" name=\"letter\" rows=\"10\" maxlength=\"" +
                       std::to_string(office->config.limits.letter_max) + "\"" + aria("letter") +
                       ">" + esc(given("letter", last_draft)) + "</textarea>" + err_for("letter") +
                       "</div>";
            }
            const auto& fns = office->config.office.functions;
            if (step->form == StepForm::Disposition && !fns.empty()) {
                out += "<div class=\"field" + std::string(error_field == "function" ? " bad" : "") +
                       "\"><label for=\"f-function\">" + esc(t.tr("admin.act.function")) +
                       " *</label><p class=\"hint\">" + esc(t.tr("admin.act.function_lead")) +
                       "</p><select id=\"f-function\" name=\"function\"" + aria("function") +
                       "><option value=\"\">" + esc(t.tr("admin.act.function_pick")) + "</option>";
                for (const auto& fn : fns)
                    out += "<option value=\"" + esc(fn) + "\"" +
                           (given("function") == fn ? " selected" : "") + ">" + esc(fn) +
                           "</option>";
                out += "</select>" + err_for("function") + "</div>";
            }
            // The note: the step's own words, or the reason for sending it
            // back (on a letter's step the letter is what is recorded: the
            // box is there only as the reason for a return).
            const bool letter_step = drafts_letter(step->form);
            if (!letter_step || !step->return_to.empty())
                out += "<div class=\"field" + std::string(error_field == "note" ? " bad" : "") +
                       "\"><label for=\"f-note\">" +
                       esc(t.tr(letter_step ? "field.return_reason"
                                : step->return_to.empty() && (step->form == StepForm::Check ||
                                                              step->form == StepForm::Sign)
                                    ? "admin.note.plain"
                                    : note_field(step->form))) +
                       (step->note_required && !letter_step ? " *" : "") +
                       "</label><textarea id=\"f-note\" name=\"note\" rows=\"5\"" + aria("note") +
                       ">" + esc(given("note")) + "</textarea>" + err_for("note") + "</div>";
            if (may == MayAct::OnBehalfOnly) {
                const std::string role(role_title(SopEngine::acting_role(*step)));
                out +=
                    "<div class=\"field" + std::string(error_field == "on_behalf" ? " bad" : "") +
                    "\"><p class=\"hint\">" +
                    esc(t.tr("admin.act.on_behalf_lead", {{"role", role}})) +
                    "</p><label class=\"check\" for=\"f-on_behalf\"><input "
                    "type=\"checkbox\" id=\"f-on_behalf\" name=\"on_behalf\" value=\"1\"" +
                    std::string(given("on_behalf") == "1" ? " checked" : "") + aria("on_behalf") +
                    "> <span>" + esc(t.tr("staf.on_behalf", {{"role", role}})) + "</span></label>" +
                    err_for("on_behalf") + "</div>";
            }
            out += "<button type=\"submit\" name=\"do\" value=\"complete\">" +
                   esc(t.tr(step_button_key(step->form))) + "</button>";
            if (!step->return_to.empty()) {
                const SopStep* to = office->profile.step(step->return_to);
                out += "<button type=\"submit\" name=\"do\" value=\"return\" class=\"secondary\">" +
                       esc(t.tr("admin.act.return",
                                {{"n", to ? std::to_string(to->number) : step->return_to}})) +
                       "</button><p class=\"s\">" + esc(t.tr("admin.act.return_lead")) + "</p>";
            }
            out += "</form>";
        }
        out += "</section>\n";
    }
    // The complaint itself.
    out += "<section class=\"card\"><h2>" + esc(t.tr("admin.detail.data")) + "</h2><dl>";
    auto row = [&](const std::string& label, const std::string& value) {
        if (!value.empty())
            out += "<dt>" + esc(label) + "</dt><dd class=\"pre\">" + esc(value) + "</dd>";
    };
    row(t.tr("label.register_number"), c.register_number);
    row(t.tr("label.date"), ctx.calendar.format(c.created_at));
    row(t.tr("label.channel"), t.tr("channel." + std::string(to_string(c.channel))));
    row(t.tr("label.service"),
        t.has("service." + c.service) ? t.tr("service." + c.service) : c.service);
    row(t.tr("label.reference"), c.reference);
    row(t.tr("label.function"), c.function);
    row(t.tr("label.name"), c.complainant.anonymous ? t.tr("label.anonymous") : c.complainant.name);
    row(t.tr("label.organization"), c.complainant.organization);
    row(t.tr("label.phone"), c.complainant.phone);
    row(t.tr("label.email"), c.complainant.email);
    out += "</dl><h2>" + esc(t.tr("label.description")) + "</h2><p class=\"pre\">" +
           esc(c.description) + "</p>";
    if (!c.expectation.empty())
        out += "<h2>" + esc(t.tr("label.expectation")) + "</h2><p class=\"pre\">" +
               esc(c.expectation) + "</p>";
    int n = 0;
    for (const auto& a : d->attachments)
        out += "<p><a href=\"/staf/k/" + code->compact() + "/lampiran/" + std::to_string(a.id) +
               "\">" +
               esc(t.tr("staf.attachment", {{"n", std::to_string(++n)}, {"name", a.filename}})) +
               "</a></p>";
    out += "</section>\n";
    // Its history, newest first.
    out += "<section class=\"card\"><h2>" + esc(t.tr("label.events")) + "</h2><ol>";
    for (auto it = d->events.rbegin(); it != d->events.rend(); ++it) {
        const auto& e = *it;
        const std::string kind_key = "admin.event." + e.kind;
        const SopStep* s = office->profile.step(e.step_id);
        std::string what = t.has(kind_key) ? t.tr(kind_key) : e.kind;
        if (s) what += ": " + std::to_string(s->number) + ". " + s->action;
        out += "<li><div><div class=\"t\">" + esc(what) + "</div><div class=\"s\">" +
               esc(ctx.calendar.format(e.at) + " · " + d->display_name(e.actor)) + "</div>" +
               (e.note.empty() ? std::string()
                               : "<p class=\"pre\">" + esc(text::truncate(e.note, 600)) + "</p>") +
               "</div></li>";
    }
    out += "</ol></section>\n";
    res.status = status;
    res.set_content(out + page_foot(ctx, false), kHtml);
}

// [SECTION] the letter ---------------------------------------------------------------------

void StaffPages::letter(const http::Request& req, http::Response& res) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto office = site_.office();
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    const std::string token = web::cookie(req, kSessionCookie);
    const auto user = signed_in(req, res);
    if (!user) return;
    auto code = TrackingCode::parse(req.matches.size() > 1 ? req.matches[1] : std::string());
    if (!code) {
        res.status = 404;
        res.set_content(not_found_page(ctx), kHtml);
        return;
    }
    StorePool::Lease reader(site_.pool);
    if (!reader.get()) {
        res.status = 503;
        res.set_content(message_page(ctx, code->grouped(), t.message(reader.error()), "/staf",
                                     t.tr("staf.back")),
                        kHtml);
        return;
    }
    LocalService svc(*reader.get(), *office, *user);
    auto d = svc.detail(*code);
    if (!d) {
        res.status = wire::http_status(d.error());
        res.set_content(
            message_page(ctx, code->grouped(), t.message(d.error()), "/staf", t.tr("staf.back")),
            kHtml);
        return;
    }
    const bool attachment = req.matches.size() > 2 && !req.matches[2].empty();
    if (attachment) {
        std::int64_t id = 0;
        std::from_chars(req.matches[2].data(), req.matches[2].data() + req.matches[2].size(), id);
        auto a = svc.attachment(*code, id);
        if (!a) {
            res.status = wire::http_status(a.error());
            res.set_content(message_page(ctx, code->grouped(), t.message(a.error()), "/staf",
                                         t.tr("staf.back")),
                            kHtml);
            return;
        }
        res.set_header("X-Content-Type-Options", "nosniff");
        // Its own name for the browser (RFC 6266: percent-encoded UTF-8),
        // with a plain one for those that read only that.
        std::string encoded;
        for (const char c : a->filename) {
            const auto ch = static_cast<unsigned char>(c);
            const bool plain = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                               (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '-' || ch == '_';
            static constexpr char kHex[] = "0123456789ABCDEF";
            if (plain)
                encoded.push_back(static_cast<char>(ch));
            else
                encoded += std::string{'%', kHex[ch >> 4], kHex[ch & 15]};
        }
        res.set_header("Content-Disposition",
                       "attachment; filename=\"lampiran-" + std::to_string(id) +
                           std::string(extension_for(a->media_type)) + "\"" +
                           (encoded.empty() ? std::string() : "; filename*=UTF-8''" + encoded));
        res.set_content(reinterpret_cast<const char*>(a->data.data()), a->data.size(),
                        a->media_type.empty() ? "application/octet-stream" : a->media_type);
        return;
    }
    // The office's letter is in Indonesian, as the panel prints it.
    const auto& id_catalog = site_.page("id").catalog;
    const auto draft =
        draft_response_letter(*office, id_catalog, d->complaint, d->events, d->letter_signer);
    auto pdf = render_response_letter(*office, id_catalog, draft, RenderOptions{});
    if (!pdf) {
        site_.log("staf letter could not be rendered: " + pdf.error().key);
        res.status = 500;
        res.set_content(
            message_page(ctx, code->grouped(), t.message(pdf.error()), "/staf", t.tr("staf.back")),
            kHtml);
        return;
    }
    res.set_header("Content-Disposition", "inline; filename=\"surat-" + code->compact() + ".pdf\"");
    res.set_content(reinterpret_cast<const char*>(pdf->bytes.data()), pdf->bytes.size(),
                    "application/pdf");
}

// [SECTION] routes ------------------------------------------------------------------------------

void StaffPages::routes(http::Server& s) {
    using Req = const http::Request&;
    using Res = http::Response&;
    // Over HTTPS only (plain HTTP only from this machine): a password and a
    // session never cross a network in the clear.
    auto guarded = [this](auto f) {
        return [this, f](Req q, Res r) {
            if (!web::over_https(q, site_.config.trusted_proxies) &&
                !web::from_loopback(q, site_.config.trusted_proxies)) {
                const auto ctx = site_.page(lang_of(q));
                r.status = 403;
                web::page_headers(r);
                r.set_content(message_page(ctx, ctx.catalog.tr("staf.title"),
                                           ctx.catalog.tr("err.web.https"), ""),
                              kHtml);
                return;
            }
            f(q, r);
        };
    };
    constexpr const char* kCode = R"(([0-9A-Za-z-]{1,40}))";
    const std::string k = std::string("/staf/k/") + kCode;
    s.Get("/staf", guarded([this](Req q, Res r) { tasks(q, r); }));
    s.Post("/staf/masuk", guarded([this](Req q, Res r) { sign_in(q, r); }));
    s.Post("/staf/keluar", guarded([this](Req q, Res r) { sign_out(q, r); }));
    s.Get(k, guarded([this](Req q, Res r) { complaint(q, r, false); }));
    s.Post(k, guarded([this](Req q, Res r) { complaint(q, r, true); }));
    s.Get(k + R"(/surat\.pdf())", guarded([this](Req q, Res r) { letter(q, r); }));
    s.Get(k + "/lampiran/([0-9]{1,18})", guarded([this](Req q, Res r) { letter(q, r); }));
}

} // namespace keluhan::hub
