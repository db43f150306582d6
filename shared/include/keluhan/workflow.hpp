// The named operations every front end calls (the kiosk, the admin panel,
// the command line and the hub): load the office, take a complaint, advance
// it, and read its SOP timeline. Screens call these, never the store's SQL.
#pragma once

#include "keluhan/auth.hpp"
#include "keluhan/config.hpp"
#include "keluhan/i18n.hpp"
#include "keluhan/sop.hpp"
#include "keluhan/store.hpp"

#include <filesystem>
#include <optional>

namespace keluhan {

// Everything loaded once at start-up: config, SOP profile, messages.
struct Office {
    Config config;
    SopProfile profile;
    Catalog catalog;

    // Loads the config (or defaults when `config_file` is empty), the SOP
    // profile it names and the catalog for `language` (config's when empty).
    [[nodiscard]] static Result<Office> load(const std::filesystem::path& config_file,
                                             const std::string& language = {});
    [[nodiscard]] SopEngine engine() const {
        return SopEngine(profile, config.calendar, EngineOptions{config.allow_on_behalf});
    }
    [[nodiscard]] std::string say(const Error& e) const { return catalog.message(e); }
};

// Validates and stores a new complaint (the first SOP step done, the second
// current). Refuses invalid input before anything is written.
[[nodiscard]] Result<Submitted> submit_complaint(Store& store, const Office& office,
                                                 const Submission& s);

// Completes the complaint's current step (or, with `send_back`, returns it
// for revision) as `user`. Every refusal leaves the complaint as it was.
struct AdvanceRequest {
    std::string note;
    bool send_back = false;
    std::optional<Role> on_behalf_of; // staff recording an official's paper decision
};
[[nodiscard]] Result<Complaint> advance_complaint(Store& store, const Office& office,
                                                  const User& user, const TrackingCode& code,
                                                  const AdvanceRequest& req);

// One SOP step of one complaint, for timelines and status pages.
struct StepView {
    const SopStep* step = nullptr;
    enum class State { Done, Current, Pending } state = State::Pending;
    TimeMs started = 0;  // when it became current (last time)
    TimeMs finished = 0; // when it was completed (0 if not)
    TimeMs due = 0;      // started + standard time on the working calendar
    std::int64_t working_minutes = 0; // actual time taken (or so far)
    bool late = false;   // finished after due, or still open past due
    int returned = 0;    // times this step's work was sent back for revision
    std::string actor;   // who completed it (user name), if done
};
[[nodiscard]] std::vector<StepView> timeline(const SopProfile& profile,
                                             const WorkingCalendar& calendar,
                                             const std::vector<Event>& events, TimeMs now);

[[nodiscard]] std::string_view to_string(StepView::State s);

// Where a complaint stands, for the visitor at the kiosk and the QR status
// page: the SOP steps in the visitor's words, done / current / pending, with
// dates. Nothing personal: no name, contact, text of the complaint or notes.
struct VisitorStatus {
    std::string code;    // grouped
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
};
[[nodiscard]] VisitorStatus visitor_status(const SopProfile& profile, const WorkingCalendar& calendar,
                                           const Complaint& c, const std::vector<Event>& events,
                                           const std::string& language, TimeMs now);

} // namespace keluhan
