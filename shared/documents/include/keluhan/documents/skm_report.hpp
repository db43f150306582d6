// The satisfaction survey's report (ops/skm.hpp) as a printable A4 PDF, in
// the shape offices publish: the period and respondents, each element's
// NRR and converted value, the index with its grade, a chart, the weakest
// elements, the respondents' profile, and every suggestion.
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/ops/skm.hpp"

namespace keluhan {

[[nodiscard]] Result<Rendered> render_skm_report(const SkmReport& r, const Office& office,
                                                 const Catalog& lang,
                                                 const RenderOptions& opt = {});

} // namespace keluhan
