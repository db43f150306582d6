#include "views.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace keluhan::kiosk {

void draw_welcome(View& v) {
    auto& ui = v.ui;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::GetContentRegionAvail().y;
    // Portrait screens have room: the choices sit in the middle of it.
    const bool survey = v.flow.questionnaire() != nullptr;
    const float tile_h = std::clamp(h * (survey ? 0.17f : 0.2f), ui.m.px(230), ui.m.px(400));
    ImGui::Dummy(ImVec2(0, std::max(ui.m.px(24), h * 0.06f)));
    ui::paragraph(ui, v.t("kiosk.welcome.title"), ui.fonts.title);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    ui::paragraph(ui, v.t("kiosk.welcome.lead", {{"office", v.office.config.office.name}}),
                  ui.fonts.body, ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, std::max(ui.m.px(40), h * 0.06f)));
    if (ui::tile(ui, v.t("kiosk.welcome.submit"), v.t("kiosk.welcome.submit_hint"),
                 ImVec2(w, tile_h)))
        v.flow.start_complaint();
    ImGui::Dummy(ImVec2(0, ui.m.px(32)));
    if (ui::tile(ui, v.t("kiosk.welcome.status"), v.t("kiosk.welcome.status_hint"),
                 ImVec2(w, tile_h)))
        v.flow.start_status();
    // The satisfaction survey: anyone may answer, with or without a complaint.
    if (survey) {
        ImGui::Dummy(ImVec2(0, ui.m.px(32)));
        if (ui::tile(ui, v.t("kiosk.welcome.survey"), v.t("kiosk.welcome.survey_hint"),
                     ImVec2(w, tile_h * 0.8f)))
            v.flow.start_survey();
    }
    // The fine print at the bottom.
    const float foot = ui.fonts.small->FontSize * 4.5f;
    if (ImGui::GetCursorPosY() + foot < h)
        ImGui::SetCursorPosY(h - foot);
    else
        ImGui::Dummy(ImVec2(0, ui.m.px(32)));
    ui::paragraph(ui, v.t("kiosk.welcome.sop", {{"sop", v.office.profile.number}}), ui.fonts.small,
                  ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, ui.m.px(4)));
    ui::paragraph(ui, v.t("kiosk.welcome.help"), ui.fonts.small, ui::color::kMuted);
}

void draw_channel(View& v) {
    auto& ui = v.ui;
    const float w = ImGui::GetContentRegionAvail().x;
    screen_title(v, v.t("kiosk.channel.title"), v.t("kiosk.channel.lead"));
    notice_banner(v);
    const bool written = v.flow.form().channel == Channel::Tertulis;
    if (ui::tile(ui, v.t("kiosk.channel.written"), v.t("kiosk.channel.written_hint"),
                 ImVec2(w, ui.m.px(260)), false))
        v.flow.choose_channel(Channel::Tertulis);
    ImGui::Dummy(ImVec2(0, ui.m.px(24)));
    const std::string spoken_hint =
        v.flow.mic_available()
            ? v.t("kiosk.channel.spoken_hint", {{"m", std::to_string(v.rec.max_seconds / 60)}})
            : v.t("kiosk.channel.no_mic");
    if (ui::tile(ui, v.t("kiosk.channel.spoken"), spoken_hint, ImVec2(w, ui.m.px(260)), false))
        v.flow.choose_channel(Channel::Lisan);
    (void)written;
}

} // namespace keluhan::kiosk
