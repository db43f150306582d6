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
    auto begin = [&](const std::string& id, TimeMs t) {
        if (StepView* v = at(id)) {
            v->state = StepView::State::Current;
            v->started = t;
            v->finished = 0;
            v->actor.clear();
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
            // The checked work goes back: every step from the return target
            // up to this one is to be done again.
            const int from = profile.position(v->step->return_to);
            const int to = profile.position(v->step->id);
            for (int p = from; p <= to; ++p) {
                auto& s = out[static_cast<std::size_t>(p - 1)];
                s.state = StepView::State::Pending;
                s.finished = 0;
            }
            if (StepView* target = at(v->step->return_to)) ++target->returned;
            begin(v->step->return_to, e.at);
        }
    }
    for (auto& v : out) {
        if (v.state == StepView::State::Pending) continue;
        if (v.step == &profile.steps.front()) continue; // the submission itself has no clock
        v.due = cal.add(v.started, v.step->standard_time);
        const TimeMs end = v.state == StepView::State::Done ? v.finished : now;
        v.working_minutes = cal.working_minutes_between(v.started, end);
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
    return v;
}

} // namespace keluhan
