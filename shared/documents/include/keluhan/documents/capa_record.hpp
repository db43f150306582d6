// The CAPA record (catatan tindakan koreksi dan pencegahan) on A4: the
// office letterhead, the complaint it answers, the corrective and
// preventive action (the CAPA SOP's step 3), the check of its
// effectiveness with the minutes reported to the Kepala Balai (step 6),
// and signature blocks. An internal record: it is never sent to the
// customer (the answer letter is letter.hpp).
#pragma once

#include "keluhan/documents/render.hpp"
#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/office.hpp"

#include <string>
#include <vector>

namespace keluhan {

// `events` name who acted on the CAPA steps (signature blocks) and when;
// `names` maps user names to display names ("" keeps the user name).
[[nodiscard]] Result<Rendered>
render_capa_record(const Office& office, const Catalog& lang, const Complaint& c, const Capa& capa,
                   const std::vector<Event>& events,
                   const std::vector<std::pair<std::string, std::string>>& names = {},
                   const RenderOptions& opt = {});

} // namespace keluhan
