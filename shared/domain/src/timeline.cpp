#include "keluhan/domain/timeline.hpp"

#include "keluhan/domain/ids.hpp"

#include <map>

namespace keluhan {

std::string_view to_string(StepView::State s) {
    switch (s) {
    case StepView::State::Done:
        return "done";
    case StepView::State::Current:
        return "current";
    case StepView::State::Pending:
        return "pending";
    }
    return "pending";
}

std::vector<StepView> timeline(const SopProfile& profile, const WorkingCalendar& cal,
                               const std::vector<Event>& events, TimeMs now) {
    std::vector<StepView> out;
    std::map<std::string, std::size_t> index;
    for (const auto& s : profile.steps) {
        index[s.id] = out.size();
        StepView v;
        v.step = &s;
        out.push_back(v);
    }
    auto at = [&](const std::string& id) -> StepView* {
        auto it = index.find(id);
        return it == index.end() ? nullptr : &out[it->second];
    };
    // A step becomes current: its clock starts from the full standard time,
    // or, when work is sent back to it, from what it had left.
    auto begin = [&](const std::string& id, TimeMs t, const std::int64_t* left_minutes = nullptr) {
        if (StepView* v = at(id)) {
            v->state = StepView::State::Current;
            v->started = t;
            v->finished = 0;
            v->actor.clear();
            if (v->first_started == 0) v->first_started = t;
            v->due =
                left_minutes
                    ? cal.add(t, Duration{Duration::Unit::Minutes, static_cast<int>(*left_minutes)})
                    : cal.add(t, v->step->standard_time);
        }
    };
    for (const auto& e : events) {
        StepView* v = at(e.step_id);
        if (!v) continue;
        if (e.kind == "submit") {
            v->state = StepView::State::Done;
            v->started = e.at;
            v->finished = e.at;
            v->actor = e.actor;
            begin(v->step->next, e.at);
        } else if (e.kind == "complete") {
            v->state = StepView::State::Done;
            v->finished = e.at;
            v->actor = e.actor;
            begin(v->step->next, e.at);
        } else if (e.kind == "return") {
            // The SOP's clock for the step sent back to resumes where it
            // stopped: the revision has the working time the step had left
            // when it was handed on (none if it was already late), and the
            // time spent on it so far keeps counting.
            StepView* target = at(v->step->return_to);
            std::int64_t left = 0;
            // A step never done before (reached only by this return) starts
            // on its full standard time.
            const bool resumes = target && target->state == StepView::State::Done;
            if (resumes) {
                left = cal.working_minutes_between(target->finished, target->due);
                target->spent_before +=
                    cal.working_minutes_between(target->started, target->finished);
            }
            // Every step after it up to this one is to be done again, on a
            // fresh clock.
            const int from = profile.position(v->step->return_to);
            const int to = profile.position(v->step->id);
            for (int p = from; p <= to; ++p) {
                auto& s = out[static_cast<std::size_t>(p - 1)];
                s.state = StepView::State::Pending;
                s.finished = 0;
                if (&s != target) {
                    s.first_started = 0;
                    s.spent_before = 0;
                }
            }
            if (target) {
                ++target->returned;
                begin(target->step->id, e.at, resumes ? &left : nullptr);
            }
        }
    }
    for (auto& v : out) {
        if (v.state == StepView::State::Pending) {
            v.due = 0;
            continue;
        }
        if (v.step == &profile.steps.front()) { // the submission itself has no clock
            v.due = 0;
            continue;
        }
        const TimeMs end = v.state == StepView::State::Done ? v.finished : now;
        v.working_minutes = v.spent_before + cal.working_minutes_between(v.started, end);
        v.standard_minutes = cal.working_minutes_between(
            v.first_started, cal.add(v.first_started, v.step->standard_time));
        v.late = end > v.due;
    }
    return out;
}

VisitorStatus visitor_status(const SopProfile& profile, const WorkingCalendar& calendar,
                             const Complaint& c, const std::vector<Event>& events,
                             const std::string& language, TimeMs now) {
    VisitorStatus v;
    const auto tc = TrackingCode::parse(c.code);
    v.code = tc ? tc->grouped() : c.code;
    v.status = c.status;
    v.submitted = c.created_at;
    v.updated = c.updated_at;
    const auto steps = timeline(profile, calendar, events, now);
    for (const auto& s : steps) {
        VisitorStatus::Step out;
        out.number = s.step->number;
        out.text = language == "en" ? s.step->visitor_text_en : s.step->visitor_text_id;
        out.state = s.state;
        out.finished = s.finished;
        if (s.state == StepView::State::Current) v.current = static_cast<int>(v.steps.size());
        v.steps.push_back(std::move(out));
    }
    v.answer_due = SopEngine(profile, calendar).answer_due(c.created_at);
    v.late = c.status == ComplaintStatus::Open && v.answer_due > 0 && now > v.answer_due;
    return v;
}

} // namespace keluhan
