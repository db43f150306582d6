// The form screens: identity, service, the written complaint, the spoken
// complaint, the privacy notice and the review.
#include "views.hpp"

#include "keluhan/domain/text.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace keluhan::kiosk {

void draw_identity(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.identity.title"), v.t("kiosk.identity.lead"));
    notice_banner(v);
    const bool anon = v.flow.form().anonymous;
    if (ui::check(ui, v.t("kiosk.identity.anonymous"), anon)) v.flow.set_anonymous(!anon);
    ImGui::Dummy(ImVec2(0, ui.m.px(12)));
    if (anon) {
        ui::banner(ui, v.t("kiosk.identity.anonymous_note"), ui::color::kText, ui::color::kNotice);
        return;
    }
    flow_field(v, Field::Name, "field.name", true);
    flow_field(v, Field::Organization, "field.organization", false);
    flow_field(v, Field::Phone, "field.phone", false, 0, "kiosk.identity.phone_hint");
    flow_field(v, Field::Email, "field.email", false, 0, "kiosk.identity.email_hint");
    ui::paragraph(ui, v.t("kiosk.identity.contact_note"), ui.fonts.small, ui::color::kMuted);
}

void draw_service(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.service.title"));
    notice_banner(v);
    const auto& services = v.office.config.services;
    const float gap = ui.m.gap();
    const float w = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const bool on = v.flow.form().service == services[i];
        const std::string label =
            v.tr.has("service." + services[i]) ? v.t("service." + services[i]) : services[i];
        if (i % 2) ImGui::SameLine(0, gap);
        if (ui::button(ui, label, ImVec2(w, ui.m.px(110)),
                       on ? ui::Look::Primary : ui::Look::Secondary))
            v.flow.choose_service(services[i]);
    }
    if (const Error* e = v.flow.field_error("service"))
        ui::paragraph(ui, v.tr.message(*e), ui.fonts.bold, ui::color::kError);
    ImGui::Dummy(ImVec2(0, ui.m.px(24)));
    flow_field(v, Field::Reference, "kiosk.service.reference", false, 0,
               "kiosk.service.reference_hint");
}

void draw_complaint(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.complaint.title"));
    notice_banner(v);
    flow_field(v, Field::Description, "field.description", true, ui.m.px(380),
               "kiosk.complaint.description_hint");
    flow_field(v, Field::Expectation, "field.expectation", false, ui.m.px(200),
               "kiosk.complaint.expectation_hint");
}

void draw_record(View& v) {
    auto& ui = v.ui;
    const auto& rec = v.rec;
    screen_title(v, v.t("kiosk.record.title"), v.t("kiosk.record.lead"));
    notice_banner(v);
    const float w = ImGui::GetContentRegionAvail().x;
    const bool have = v.flow.form().recording_seconds > 0;
    // Status and the level meter.
    std::string status;
    if (rec.recording)
        status = v.t("kiosk.record.recording",
                     {{"t", clock_text(rec.seconds)}, {"max", clock_text(rec.max_seconds)}});
    else if (rec.playing)
        status = v.t("kiosk.record.playing");
    else if (have)
        status = v.t("kiosk.record.have", {{"t", clock_text(v.flow.form().recording_seconds)}});
    else
        status = v.t("kiosk.record.ready");
    ui::paragraph(ui, status, ui.fonts.heading,
                  rec.recording ? ui::color::kError : ui::color::kText);
    ImGui::Dummy(ImVec2(0, ui.m.px(12)));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bar_h = ui.m.px(48);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + bar_h), ui::color::kSecondary, ui.m.px(10));
    if (rec.recording) {
        dl->AddRectFilled(p, ImVec2(p.x + w * std::clamp(rec.level, 0.02f, 1.0f), p.y + bar_h),
                          rec.level > 0.9f ? ui::color::kError : ui::color::kSuccess, ui.m.px(10));
        // How much of the allowed time is used.
        const float used = static_cast<float>(rec.seconds / std::max(1, rec.max_seconds));
        dl->AddRectFilled(ImVec2(p.x, p.y + bar_h + ui.m.px(8)),
                          ImVec2(p.x + w * used, p.y + bar_h + ui.m.px(16)), ui::color::kPrimary);
    }
    ImGui::Dummy(ImVec2(w, bar_h + ui.m.px(40)));
    if (rec.recording) {
        if (ui::button(ui, v.t("kiosk.record.stop"), ImVec2(w, ui.m.px(130)), ui::Look::Danger))
            v.want.record_stop = true;
    } else if (rec.playing) {
        if (ui::button(ui, v.t("kiosk.record.stop_play"), ImVec2(w, ui.m.px(130)),
                       ui::Look::Secondary))
            v.want.play_stop = true;
    } else if (have) {
        const float half = (w - ui.m.gap()) * 0.5f;
        if (ui::button(ui, v.t("kiosk.record.play"), ImVec2(half, ui.m.px(130)),
                       ui::Look::Secondary))
            v.want.play = true;
        ImGui::SameLine(0, ui.m.gap());
        if (ui::button(ui, v.t("kiosk.record.again"), ImVec2(half, ui.m.px(130)), ui::Look::Quiet))
            v.want.record_start = true;
    } else {
        if (ui::button(ui, v.t("kiosk.record.start"), ImVec2(w, ui.m.px(130))))
            v.want.record_start = true;
    }
    ImGui::Dummy(ImVec2(0, ui.m.px(24)));
    ui::paragraph(ui, v.t("kiosk.record.tips"), ui.fonts.body, ui::color::kMuted);
}

void draw_privacy(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.privacy.title"));
    notice_banner(v);
    ui::paragraph(ui, v.t("kiosk.privacy.body", {{"office", v.office.config.office.short_name}}),
                  ui.fonts.body);
    ImGui::Dummy(ImVec2(0, ui.m.px(24)));
    if (ui::check(ui, v.t("kiosk.privacy.agree"), v.flow.form().consent))
        v.flow.set_consent(!v.flow.form().consent);
    if (const Error* e = v.flow.field_error("consent"))
        ui::paragraph(ui, v.tr.message(*e), ui.fonts.bold, ui::color::kError);
}

void draw_review(View& v) {
    auto& ui = v.ui;
    const auto& f = v.flow.form();
    screen_title(v, v.t("kiosk.review.title"), v.t("kiosk.review.lead"));
    notice_banner(v);
    const float label_w = ui.m.px(300);
    auto row = [&](const std::string& label, const std::string& value) {
        ui::text(ui, label, ui.fonts.bold, ui::color::kMuted);
        ImGui::SameLine(label_w);
        ui::paragraph(ui, value.empty() ? "-" : value, ui.fonts.body);
        ImGui::Dummy(ImVec2(0, ui.m.px(4)));
    };
    row(v.t("label.channel"), v.t("channel." + std::string(to_string(f.channel))));
    if (f.anonymous)
        row(v.t("label.name"), v.t("label.anonymous"));
    else {
        row(v.t("label.name"), f.name);
        row(v.t("label.organization"), f.organization);
        row(v.t("label.phone"), f.phone);
        row(v.t("label.email"), f.email);
    }
    row(v.t("label.service"),
        v.tr.has("service." + f.service) ? v.t("service." + f.service) : f.service);
    row(v.t("label.reference"), f.reference);
    if (f.channel == Channel::Lisan)
        row(v.t("label.description"),
            v.t("kiosk.review.recording", {{"t", clock_text(f.recording_seconds)}}));
    else {
        // A very long complaint is shown in part; all of it is sent.
        const auto n = text::length(f.description);
        row(v.t("label.description"), n > 400
                                          ? text::truncate(f.description, 400) + " ... " +
                                                v.t("kiosk.review.more", {{"n", std::to_string(n)}})
                                          : f.description);
        row(v.t("label.expectation"), text::truncate(f.expectation, 300));
    }
}

void draw_sending(View& v) {
    ImGui::Dummy(ImVec2(0, v.ui.m.px(200)));
    ui::centered(v.ui, v.t("kiosk.sending"), v.ui.fonts.heading);
}

} // namespace keluhan::kiosk
