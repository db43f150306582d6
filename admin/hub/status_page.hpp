// The visitor's status page (/s/<code>): small server-rendered HTML for
// phones, no JavaScript, Bahasa Indonesia with a link to English. Built from
// the status view only, so nothing personal can reach it.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/skm.hpp"
#include "keluhan/ops/workflow.hpp"

#include <string>

namespace keluhan::hub {

struct PageContext {
    const Catalog& catalog;   // the page's language
    std::string language;     // "id" or "en"
    WorkingCalendar calendar; // a copy: the office may change meanwhile
    std::string office;       // short name, shown in the header
    // Who to ask: the office's full name, phone and e-mail (its settings).
    std::string office_name{}, phone{}, email{};
    // Kept in the language link ("t=..."): a page whose link is signed.
    std::string keep_query{};
};

// With `survey`, a closed complaint's page offers its satisfaction survey.
[[nodiscard]] std::string status_page(const PageContext& ctx, const VisitorStatus& v,
                                      bool survey = false);

// The satisfaction survey of a closed complaint (/s/<code>/survei): a form
// that works without JavaScript, every answer optional. `given` holds what
// was sent (kept when it is refused, with `error` said above the form and
// beside the question it is about, `error_field`).
struct SurveyForm {
    std::vector<std::pair<std::string, std::string>> given; // field -> value
    std::string error;
    std::string error_field;
};
[[nodiscard]] std::string survey_page(const PageContext& ctx, const SkmQuestionnaire& q,
                                      const std::string& code, const SurveyForm& form);
// A short page with one message (thanks, already answered, not closed yet).
// `back_label` "" = "back to the complaint's status".
[[nodiscard]] std::string message_page(const PageContext& ctx, const std::string& title,
                                       const std::string& text, const std::string& back_href,
                                       const std::string& back_label = {});
// The same page for a bad code and an unknown one (nothing in it depends on
// what was asked).
[[nodiscard]] std::string not_found_page(const PageContext& ctx);
[[nodiscard]] std::string rate_limited_page(const PageContext& ctx);

[[nodiscard]] std::string html_escape(std::string_view s);

// The pages' common start (doctype, `lang`, the office's header with the
// language link, the style) up to the opened <main>, and their end (the
// "no personal data" line when `privacy`).
[[nodiscard]] std::string page_head(const PageContext& ctx, const std::string& title);
[[nodiscard]] std::string page_foot(const PageContext& ctx, bool privacy);

} // namespace keluhan::hub
