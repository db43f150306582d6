// Corrective and preventive action (CAPA, "tindakan koreksi dan
// pencegahan") as the second seed SOP asks for it: the root cause of the
// nonconformity, the correction, the corrective and preventive actions, who
// is responsible and by when, and later the check of their effectiveness
// with its minutes (notulen). One record per complaint, filled in over the
// steps whose profile entry lists the fields (`capa = [...]`).
//
// The record only; saving it and the rule that a step cannot be completed
// without its fields live in keluhan/ops/capa.hpp.
#pragma once

#include "keluhan/domain/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

enum class CapaField {
    RootCause,        // penyebab ketidaksesuaian
    Correction,       // tindakan koreksi: what was done about this case
    CorrectiveAction, // tindakan perbaikan: removes the cause
    PreventiveAction, // tindakan pencegahan: keeps it from happening elsewhere
    Responsible,      // penanggung jawab: who carries the actions out
    DueDate,          // batas waktu: by when (YYYY-MM-DD)
    Effective,        // the effectiveness check's verdict: "ya" or "tidak"
    Effectiveness,    // how it was checked and what was found
    Notulen,          // minutes of the review reported to the Kepala Balai
    CheckedOn,        // date of the check (YYYY-MM-DD)
};
inline constexpr CapaField kAllCapaFields[] = {
    CapaField::RootCause,        CapaField::Correction,    CapaField::CorrectiveAction,
    CapaField::PreventiveAction, CapaField::Responsible,   CapaField::DueDate,
    CapaField::Effective,        CapaField::Effectiveness, CapaField::Notulen,
    CapaField::CheckedOn};

// The name used in profiles and JSON: root_cause, correction,
// corrective_action, preventive_action, responsible, due_date, effective,
// effectiveness, notulen, checked_on.
[[nodiscard]] std::string_view to_string(CapaField f);
[[nodiscard]] std::optional<CapaField> capa_field_from_string(std::string_view s);
// The i18n key of the field's name ("field.capa.root_cause").
[[nodiscard]] std::string capa_field_key(CapaField f);
// Longest value of a field, in characters.
[[nodiscard]] std::size_t capa_field_max(CapaField f);

struct Capa {
    std::string root_cause;
    std::string correction;
    std::string corrective_action;
    std::string preventive_action;
    std::string responsible;
    std::string due_date;  // "2026-12-05"
    std::string effective; // "", "ya" or "tidak"
    std::string effectiveness;
    std::string notulen;
    std::string checked_on; // "2026-12-19"
    TimeMs updated_at = 0;
    std::string updated_by;

    [[nodiscard]] const std::string& get(CapaField f) const;
    [[nodiscard]] std::string& get(CapaField f);
    [[nodiscard]] bool empty() const;
};

} // namespace keluhan
