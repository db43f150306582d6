// The monthly report (ops/report.hpp) as a printable A4 PDF.
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/ops/report.hpp"

namespace keluhan {

// The report as an A4 PDF (or a picture for previews): the office, the
// month, the recap tables, a bar chart of complaints by service and one of
// SLA compliance per step, and the table of steps.
[[nodiscard]] Result<Rendered> render_report(const MonthReport& r, const Office& office,
                                             const Catalog& lang, const RenderOptions& opt = {});

} // namespace keluhan
