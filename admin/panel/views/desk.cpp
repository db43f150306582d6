// Keluhan baru (lisan di loket): staff type in a complaint a visitor tells
// them at the desk (channel lisan), then the Tanda Terima prints for the
// visitor. The same checks as the kiosk's, field by field; nothing is saved
// until every field is right, and the form keeps what was typed on failure.
#include "views.hpp"

#include <imgui.h>

namespace keluhan::panel {
namespace {

void field_error(View& v, std::string_view field) {
    if (const Error* e = v.s.desk.error_for(field))
        ui::desktop::text(v.ui, v.say(*e), ui::color::kError, nullptr, true);
}

void text_field(View& v, const char* label_key, std::string& value, std::string_view field,
                bool required, float height = 0, std::size_t max = 0) {
    std::string label = v.t(label_key);
    if (required) label += " *";
    auto o = ui::desktop::InputOptions().tall(height);
    if (max > 0) o.counted(max);
    ui::desktop::input(v.ui, label, value, o);
    field_error(v, field);
}

void saved(View& v) {
    auto& ui = v.ui;
    auto& f = v.s.desk;
    ui::desktop::begin_card("##desk-saved", 20);
    ui::desktop::text(ui, v.t("admin.desk.saved"), ui::color::kSuccess, ui.fonts.bold);
    ui::desktop::text(ui, v.t("admin.desk.code_lead"), ui::color::kMuted);
    ui::desktop::text(ui, *f.saved_code, ui::color::kText, ui.fonts.code);
    ImGui::Dummy(ImVec2(0, 4));
    if (f.printing) {
        ui::desktop::text(ui, v.t("admin.desk.printing"), ui::color::kMuted);
    } else if (f.print) {
        const auto& r = *f.print;
        if (r.ok())
            ui::desktop::text(ui, v.t("admin.desk.printed", {{"printer", r.printer}}),
                              ui::color::kSuccess, nullptr, true);
        else if (r.outcome == PrintState::Saved)
            notice_banner(v, v.t("admin.desk.saved_pdf", {{"file", r.saved.string()}}));
        else
            ui::desktop::banner(ui, v.t("admin.desk.print_failed", {{"reason", v.say(r.message)}}),
                                ui::color::kError, ui::color::kErrorBack);
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (ui::desktop::button(ui, v.t("admin.desk.reprint"), ui::Look::Secondary, !f.printing))
        v.want.desk_print = true;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.desk.open"))) {
        v.want.open = *f.saved_code;
        v.s.back = Page::Desk;
    }
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.desk.another"), ui::Look::Primary, !f.printing))
        v.want.desk_new = true;
    ui::desktop::end_card();
}

} // namespace

void draw_desk(View& v) {
    auto& ui = v.ui;
    auto& f = v.s.desk;
    page_title(v, v.t("admin.desk.title"), v.t("admin.desk.lead"));
    if (f.saved_code) {
        saved(v);
        return;
    }
    const auto& cfg = v.office.config;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::BeginChild("##desk-form", ImVec2(0, ImGui::GetContentRegionAvail().y - 48), false);
    ImGui::Columns(2, "##desk-cols", false);
    ImGui::SetColumnWidth(0, w * 0.42f);
    ui::desktop::text(ui, v.t("admin.desk.who"), ui::color::kText, ui.fonts.heading);
    ui::desktop::checkbox(ui, v.t("admin.desk.anonymous"), f.draft.anonymous);
    if (!f.draft.anonymous) {
        text_field(v, "field.name", f.draft.name, "name", false);
        text_field(v, "field.organization", f.draft.organization, "organization", false);
        text_field(v, "field.phone", f.draft.phone, "phone", false);
        text_field(v, "field.email", f.draft.email, "email", false);
        field_error(v, "contact");
        ui::desktop::text(ui, v.t("admin.desk.contact_hint"), ui::color::kMuted, ui.fonts.small,
                          true);
    }
    ImGui::Dummy(ImVec2(0, 6));
    std::vector<std::string> services;
    for (const auto& s : cfg.services)
        services.push_back(service_name(v, s));
    ui::desktop::text(ui, v.t("field.service") + " *", ui::color::kText, ui.fonts.bold);
    ui::desktop::combo(ui, v.t("field.service"), f.service, services,
                       ImGui::GetContentRegionAvail().x - 16);
    field_error(v, "service");
    text_field(v, "field.reference", f.draft.reference, "reference", false);
    ImGui::NextColumn();
    ui::desktop::text(ui, v.t("admin.desk.what"), ui::color::kText, ui.fonts.heading);
    text_field(v, "field.description", f.draft.description, "description", true, 170,
               cfg.limits.description_max);
    text_field(v, "field.expectation", f.draft.expectation, "expectation", false, 80,
               cfg.limits.expectation_max);
    ui::desktop::text(ui, v.t("admin.desk.privacy"), ui::color::kMuted, nullptr, true);
    ui::desktop::checkbox(ui, v.t("admin.desk.consent"), f.draft.consent);
    field_error(v, "consent");
    ImGui::Columns(1);
    ImGui::EndChild();
    if (f.error) error_banner(v, *f.error);
    if (!f.errors.empty())
        ui::desktop::text(ui, v.t("admin.desk.fix"), ui::color::kError, ui.fonts.bold);
    if (!f.errors.empty()) ImGui::SameLine();
    if (ui::desktop::button(ui, f.busy ? v.t("admin.act.saving") : v.t("admin.desk.submit"),
                            ui::Look::Primary, !f.busy))
        v.want.desk_submit = true;
}

} // namespace keluhan::panel
