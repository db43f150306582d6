// What an official does at a step, for every front end that offers it (the
// admin panel and the hub's /staf pages): whose step it is, the steps that
// are mine ("Tugas saya"), and the request a filled-in step form makes. The
// same checks the core makes, so a form is refused whole, before anything is
// saved; the core checks them again (and the role) on the server.
#pragma once

#include "keluhan/domain/config.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/service/service.hpp"

#include <string>
#include <vector>

namespace keluhan {

// Whether `user` acts on `step` in the system: their own role, or staff
// recording for the official when the office allows it.
enum class MayAct { Yes, OnBehalfOnly, No };
[[nodiscard]] MayAct may_act(const SopStep& step, const User& user, bool allow_on_behalf);

// The steps of `profile` whose acting role is `role` (for Tugas saya).
[[nodiscard]] std::vector<std::string> steps_for_role(const SopProfile& profile, Role role);

// The open complaints at a step `user`'s role acts on, oldest due first; a
// coordinator of one function gets those routed to it (and those not routed).
[[nodiscard]] Result<std::vector<Complaint>>
my_tasks(OfficeService& service, const SopProfile& profile, const User& user, TimeMs now);

// "2 jam 15 menit lagi" / "terlambat 3 jam" as minutes; negative = overdue.
[[nodiscard]] std::int64_t minutes_left(TimeMs due, TimeMs now);
// The same in words: "2 jam 15 menit lagi", "terlambat 3 hari" (admin.time.*).
[[nodiscard]] std::string time_left_text(const Catalog& tr, TimeMs due, TimeMs now);

// The i18n key naming the note field of a step's form ("admin.note.disposition"):
// the label shown, and the field an error names.
[[nodiscard]] const char* note_field(StepForm f);
// The i18n key of the button that completes a step of this form ("admin.act.sign").
[[nodiscard]] const char* step_button_key(StepForm f);

// The return that sent the complaint back to the step it is at, when the
// step has not been done again since (its reason is for whoever acts now).
[[nodiscard]] const Event* standing_return(const std::vector<Event>& events);

// A step's form as filled in.
struct StepInput {
    std::string note;   // disposition, response, instruction, reason for return, ...
    std::string letter; // a letter-drafting step: the answer as it goes into the letter
    bool send_back = false;
    bool on_behalf = false; // staff recording an official's paper decision
    int function = -1;      // Disposition: index into office.functions (-1 = none chosen)
};

// What completing (or returning) the step would send to the core: a
// required note, the return reason, the letter's length, the disposition's
// function, checked here first. `user` is who acts.
[[nodiscard]] Result<AdvanceRequest> step_request(const StepInput& in, const SopStep& step,
                                                  const User& user, const Config& cfg);

} // namespace keluhan
