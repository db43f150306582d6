// Data pribadi, a panel inside Detail: export everything held about the
// complainant (JSON file under <data_dir>/data-pribadi/), and anonymise a
// closed complaint on the customer's request. Both run through the core on
// the app's worker (want.export_personal, want.anonymise) and are written to
// the audit trail there. Its state is s.personal (flow/pages.hpp).
#include "views.hpp"

#include "keluhan/ops/personal.hpp"

#include <imgui.h>

namespace keluhan::panel {

void draw_personal(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    if (!d.complaint || !v.can(Permission::ViewPersonalData)) return;
    auto& st = v.s.personal;
    st.follow(d.code);
    if (st.refresh) {
        st.refresh = false;
        v.want.refresh_detail = true;
    }
    const Complaint& c = *d.complaint;
    const bool anonymised = c.description == kAnonymisedMarker;

    ImGui::Dummy(ImVec2(0, 8));
    ui::desktop::text(ui, v.t("admin.personal.title"), ui::color::kText, ui.fonts.heading);
    ui::desktop::text(ui, v.t("admin.personal.lead"), ui::color::kMuted, nullptr, true);
    if (st.error) error_banner(v, *st.error);
    if (!st.done.empty())
        ui::desktop::banner(ui, st.done, ui::color::kSuccess, ui::color::kSuccessBack);
    if (ui::desktop::button(ui, v.t("admin.personal.export"), ui::Look::Secondary, !st.busy))
        v.want.export_personal = true;
    if (!v.can(Permission::Anonymise)) return;
    ImGui::Dummy(ImVec2(0, 6));
    if (anonymised) {
        ui::desktop::text(ui, v.t("admin.personal.already"), ui::color::kMuted, nullptr, true);
        return;
    }
    if (c.status != ComplaintStatus::Closed) {
        ui::desktop::text(ui, v.t("admin.personal.open_first"), ui::color::kMuted, nullptr, true);
        return;
    }
    ui::desktop::text(ui, v.t("admin.personal.anonymise_lead"), ui::color::kText, nullptr, true);
    ui::desktop::input(
        ui, v.t("field.anonymise_reason"), st.reason,
        ui::desktop::InputOptions().hinted(v.t("admin.personal.reason_hint")).wide(-1));
    ui::desktop::checkbox(ui, v.t("admin.personal.confirm"), st.confirm);
    if (ui::desktop::button(ui, v.t("admin.personal.anonymise"), ui::Look::Danger,
                            !st.busy && st.confirm && !st.reason.empty()))
        v.want.anonymise = true;
}

} // namespace keluhan::panel
