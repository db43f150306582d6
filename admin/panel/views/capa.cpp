// Tindakan koreksi dan pencegahan, a panel inside Detail: where the current
// SOP step asks for corrective and preventive action (profile `capa = [...]`)
// the one who acts on it fills in its fields and saves them (work in
// progress is kept); the core refuses completing the step until they are
// there. What was recorded at earlier steps is shown read-only. The record
// is read and saved on the app's worker (want.load_capa, want.save_capa);
// its state is s.capa (flow/pages.hpp).
#include "views.hpp"

#include "keluhan/ops/capa.hpp"

#include <imgui.h>

#include <algorithm>

namespace keluhan::panel {

namespace {

bool long_text(CapaField f) {
    return f == CapaField::RootCause || f == CapaField::Correction ||
           f == CapaField::CorrectiveAction || f == CapaField::PreventiveAction ||
           f == CapaField::Effectiveness || f == CapaField::Notulen;
}

} // namespace

void draw_capa(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    if (!d.complaint || d.complaint->sop != v.office.profile.name) return;
    const SopStep* step = d.current(v.office.profile);
    const bool asks = step && !step->capa.empty();
    bool profile_has_capa = false;
    for (const auto& s : v.office.profile.steps)
        profile_has_capa |= !s.capa.empty();
    if (!profile_has_capa) return;
    auto& st = v.s.capa;
    st.follow(d.code);
    if (st.refresh) {
        st.refresh = false;
        v.want.refresh_detail = true;
    }
    if (!st.loading && (st.loaded_for != d.complaint->updated_at || st.events != d.events.size())) {
        st.loaded_for = d.complaint->updated_at;
        st.events = d.events.size();
        v.want.load_capa = true;
    }
    if (!asks && !st.stored) return; // nothing asked, nothing recorded

    ImGui::Dummy(ImVec2(0, 8));
    ui::desktop::text(ui, v.t("label.capa.title"), ui::color::kText, ui.fonts.heading);
    if (st.error) error_banner(v, *st.error);
    if (!st.done.empty())
        ui::desktop::banner(ui, st.done, ui::color::kSuccess, ui::color::kSuccessBack);
    // The record on paper, with the minutes, for the Kepala Balai's file.
    if (st.stored) {
        if (ui::desktop::button(
                ui, st.exporting ? v.t("admin.capa.exporting") : v.t("admin.capa.export"),
                ui::Look::Secondary, !st.exporting))
            v.want.export_capa = true;
        if (!st.written.empty())
            ui::desktop::text(ui, st.written, ui::color::kSuccess, nullptr, true);
    }

    const User* me = v.user();
    // Another function's coordinator reads the record, as the core would
    // refuse their saving it.
    const bool elsewhere = me && me->role == Role::KoordinatorTerkait &&
                           other_function(me->function, d.complaint->function);
    const MayAct who = asks && me && !elsewhere
                           ? may_act(*step, *me, v.office.config.allow_on_behalf)
                           : MayAct::No;
    auto editable = [&](CapaField f) {
        return who != MayAct::No &&
               std::find(step->capa.begin(), step->capa.end(), f) != step->capa.end();
    };
    // What earlier steps recorded, read-only.
    if (st.stored) {
        for (const auto f : kAllCapaFields) {
            const std::string& value = st.stored->get(f);
            if (value.empty() || editable(f)) continue;
            ui::desktop::field_line(ui, v.t(capa_field_key(f)), value, 260);
        }
    }
    if (!asks) return;
    if (who == MayAct::No) {
        ui::desktop::text(ui,
                          v.t("admin.capa.not_yours",
                              {{"role", std::string(role_title(SopEngine::acting_role(*step)))}}),
                          ui::color::kMuted, nullptr, true);
        return;
    }
    ui::desktop::text(ui, v.t("admin.capa.lead"), ui::color::kMuted, nullptr, true);
    const auto missing = missing_capa(*step, st.stored);
    for (const auto f : step->capa) {
        ImGui::PushID(static_cast<int>(f));
        const std::string label = v.t(capa_field_key(f)) + " *";
        if (f == CapaField::Effective) {
            const std::vector<std::string> items{v.t("admin.capa.not_yet"), v.t("admin.capa.yes"),
                                                 v.t("admin.capa.no")};
            ui::desktop::combo(ui, label, st.effective, items, 260);
        } else if (f == CapaField::DueDate || f == CapaField::CheckedOn) {
            ui::desktop::input(ui, label, st.edit.get(f),
                               ui::desktop::InputOptions().wide(200).hinted("2026-12-31"));
        } else {
            ui::desktop::InputOptions o;
            o.width = -1;
            if (long_text(f)) {
                o.height = f == CapaField::Notulen ? 110 : 64;
                o.max_chars = capa_field_max(f);
            }
            ui::desktop::input(ui, label, st.edit.get(f), o);
        }
        ImGui::PopID();
    }
    if (!missing.empty())
        ui::desktop::text(ui, v.t("admin.capa.missing", {{"n", std::to_string(missing.size())}}),
                          ui::color::kError, nullptr, true);
    const std::optional<Role> behalf = who == MayAct::OnBehalfOnly
                                           ? std::optional<Role>(SopEngine::acting_role(*step))
                                           : std::nullopt;
    if (ui::desktop::button(ui, v.t("admin.capa.save"), ui::Look::Primary, !st.busy && !st.loading))
        v.want.save_capa = CapaSave{behalf};
}

} // namespace keluhan::panel
