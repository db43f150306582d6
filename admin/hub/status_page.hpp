// The visitor's status page (/s/<code>): small server-rendered HTML for
// phones, no JavaScript, Bahasa Indonesia with a link to English. Built from
// the status view only, so nothing personal can reach it.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/ops/workflow.hpp"

#include <string>

namespace keluhan::hub {

struct PageContext {
    const Catalog& catalog;   // the page's language
    std::string language;     // "id" or "en"
    WorkingCalendar calendar; // a copy: the office may change meanwhile
    std::string office;       // short name, shown in the header
};

[[nodiscard]] std::string status_page(const PageContext& ctx, const VisitorStatus& v);
// The same page for a bad code and an unknown one (nothing in it depends on
// what was asked).
[[nodiscard]] std::string not_found_page(const PageContext& ctx);
[[nodiscard]] std::string rate_limited_page(const PageContext& ctx);

[[nodiscard]] std::string html_escape(std::string_view s);

} // namespace keluhan::hub
