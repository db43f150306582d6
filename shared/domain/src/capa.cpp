#include "keluhan/domain/capa.hpp"

namespace keluhan {
namespace {

struct FieldName {
    CapaField field;
    std::string_view name;
    std::size_t max;
};
constexpr FieldName kFields[] = {
    {CapaField::RootCause, "root_cause", 5000},
    {CapaField::Correction, "correction", 5000},
    {CapaField::CorrectiveAction, "corrective_action", 5000},
    {CapaField::PreventiveAction, "preventive_action", 5000},
    {CapaField::Responsible, "responsible", 200},
    {CapaField::DueDate, "due_date", 10},
    {CapaField::Effective, "effective", 5},
    {CapaField::Effectiveness, "effectiveness", 5000},
    {CapaField::Notulen, "notulen", 20000},
    {CapaField::CheckedOn, "checked_on", 10},
};

} // namespace

std::string_view to_string(CapaField f) {
    for (const auto& k : kFields)
        if (k.field == f) return k.name;
    return "root_cause";
}

std::optional<CapaField> capa_field_from_string(std::string_view s) {
    for (const auto& k : kFields)
        if (k.name == s) return k.field;
    return std::nullopt;
}

std::string capa_field_key(CapaField f) {
    return "field.capa." + std::string(to_string(f));
}

std::size_t capa_field_max(CapaField f) {
    for (const auto& k : kFields)
        if (k.field == f) return k.max;
    return 5000;
}

const std::string& Capa::get(CapaField f) const {
    return const_cast<Capa*>(this)->get(f);
}

std::string& Capa::get(CapaField f) {
    switch (f) {
    case CapaField::RootCause:
        return root_cause;
    case CapaField::Correction:
        return correction;
    case CapaField::CorrectiveAction:
        return corrective_action;
    case CapaField::PreventiveAction:
        return preventive_action;
    case CapaField::Responsible:
        return responsible;
    case CapaField::DueDate:
        return due_date;
    case CapaField::Effective:
        return effective;
    case CapaField::Effectiveness:
        return effectiveness;
    case CapaField::Notulen:
        return notulen;
    case CapaField::CheckedOn:
        return checked_on;
    }
    return root_cause;
}

bool Capa::empty() const {
    for (const auto f : kAllCapaFields)
        if (!get(f).empty()) return false;
    return true;
}

} // namespace keluhan
