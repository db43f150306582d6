#include "keluhan/service/steps.hpp"

#include "keluhan/domain/validate.hpp"

#include <algorithm>

namespace keluhan {

MayAct may_act(const SopStep& step, const User& user, bool allow_on_behalf) {
    const Role needed = SopEngine::acting_role(step);
    if (user.role == needed) return MayAct::Yes;
    if (allow_on_behalf && user.role == Role::StafPji &&
        has_permission(user.role, Permission::RecordOnBehalf) && needed != Role::Pelanggan &&
        needed != Role::Administrator)
        return MayAct::OnBehalfOnly;
    return MayAct::No;
}

std::vector<std::string> steps_for_role(const SopProfile& profile, Role role) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i < profile.steps.size(); ++i)
        if (SopEngine::acting_role(profile.steps[i]) == role) out.push_back(profile.steps[i].id);
    return out;
}

Result<std::vector<Complaint>> my_tasks(OfficeService& service, const SopProfile& profile,
                                        const User& user, TimeMs now) {
    const std::string mine = user.role == Role::KoordinatorTerkait ? user.function : std::string();
    std::vector<Complaint> rows;
    for (const auto& step : steps_for_role(profile, user.role)) {
        ListQuery q;
        q.status = ComplaintStatus::Open;
        q.step = step;
        q.sort = ListQuery::Sort::DueSoonest;
        q.limit = 1000;
        q.now = now;
        auto page = service.list(q);
        if (!page) return page.error();
        for (auto& c : page->rows)
            if (!other_function(mine, c.function)) rows.push_back(std::move(c));
    }
    std::sort(rows.begin(), rows.end(), [](const Complaint& a, const Complaint& b) {
        return a.due_at != b.due_at ? a.due_at < b.due_at : a.seq < b.seq;
    });
    return rows;
}

std::int64_t minutes_left(TimeMs due, TimeMs now) {
    const std::int64_t d = due - now;
    return d >= 0 ? d / 60000 : -((-d + 59999) / 60000);
}

std::string time_left_text(const Catalog& tr, TimeMs due, TimeMs now) {
    const std::int64_t m = minutes_left(due, now);
    const std::int64_t a = m < 0 ? -m : m;
    std::string span;
    if (a < 60)
        span = tr.tr("admin.time.minutes", {{"n", std::to_string(a)}});
    else if (a < 48 * 60)
        span = tr.tr("admin.time.hours",
                     {{"h", std::to_string(a / 60)}, {"m", std::to_string(a % 60)}});
    else
        span = tr.tr("admin.time.days", {{"n", std::to_string(a / (24 * 60))}});
    return tr.tr(m < 0 ? "admin.time.overdue" : "admin.time.left", {{"span", span}});
}

const char* note_field(StepForm f) {
    switch (f) {
    case StepForm::Disposition:
        return "admin.note.disposition";
    case StepForm::Response:
        return "admin.note.response";
    case StepForm::Instruct:
        return "admin.note.instruct";
    case StepForm::Check:
        return "admin.note.check";
    case StepForm::Sign:
        return "admin.note.sign";
    case StepForm::Send:
        return "admin.note.send";
    case StepForm::Receipt:
        return "admin.note.receipt";
    case StepForm::Capa:
        return "admin.note.capa";
    case StepForm::Evaluation:
        return "admin.note.evaluation";
    default:
        return "admin.note.plain";
    }
}

const char* step_button_key(StepForm f) {
    switch (f) {
    case StepForm::Receive:
        return "admin.act.receive";
    case StepForm::Disposition:
        return "admin.act.disposition";
    case StepForm::Response:
        return "admin.act.response";
    case StepForm::Instruct:
        return "admin.act.instruct";
    case StepForm::Draft:
        return "admin.act.draft";
    case StepForm::Check:
        return "admin.act.check";
    case StepForm::Sign:
        return "admin.act.sign";
    case StepForm::Send:
        return "admin.act.send";
    case StepForm::Receipt:
        return "admin.act.receipt";
    case StepForm::Capa:
        return "admin.act.capa";
    case StepForm::Evaluation:
        return "admin.act.evaluation";
    case StepForm::None:
        break;
    }
    return "admin.act.complete";
}

const Event* standing_return(const std::vector<Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind == "return") return &*it;
        if (it->kind == "complete") return nullptr;
    }
    return nullptr;
}

Result<AdvanceRequest> step_request(const StepInput& in, const SopStep& step, const User& user,
                                    const Config& cfg) {
    AdvanceRequest r;
    if (in.send_back) {
        if (step.return_to.empty())
            return Error{ErrorKind::Invalid, "err.sop.no_return", {{"step", step.action}}};
        if (auto st = check_text("field.return_reason", in.note, cfg.limits.note_max, true); !st)
            return st.error();
        r.note = in.note;
        r.send_back = true;
    } else if (drafts_letter(step.form)) {
        const char* field = step.form == StepForm::Capa ? "field.letter_capa" : "field.letter";
        if (auto st = check_text(field, in.letter, cfg.limits.letter_max, true); !st)
            return st.error();
        r.note = in.letter;
    } else {
        if (auto st =
                check_text(note_field(step.form), in.note, cfg.limits.note_max, step.note_required);
            !st)
            return st.error();
        r.note = in.note;
    }
    // Where the office routes dispositions, to one of its functions.
    const auto& functions = cfg.office.functions;
    if (!in.send_back && step.form == StepForm::Disposition && !functions.empty()) {
        if (in.function < 0 || in.function >= static_cast<int>(functions.size()))
            return Error{ErrorKind::Invalid, "err.disposition.function_required"};
        r.function = functions[static_cast<std::size_t>(in.function)];
    }
    const MayAct m = may_act(step, user, cfg.allow_on_behalf);
    if (m == MayAct::OnBehalfOnly || (in.on_behalf && m != MayAct::Yes))
        r.on_behalf_of = SopEngine::acting_role(step);
    return r;
}

} // namespace keluhan
