// Corrective and preventive action on a complaint (capa.hpp holds the
// record): saving it, and the rule that a step whose profile entry lists
// CAPA fields (`capa = [...]`) cannot be completed until they are filled in.
// advance_complaint() enforces that rule, so every front end does.
#pragma once

#include "keluhan/domain/capa.hpp"
#include "keluhan/ops/workflow.hpp"

#include <optional>
#include <vector>

namespace keluhan {

// Saves the fields of the complaint's current step from `values` (the
// others keep what is stored) for `user`, who must be the one who may act
// on that step. Refuses a step that asks for no CAPA (err.capa.not_here),
// bad dates (err.capa.date), a verdict other than "ya"/"tidak"
// (err.capa.effective) and over-long text. Saving is allowed with fields
// still empty: work in progress is never lost. Appends a "capa" event.
[[nodiscard]] Result<Capa> save_capa(Store& store, const Office& office, const User& user,
                                     const TrackingCode& code, const Capa& values,
                                     std::optional<Role> on_behalf_of = std::nullopt);

// The fields `step` asks for that are still blank in `capa`.
[[nodiscard]] std::vector<CapaField> missing_capa(const SopStep& step,
                                                  const std::optional<Capa>& capa);

// err.capa.missing (naming the first blank field) when the complaint's
// current step asks for CAPA fields not yet recorded.
[[nodiscard]] Status check_capa_complete(Store& store, const SopProfile& profile,
                                         const Complaint& c);

} // namespace keluhan
