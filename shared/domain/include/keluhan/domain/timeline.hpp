// A complaint's SOP timeline: each step done, current or pending, with its
// dates, its due time on the working calendar and whether it ran late; and
// the visitor's view of it for the kiosk and the QR status page.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/sop.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

// One SOP step of one complaint, for timelines and status pages.
struct StepView {
    const SopStep* step = nullptr;
    enum class State { Done, Current, Pending } state = State::Pending;
    TimeMs started = 0;       // when it became current (last time)
    TimeMs first_started = 0; // when it first became current (before any return)
    TimeMs finished = 0;      // when it was completed (0 if not)
    // When it is due on the working calendar: started + its standard time,
    // or, after work was sent back to it, started + the time it had left.
    TimeMs due = 0;
    std::int64_t working_minutes = 0;  // actual time taken (or so far), every attempt together
    std::int64_t standard_minutes = 0; // its standard time, in working minutes
    std::int64_t spent_before = 0;     // working minutes of attempts before a return
    bool late = false;                 // finished after due, or still open past due
    int returned = 0;                  // times this step's work was sent back for revision
    std::string actor;                 // who completed it (user name), if done
};
[[nodiscard]] std::vector<StepView> timeline(const SopProfile& profile,
                                             const WorkingCalendar& calendar,
                                             const std::vector<Event>& events, TimeMs now);

[[nodiscard]] std::string_view to_string(StepView::State s);

// Where a complaint stands, for the visitor at the kiosk and the QR status
// page: the SOP steps in the visitor's words, done / current / pending, with
// dates. Nothing personal: no name, contact, text of the complaint or notes.
struct VisitorStatus {
    std::string code; // grouped
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs submitted = 0;
    TimeMs updated = 0;
    struct Step {
        int number = 0;
        std::string text; // the profile's visitor text in the chosen language
        StepView::State state = StepView::State::Pending;
        TimeMs finished = 0;
    };
    std::vector<Step> steps;
    int current = -1; // index into steps, -1 when closed
    // The SOP's target for the customer to have the answer
    // (SopEngine::answer_due, as the Tanda Terima prints it), and whether
    // the complaint is still open past it.
    TimeMs answer_due = 0;
    bool late = false;
};
[[nodiscard]] VisitorStatus visitor_status(const SopProfile& profile,
                                           const WorkingCalendar& calendar, const Complaint& c,
                                           const std::vector<Event>& events,
                                           const std::string& language, TimeMs now);

} // namespace keluhan
