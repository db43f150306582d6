// The done screen (code, QR, printing state) and the status check.
#include "views.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace keluhan::kiosk {
namespace {

// The QR as filled squares, with its quiet zone, `side` pixels wide.
void draw_qr(const QrMatrix& qr, float side) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float total = static_cast<float>(qr.size() + 2 * QrMatrix::kQuietZone);
    const float mod = std::floor(side / total);
    const float real = mod * total;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + real, p.y + real), IM_COL32_WHITE);
    const float o = mod * QrMatrix::kQuietZone;
    for (int y = 0; y < qr.size(); ++y)
        for (int x = 0; x < qr.size(); ++x)
            if (qr.dark(x, y))
                dl->AddRectFilled(ImVec2(p.x + o + static_cast<float>(x) * mod,
                                         p.y + o + static_cast<float>(y) * mod),
                                  ImVec2(p.x + o + static_cast<float>(x + 1) * mod,
                                         p.y + o + static_cast<float>(y + 1) * mod),
                                  IM_COL32_BLACK);
    ImGui::Dummy(ImVec2(real, real));
}

} // namespace

namespace {

// A step's words in the visitor's language as it is now (they may switch
// after the answer came), from the office's own SOP profile; the answer's
// own words when the profile has no such step.
const std::string& step_text(const View& v, const VisitorStatus::Step& step) {
    for (const auto& s : v.office.profile.steps)
        if (s.number == step.number)
            return v.flow.language() == "en" ? s.visitor_text_en : s.visitor_text_id;
    return step.text;
}

void done_status(View& v, float w) {
    auto& ui = v.ui;
    const auto& print = v.flow.receipt_print();
    const bool printing = print.state && !finished(*print.state);
    if (printing) {
        ui::banner(ui, v.t("kiosk.done.printing"), ui::color::kText, ui::color::kNotice);
    } else if (print.state == PrintState::Completed) {
        ui::banner(ui, v.t("kiosk.done.printed"), ui::color::kSuccess, ui::color::kSuccessBack);
    } else if (print.state == PrintState::Saved) {
        // No printer here: a notice, the code on screen is what counts.
        ui::banner(ui, v.t(print.message), ui::color::kText, ui::color::kNotice);
    } else if (print.state) {
        ui::banner(ui, print.message.empty() ? v.t("kiosk.done.print_failed") : v.t(print.message),
                   ui::color::kError, ui::color::kErrorBack);
    }
    ImGui::Dummy(ImVec2(0, ui.m.px(12)));
    const bool can_reprint = v.flow.reprints_left() > 0 && !printing;
    // Printing again makes sense only where there is a printer.
    if (print.state && print.state != PrintState::Saved) {
        if (ui::button(ui, v.t("kiosk.done.reprint"), ImVec2(w, 0), ui::Look::Quiet, can_reprint))
            v.want.reprint = true;
        ImGui::Dummy(ImVec2(0, ui.m.px(12)));
    }
    if (ui::button(ui, v.t("kiosk.done.finish"), ImVec2(w, 0))) v.flow.cancel();
    ui::centered(
        ui, v.t("kiosk.done.countdown", {{"s", std::to_string(v.flow.done_seconds_left(v.now))}}),
        ui.fonts.small, ui::color::kMuted);
}

} // namespace

void draw_done(View& v) {
    auto& ui = v.ui;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool wide = avail.x > avail.y * 1.3f; // landscape: the QR beside the code
    const float col = wide ? (avail.x - ui.m.gap()) * 0.56f : avail.x;
    ImGui::BeginGroup();
    ImGui::BeginChild("##done-text", ImVec2(col, wide ? avail.y : 0), false,
                      ImGuiWindowFlags_NoScrollbar);
    ui::banner(ui, v.t("kiosk.done.title"), ui::color::kSuccess, ui::color::kSuccessBack);
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    ui::centered(ui, v.t("kiosk.done.code_label"), ui.fonts.bold, ui::color::kMuted);
    if (const auto& code = v.flow.receipt_code())
        ui::centered(ui, code->grouped(), ui.fonts.code, ui::color::kText);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    if (v.qr && !wide) {
        const float side = std::min(col * 0.55f, ui.m.px(520));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (col - side) * 0.5f);
        draw_qr(*v.qr, side);
        ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    }
    ui::centered(ui, v.t("kiosk.done.photo"), ui.fonts.body, ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    done_status(v, ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    ImGui::EndGroup();
    if (wide && v.qr) {
        ImGui::SameLine(0, ui.m.gap());
        const float side = std::min({avail.x - col - ui.m.gap(), avail.y * 0.9f, ui.m.px(620)});
        ImGui::BeginGroup();
        ImGui::Dummy(ImVec2(0, (avail.y - side) * 0.35f));
        draw_qr(*v.qr, side);
        ImGui::EndGroup();
    }
}

void draw_status_entry(View& v) {
    auto& ui = v.ui;
    screen_title(v, v.t("kiosk.status.title"), v.t("kiosk.status.lead"));
    notice_banner(v);
    flow_field(v, Field::Code, "label.code", true, 0, "kiosk.status.placeholder");
    if (v.flow.lookup_pending())
        ui::paragraph(ui, v.t("kiosk.status.looking"), ui.fonts.body, ui::color::kMuted);
}

void draw_status_result(View& v) {
    auto& ui = v.ui;
    const auto& s = v.flow.status_result();
    if (!s) return;
    screen_title(v, v.t("kiosk.status.result_title"));
    ui::text(ui, s->code, ui.fonts.heading, ui::color::kText);
    const bool closed = s->status == ComplaintStatus::Closed;
    ui::banner(ui, closed ? v.t("kiosk.status.closed") : v.t("kiosk.status.open"),
               closed ? ui::color::kSuccess : ui::color::kPrimary,
               closed ? ui::color::kSuccessBack : ui::color::kSecondary);
    const auto& cal = v.office.config.calendar;
    // From the kiosk's copy of the hub's answer: say how fresh it is.
    if (v.flow.status_copy_of() > 0)
        ui::paragraph(ui, v.t("kiosk.sync.fresh", {{"time", cal.format(v.flow.status_copy_of())}}),
                      ui.fonts.small, ui::color::kMuted);
    // When the answer is due, and plainly when that has passed.
    if (!closed && s->answer_due > 0) {
        ui::paragraph(ui, v.t("kiosk.status.due", {{"time", cal.format(s->answer_due)}}),
                      ui.fonts.body, s->late ? ui::color::kError : ui::color::kText);
        if (s->late)
            ui::paragraph(ui, v.t("kiosk.status.late", {{"phone", v.office.config.office.phone}}),
                          ui.fonts.body, ui::color::kError);
    }
    // Settled: the satisfaction survey, offered once the complaint is closed,
    // above the steps so that it is seen without scrolling.
    if (closed && v.flow.questionnaire()) {
        ImGui::Dummy(ImVec2(0, ui.m.px(12)));
        ui::paragraph(ui, v.t("kiosk.survey.invite"), ui.fonts.body);
        ImGui::Dummy(ImVec2(0, ui.m.px(8)));
        if (ui::button(ui, v.t("kiosk.survey.go"), ImVec2(ImGui::GetContentRegionAvail().x, 0)))
            v.flow.start_survey_for_status();
    }
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float dot = ui.m.px(22);
    for (const auto& step : s->steps) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 c(p.x + dot, p.y + ui.fonts.body->FontSize * 0.6f);
        switch (step.state) {
        case StepView::State::Done:
            dl->AddCircleFilled(c, dot * 0.7f, ui::color::kSuccess);
            break;
        case StepView::State::Current:
            dl->AddCircleFilled(c, dot, ui::color::kPrimary);
            dl->AddCircleFilled(c, dot * 0.45f, ui::color::kOnPrimary);
            break;
        case StepView::State::Pending:
            dl->AddCircle(c, dot * 0.7f, ui::color::kBorder, 0, ui.m.px(3));
            break;
        }
        ImGui::SetCursorScreenPos(ImVec2(p.x + dot * 2.6f, p.y));
        ImGui::BeginGroup();
        ImFont* font = step.state == StepView::State::Current ? ui.fonts.bold : ui.fonts.body;
        ImU32 colour =
            step.state == StepView::State::Pending ? ui::color::kMuted : ui::color::kText;
        ui::paragraph(ui, step_text(v, step), font, colour);
        if (step.state == StepView::State::Done && step.finished)
            ui::text(ui, cal.format(step.finished), ui.fonts.small, ui::color::kMuted);
        else if (step.state == StepView::State::Current)
            ui::text(ui, v.t("kiosk.status.now"), ui.fonts.small, ui::color::kPrimary);
        ImGui::EndGroup();
        ImGui::Dummy(ImVec2(0, ui.m.px(10)));
    }
}

void draw_staff_pin(View& v) {
    screen_title(v, v.t("kiosk.staff.pin_title"), v.t("kiosk.staff.pin_lead"));
    notice_banner(v);
    flow_field(v, Field::Pin, "kiosk.staff.pin", true);
}

namespace {
// The connection to the hub, for staff only: when it last worked, what
// waits to be sent, and the last error in words.
void staff_sync(View& v, float w) {
    auto& ui = v.ui;
    ui::text(ui, v.t("kiosk.sync.title"), ui.fonts.bold, ui::color::kMuted);
    const SyncStatus* s = v.sync;
    if (!s || !s->enabled) {
        ui::paragraph(ui, v.t("kiosk.sync.off"), ui.fonts.body);
        return;
    }
    const auto& cal = v.office.config.calendar;
    if (s->running)
        ui::paragraph(ui, v.t("kiosk.sync.running"), ui.fonts.body);
    else if (s->last_success > 0)
        ui::paragraph(ui, v.t("kiosk.sync.last", {{"time", cal.format(s->last_success)}}),
                      ui.fonts.body);
    else
        ui::paragraph(ui, v.t("kiosk.sync.never"), ui.fonts.body);
    if (s->pending >= 0)
        ui::paragraph(ui, v.t("kiosk.sync.pending", {{"n", std::to_string(s->pending)}}),
                      ui.fonts.body);
    if (s->rejected_kept > 0)
        ui::paragraph(ui, v.t("kiosk.sync.rejected", {{"n", std::to_string(s->rejected_kept)}}),
                      ui.fonts.body, ui::color::kError);
    if (s->skm_pending > 0)
        ui::paragraph(ui, v.t("kiosk.sync.skm_pending", {{"n", std::to_string(s->skm_pending)}}),
                      ui.fonts.body);
    if (s->last_error)
        ui::paragraph(ui, v.tr.message(*s->last_error), ui.fonts.body, ui::color::kError);
    if (s->refused)
        ui::paragraph(ui, v.t("kiosk.sync.stopped"), ui.fonts.body, ui::color::kError);
    else if (s->failures > 0 && s->next_attempt > 0)
        ui::paragraph(ui, v.t("kiosk.sync.next", {{"time", cal.format(s->next_attempt)}}),
                      ui.fonts.small, ui::color::kMuted);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    if (ui::button(ui, v.t("kiosk.sync.now"), ImVec2(w, 0), ui::Look::Secondary, !s->running))
        v.want.sync_now = true;
}
} // namespace

void draw_staff_menu(View& v) {
    auto& ui = v.ui;
    const float w = ImGui::GetContentRegionAvail().x;
    screen_title(v, v.t("kiosk.staff.menu_title"));
    // The receipt printer: its state in words, and a way to resume it after
    // the paper or a jam has been seen to.
    ui::text(ui, v.t("kiosk.staff.printer"), ui.fonts.bold, ui::color::kMuted);
    if (!v.printer || !v.printer->known)
        ui::paragraph(ui, v.t("kiosk.staff.reading"), ui.fonts.body);
    else if (!v.printer->error.empty())
        ui::paragraph(ui, v.printer->error, ui.fonts.body, ui::color::kError);
    else if (v.printer->name.empty())
        ui::paragraph(ui, v.t("kiosk.staff.no_printer"), ui.fonts.body);
    else
        ui::paragraph(ui, v.printer->name + " - " + v.printer->state, ui.fonts.body,
                      v.printer->stopped ? ui::color::kError : ui::color::kText);
    ImGui::Dummy(ImVec2(0, ui.m.px(8)));
    const float half = (w - ui.m.gap()) * 0.5f;
    if (ui::button(ui, v.t("kiosk.staff.refresh"), ImVec2(half, 0), ui::Look::Secondary))
        v.want.printer_refresh = true;
    ImGui::SameLine(0, ui.m.gap());
    if (ui::button(ui, v.t("kiosk.staff.resume"), ImVec2(half, 0), ui::Look::Quiet,
                   v.printer && v.printer->stopped))
        v.want.printer_resume = true;
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    staff_sync(v, w);
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    ui::text(ui, v.t("kiosk.staff.database"), ui.fonts.bold, ui::color::kMuted);
    ui::paragraph(ui, v.database, ui.fonts.body);
    ImGui::Dummy(ImVec2(0, ui.m.px(32)));
    if (ui::button(ui, v.t("kiosk.staff.exit"), ImVec2(w, 0), ui::Look::Danger)) v.want.exit = true;
    ImGui::Dummy(ImVec2(0, ui.m.px(16)));
    if (ui::button(ui, v.t("kiosk.staff.back"), ImVec2(w, 0), ui::Look::Secondary)) v.flow.cancel();
}

} // namespace keluhan::kiosk
