#include "keluhan/ops/capa.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

namespace keluhan {

std::vector<CapaField> missing_capa(const SopStep& step, const std::optional<Capa>& capa) {
    std::vector<CapaField> out;
    for (const auto f : step.capa)
        if (!capa || text::trim(capa->get(f)).empty()) out.push_back(f);
    return out;
}

Status check_capa_complete(Store& store, const SopProfile& profile, const Complaint& c) {
    const SopStep* step = profile.step(c.current_step);
    if (!step || step->capa.empty()) return ok();
    auto capa = store.capa(c.seq);
    if (!capa) return capa.error();
    const auto missing = missing_capa(*step, *capa);
    if (missing.empty()) return ok();
    std::string names;
    for (const auto f : missing)
        names += (names.empty() ? "" : ", ") + std::string(to_string(f));
    return Error{
        ErrorKind::Invalid,
        "err.capa.missing",
        {{"field", capa_field_key(missing.front())}, {"count", std::to_string(missing.size())}},
        "missing: " + names};
}

Result<Capa> save_capa(Store& store, const Office& office, const User& user,
                       const TrackingCode& code, const Capa& values,
                       std::optional<Role> on_behalf_of) {
    if (auto st = require(user, Permission::AdvanceSteps); !st) return st.error();
    if (on_behalf_of)
        if (auto st = require(user, Permission::RecordOnBehalf); !st) return st.error();
    auto c = store.find_by_code(code);
    if (!c) return c.error();
    if (auto st = office.check_profile(*c); !st) return st.error();
    // With the function the user leads: another function's coordinator may
    // not write this complaint's corrective action.
    const Actor actor{user.name, user.role, on_behalf_of, user.function};
    if (auto st = office.engine().may_act(*c, actor); !st) return st.error();
    const SopStep* step = office.profile.step(c->current_step);
    if (!step || step->capa.empty())
        return Error{ErrorKind::Invalid,
                     "err.capa.not_here",
                     {{"step", step ? step->action : c->current_step}}};

    auto stored = store.capa(c->seq);
    if (!stored) return stored.error();
    Capa out = stored->value_or(Capa{});
    std::string changed;
    for (const auto f : step->capa) {
        const std::string v =
            f == CapaField::Effective || f == CapaField::DueDate || f == CapaField::CheckedOn
                ? text::trim(values.get(f))
                : values.get(f);
        if ((f == CapaField::DueDate || f == CapaField::CheckedOn) && !v.empty() && !parse_date(v))
            return Error{ErrorKind::Invalid,
                         "err.capa.date",
                         {{"field", capa_field_key(f)}, {"value", text::truncate(v, 40)}}};
        if (f == CapaField::Effective && !v.empty() && v != "ya" && v != "tidak")
            return Error{
                ErrorKind::Invalid, "err.capa.effective", {{"value", text::truncate(v, 40)}}};
        if (auto st = check_text(capa_field_key(f), v, capa_field_max(f), false); !st)
            return st.error();
        if (v != out.get(f)) changed += (changed.empty() ? "" : ", ") + std::string(to_string(f));
        out.get(f) = v;
    }
    Event e;
    e.kind = "capa";
    e.step_id = step->id;
    e.actor = user.name;
    e.actor_role = std::string(to_string(user.role));
    if (on_behalf_of) e.on_behalf_of = std::string(to_string(*on_behalf_of));
    e.note = changed;
    e.at = now_ms();
    return store.save_capa(*c, out, e);
}

} // namespace keluhan
