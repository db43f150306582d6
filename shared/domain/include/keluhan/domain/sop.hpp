// SOP profiles and the workflow engine.
//
// A profile (assets/sop/*.toml) is the SOP's table as data: every step with
// its actor role, the SOP's own action text, kelengkapan (inputs), mutu baku
// waktu (standard time) and output, in the SOP's order. The engine decides
// who may complete the current step and what happens next; it does no I/O.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace keluhan {

// What a step asks for when it is completed (the admin panel shows a form
// to match; the engine refuses an empty required note).
enum class StepForm {
    None,        // a plain confirmation
    Receive,     // staff receive the complaint: the register number is given
    Disposition, // instructions to a related function (note required)
    Response,    // the related function's answer (note required)
    Instruct,    // instruction to draft the letter
    Draft,       // the response letter drafted
    Check,       // the draft is checked: approve, or return for revision
    Sign,        // the letter is signed
    Send,        // the letter is sent (how, in the note)
    Receipt,     // the customer's receipt of the answer is recorded
    Capa,        // root cause, corrective and preventive action
    Evaluation,  // effectiveness check and its minutes (notulen)
};
[[nodiscard]] std::string_view to_string(StepForm f);
// The step's note is the answer letter's body: the draft (form Draft), or
// the CAPA SOP's corrective-action step, which drafts its answer (Capa).
[[nodiscard]] constexpr bool drafts_letter(StepForm f) {
    return f == StepForm::Draft || f == StepForm::Capa;
}
// The answer letter is worked on, checked, signed or sent at the step: the
// panel shows its preview there.
[[nodiscard]] constexpr bool shows_letter(StepForm f) {
    return drafts_letter(f) || f == StepForm::Check || f == StepForm::Sign || f == StepForm::Send ||
           f == StepForm::Receipt;
}
[[nodiscard]] std::optional<StepForm> step_form_from_string(std::string_view s);

struct SopStep {
    std::string id; // stable id, e.g. "terima"
    int number = 0; // the SOP's row number
    Role actor = Role::StafPji;
    // Who enters the step into the system when the actor cannot (the
    // customer's steps are recorded by front-desk staff). Empty: the actor.
    std::optional<Role> recorded_by;
    std::string action;      // the SOP's own words
    std::string kelengkapan; // inputs the SOP names
    Duration standard_time;  // mutu baku waktu
    std::string output;      // the SOP's output
    StepForm form = StepForm::None;
    bool note_required = false;
    bool assigns_register = false; // completing it gives the register number
    // CAPA fields that must be filled in before this step can be completed
    // (profile key `capa = ["root_cause", ...]`); empty for most steps.
    std::vector<CapaField> capa;
    std::string next;            // id of the next step; "" for the last step
    std::string return_to;       // where "return for revision" sends it; "" if not allowed
    std::string visitor_text_id; // plain words for visitors (Indonesian)
    std::string visitor_text_en; // plain words for visitors (English)
    int line = 0;                // line of the step's table in the profile
};

struct SopProfile {
    std::string name;   // file stem, e.g. "bspji-palembang"
    std::string title;  // "SOP Penanganan Keluhan Pelanggan"
    std::string number; // "SOP12-BSPJI/5"
    std::string office;
    std::string source;         // the path it was loaded from
    std::vector<SopStep> steps; // in the SOP's order; steps[0] is the submission

    [[nodiscard]] const SopStep* step(std::string_view id) const;
    [[nodiscard]] const SopStep& first() const { return steps.front(); }
    // 1-based position of a step in the SOP's order (0 when unknown).
    [[nodiscard]] int position(std::string_view id) const;
};

// Loads and validates a profile. Refuses a missing field, an unknown role or
// form, a bad duration, a dangling next or return step, duplicate ids, or a
// cycle without exit, with err.sop.* naming file, line and reason.
[[nodiscard]] Result<SopProfile> load_sop_profile(const std::filesystem::path& file);
[[nodiscard]] Result<SopProfile> parse_sop_profile(std::string_view toml_text,
                                                   const std::string& source_name);
// Profiles in a folder, by name (file stem), sorted; bad ones are reported.
struct SopCatalogEntry {
    std::string name;
    std::filesystem::path path;
};
[[nodiscard]] std::vector<SopCatalogEntry> list_sop_profiles(const std::filesystem::path& dir);

// Who is acting: a logged-in user, or the customer at the kiosk.
struct Actor {
    std::string name; // user name, or "pelanggan"
    Role role = Role::Pelanggan;
    // Set when staff record a step for an official who acted on paper
    // (allowed only when the office's config says it works that way).
    std::optional<Role> on_behalf_of;
    // The function a Koordinator Fungsi Terkait coordinates ("" = any): a
    // complaint routed to another function is not theirs to act on.
    std::string function{};
};

// The engine's decision for one action on a complaint; the store applies it
// atomically.
struct Transition {
    enum class Kind { Complete, Return } kind = Kind::Complete;
    std::string from_step;
    std::string to_step; // "" when the complaint closes
    TimeMs at = 0;
    TimeMs due_at = 0; // due time of to_step (0 when closing)
    bool assign_register_number = false;
    bool assign_letter_number = false; // the letter is signed: its outgoing number
    // The disposition routes the complaint to this related function (a
    // "function" event records it).
    std::optional<std::string> assign_function;
    Event event;
};

struct EngineOptions {
    bool allow_on_behalf = false; // config: paper dispositions recorded by staff
};

class SopEngine {
  public:
    SopEngine(const SopProfile& profile, const WorkingCalendar& calendar, EngineOptions opt = {})
        : profile_(profile), calendar_(calendar), opt_(opt) {}

    // The role that must act to complete `step` in the system.
    [[nodiscard]] static Role acting_role(const SopStep& step) {
        return step.recorded_by.value_or(step.actor);
    }

    // Whether `actor` may complete (or return) the current step; the reason
    // when not (err.sop.closed, err.sop.wrong_role, err.sop.on_behalf_off).
    [[nodiscard]] Status may_act(const Complaint& c, const Actor& actor) const;

    // Complete the complaint's current step.
    [[nodiscard]] Result<Transition> complete(const Complaint& c, const Actor& actor,
                                              const std::string& note, TimeMs now) const;
    // Send a checked step back for revision (only where the profile allows).
    // The step sent back to is due when the time it had left runs out:
    // `history` is the complaint's events so far, to find that time.
    [[nodiscard]] Result<Transition> send_back(const Complaint& c, const Actor& actor,
                                               const std::string& note, TimeMs now,
                                               const std::vector<Event>& history) const;
    // The state a new submission starts in: the customer's first step done,
    // the second current, with its due time.
    [[nodiscard]] Transition start(TimeMs now) const;

    [[nodiscard]] TimeMs due(const std::string& step_id, TimeMs started) const;

    // The SOP's target for the customer to have the answer (printed on the
    // Tanda Terima): the standard times of the steps after the submission,
    // chained on the working calendar from `submitted` along `next`, up to
    // and including the step where the customer receives the answer (form
    // Receipt), or to the profile's end when no step has that form.
    [[nodiscard]] TimeMs answer_due(TimeMs submitted) const;

    [[nodiscard]] const SopProfile& profile() const { return profile_; }
    [[nodiscard]] const WorkingCalendar& calendar() const { return calendar_; }

  private:
    const SopProfile& profile_;
    const WorkingCalendar& calendar_;
    EngineOptions opt_;
};

// Maximum length of a note on a step, in characters.
inline constexpr std::size_t kMaxNoteChars = 20000;

} // namespace keluhan
