// The current step's action, as the SOP names it: the step's own words, who
// acts, the standard time and the due time; the form the step asks for (a
// disposition, a response, the letter editor, the check with "return for
// revision", signing, sending, the customer's receipt); recording on behalf
// of an official where the office works on paper. What the user's role may
// not do is not offered; what the core refuses anyway is said plainly.
#include "views.hpp"

#include "keluhan/domain/text.hpp"

#include <imgui.h>

namespace keluhan::panel {
namespace {

// Where the office numbers its letters by hand from the agenda surat keluar
// (no office.letter_pattern), the number is typed before the letter is
// printed; it is then printed on the letter and kept in the history.
void letter_number(View& v) {
    auto& ui = v.ui;
    auto& st = v.s.letter_number;
    const auto& d = v.s.detail;
    st.follow(d.code);
    if (st.refresh) {
        st.refresh = false;
        v.want.refresh_detail = true;
    }
    std::string current;
    for (const auto& e : d.events)
        if (e.kind == "letter_number") current = e.note;
    if (!st.filled) {
        st.text = current;
        st.filled = true;
    }
    ui::desktop::text(ui, v.t("admin.letter_number.title"), ui::color::kText, ui.fonts.bold);
    ui::desktop::text(ui, v.t("admin.letter_number.lead"), ui::color::kMuted, nullptr, true);
    ui::desktop::text(ui,
                      current.empty() ? v.t("admin.letter_number.none")
                                      : v.t("admin.letter_number.current", {{"number", current}}),
                      current.empty() ? ui::color::kMuted : ui::color::kSuccess, nullptr, true);
    bool entered = false;
    ui::desktop::input(ui, v.t("field.letter_number"), st.text,
                       ui::desktop::InputOptions()
                           .wide(340)
                           .hinted("B/123/BSPJI/PJI/XII/2026")
                           .on_enter(&entered));
    const bool changed = !text::trim(st.text).empty() && text::trim(st.text) != current;
    ImGui::SameLine();
    if ((ui::desktop::button(ui,
                             st.busy ? v.t("admin.act.saving") : v.t("admin.letter_number.save"),
                             ui::Look::Secondary, !st.busy && changed) ||
         (entered && changed && !st.busy)))
        v.want.save_letter_number = true;
    if (st.error) error_banner(v, *st.error);
    if (!st.done.empty())
        ui::desktop::banner(ui, st.done, ui::color::kSuccess, ui::color::kSuccessBack);
}

} // namespace

void draw_actions(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    auto& f = v.s.action;
    if (!d.complaint) return;
    const Complaint& c = *d.complaint;
    ui::desktop::begin_card("##action");
    const SopStep* step = d.current(v.office.profile);
    if (c.status == ComplaintStatus::Closed || !step) {
        ui::desktop::text(ui, v.t("admin.act.closed_title"), ui::color::kSuccess, ui.fonts.bold);
        ui::desktop::text(ui, v.t("admin.act.closed_lead"), ui::color::kMuted, nullptr, true);
        if (!f.done.empty()) ui::desktop::text(ui, f.done, ui::color::kSuccess, nullptr, true);
        draw_capa(v); // what was recorded, read-only
        ui::desktop::end_card();
        return;
    }
    const int total = static_cast<int>(v.office.profile.steps.size());
    ui::desktop::text(ui,
                      v.t("admin.act.step_of",
                          {{"n", std::to_string(step->number)}, {"total", std::to_string(total)}}),
                      ui::color::kMuted, ui.fonts.small);
    ui::desktop::text(ui, step->action, ui::color::kText, ui.fonts.bold, true);
    const Role who = SopEngine::acting_role(*step);
    std::string meta = v.t("admin.act.meta", {{"role", std::string(role_title(step->actor))},
                                              {"standard", step->standard_time.to_string()},
                                              {"due", when(v, c.due_at)}});
    ui::desktop::text(ui, meta, ui::color::kMuted, nullptr, true);
    const bool late = c.due_at < v.now;
    ui::desktop::text(ui, time_left(v, c.due_at), late ? ui::color::kError : ui::color::kSuccess,
                      ui.fonts.bold);
    if (!step->kelengkapan.empty())
        ui::desktop::text(ui, v.t("admin.act.inputs", {{"inputs", step->kelengkapan}}),
                          ui::color::kMuted, ui.fonts.small, true);
    if (const Event* back = standing_return(d.events)) {
        const SopStep* from = v.office.profile.step(back->step_id);
        const auto role = role_from_string(back->actor_role);
        const std::string by = d.display_name(back->actor) +
                               (role ? " (" + std::string(role_title(*role)) + ")" : std::string());
        notice_banner(v, v.t("admin.act.returned",
                             {{"step", from ? std::to_string(from->number) : back->step_id},
                              {"who", by},
                              {"time", when(v, back->at)},
                              {"reason", back->note.empty() ? "-" : back->note}}));
    }
    ImGui::Separator();
    // Corrective and preventive action, where the step
    // asks for it: filled in and saved before the step is completed below.
    draw_capa(v);

    const User& u = v.s.session.user();
    const MayAct may = may_act(*step, u, v.office.config.allow_on_behalf);
    // Routed to another related function than the one this coordinator leads.
    if (who == Role::KoordinatorTerkait && u.role == who &&
        other_function(u.function, c.function)) {
        notice_banner(
            v, v.t("admin.act.other_function", {{"function", c.function}, {"mine", u.function}}));
        ui::desktop::end_card();
        return;
    }
    if (may == MayAct::No || !v.can(Permission::AdvanceSteps)) {
        notice_banner(v, v.t("admin.act.not_yours", {{"role", std::string(role_title(who))}}));
        ui::desktop::end_card();
        return;
    }
    if (step->actor == Role::Pelanggan && step->recorded_by)
        ui::desktop::text(ui, v.t("admin.act.for_customer"), ui::color::kMuted, nullptr, true);
    if (may == MayAct::OnBehalfOnly) {
        notice_banner(v, v.t("admin.act.on_behalf_lead", {{"role", std::string(role_title(who))}}));
        ui::desktop::checkbox(
            ui, v.t("admin.act.on_behalf", {{"role", std::string(role_title(who))}}), f.on_behalf);
    }

    // The step's own form. Where the SOP has no step of its own for sending
    // the letter (the CAPA SOP), it goes out at the customer's receipt.
    bool has_send = false;
    for (const auto& s : v.office.profile.steps)
        has_send |= s.form == StepForm::Send;
    bool changed_letter = false;
    if (drafts_letter(step->form)) {
        // The CAPA SOP drafts the customer's letter at its corrective-action
        // step: said plainly, so no internal note goes out as the letter.
        if (step->form == StepForm::Capa)
            notice_banner(v, v.t("admin.letter.capa_lead"));
        else
            ui::desktop::text(ui, v.t("admin.letter.editor_lead"), ui::color::kMuted, nullptr,
                              true);
        changed_letter = ui::desktop::input(
            ui, v.t(step->form == StepForm::Capa ? "field.letter_capa" : "field.letter") + " *",
            f.letter,
            ui::desktop::InputOptions().tall(230).counted(v.office.config.limits.letter_max));
    } else {
        // The disposition goes to one of the office's functions (when it has a list).
        if (step->form == StepForm::Disposition && !v.office.config.office.functions.empty()) {
            ui::desktop::text(ui, v.t("admin.act.function") + " *", ui::color::kText,
                              ui.fonts.bold);
            ui::desktop::text(ui, v.t("admin.act.function_lead"), ui::color::kMuted, nullptr, true);
            std::vector<std::string> items{v.t("admin.act.function_pick")};
            for (const auto& fn : v.office.config.office.functions)
                items.push_back(fn);
            int pick = f.function + 1;
            if (ui::desktop::combo(ui, v.t("admin.act.function"), pick, items, 320))
                f.function = pick - 1;
        }
        if (step->form == StepForm::Receive)
            ui::desktop::text(ui, v.t("admin.act.receive_lead"), ui::color::kMuted, nullptr, true);
        if (step->form == StepForm::Sign)
            ui::desktop::text(ui, v.t("admin.act.sign_lead"), ui::color::kMuted, nullptr, true);
        const bool sends_letter =
            step->form == StepForm::Send || (step->form == StepForm::Receipt && !has_send);
        if (sends_letter && v.office.config.office.letter_pattern.empty() &&
            v.can(Permission::NumberLetter)) {
            letter_number(v);
            ImGui::Separator();
        }
        if (step->form == StepForm::Send) {
            std::vector<std::string> methods{v.t("admin.send.printed"), v.t("admin.send.handed"),
                                             v.t("admin.send.post"), v.t("admin.send.email")};
            int m = static_cast<int>(f.send_method);
            ui::desktop::text(ui, v.t("admin.act.send_how"), ui::color::kText, ui.fonts.bold);
            if (ui::desktop::combo(ui, v.t("admin.act.send_how"), m, methods, 260))
                f.send_method = static_cast<SendMethod>(m);
            ImGui::SameLine();
        }
        if (sends_letter) {
            if (step->form == StepForm::Receipt)
                ui::desktop::text(ui, v.t("admin.act.receipt_print_lead"), ui::color::kMuted,
                                  nullptr, true);
            if (ui::desktop::button(ui, v.t("admin.act.print_letter"), ui::Look::Secondary,
                                    !f.busy))
                v.want.print_letter = true;
        }
        std::string label = v.t(note_field(step->form));
        if (step->note_required) label += " *";
        ui::desktop::input(ui, label, f.note,
                           ui::desktop::InputOptions().tall(step->note_required ? 110 : 70));
    }
    if (f.error) error_banner(v, *f.error);

    const std::string act = v.t(step_button_key(step->form));
    const bool can_go = !f.busy && (may == MayAct::Yes || f.on_behalf);
    if (ui::desktop::button(ui, f.busy ? v.t("admin.act.saving") : act, ui::Look::Primary,
                            can_go)) {
        f.send_back = false;
        v.want.advance = true;
    }
    if (!step->return_to.empty()) {
        const SopStep* back = v.office.profile.step(step->return_to);
        ImGui::SameLine();
        const std::string ret =
            v.t("admin.act.return", {{"n", back ? std::to_string(back->number) : step->return_to}});
        if (ui::desktop::button(ui, ret, ui::Look::Danger, can_go)) {
            f.send_back = true;
            v.want.advance = true;
        }
        if (step->form == StepForm::Check || step->form == StepForm::Sign)
            ui::desktop::text(ui, v.t("admin.act.return_lead"), ui::color::kMuted, ui.fonts.small,
                              true);
    }
    ui::desktop::end_card();
    if (changed_letter) v.want.letter_changed = true;
}

} // namespace keluhan::panel
