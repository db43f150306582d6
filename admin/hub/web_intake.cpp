// [SECTION] index
//   the form as sent, and as shown again
//   the form page
//   routes: show, post, done (the page and the receipt's PDF)
#include "client_address.hpp"
#include "http_server.hpp"
#include "web_pages.hpp"

#include "keluhan/documents/qr.hpp"
#include "keluhan/documents/receipt.hpp"
#include "keluhan/domain/draft.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"
#include "keluhan/ops/workflow.hpp"

#include <cstdio>

namespace keluhan::hub {

using web::lang_of;
using web::lang_query;

namespace {

constexpr TimeMs kFormTtl = 4 * 60 * 60'000LL;    // a form may be filled in for 4 hours
constexpr TimeMs kReceiptTtl = 4 * 60 * 60'000LL; // the receipt's link, in this browser
constexpr const char* kFormCookie = "keluhan_form";

// The text fields, by their names in `keluhan submit --stdin` JSON.
constexpr const char* kTextFields[] = {"name",    "organization", "phone",       "email",
                                       "service", "reference",    "description", "expectation"};

bool truthy(const std::string& v) {
    return v == "1" || v == "on" || v == "true" || v == "yes";
}

// A file's name as the visitor's computer gave it, safe to keep and show:
// the last path component, printable characters only, at most 100.
std::string clean_filename(const std::string& raw, std::string_view type) {
    const auto slash = raw.find_last_of("/\\");
    std::string out;
    for (const char ch : raw.substr(slash == std::string::npos ? 0 : slash + 1)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != 0x7f && c != '"') out.push_back(ch);
    }
    if (!text::valid_utf8(out)) out.clear();
    // At most 100 characters, cut at a character and keeping the extension.
    if (text::length(out) > 100) {
        const auto dot = out.rfind('.');
        const std::string ext =
            dot != std::string::npos && out.size() - dot <= 10 ? out.substr(dot) : std::string();
        out = text::truncate(out.substr(0, out.size() - ext.size()), 100 - ext.size()) + ext;
    }
    if (out.empty() || out == "." || out == "..")
        out = "lampiran" + std::string(extension_for(type));
    return out;
}

// "5,62" (Indonesian) or "5.62": two decimals, so just over the limit never reads as it.
std::string mb_text(std::size_t bytes, const std::string& lang) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::string out = buf;
    if (lang == "id")
        for (auto& c : out)
            if (c == '.') c = ',';
    return out;
}

} // namespace

// [SECTION] the form as sent, and as shown again ---------------------------------------

struct WebIntake::Form {
    std::map<std::string, std::string> values; // text fields, "anonymous", "consent"
    std::vector<Attachment> files;
    int files_given = 0;
    // Beside a field (by its name), and above the form.
    std::vector<std::pair<std::string, std::string>> field_errors;
    std::string error;
    [[nodiscard]] std::string value(const std::string& k) const {
        const auto it = values.find(k);
        return it == values.end() ? std::string() : it->second;
    }
    [[nodiscard]] std::string error_for(const std::string& field) const {
        for (const auto& [f, e] : field_errors)
            if (f == field) return e;
        return {};
    }
    void wipe() {
        for (auto& [k, v] : values)
            text::scrub(v);
        for (auto& a : files)
            std::fill(a.data.begin(), a.data.end(), std::uint8_t{0});
    }
};

WebIntake::WebIntake(WebSite& site)
    // Any POST at most 30 a minute (then a minute's rest); the stored
    // complaints counted over an hour. A refused token never counts against
    // the quota: another site could post from a visitor's browser to use it up.
    : site_(site), posts_(30, 0, 1),
      quota_(0, site.config.web_submissions_per_hour, 60, RateLimiter::kDefaultMaxClients, 60) {}

std::string WebIntake::binding(const http::Request& req, http::Response& res) {
    return web::browser_binding(req, res, kFormCookie, "/ajukan",
                                web::over_https(req, site_.config.trusted_proxies));
}

// [SECTION] the form page ------------------------------------------------------------------

std::string WebIntake::form_page(const PageContext& ctx, const Office& office, const Form& f,
                                 const std::string& token) const {
    const auto& t = ctx.catalog;
    const auto& cfg = office.config;
    auto esc = [](const std::string& s) { return html_escape(s); };
    std::string out = page_head(ctx, t.tr("web.form_title"));
    out +=
        "<section class=\"card\"><p>" +
        esc(t.tr("web.form_lead",
                 {{"office", cfg.office.name.empty() ? cfg.office.short_name : cfg.office.name}})) +
        "</p></section>\n";
    if (!f.error.empty() || !f.field_errors.empty()) {
        out += "<section class=\"card errbox\" role=\"alert\" tabindex=\"-1\" id=\"errors\">";
        if (!f.error.empty()) out += "<p class=\"err\">" + esc(f.error) + "</p>";
        if (!f.field_errors.empty()) {
            out += "<p class=\"err\">" + esc(t.tr("web.errors_title")) + "</p><ul>";
            for (const auto& [field, e] : f.field_errors)
                out += "<li><a href=\"#f-" + esc(field) + "\">" + esc(e) + "</a></li>";
            out += "</ul>";
        }
        if (f.files_given > 0) out += "<p>" + esc(t.tr("web.files_again")) + "</p>";
        out += "</section>\n";
    }
    const std::string req_mark = " <span aria-hidden=\"true\">*</span><span class=\"hp\">(" +
                                 esc(t.tr("web.required")) + ")</span>";
    // One labelled field, its error beside it and tied to it.
    auto field = [&](const std::string& name, const std::string& label, bool required,
                     const std::string& type, const std::string& extra, const std::string& hint) {
        const std::string err = f.error_for(name);
        std::string described;
        if (!hint.empty()) described += "h-" + name;
        if (!err.empty()) described += std::string(described.empty() ? "" : " ") + "e-" + name;
        std::string s = "<div class=\"field" + std::string(err.empty() ? "" : " bad") +
                        "\"><label for=\"f-" + name + "\">" + esc(label) +
                        (required ? req_mark : "") + "</label>";
        if (!hint.empty()) s += "<p class=\"hint\" id=\"h-" + name + "\">" + esc(hint) + "</p>";
        const std::string common =
            " id=\"f-" + name + "\" name=\"" + name + "\"" +
            (required ? " aria-required=\"true\"" : "") +
            (err.empty() ? "" : " aria-invalid=\"true\"") +
            (described.empty() ? "" : " aria-describedby=\"" + described + "\"") + extra;
        if (type == "textarea")
            s += "<textarea" + common + " rows=\"6\">" + esc(f.value(name)) + "</textarea>";
        else
            s += "<input type=\"" + type + "\"" + common + " value=\"" + esc(f.value(name)) + "\">";
        if (!err.empty()) s += "<p class=\"err\" id=\"e-" + name + "\">" + esc(err) + "</p>";
        return s + "</div>";
    };
    auto check = [&](const std::string& name, const std::string& label, const std::string& hint) {
        const std::string err = f.error_for(name);
        std::string s = "<div class=\"field" + std::string(err.empty() ? "" : " bad") + "\">";
        s += "<label class=\"check\" for=\"f-" + name + "\"><input type=\"checkbox\" id=\"f-" +
             name + "\" name=\"" + name + "\" value=\"1\"" +
             (truthy(f.value(name)) ? " checked" : "") +
             (err.empty() ? "" : " aria-invalid=\"true\" aria-describedby=\"e-" + name + "\"") +
             "> <span>" + esc(label) + "</span></label>";
        if (!hint.empty()) s += "<p class=\"hint\">" + esc(hint) + "</p>";
        if (!err.empty()) s += "<p class=\"err\" id=\"e-" + name + "\">" + esc(err) + "</p>";
        return s + "</div>";
    };
    const auto& lim = cfg.limits;
    out += "<form method=\"post\" action=\"/ajukan" + lang_query(ctx.language) +
           "\" enctype=\"multipart/form-data\" novalidate>\n"
           "<input type=\"hidden\" name=\"csrf\" value=\"" +
           esc(token) + "\">\n";
    // For scripts only: hidden from people and from screen readers.
    out += "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">" +
           esc(t.tr("web.honeypot")) +
           "</label><input type=\"text\" id=\"f-website\" name=\"website\" tabindex=\"-1\" "
           "autocomplete=\"off\"></div>\n";

    out += "<fieldset><legend>" + esc(t.tr("web.identity")) + "</legend>";
    out +=
        check("anonymous", t.tr("kiosk.identity.anonymous"), t.tr("kiosk.identity.anonymous_note"));
    out += field("name", t.tr("field.name"), true, "text",
                 " autocomplete=\"name\" maxlength=\"" + std::to_string(lim.name_max) + "\"",
                 t.tr("web.name_hint"));
    out += field("organization", t.tr("field.organization"), false, "text",
                 " autocomplete=\"organization\" maxlength=\"" +
                     std::to_string(lim.organization_max) + "\"",
                 "");
    out +=
        field("phone", t.tr("field.phone"), false, "tel",
              " autocomplete=\"tel\" inputmode=\"tel\" maxlength=\"40\"", t.tr("web.phone_hint"));
    out += field("email", t.tr("field.email"), false, "email",
                 " autocomplete=\"email\" maxlength=\"254\"", t.tr("kiosk.identity.email_hint"));
    out += "</fieldset>\n<fieldset><legend>" + esc(t.tr("web.complaint")) + "</legend>";
    {
        const std::string err = f.error_for("service");
        out += "<div class=\"field" + std::string(err.empty() ? "" : " bad") +
               "\"><label for=\"f-service\">" + esc(t.tr("field.service")) + req_mark +
               "</label><select id=\"f-service\" name=\"service\" aria-required=\"true\"" +
               (err.empty() ? "" : " aria-invalid=\"true\" aria-describedby=\"e-service\"") +
               "><option value=\"\">" + esc(t.tr("web.service_pick")) + "</option>";
        for (const auto& svc : cfg.services)
            out += "<option value=\"" + esc(svc) + "\"" +
                   (f.value("service") == svc ? " selected" : "") + ">" +
                   esc(t.has("service." + svc) ? t.tr("service." + svc) : svc) + "</option>";
        out += "</select>";
        if (!err.empty()) out += "<p class=\"err\" id=\"e-service\">" + esc(err) + "</p>";
        out += "</div>";
    }
    out += field("reference", t.tr("kiosk.service.reference"), false, "text",
                 " maxlength=\"" + std::to_string(lim.reference_max) + "\"",
                 t.tr("kiosk.service.reference_hint"));
    out += field("description", t.tr("field.description"), true, "textarea",
                 " maxlength=\"" + std::to_string(lim.description_max) + "\"",
                 t.tr("kiosk.complaint.description_hint"));
    out += field("expectation", t.tr("field.expectation"), false, "textarea",
                 " maxlength=\"" + std::to_string(lim.expectation_max) + "\"",
                 t.tr("kiosk.complaint.expectation_hint"));
    out += "</fieldset>\n<fieldset><legend>" + esc(t.tr("web.attachments")) + "</legend>";
    {
        const std::string err = f.error_for("attachment");
        out += "<div class=\"field" + std::string(err.empty() ? "" : " bad") +
               "\"><label for=\"f-attachment\">" + esc(t.tr("web.choose_files")) +
               "</label><p class=\"hint\" id=\"h-attachment\">" +
               esc(t.tr("web.attachments_hint", {{"n", std::to_string(kWebMaxFiles)},
                                                 {"mb", std::to_string(kWebMaxFileBytes >> 20)}})) +
               "</p><input type=\"file\" id=\"f-attachment\" name=\"attachment\" multiple "
               "accept=\"application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png\" "
               "aria-describedby=\"h-attachment" +
               std::string(err.empty() ? "" : " e-attachment") + "\"" +
               (err.empty() ? "" : " aria-invalid=\"true\"") + ">";
        if (!err.empty()) out += "<p class=\"err\" id=\"e-attachment\">" + esc(err) + "</p>";
        out += "</div>";
    }
    out +=
        "</fieldset>\n<fieldset><legend>" + esc(t.tr("web.privacy")) + "</legend><p>" +
        esc(t.tr("web.privacy_body",
                 {{"office", cfg.office.name.empty() ? cfg.office.short_name : cfg.office.name}})) +
        "</p>";
    out += check("consent", t.tr("kiosk.privacy.agree"), "");
    out += "</fieldset>\n<button type=\"submit\">" + esc(t.tr("web.send")) + "</button>\n</form>\n";
    return out + page_foot(ctx, false);
}

// [SECTION] routes: show, post, done (the page and the receipt's PDF) --------------------

void WebIntake::show(const http::Request& req, http::Response& res) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto ctx = site_.page(lang);
    const auto office = site_.office();
    if (!site_.config.web_intake) {
        res.status = 404;
        res.set_content(
            message_page(ctx, ctx.catalog.tr("web.off_title"), ctx.catalog.tr("err.web.off"), ""),
            "text/html; charset=utf-8");
        return;
    }
    const std::string b = binding(req, res);
    Form empty;
    res.set_content(
        form_page(ctx, *office, empty, site_.signer.issue("ajukan", b, now_ms(), kFormTtl)),
        "text/html; charset=utf-8");
}

void WebIntake::post(const http::Request& req, http::Response& res) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    const auto office = site_.office();
    const TimeMs now = now_ms();
    const std::string client = client_address(req, site_.config.trusted_proxies);
    constexpr const char* html = "text/html; charset=utf-8";
    if (!site_.config.web_intake) {
        res.status = 404;
        res.set_content(message_page(ctx, t.tr("web.off_title"), t.tr("err.web.off"), ""), html);
        return;
    }
    int wait = posts_.admit(client, now);
    if (wait == 0) wait = quota_.admit(client, now);
    if (wait > 0) {
        res.status = 429;
        res.set_header("Retry-After", std::to_string(wait));
        res.set_content(
            message_page(ctx, t.tr("page.rate_limited_title"),
                         t.tr("err.web.quota", {{"minutes", std::to_string((wait + 59) / 60)}}),
                         ""),
            html);
        return;
    }
    // The body: multipart (the form as the page sends it) or urlencoded (no files).
    Form f;
    std::string token, honeypot;
    const std::string type = req.get_header_value("Content-Type");
    auto take = [&](const std::string& name, std::string value) {
        if (name == "csrf")
            token = std::move(value);
        else if (name == "website")
            honeypot = std::move(value);
        else if (name == "anonymous" || name == "consent" ||
                 std::find(std::begin(kTextFields), std::end(kTextFields), name) !=
                     std::end(kTextFields))
            f.values[name] = std::move(value);
    };
    std::size_t file_bytes = 0;
    if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
        for (auto& [k, v] : http::parse_form(req.body))
            take(k, v);
    } else {
        auto parts = web::parse_multipart(type, req.body);
        if (!parts) {
            site_.log("web form from " + client + " refused: " + parts.error().detail);
            res.status = 400;
            res.set_content(message_page(ctx, t.tr("web.form_title"), t.tr("err.hub.bad_request"),
                                         "/ajukan" + lang_query(lang), t.tr("web.back_form")),
                            html);
            return;
        }
        for (auto& p : *parts) {
            if (!p.filename) {
                take(p.name, std::move(p.data));
                continue;
            }
            if (p.name != "attachment" || (p.filename->empty() && p.data.empty())) continue;
            ++f.files_given;
            file_bytes += p.data.size();
            Attachment a;
            a.data.assign(p.data.begin(), p.data.end());
            a.media_type = std::string(document_type_of(a.data));
            a.filename = clean_filename(*p.filename, a.media_type);
            f.files.push_back(std::move(a));
        }
    }
    const std::string b = web::cookie(req, kFormCookie);
    // After a stored complaint, a page of its own (reloading it sends
    // nothing again); the receipt names the complainant: its link is for
    // this browser only.
    auto to_receipt = [&](const std::string& code) {
        const std::string sig = site_.signer.issue("receipt", code + "\n" + b, now, kReceiptTtl);
        res.status = 303;
        res.set_header("Location",
                       "/ajukan/diterima/" + code + "?t=" + sig + lang_query(lang, '&'));
        res.set_content("", html);
    };
    auto refuse = [&](int status) {
        res.status = status;
        const std::string fresh = binding(req, res);
        res.set_content(
            form_page(ctx, *office, f, site_.signer.issue("ajukan", fresh, now, kFormTtl)), html);
        f.wipe();
    };
    // Another site's form, an old page, or a browser without our cookie.
    if (!site_.signer.check(token, "ajukan", b, now)) {
        site_.log("web form from " + client + " refused: form token");
        // What another site's page sent is not put in our form to be sent
        // with one tap: only a browser with our cookie sees its words again.
        const bool ours = web::valid_binding(b);
        if (!ours) {
            f.wipe();
            f.values.clear();
            f.files_given = 0;
        }
        f.error = t.tr(ours ? "err.web.csrf" : "err.web.csrf_fresh");
        return refuse(403);
    }
    // This very form sent before (Back, then Kirim again): the same answer.
    {
        const std::lock_guard lock(sent_mu_);
        if (const auto it = sent_.find(token); it != sent_.end()) {
            f.wipe();
            return to_receipt(it->second.first);
        }
    }
    if (!honeypot.empty()) {
        quota_.miss(client, now);
        site_.log("web form from " + client + " refused: the hidden field was filled");
        f.error = t.tr("err.web.spam");
        return refuse(400);
    }
    // Anonymous, yet a name or a contact typed: asked, not silently dropped
    // (they may be expecting an answer).
    const bool anonymous = truthy(f.value("anonymous"));
    if (anonymous &&
        (!text::trim(f.value("name")).empty() || !text::trim(f.value("organization")).empty() ||
         !text::trim(f.value("phone")).empty() || !text::trim(f.value("email")).empty()))
        f.field_errors.emplace_back("anonymous", t.tr("err.web.anonymous_personal"));
    // The visitor's words, checked as the kiosk checks them.
    ComplaintDraft d;
    d.channel = Channel::Elektronik;
    d.anonymous = truthy(f.value("anonymous"));
    d.name = f.value("name");
    d.organization = f.value("organization");
    d.phone = f.value("phone");
    d.email = f.value("email");
    d.service = f.value("service");
    d.reference = f.value("reference");
    d.description = f.value("description");
    d.expectation = f.value("expectation");
    d.consent = truthy(f.value("consent"));
    Submission s = d.submission("web");
    d.wipe();
    s.language = lang;
    for (const auto& e : submission_errors(s, office->config.limits, office->config.services)) {
        // No service chosen: say so, not that "" is unknown.
        if (e.field == "service" && s.service.empty())
            f.field_errors.emplace_back("service", t.tr("kiosk.service.required"));
        else if (f.error_for(e.field).empty() && !(anonymous && e.field == "name"))
            f.field_errors.emplace_back(e.field, t.message(e.error));
    }
    if (f.files_given > kWebMaxFiles)
        f.field_errors.emplace_back("attachment",
                                    t.message(Error{ErrorKind::Invalid,
                                                    "err.web.too_many_files",
                                                    {{"n", std::to_string(kWebMaxFiles)},
                                                     {"given", std::to_string(f.files_given)}}}));
    else if (file_bytes > kWebMaxFileBytes)
        f.field_errors.emplace_back(
            "attachment", t.message(Error{ErrorKind::Invalid,
                                          "err.web.files_too_large",
                                          {{"size", mb_text(file_bytes, lang)},
                                           {"mb", std::to_string(kWebMaxFileBytes >> 20)}}}));
    else
        for (const auto& a : f.files)
            if (a.media_type.empty()) {
                f.field_errors.emplace_back("attachment", t.message(Error{ErrorKind::Invalid,
                                                                          "err.web.file_type",
                                                                          {{"file", a.filename}}}));
                break;
            }
    if (!f.field_errors.empty()) return refuse(422);
    s.attachments = f.files;
    auto stored = submit_complaint(site_.writer, *office, s);
    for (auto& a : s.attachments)
        std::fill(a.data.begin(), a.data.end(), std::uint8_t{0});
    if (!stored) {
        if (stored.error().kind == ErrorKind::Invalid) {
            f.error = t.message(stored.error());
            return refuse(422);
        }
        site_.log("web form: the complaint could not be stored: " + stored.error().key + " " +
                  stored.error().detail);
        f.error = t.tr("err.web.storage");
        return refuse(503);
    }
    f.wipe();
    quota_.miss(client, now); // one of the address's complaints this hour
    {
        const std::lock_guard lock(sent_mu_);
        for (auto it = sent_.begin(); it != sent_.end();)
            it = it->second.second < now ? sent_.erase(it) : std::next(it);
        // Bounded: at most the forms of the last four hours, 20,000 of them.
        if (sent_.size() < 20'000) sent_[token] = {stored->code.compact(), now + kFormTtl};
    }
    const std::string code = stored->code.compact();
    site_.log("web complaint " + stored->code.grouped().substr(0, 4) + "\xE2\x80\xA6 from " +
              client + " (" + std::to_string(stored->complaint.seq) + ")");
    to_receipt(code);
}

void WebIntake::done(const http::Request& req, http::Response& res, bool pdf) {
    web::page_headers(res);
    const std::string lang = lang_of(req);
    const auto ctx = site_.page(lang);
    const auto& t = ctx.catalog;
    constexpr const char* html = "text/html; charset=utf-8";
    const std::string raw = req.matches.size() > 1 ? req.matches[1] : std::string();
    auto code = TrackingCode::parse(raw);
    const TimeMs now = now_ms();
    auto expired = [&] {
        res.status = 404;
        res.set_content(
            message_page(ctx, t.tr("page.not_found_title"), t.tr("web.link_expired"), ""), html);
    };
    const std::string b = web::cookie(req, kFormCookie);
    if (!code || b.empty() ||
        !site_.signer.check(req.get_param_value("t"), "receipt", code->compact() + "\n" + b, now))
        return expired();
    StorePool::Lease reader(site_.pool);
    if (!reader.get()) {
        res.status = 503;
        res.set_content(message_page(ctx, t.tr("web.form_title"), t.tr("err.hub.unavailable"), ""),
                        html);
        return;
    }
    auto c = reader.get()->find_by_code(*code);
    if (!c) return expired();
    const auto office = site_.office();
    const std::string sig = "?t=" + req.get_param_value("t") + lang_query(lang, '&');
    if (pdf) {
        auto content = receipt_content(*office, t, *c);
        ReceiptOptions opt;
        opt.paper = Paper::A6;
        auto doc = render_receipt(*office, content, opt);
        if (!doc) {
            site_.log("web receipt could not be rendered: " + doc.error().key);
            res.status = 500;
            res.set_content(message_page(ctx, t.tr("web.done_title"), t.tr("err.hub.internal"), ""),
                            html);
            return;
        }
        res.set_header("Content-Disposition",
                       "inline; filename=\"tanda-terima-" + code->compact() + ".pdf\"");
        res.set_content(reinterpret_cast<const char*>(doc->bytes.data()), doc->bytes.size(),
                        "application/pdf");
        return;
    }
    const std::string grouped = code->grouped();
    auto linked = ctx;
    linked.keep_query = "t=" + req.get_param_value("t");
    std::string out = page_head(linked, t.tr("web.done_title"));
    out += "<section class=\"card ok\"><p>" + html_escape(t.tr("web.done_lead")) +
           "</p><p class=\"label\">" + html_escape(t.tr("page.code")) +
           "</p><p class=\"big\" id=\"code\">" + html_escape(grouped) + "</p>";
    out += web::qr_svg(qr_payload(office->config, *code), 220,
                       t.tr("web.qr_label", {{"code", grouped}}));
    SopEngine engine(office->profile, office->config.calendar);
    if (c->sop == office->profile.name)
        if (const TimeMs due = engine.answer_due(c->created_at); due > 0)
            out += "<dl><dt>" + html_escape(t.tr("page.answer_due")) + "</dt><dd>" +
                   html_escape(ctx.calendar.format(due)) + "</dd></dl>";
    out += "</section>\n<section class=\"card\">";
    out += "<a class=\"go\" href=\"/ajukan/diterima/" + code->compact() + "/tanda-terima.pdf" +
           html_escape(sig) + "\">" + html_escape(t.tr("web.receipt")) + "</a>";
    out += "<a class=\"btn2\" href=\"/s/" + code->compact() + lang_query(lang) + "\">" +
           html_escape(t.tr("web.status_link")) + "</a>";
    if (!c->complainant.anonymous && office->config.notify.any())
        out += "<p>" + html_escape(t.tr("web.told")) + "</p>";
    out += "<p><a href=\"/ajukan" + lang_query(lang) + "\">" + html_escape(t.tr("web.another")) +
           "</a></p></section>\n";
    res.set_content(out + page_foot(ctx, false), html);
}

void WebIntake::routes(http::Server& s) {
    using Req = const http::Request&;
    using Res = http::Response&;
    s.Get("/ajukan", [this](Req q, Res r) { show(q, r); });
    s.Post(
        "/ajukan", [this](Req q, Res r) { post(q, r); }, kWebMaxBody);
    s.Get(R"(/ajukan/diterima/([0-9A-Za-z-]{1,40}))", [this](Req q, Res r) { done(q, r, false); });
    s.Get(R"(/ajukan/diterima/([0-9A-Za-z-]{1,40})/tanda-terima\.pdf)",
          [this](Req q, Res r) { done(q, r, true); });
}

} // namespace keluhan::hub
