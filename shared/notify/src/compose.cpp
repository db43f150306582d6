// The messages' words (notify.toml), in the complainant's language.
#include "keluhan/notify/notify.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/text.hpp"

namespace keluhan {

std::string sms_number(std::string_view phone) {
    std::string digits;
    for (const char ch : phone)
        if (ch >= '0' && ch <= '9') digits.push_back(ch);
    if (digits.size() < 8 || digits.size() > 15) return "";
    if (digits.rfind("62", 0) == 0) return "+" + digits;
    if (digits[0] == '0') return "+62" + digits.substr(1);
    return "+" + digits;
}

NoticeText compose_notice(const Office& office, const Catalog& lang, const Complaint& c,
                          NoticeKind kind, TimeMs answer_due, bool with_attachment) {
    const auto& o = office.config.office;
    const auto code = TrackingCode::parse(c.code);
    const std::string grouped = code ? code->grouped() : c.code;
    NoticeText t;
    std::string base = office.config.status_base_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (!base.empty()) {
        t.status_url = base + "/s/" + (code ? code->compact() : c.code);
        if (kind == NoticeKind::Closed) t.survey_url = t.status_url + "/survei";
    }
    const std::string link = t.status_url.empty() ? lang.tr("notice.no_link", {{"code", grouped}})
                                                  : lang.tr("notice.link", {{"url", t.status_url}});
    const std::vector<std::pair<std::string, std::string>> p{
        {"code", grouped},
        {"register", c.register_number.empty() ? grouped : c.register_number},
        {"due", answer_due > 0 ? long_date(lang, office.config.calendar, answer_due) : "-"},
        {"office", o.name},
        {"office_short", o.short_name},
        {"link", link},
        {"url", t.survey_url}};
    const std::string k = "notice." + std::string(to_string(kind));
    t.subject = lang.tr(k + ".subject", p);
    const std::string name = text::trim(c.complainant.name);
    std::string body = (name.empty() ? lang.tr("notice.greeting_plain")
                                     : lang.tr("notice.greeting", {{"name", name}})) +
                       "\n\n" + lang.tr(k + ".body", p);
    if (kind == NoticeKind::Letter && with_attachment)
        body += " " + lang.tr("notice.letter.attached");
    body += "\n\n";
    if (kind == NoticeKind::Closed && !t.survey_url.empty())
        body += lang.tr("notice.closed.survey", p) + "\n\n";
    body +=
        link + "\n\n" +
        lang.tr("notice.contact", {{"office", o.name}, {"phone", o.phone}, {"email", o.email}}) +
        "\n\n-- \n" + lang.tr("notice.footer", {{"office", o.name}}) + "\n";
    t.body = std::move(body);
    t.short_text = kind == NoticeKind::Closed && t.survey_url.empty()
                       ? lang.tr("notice.closed.short_no_survey", p)
                       : lang.tr(k + ".short", p);
    return t;
}

} // namespace keluhan
