// The satisfaction survey (SKM) at the kiosk: one question per screen with
// its four answers as large buttons, the optional profile, a suggestion,
// and the thanks. Nothing here asks for a name or a contact.
#include "views.hpp"

#include <imgui.h>

#include <algorithm>

namespace keluhan::kiosk {
namespace {

// Option buttons that wrap to the next line when the row is full.
template <class Label, class Tapped>
void option_row(View& v, std::size_t n, Label label, Tapped tapped, const std::string& chosen) {
    auto& ui = v.ui;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ui.m.px(12);
    const float pad = ui.m.px(36);
    const float h = ui.m.px(96);
    float x = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string text = label(i);
        const float w = std::min(
            avail,
            ui.fonts.body->CalcTextSizeA(ui.fonts.body->FontSize, FLT_MAX, 0, text.c_str()).x +
                2 * pad);
        if (i > 0 && x + gap + w <= avail)
            ImGui::SameLine(0, gap);
        else if (i > 0)
            x = 0;
        if (x > 0) x += gap;
        x += w;
        ImGui::PushID(static_cast<int>(i));
        if (ui::button(ui, text, ImVec2(w, h),
                       chosen == text ? ui::Look::Primary : ui::Look::Secondary))
            tapped(i);
        ImGui::PopID();
    }
}

} // namespace

void draw_survey_service(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.survey.title"), v.t("kiosk.survey.lead"));
    notice_banner(v);
    ui::paragraph(ui, v.t("kiosk.survey.service"), ui.fonts.bold);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    const auto& services = v.office.config.services;
    const float gap = ui.m.gap();
    const float w = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const bool on = v.flow.survey().service == services[i];
        const std::string label =
            v.tr.has("service." + services[i]) ? v.t("service." + services[i]) : services[i];
        if (i % 2) ImGui::SameLine(0, gap);
        if (ui::button(ui, label, ImVec2(w, ui.m.px(110)),
                       on ? ui::Look::Primary : ui::Look::Secondary))
            v.flow.choose_survey_service(services[i]);
    }
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    ui::paragraph(ui, v.t("kiosk.survey.service_hint"), ui.fonts.small, ui::color::kMuted);
}

void draw_survey_question(View& v) {
    auto& ui = v.ui;
    const SkmQuestionnaire* q = v.flow.questionnaire();
    const int i = v.flow.survey_question();
    if (!q || i < 0 || i >= static_cast<int>(q->elements.size())) return;
    const SkmElement& e = q->elements[static_cast<std::size_t>(i)];
    const std::string& lang = v.flow.language();
    ui::text(ui,
             v.t("kiosk.survey.progress",
                 {{"n", std::to_string(i + 1)}, {"of", std::to_string(q->elements.size())}}),
             ui.fonts.bold, ui::color::kPrimary);
    ImGui::Dummy(ImVec2(0, ui.m.px(4)));
    ui::paragraph(ui, e.name.in(lang), ui.fonts.body, ui::color::kMuted);
    ui::paragraph(ui, e.question.in(lang), ui.fonts.heading);
    ImGui::Dummy(ImVec2(0, ui.m.px(20)));
    notice_banner(v);
    const float w = ImGui::GetContentRegionAvail().x;
    const auto& scores = v.flow.survey().scores;
    const auto given = scores.find(e.id);
    const int chosen = given == scores.end() ? 0 : given->second;
    for (int score = 1; score <= 4; ++score) {
        ImGui::PushID(score);
        if (ui::button(ui, e.answers[static_cast<std::size_t>(score - 1)].in(lang),
                       ImVec2(w, ui.m.px(120)),
                       chosen == score ? ui::Look::Primary : ui::Look::Secondary))
            v.flow.answer(score);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    }
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    ui::paragraph(ui, v.t("kiosk.survey.skip_hint"), ui.fonts.small, ui::color::kMuted);
}

void draw_survey_profile(View& v) {
    auto& ui = v.ui;
    const SkmQuestionnaire* q = v.flow.questionnaire();
    if (!q) return;
    const std::string& lang = v.flow.language();
    screen_title(v, v.t("kiosk.survey.profile_title"), v.t("kiosk.survey.profile_lead"));
    for (const auto& f : q->profile) {
        ui::paragraph(ui, f.name.in(lang), ui.fonts.bold);
        ImGui::PushID(f.id.c_str());
        const auto it = v.flow.survey().profile.find(f.id);
        // The chosen option, in the language shown (kept in Indonesian).
        std::string chosen;
        if (it != v.flow.survey().profile.end())
            for (const auto& o : f.options)
                if (o.id == it->second) chosen = o.in(lang);
        option_row(
            v, f.options.size(), [&](std::size_t k) { return f.options[k].in(lang); },
            [&](std::size_t k) { v.flow.set_profile(f.id, f.options[k].id); }, chosen);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, ui.m.px(20)));
    }
}

void draw_survey_suggestion(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.survey.suggestion_title"), v.t("kiosk.survey.suggestion_lead"));
    notice_banner(v);
    flow_field(v, Field::Suggestion, "kiosk.survey.suggestion_label", false, ui.m.px(300),
               "kiosk.survey.suggestion_hint");
    ui::paragraph(
        ui,
        v.t("kiosk.survey.answered",
            {{"n", std::to_string(v.flow.survey().scores.size())},
             {"of", std::to_string(v.flow.questionnaire() ? v.flow.questionnaire()->elements.size()
                                                          : 0)}}),
        ui.fonts.body, ui::color::kMuted);
}

void draw_survey_sending(View& v) {
    ImGui::Dummy(ImVec2(0, v.ui.m.px(120)));
    ui::centered(v.ui, v.t("kiosk.survey.sending"), v.ui.fonts.heading);
}

void draw_survey_done(View& v) {
    auto& ui = v.ui;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::Dummy(ImVec2(0, ui.m.px(40)));
    ui::banner(ui, v.t("kiosk.survey.thanks"), ui::color::kSuccess, ui::color::kSuccessBack);
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    ui::paragraph(ui, v.t("kiosk.survey.thanks_lead"), ui.fonts.body, ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, ui.m.px(32)));
    if (ui::button(ui, v.t("kiosk.done.finish"), ImVec2(w, 0))) v.flow.cancel();
    ui::centered(
        ui, v.t("kiosk.done.countdown", {{"s", std::to_string(v.flow.done_seconds_left(v.now))}}),
        ui.fonts.small, ui::color::kMuted);
}

} // namespace keluhan::kiosk
