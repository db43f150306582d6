#include "keluhan/ops/workflow.hpp"

#include "keluhan/ops/capa.hpp"

#include "keluhan/domain/text.hpp"

namespace keluhan {

Result<Submitted> submit_complaint(Store& store, const Office& office, const Submission& s) {
    if (auto st = validate_submission(s, office.config.limits, office.config.services); !st)
        return st.error();
    return store.submit(s, office.engine());
}

namespace {

// An agenda number such as "B/123/BSPJI-PLG/PJI/XII/2026" with room to spare.
constexpr std::size_t kLetterNumberMax = 80;

// err.step.already_done: who completed (or returned) `step` last, and when.
Error already_done(Store& store, const Office& office, const Complaint& c,
                   const std::string& step) {
    std::string who = "?", when = "?";
    if (auto events = store.events(c.seq))
        for (const auto& e : *events)
            if (e.step_id == step && (e.kind == "complete" || e.kind == "return")) {
                who = e.actor;
                if (auto u = store.find_user(e.actor)) who = u->first.display_name;
                when = office.config.calendar.format(e.at);
            }
    const SopStep* s = office.profile.step(step);
    return Error{ErrorKind::Conflict,
                 "err.step.already_done",
                 {{"step", s ? std::to_string(s->number) + ". " + s->action : step},
                  {"name", who},
                  {"time", when},
                  {"code", grouped_code(c.code)}}};
}

} // namespace

Result<Complaint> advance_complaint(Store& store, const Office& office, const User& user,
                                    const TrackingCode& code, const AdvanceRequest& req) {
    if (auto st = require(user, Permission::AdvanceSteps); !st) return st.error();
    if (req.on_behalf_of)
        if (auto st = require(user, Permission::RecordOnBehalf); !st) return st.error();
    auto c = store.find_by_code(code);
    if (!c) return c.error();
    if (auto st = office.check_profile(*c); !st) return st.error();
    if (!req.expected_step.empty() && req.expected_step != c->current_step)
        return already_done(store, office, *c, req.expected_step);
    const auto engine = office.engine();
    const Actor actor{user.name, user.role, req.on_behalf_of, user.function};
    // Where the office routes dispositions, the disposition names its function.
    const auto& functions = office.config.office.functions;
    std::optional<std::string> routed;
    if (const SopStep* step = office.profile.step(c->current_step); step && !req.send_back) {
        const bool disposes = step->form == StepForm::Disposition;
        const std::string want = text::trim(req.function);
        if (!want.empty() && !disposes)
            return Error{ErrorKind::Invalid, "err.disposition.not_here"};
        if (!want.empty() && functions.empty())
            return Error{ErrorKind::Invalid, "err.disposition.no_functions"};
        if (disposes && !functions.empty()) {
            if (want.empty()) return Error{ErrorKind::Invalid, "err.disposition.function_required"};
            routed = find_function(functions, want);
            if (!routed)
                return Error{ErrorKind::Invalid,
                             "err.function.unknown",
                             {{"function", want}, {"functions", join_functions(functions)}}};
        }
    }
    if (auto st = check_text("field.note", req.note, office.config.limits.note_max, false); !st)
        return st.error();
    // The drafted answer goes into the response letter: it must be there and fit.
    if (const SopStep* step = office.profile.step(c->current_step);
        step && drafts_letter(step->form) && !req.send_back)
        if (auto st = check_text("field.letter", req.note, office.config.limits.letter_max, true);
            !st)
            return st.error();
    auto t = [&]() -> Result<Transition> {
        if (!req.send_back) return engine.complete(*c, actor, req.note, now_ms());
        auto history = store.events(c->seq);
        if (!history) return history.error();
        return engine.send_back(*c, actor, req.note, now_ms(), *history);
    }();
    if (!t) return t.error();
    t->assign_function = routed;
    // A step that asks for corrective action is done only once it is recorded.
    if (!req.send_back)
        if (auto st = check_capa_complete(store, office.profile, *c); !st) return st.error();
    auto done = store.apply(*c, *t, office.config.office.register_pattern, office.config.calendar,
                            office.config.office.letter_pattern, notices_for(office, *c, *t));
    // Lost the race between the read above and the write: someone completed
    // the step meanwhile. Told as who and when, like a step found done.
    if (!done && done.error().key == "err.sop.changed" && !req.expected_step.empty())
        if (auto now = store.find_by_code(code); now && now->current_step != req.expected_step)
            return already_done(store, office, *now, req.expected_step);
    return done;
}

std::vector<NewNotice> notices_for(const Office& office, const Complaint& c, const Transition& t) {
    const auto& n = office.config.notify;
    const auto& who = c.complainant;
    if (!n.any() || who.anonymous || !c.consent) return {};
    std::vector<NoticeKind> kinds;
    if (t.assign_register_number) kinds.push_back(NoticeKind::Received);
    if (const SopStep* to = t.to_step.empty() ? nullptr : office.profile.step(t.to_step);
        to && to->form == StepForm::Receipt && t.kind == Transition::Kind::Complete)
        kinds.push_back(NoticeKind::Letter);
    if (t.to_step.empty()) kinds.push_back(NoticeKind::Closed);
    std::vector<NewNotice> out;
    for (const NoticeKind k : kinds) {
        if (n.email() && !text::trim(who.email).empty()) out.push_back({k, NoticeChannel::Email});
        if (n.sms() && !text::trim(who.phone).empty()) out.push_back({k, NoticeChannel::Sms});
        if (n.webhook() && !text::trim(who.phone).empty())
            out.push_back({k, NoticeChannel::Webhook});
    }
    return out;
}

Result<Complaint> record_spoken_summary(Store& store, const Office& office, const User& user,
                                        const TrackingCode& code, const std::string& text) {
    if (auto st = require(user, Permission::TranscribeSpoken); !st) return st.error();
    const std::string typed = text::trim(text);
    if (auto st =
            check_text("field.spoken_summary", typed, office.config.limits.description_max, true);
        !st)
        return st.error();
    auto c = store.find_by_code(code);
    if (!c) return c.error();
    if (c->channel != Channel::Lisan)
        return Error{
            ErrorKind::Invalid, "err.transcript.not_spoken", {{"code", grouped_code(c->code)}}};
    Event e;
    e.kind = "transcript";
    e.step_id = c->current_step;
    e.actor = user.name;
    e.actor_role = std::string(to_string(user.role));
    e.at = now_ms();
    return store.set_spoken_summary(*c, typed, e);
}

Result<Complaint> record_letter_number(Store& store, const Office& office, const User& user,
                                       const TrackingCode& code, const std::string& number) {
    if (auto st = require(user, Permission::NumberLetter); !st) return st.error();
    if (!office.config.office.letter_pattern.empty())
        return Error{ErrorKind::Conflict,
                     "err.letter_number.automatic",
                     {{"pattern", office.config.office.letter_pattern}}};
    const std::string typed = text::trim(number);
    if (auto st = check_text("field.letter_number", typed, kLetterNumberMax, true); !st)
        return st.error();
    if (typed.find_first_of("\r\n\t") != std::string::npos)
        return Error{ErrorKind::Invalid, "err.letter_number.one_line"};
    auto c = store.find_by_code(code);
    if (!c) return c.error();
    auto history = store.events(c->seq);
    if (!history) return history.error();
    // The letter goes out at the Send step, or where the SOP has none (the
    // CAPA SOP) at the customer's receipt: after that its number stays.
    bool has_send = false;
    for (const auto& s : office.profile.steps)
        has_send |= s.form == StepForm::Send;
    const StepForm sends = has_send ? StepForm::Send : StepForm::Receipt;
    bool signed_off = false, sent = false;
    for (const auto& e : *history) {
        const SopStep* s = office.profile.step(e.step_id);
        if (e.kind != "complete" || !s) continue;
        signed_off |= s->form == StepForm::Sign;
        sent |= s->form == sends;
    }
    if (!signed_off)
        return Error{
            ErrorKind::Conflict, "err.letter_number.unsigned", {{"code", grouped_code(c->code)}}};
    if (sent)
        return Error{
            ErrorKind::Conflict, "err.letter_number.sent", {{"code", grouped_code(c->code)}}};
    Event e;
    e.kind = "letter_number";
    e.note = typed;
    e.step_id = c->current_step;
    e.actor = user.name;
    e.actor_role = std::string(to_string(user.role));
    e.at = now_ms();
    return store.set_letter_number(*c, e);
}

std::string letter_signer(Store& store, const Office& office, const std::vector<Event>& events) {
    std::string signer;
    for (const auto& e : events) {
        const SopStep* s = office.profile.step(e.step_id);
        if (e.kind == "complete" && s && s->form == StepForm::Sign)
            if (auto u = store.find_user(e.actor)) signer = u->first.display_name;
    }
    return signer.empty() ? office.config.office.signer_name : signer;
}

} // namespace keluhan
