// The frame around every screen: the header band (office name, language
// switch, the hidden staff corner), the navigation bar, the on-screen
// keyboard and the "Masih di sana?" overlay.
#include "views.hpp"

#include "keluhan/ui/fast_render.hpp"

#include "keluhan/domain/text.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace keluhan::kiosk {
namespace {

constexpr ImGuiWindowFlags kPlain = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

ui::KeyboardLayout layout_for(Keys k) {
    switch (k) {
    case Keys::Email:
        return ui::KeyboardLayout::Email;
    case Keys::Phone:
        return ui::KeyboardLayout::Phone;
    case Keys::Code:
        return ui::KeyboardLayout::Code;
    case Keys::Pin:
        return ui::KeyboardLayout::Pin;
    default:
        return ui::KeyboardLayout::Text;
    }
}

void header(View& v, float width) {
    auto& ui = v.ui;
    const float h = ui.m.px(170);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetWindowPos();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + h), ui::color::kBand);
    // The office's logo on a white disc (a plain ring when there is none).
    const ImVec2 c(o.x + ui.m.px(90), o.y + h * 0.5f);
    const float r = ui.m.px(60);
    dl->AddCircleFilled(c, r, IM_COL32(0xFF, 0xFF, 0xFF, 0xFF));
    if (v.logo) {
        const float s = r * 1.55f;
        dl->AddImage(v.logo, ImVec2(c.x - s * 0.5f, c.y - s * 0.5f),
                     ImVec2(c.x + s * 0.5f, c.y + s * 0.5f));
    } else {
        dl->AddCircle(c, r * 0.7f, ui::color::kBand, 0, ui.m.px(8));
    }
    // The hidden staff corner: five taps on the emblem.
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y));
    if (ImGui::InvisibleButton("##staff-corner", ImVec2(ui.m.px(180), h))) v.flow.secret_tap(v.now);
    ui::record_target(ui, "#staf", o, ImVec2(o.x + ui.m.px(180), o.y + h));

    const auto& office = v.office.config.office;
    const float x = o.x + ui.m.px(170);
    const float right = ui.m.px(300);
    const float wrap = width - (x - o.x) - right;
    dl->AddText(ui.fonts.small, ui.fonts.small->FontSize, ImVec2(x, o.y + ui.m.px(30)),
                IM_COL32(0xD6, 0xE4, 0xF5, 0xFF), office.parent.c_str(), nullptr, wrap);
    dl->AddText(ui.fonts.bold, ui.fonts.bold->FontSize, ImVec2(x, o.y + ui.m.px(74)),
                ui::color::kOnPrimary, office.short_name.c_str(), nullptr, wrap);
    ui.record.texts.push_back(office.short_name);

    // Language switch: two touch targets, the current one filled.
    const float bw = ui.m.px(120), bh = ui.m.px(96);
    float bx = o.x + width - ui.m.margin() * 0.5f - 2 * bw - ui.m.px(8);
    const float by = o.y + (h - bh) * 0.5f;
    for (const auto& [lang, label] : {std::pair{"id", "ID"}, {"en", "EN"}}) {
        const bool on = v.flow.language() == lang;
        ImGui::SetCursorScreenPos(ImVec2(bx, by));
        if (ImGui::InvisibleButton(label, ImVec2(bw, bh))) {
            v.flow.set_language(lang);
            ui.tapped = true;
        }
        ui::frame_rect(dl, ImVec2(bx, by), ImVec2(bx + bw, by + bh),
                       on ? ui::color::kOnPrimary : ui::color::kBand, ui::color::kOnPrimary,
                       ui.m.px(3), ui.m.px(12));
        const ImVec2 ts = ui.fonts.bold->CalcTextSizeA(ui.fonts.bold->FontSize, FLT_MAX, 0, label);
        dl->AddText(ui.fonts.bold, ui.fonts.bold->FontSize,
                    ImVec2(bx + (bw - ts.x) * 0.5f, by + (bh - ts.y) * 0.5f),
                    on ? ui::color::kBand : ui::color::kOnPrimary, label);
        ui::record_target(ui, label, ImVec2(bx, by), ImVec2(bx + bw, by + bh));
        bx += bw + ui.m.px(8);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h));
}

// The buttons at the bottom of a screen; returns the height used.
void nav_bar(View& v, float width) {
    auto& ui = v.ui;
    auto& f = v.flow;
    const Screen s = f.screen();
    const float gap = ui.m.gap();
    const float bw = (width - 2 * ui.m.margin() - gap) * 0.5f;
    ImGui::SetCursorPosX(ui.m.margin());
    auto back_button = [&](const char* key) {
        if (ui::button(ui, v.t(key), ImVec2(bw, 0), ui::Look::Secondary)) f.back();
    };
    auto same_line = [&] { ImGui::SameLine(0, gap); };
    switch (s) {
    case Screen::Channel:
        back_button("kiosk.nav.back");
        break;
    case Screen::Identity:
    case Screen::Service:
    case Screen::Complaint:
    case Screen::Privacy:
        back_button("kiosk.nav.back");
        same_line();
        if (ui::button(ui, v.t("kiosk.nav.next"), ImVec2(bw, 0))) f.next();
        break;
    case Screen::Record:
        back_button("kiosk.nav.back");
        same_line();
        if (ui::button(ui, v.t("kiosk.nav.next"), ImVec2(bw, 0), ui::Look::Primary,
                       !v.rec.recording))
            f.next();
        break;
    case Screen::Review:
        back_button("kiosk.nav.edit");
        same_line();
        if (ui::button(ui, v.t("kiosk.review.send"), ImVec2(bw, 0))) v.want.send = true;
        break;
    case Screen::StatusEntry:
        back_button("kiosk.nav.back");
        same_line();
        if (ui::button(ui, v.t("kiosk.status.check"), ImVec2(bw, 0), ui::Look::Primary,
                       !f.lookup_pending()))
            v.want.lookup = true;
        break;
    case Screen::StatusResult:
        if (ui::button(ui, v.t("kiosk.status.another"), ImVec2(bw, 0), ui::Look::Secondary))
            f.back();
        same_line();
        if (ui::button(ui, v.t("kiosk.nav.finish"), ImVec2(bw, 0))) f.cancel();
        break;
    case Screen::SurveyService:
    case Screen::SurveyProfile:
        back_button("kiosk.nav.back");
        same_line();
        if (ui::button(ui, v.t("kiosk.nav.next"), ImVec2(bw, 0))) f.next();
        break;
    case Screen::SurveyQuestion: {
        // Every question may be left out; one answered goes on by itself.
        back_button("kiosk.nav.back");
        same_line();
        const auto* q = f.questionnaire();
        const bool answered =
            q && f.survey_question() < static_cast<int>(q->elements.size()) &&
            f.survey().scores.count(q->elements[static_cast<std::size_t>(f.survey_question())].id);
        if (ui::button(ui, v.t(answered ? "kiosk.nav.next" : "kiosk.survey.skip"), ImVec2(bw, 0),
                       answered ? ui::Look::Primary : ui::Look::Secondary))
            f.next();
        break;
    }
    case Screen::SurveySuggestion:
        back_button("kiosk.nav.back");
        same_line();
        if (ui::button(ui, v.t("kiosk.survey.send"), ImVec2(bw, 0))) v.want.survey_send = true;
        break;
    case Screen::StaffPin:
        back_button("kiosk.nav.cancel");
        same_line();
        if (ui::button(ui, "OK", ImVec2(bw, 0))) f.submit_pin(v.now);
        break;
    default:
        break;
    }
    if (f.step_number() > 0) {
        // Centred under the buttons, not the window: in landscape the
        // keyboard stands to the right of them.
        const std::string step = v.t("kiosk.nav.step", {{"n", std::to_string(f.step_number())},
                                                        {"of", std::to_string(f.step_count())}});
        ImGui::PushFont(ui.fonts.small);
        const float tw = ImGui::CalcTextSize(step.c_str()).x;
        ImGui::SetCursorPosX(std::max(ui.m.margin(), (width - tw) * 0.5f));
        ui::text(ui, step, ui.fonts.small, ui::color::kMuted);
        ImGui::PopFont();
    }
}

bool has_nav(Screen s) {
    switch (s) {
    case Screen::Welcome:
    case Screen::Sending:
    case Screen::Done:
    case Screen::StaffMenu:
    case Screen::SurveySending:
    case Screen::SurveyDone:
        return false;
    default:
        return true;
    }
}

void idle_overlay(View& v, ImVec2 size) {
    auto& ui = v.ui;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::SetNextWindowFocus();
    ImGui::Begin("##idle", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), size, IM_COL32(0x0B, 0x12, 0x1C, 0xB0));
    const float cw = std::min(size.x - 2 * ui.m.margin(), ui.m.px(900));
    const float ch = ui.m.px(660);
    const ImVec2 cmin((size.x - cw) * 0.5f, (size.y - ch) * 0.42f);
    ui::fill_rect(dl, cmin, ImVec2(cmin.x + cw, cmin.y + ch), ui::color::kSurface,
                  ui.m.radius() * 1.5f);
    const float pad = ui.m.px(56);
    ImGui::SetCursorScreenPos(ImVec2(cmin.x + pad, cmin.y + pad));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(cmin.x + cw - pad);
    ui::text(ui, v.t("kiosk.idle.title"), ui.fonts.title);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    // Wrapped at the card's edge (ui::paragraph wraps at the window's).
    const std::string body =
        v.t("kiosk.idle.body", {{"s", std::to_string(v.flow.warning_seconds_left(v.now))}});
    ImGui::PushFont(ui.fonts.body);
    ImGui::TextUnformatted(body.c_str());
    ImGui::PopFont();
    ui.record.texts.emplace_back(body);
    ImGui::Dummy(ImVec2(0, ui.m.px(24)));
    ImGui::PopTextWrapPos();
    if (ui::button(ui, v.t("kiosk.idle.continue"), ImVec2(cw - 2 * pad, ui.m.px(120))))
        v.flow.keep_going(v.now);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    if (ui::button(ui, v.t("kiosk.idle.leave"), ImVec2(cw - 2 * pad, ui.m.px(100)),
                   ui::Look::Secondary))
        v.flow.cancel();
    ImGui::EndGroup();
    ImGui::End();
}

} // namespace

std::string clock_text(double seconds) {
    const int s = static_cast<int>(seconds);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
    return buf;
}

void screen_title(View& v, std::string_view title, std::string_view lead) {
    ui::paragraph(v.ui, title, v.ui.fonts.heading);
    if (!lead.empty()) ui::paragraph(v.ui, lead, v.ui.fonts.body, ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, v.ui.m.px(12)));
}

void notice_banner(View& v) {
    if (const auto& n = v.flow.notice()) {
        ui::banner(v.ui, v.tr.message(*n), ui::color::kError, ui::color::kErrorBack);
        ImGui::Dummy(ImVec2(0, v.ui.m.px(8)));
    }
}

void flow_field(View& v, Field f, std::string_view label_key, bool required, float height,
                std::string_view placeholder_key) {
    const Error* err = v.flow.field_error(f);
    const std::string label = v.t(label_key);
    const std::string error = err ? v.tr.message(*err) : std::string();
    const std::string placeholder = placeholder_key.empty() ? std::string() : v.t(placeholder_key);
    std::string counter;
    const auto max = v.flow.limit(f);
    const auto len = text::length(v.flow.value(f));
    // Long texts always show their count; short ones only near the limit.
    if (height > 0 || len * 10 >= max * 8)
        counter = std::to_string(len) + " / " + std::to_string(max);
    ui::FieldView view{label, required, v.flow.value(f), placeholder,    v.flow.focused() == f,
                       error, height,   counter,         f == Field::Pin};
    if (ui::field(v.ui, view)) v.flow.focus(f);
    ImGui::Dummy(ImVec2(0, v.ui.m.px(6)));
}

void draw_kiosk(View& v) {
    auto& ui = v.ui;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("##kiosk", nullptr, kPlain);
    header(v, size.x);

    const Screen s = v.flow.screen();
    const Keys keys = v.flow.keys_for(v.flow.focused());
    const bool keyboard = keys != Keys::None && s != Screen::Done && s != Screen::Sending &&
                          s != Screen::SurveySending && s != Screen::SurveyDone;
    // Portrait: the keyboard spans the bottom. Landscape: it stands beside
    // the form, which keeps the height it needs.
    const bool side = keyboard && size.x > size.y;
    const float top = ImGui::GetCursorPosY();
    const float kb_w = side ? size.x * 0.52f : size.x;
    const float kb_h = keyboard ? ui::keyboard_height(ui, layout_for(keys), kb_w) : 0.0f;
    const float left_w = side ? size.x - kb_w : size.x;
    const float nav_h =
        has_nav(s) ? ui.m.touch() + ui.m.gap() * 2 +
                         (v.flow.step_number() > 0 ? ui.fonts.small->FontSize + ui.m.px(16) : 0)
                   : 0.0f;
    const float bottom = side ? 0.0f : kb_h;
    const float content_h = size.y - top - bottom - nav_h;

    // Wide screens keep a readable column; the done screen, with the code
    // and its QR side by side, takes the width.
    const float column =
        std::min(left_w - 2 * ui.m.margin(), s == Screen::Done ? left_w : ui.m.px(1200));
    ImGui::SetCursorPos(ImVec2((left_w - column) * 0.5f, top + ui.m.margin() * 0.75f));
    ImGui::BeginChild("##content", ImVec2(column, content_h - ui.m.margin()), false,
                      ImGuiWindowFlags_NoSavedSettings);
    switch (s) {
    case Screen::Welcome:
        draw_welcome(v);
        break;
    case Screen::Channel:
        draw_channel(v);
        break;
    case Screen::Identity:
        draw_identity(v);
        break;
    case Screen::Service:
        draw_service(v);
        break;
    case Screen::Complaint:
        draw_complaint(v);
        break;
    case Screen::Record:
        draw_record(v);
        break;
    case Screen::Privacy:
        draw_privacy(v);
        break;
    case Screen::Review:
        draw_review(v);
        break;
    case Screen::Sending:
        draw_sending(v);
        break;
    case Screen::Done:
        draw_done(v);
        break;
    case Screen::StatusEntry:
        draw_status_entry(v);
        break;
    case Screen::StatusResult:
        draw_status_result(v);
        break;
    case Screen::StaffPin:
        draw_staff_pin(v);
        break;
    case Screen::StaffMenu:
        draw_staff_menu(v);
        break;
    case Screen::SurveyService:
        draw_survey_service(v);
        break;
    case Screen::SurveyQuestion:
        draw_survey_question(v);
        break;
    case Screen::SurveyProfile:
        draw_survey_profile(v);
        break;
    case Screen::SurveySuggestion:
        draw_survey_suggestion(v);
        break;
    case Screen::SurveySending:
        draw_survey_sending(v);
        break;
    case Screen::SurveyDone:
        draw_survey_done(v);
        break;
    }
    // Touch: dragging the content scrolls it.
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(0, ui.m.px(24)))
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    ImGui::EndChild();

    if (has_nav(s)) {
        ImGui::SetCursorPos(ImVec2(0, size.y - bottom - nav_h + ui.m.gap()));
        nav_bar(v, left_w);
    }
    if (keyboard) {
        ImGui::SetCursorPos(ImVec2(side ? left_w : 0.0f, size.y - kb_h));
        ui::KeyboardLabels labels{v.t("kiosk.key.space"),
                                  v.t("kiosk.key.backspace"),
                                  keys == Keys::Code ? v.t("kiosk.status.check")
                                                     : v.t("kiosk.key.enter"),
                                  v.t("kiosk.key.shift"),
                                  "?123",
                                  "abc"};
        if (auto press = ui::keyboard(ui, v.keys, layout_for(keys), kb_w, labels)) {
            switch (press->kind) {
            case ui::KeyPress::Kind::Text:
                v.flow.type(press->text);
                break;
            case ui::KeyPress::Kind::Backspace:
                v.flow.backspace();
                break;
            case ui::KeyPress::Kind::Enter:
                if (s == Screen::StatusEntry)
                    v.want.lookup = true;
                else if (s == Screen::StaffPin)
                    v.flow.submit_pin(v.now);
                else
                    v.flow.enter();
                break;
            }
        }
    }
    ImGui::End();
    if (v.flow.idle_warning()) idle_overlay(v, size);
}

} // namespace keluhan::kiosk
