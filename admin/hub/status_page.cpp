#include "status_page.hpp"

namespace keluhan::hub {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

namespace {

// Colours chosen for contrast on white: text #1f2933 (14:1), muted #4a5560
// (7.5:1), blue #0b4f8a (8.6:1); white on green #1b6e3a (6.3:1). Text
// sizes in rem and em, so the reader's own text size applies, and nothing
// kept from wrapping: at 200 % text nothing scrolls sideways (WCAG 1.4.4,
// 1.4.10; tests/hub/test_web_browser.cpp).
constexpr const char* kStyle =
    "*{box-sizing:border-box}"
    "body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,'Noto "
    "Sans',Roboto,sans-serif;color:#1f2933;"
    "background:#eef1f4}"
    "header{background:#0b4f8a;color:#fff;padding:14px "
    "16px;display:flex;flex-wrap:wrap;align-items:center;gap:12px}"
    "header div{flex:1}"
    "header a{flex:none;color:#fff;border:2px solid #fff;border-radius:8px;padding:10px 14px;"
    "font-weight:700;text-decoration:none;min-width:48px;text-align:center}"
    "header p{margin:0;font-size:.9rem}"
    "h1{margin:2px 0 0;font-size:1.35rem}"
    "main{max-width:36rem;margin:0 auto;padding:12px}"
    ".card{background:#fff;border-radius:10px;padding:14px 16px;margin:0 0 12px;"
    "box-shadow:0 1px 2px rgba(0,0,0,.12)}"
    ".label{font-size:.85rem;color:#4a5560;margin:0}"
    ".code{font:700 1.45rem/1.3 ui-monospace,'Noto Sans "
    "Mono',monospace;letter-spacing:.04em;margin:0 0 8px}"
    "dl{margin:0;display:grid;grid-template-columns:minmax(0,auto) minmax(50%,1fr);gap:4px 12px}"
    "dt{color:#4a5560}dd{margin:0;font-weight:600;overflow-wrap:break-word}"
    "h2{font-size:1.1rem;margin:0 0 6px}"
    "ol{list-style:none;margin:0;padding:0}"
    "li{display:flex;gap:12px;padding:10px 0;border-top:1px solid #dde3e9}"
    "li:first-child{border-top:0}"
    ".n{flex:none;width:2rem;height:2rem;border-radius:50%;display:flex;align-items:center;"
    "justify-content:center;font-weight:700;background:#dde3e9;color:#1f2933}"
    ".done .n{background:#1b6e3a;color:#fff}"
    ".current .n{background:#0b4f8a;color:#fff}"
    ".current .t{font-weight:700}"
    ".s{font-size:.85rem;color:#4a5560}"
    ".current .s{color:#0b4f8a;font-weight:600}"
    "a{color:#0b4f8a}"
    ".card>p:only-child{margin:0}"
    ".foot{font-size:.85rem;color:#4a5560;padding:0 4px;margin:8px 0}"
    ".foot a{display:inline-block;padding:10px 0;font-size:1rem;font-weight:600}"
    "fieldset{min-width:0;border:0;margin:0 0 12px;padding:14px "
    "16px;background:#fff;border-radius:10px;"
    "box-shadow:0 1px 2px rgba(0,0,0,.12)}"
    "legend{float:left;width:100%;padding:0;margin:0 0 8px;font-weight:700}"
    "fieldset label{display:flex;align-items:center;gap:10px;min-height:48px;padding:4px 0;"
    "clear:both}"
    "input[type=radio]{width:24px;height:24px;flex:none;margin:0}"
    "input[type=text],input[type=email],input[type=tel],input[type=password],input[type=file],"
    "select,textarea{width:100%;font:inherit;padding:10px;border:2px solid #4a5560;"
    "border-radius:8px;background:#fff;color:#1f2933}"
    ".field{margin:0 0 10px}.field label{display:block;font-weight:600;margin:0 0 4px}"
    ".err{color:#a21b1b;font-weight:700;margin:0 0 8px}"
    ".errbox{border-left:6px solid #a21b1b}"
    "button{width:100%;min-height:52px;font-family:inherit;font-weight:700;font-size:1.1rem;"
    "color:#fff;background:#0b4f8a;"
    "border:0;border-radius:10px;margin:4px 0 12px}"
    ".late{color:#a21b1b}"
    ".field .hint{font-weight:400;color:#4a5560;font-size:.9rem;margin:2px 0 6px}"
    ".field .err{margin:4px 0 0}"
    ".field.bad input,.field.bad textarea,.field.bad select{border-color:#a21b1b}"
    ".check{display:flex;align-items:flex-start;gap:10px;min-height:48px;padding:6px 0;"
    "font-weight:600}"
    ".check input{width:26px;height:26px;flex:none;margin:0}"
    ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}"
    ".big{font:700 1.75rem/1.25 ui-monospace,'Noto Sans Mono',monospace;letter-spacing:.02em;"
    "margin:4px 0 12px;overflow-wrap:anywhere}"
    ".qr{display:block;margin:8px auto;max-width:100%;height:auto}"
    ".ok{border-left:6px solid #1b6e3a}"
    ".btn2{display:block;text-align:center;font-weight:700;padding:14px;border-radius:10px;"
    "border:2px solid #0b4f8a;color:#0b4f8a;text-decoration:none;margin:8px 0}"
    "button.secondary{background:#fff;color:#a21b1b;border:2px solid #a21b1b}"
    "button.small{width:auto;min-height:44px;padding:0 18px;font-size:1rem;margin:4px 0 0}"
    ".task{display:block;text-decoration:none;color:inherit}"
    ".task .when{font-weight:700}.task .when.late{color:#a21b1b}.task .when.ontime{color:#1b6e3a}"
    ".pre{white-space:pre-wrap;word-break:break-word;margin:0}"
    "dl+h2,p+h2{margin-top:14px}"
    "main p,main a,main li{overflow-wrap:anywhere}"
    ".late-note{margin:10px 0 12px;padding:8px 10px;border-left:6px solid #a21b1b;"
    "background:#fdecec;font-weight:600}"
    ".contact a{display:inline-block;min-height:44px;padding:10px 12px 10px 0;font-weight:700}"
    ".go{display:block;text-align:center;font-weight:700;padding:14px;border-radius:10px;"
    "background:#0b4f8a;color:#fff;text-decoration:none}";

// The language switch, at the top where a visitor looks first: a relative
// link to the same path in the other language (the page does not repeat the
// code it was asked for).
std::string language_link(const PageContext& ctx) {
    const bool en = ctx.language == "en";
    return "<a href=\"" + std::string(en ? "?lang=id" : "?lang=en") +
           (ctx.keep_query.empty() ? std::string() : "&amp;" + html_escape(ctx.keep_query)) +
           "\" hreflang=\"" + (en ? "id" : "en") + "\" lang=\"" + (en ? "id" : "en") + "\">" +
           html_escape(ctx.catalog.tr("page.switch")) + "</a>";
}

} // namespace

std::string page_head(const PageContext& ctx, const std::string& title) {
    return "<!doctype html>\n<html lang=\"" + ctx.language +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex\">\n<title>" +
           html_escape(title) + "</title>\n<style>" + kStyle +
           "</style>\n</head>\n<body>\n<header><div><p>" + html_escape(ctx.office) + "</p><h1>" +
           html_escape(title) + "</h1></div>" + language_link(ctx) + "</header>\n<main>\n";
}

std::string page_foot(const PageContext& ctx, bool privacy) {
    return (privacy ? "<p class=\"foot\">" + html_escape(ctx.catalog.tr("page.privacy")) + "</p>"
                    : std::string()) +
           "\n</main>\n</body>\n</html>\n";
}

std::string status_page(const PageContext& ctx, const VisitorStatus& v, bool survey) {
    const auto& t = ctx.catalog;
    std::string out = page_head(ctx, t.tr("page.page_title"));
    out += "<section class=\"card\"><p class=\"label\">" + html_escape(t.tr("page.code")) +
           "</p><p class=\"code\">" + html_escape(v.code) + "</p>\n<dl><dt>" +
           html_escape(t.tr("page.status")) + "</dt><dd>" +
           html_escape(t.tr(v.status == ComplaintStatus::Open ? "status.open" : "status.closed")) +
           "</dd><dt>" + html_escape(t.tr("page.submitted")) + "</dt><dd>" +
           html_escape(ctx.calendar.format(v.submitted)) + "</dd>";
    if (v.updated > v.submitted)
        out += "<dt>" + html_escape(t.tr("page.updated")) + "</dt><dd>" +
               html_escape(ctx.calendar.format(v.updated)) + "</dd>";
    // When: the SOP's target for the answer, and plainly when it has passed.
    if (v.status == ComplaintStatus::Open && v.answer_due > 0)
        out += "<dt>" + html_escape(t.tr("page.answer_due")) + "</dt><dd" +
               (v.late ? " class=\"late\"" : "") + ">" +
               html_escape(ctx.calendar.format(v.answer_due)) + "</dd>";
    out += "</dl>";
    if (v.status == ComplaintStatus::Open && v.late)
        out += "<p class=\"late-note\">" + html_escape(t.tr("page.late")) + "</p>";
    out += "</section>\n<section class=\"card\"><h2>" + html_escape(t.tr("page.steps")) +
           "</h2>\n<ol>\n";
    for (const auto& s : v.steps) {
        const char* cls = s.state == StepView::State::Done      ? "done"
                          : s.state == StepView::State::Current ? "current"
                                                                : "pending";
        std::string state = t.tr(std::string("page.") + cls);
        if (s.state == StepView::State::Done && s.finished > 0)
            state += " \xC2\xB7 " + ctx.calendar.format(s.finished);
        out += std::string("<li class=\"") + cls + "\"" +
               (s.state == StepView::State::Current ? " aria-current=\"step\"" : "") +
               "><span class=\"n\">" + std::to_string(s.number) + "</span><div><div class=\"t\">" +
               html_escape(s.text) + "</div><div class=\"s\">" + html_escape(state) +
               "</div></div></li>\n";
    }
    out += "</ol></section>\n";
    std::string compact;
    for (const char ch : v.code)
        if (ch != '-') compact.push_back(ch);
    if (survey)
        out += "<section class=\"card\"><h2>" + html_escape(t.tr("page.survey_title")) +
               "</h2><p>" + html_escape(t.tr("page.survey_invite")) +
               "</p><a class=\"go\" href=\"" + "/s/" + html_escape(compact) + "/survei" +
               (ctx.language == "en" ? "?lang=en" : "") + "\">" +
               html_escape(t.tr("page.survey_go")) + "</a></section>\n";
    // Who: the office to ask, by phone or e-mail, a tap away on a phone.
    if (!ctx.phone.empty() || !ctx.email.empty()) {
        out += "<section class=\"card\"><h2>" + html_escape(t.tr("page.contact_title")) +
               "</h2><p>" +
               html_escape(t.tr("page.contact_text",
                                {{"office", ctx.office_name.empty() ? ctx.office : ctx.office_name},
                                 {"code", v.code}})) +
               "</p><p class=\"contact\">";
        if (!ctx.phone.empty()) {
            std::string tel;
            for (const char ch : ctx.phone)
                if ((ch >= '0' && ch <= '9') || (ch == '+' && tel.empty())) tel.push_back(ch);
            out += "<a href=\"tel:" + html_escape(tel) + "\">" + html_escape(ctx.phone) + "</a>";
        }
        if (!ctx.email.empty())
            out += std::string(ctx.phone.empty() ? "" : " ") +
                   "<a href=\"mailto:" + html_escape(ctx.email) + "\">" + html_escape(ctx.email) +
                   "</a>";
        out += "</p></section>\n";
    }
    return out + page_foot(ctx, true);
}

std::string survey_page(const PageContext& ctx, const SkmQuestionnaire& q, const std::string& code,
                        const SurveyForm& form) {
    const auto& t = ctx.catalog;
    auto given = [&](const std::string& field) {
        for (const auto& [k, v] : form.given)
            if (k == field) return v;
        return std::string();
    };
    std::string out = page_head(ctx, t.tr("page.survey_title"));
    out += "<section class=\"card\"><p class=\"label\">" + html_escape(t.tr("page.code")) +
           "</p><p class=\"code\">" + html_escape(code) + "</p><p>" +
           html_escape(t.tr("page.survey_lead")) + "</p></section>\n";
    if (!form.error.empty())
        out += "<section class=\"card errbox\" role=\"alert\"><p class=\"err\">" +
               html_escape(form.error) + "</p></section>\n";
    std::string compact;
    for (const char ch : code)
        if (ch != '-') compact.push_back(ch);
    out += "<form method=\"post\" action=\"/s/" + html_escape(compact) + "/survei" +
           std::string(ctx.language == "en" ? "?lang=en" : "") + "\">\n";
    int n = 0;
    for (const auto& e : q.elements) {
        ++n;
        const std::string id = html_escape(e.id);
        const bool bad = form.error_field == e.id;
        out += "<fieldset" +
               std::string(bad ? " class=\"errbox\" aria-describedby=\"e-" + id + "\"" : "") +
               "><legend>" + std::to_string(n) + ". " + html_escape(e.question.in(ctx.language)) +
               "</legend>";
        if (bad) out += "<p class=\"err\" id=\"e-" + id + "\">" + html_escape(form.error) + "</p>";
        for (int score = 1; score <= 4; ++score) {
            const std::string v = std::to_string(score);
            out += "<label><input type=\"radio\" name=\"" + id + "\" value=\"" + v + "\"" +
                   (given(e.id) == v ? " checked" : "") + "> " +
                   html_escape(e.answers[static_cast<std::size_t>(score - 1)].in(ctx.language)) +
                   "</label>";
        }
        out += "</fieldset>\n";
    }
    out += "<fieldset><legend>" + html_escape(t.tr("page.survey_profile")) + "</legend>";
    for (const auto& f : q.profile) {
        const std::string id = html_escape(f.id);
        out += "<div class=\"field\"><label for=\"p-" + id + "\">" +
               html_escape(f.name.in(ctx.language)) + "</label><select id=\"p-" + id +
               "\" name=\"" + id + "\"><option value=\"\">" +
               html_escape(t.tr("page.survey_none")) + "</option>";
        for (const auto& o : f.options)
            out += "<option value=\"" + html_escape(o.id) + "\"" +
                   (given(f.id) == o.id ? " selected" : "") + ">" +
                   html_escape(o.in(ctx.language)) + "</option>";
        out += "</select></div>";
    }
    out += "<div class=\"field\"><label for=\"saran\">" +
           html_escape(t.tr("field.skm_suggestion")) +
           "</label><textarea id=\"saran\" name=\"saran\" rows=\"4\" maxlength=\"2000\">" +
           html_escape(given("saran")) + "</textarea></div></fieldset>\n";
    out +=
        "<button type=\"submit\">" + html_escape(t.tr("page.survey_send")) + "</button>\n</form>\n";
    return out + page_foot(ctx, true);
}

std::string message_page(const PageContext& ctx, const std::string& title, const std::string& text,
                         const std::string& back_href, const std::string& back_label) {
    std::string out =
        page_head(ctx, title) + "<section class=\"card\"><p>" + html_escape(text) + "</p>";
    if (!back_href.empty())
        out += "<p><a href=\"" + html_escape(back_href) + "\">" +
               html_escape(back_label.empty() ? ctx.catalog.tr("page.survey_back") : back_label) +
               "</a></p>";
    return out + "</section>\n" + page_foot(ctx, true);
}

std::string not_found_page(const PageContext& ctx) {
    return page_head(ctx, ctx.catalog.tr("page.not_found_title")) + "<section class=\"card\"><p>" +
           html_escape(ctx.catalog.tr("page.not_found_text")) + "</p></section>\n" +
           page_foot(ctx, true);
}

std::string rate_limited_page(const PageContext& ctx) {
    return page_head(ctx, ctx.catalog.tr("page.rate_limited_title")) +
           "<section class=\"card\"><p>" + html_escape(ctx.catalog.tr("err.hub.rate_limited")) +
           "</p></section>\n" + page_foot(ctx, true);
}

} // namespace keluhan::hub
