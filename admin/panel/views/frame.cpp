// The frame around every page: the left navigation (office, user, pages,
// language, sign out), the page itself, the toast, and the idle lock.
#include "views.hpp"

#include "keluhan/ui/fast_render.hpp"

#include <imgui.h>

#include <cstdio>

namespace keluhan::panel {
namespace {

constexpr ImGuiWindowFlags kPlain = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr float kNavWidth = 232;

void language_switch(View& v) {
    for (const char* lang : {"id", "en"}) {
        const bool on = v.tr.language() == lang;
        const std::string label = std::string(lang[0] == 'i' ? "ID" : "EN") + "##lang";
        ImGui::PushStyleColor(ImGuiCol_Button, on ? ui::color::kOnPrimary : ui::color::kBand);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                              on ? ui::color::kOnPrimary : ui::color::kPrimary);
        ImGui::PushStyleColor(ImGuiCol_Text, on ? ui::color::kBand : ui::color::kOnPrimary);
        if (ui::desktop::button(v.ui, label, ui::Look::Secondary, true, 44)) v.want.language = lang;
        ImGui::PopStyleColor(3);
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void navigation(View& v, float height) {
    auto& ui = v.ui;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(o, ImVec2(o.x + kNavWidth, o.y + height), ui::color::kBand);
    ImGui::BeginChild("##nav", ImVec2(kNavWidth, height), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPos(ImVec2(16, 16));
    ImGui::PushTextWrapPos(kNavWidth - 12);
    ui::desktop::text(ui, v.office.config.office.short_name, ui::color::kOnPrimary,
                      ui.fonts.heading);
    ImGui::SetCursorPosX(16);
    ui::desktop::text(ui, v.t("admin.app_name"), IM_COL32(0xD6, 0xE4, 0xF5, 0xFF), ui.fonts.small);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 10));

    const User& u = v.s.session.user();
    ImGui::SetCursorPosX(16);
    // Long names and roles wrap inside the bar instead of being cut.
    ImGui::PushTextWrapPos(kNavWidth - 12);
    ui::desktop::text(ui, u.display_name.empty() ? u.name : u.display_name, ui::color::kOnPrimary,
                      ui.fonts.bold);
    ImGui::SetCursorPosX(16);
    const std::string role = u.role == Role::KoordinatorTerkait && !u.function.empty()
                                 ? std::string(role_title(u.role)) + " - " + u.function
                                 : std::string(role_title(u.role));
    ui::desktop::text(ui, role, IM_COL32(0xD6, 0xE4, 0xF5, 0xFF), ui.fonts.small);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 12));

    struct Item {
        Page page;
        const char* key;
        bool shown;
    };
    const bool admin = v.can(Permission::ManageUsers) || v.can(Permission::ManageSettings);
    const Item items[] = {
        {Page::Tasks, "admin.nav.tasks", v.can(Permission::AdvanceSteps)},
        {Page::Register, "admin.nav.register", true},
        {Page::Desk, "admin.nav.desk", v.can(Permission::SubmitAtDesk)},
        {Page::Print, "admin.nav.print", v.can(Permission::Reprint)},
        {Page::Reports, "admin.nav.reports", v.can(Permission::ViewReports)},
        {Page::Survey, "admin.nav.survey", v.can(Permission::ViewReports)},
        {Page::Settings, "admin.nav.settings", admin},
    };
    for (const auto& it : items) {
        if (!it.shown) continue;
        ImGui::SetCursorPosX(8);
        std::string badge;
        if (it.page == Page::Tasks && !v.s.tasks.rows.empty())
            badge = std::to_string(v.s.tasks.rows.size());
        const bool selected =
            v.s.page == it.page || (v.s.page == Page::Detail && it.page == v.s.back);
        if (ui::desktop::nav_item(ui, v.t(it.key), selected, kNavWidth - 16, badge)) {
            v.s.page = it.page;
            if (it.page == Page::Tasks) v.want.refresh_tasks = true;
            if (it.page == Page::Print) v.want.refresh_print_jobs = true;
        }
    }

    // Language and sign-out at the bottom, the in-process hub's state above them.
    const float bottom = height - 2 * ImGui::GetFrameHeightWithSpacing() - 16;
    if (!v.s.hub_status.empty()) {
        ImGui::SetCursorPos(ImVec2(16, bottom - 44));
        ImGui::PushTextWrapPos(kNavWidth - 12);
        ui::desktop::text(ui, v.s.hub_status,
                          v.s.hub_running ? IM_COL32(0xC8, 0xF0, 0xD2, 0xFF)
                                          : IM_COL32(0xFF, 0xD0, 0xD0, 0xFF),
                          ui.fonts.small);
        ImGui::PopTextWrapPos();
    }
    if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
    ImGui::SetCursorPosX(16);
    language_switch(v);
    ImGui::SetCursorPosX(16);
    ImGui::PushStyleColor(ImGuiCol_Button, ui::color::kBand);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ui::color::kPrimary);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::color::kOnPrimary);
    if (ui::desktop::button(ui, v.t("admin.nav.logout"), ui::Look::Secondary, true, kNavWidth - 32))
        v.want.logout = true;
    ImGui::PopStyleColor(3);
    ImGui::EndChild();
}

void page(View& v) {
    switch (v.s.page) {
    case Page::Tasks:
        draw_tasks(v);
        break;
    case Page::Register:
        draw_register(v);
        break;
    case Page::Detail:
        draw_detail(v);
        break;
    case Page::Desk:
        draw_desk(v);
        break;
    case Page::Print:
        draw_print(v);
        break;
    case Page::Reports:
        draw_reports(v);
        break;
    case Page::Survey:
        draw_survey(v);
        break;
    case Page::Settings:
        draw_settings(v);
        break;
    }
}

void toast(View& v) {
    if (v.s.toast.empty()) return;
    auto& ui = v.ui;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImFont* f = ui.fonts.bold;
    const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 600, v.s.toast.c_str());
    const ImVec2 max(size.x - 24, size.y - 24);
    const ImVec2 min(max.x - ts.x - 32, max.y - ts.y - 20);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    ui::fill_rect(dl, min, max, ui::color::kSuccess, 6);
    dl->AddText(f, f->FontSize, ImVec2(min.x + 16, min.y + 10), ui::color::kOnPrimary,
                v.s.toast.c_str(), nullptr, 600);
    ui::desktop::record(ui, v.s.toast);
}

// --hub and the hub out of reach: a calm band across the top, over any page
// (nothing typed is lost; the app keeps asking).
// The band's height (0 while the hub answers): the panel moves down by it,
// so the band covers nothing.
float offline_band_height(View& v) {
    if (!v.s.hub_offline) return 0;
    const std::string line = v.t("admin.remote.offline");
    ImFont* f = v.ui.fonts.bold;
    const float wrap = ImGui::GetIO().DisplaySize.x - 64;
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, line.c_str()).y + 20;
}

void offline_banner(View& v) {
    if (!v.s.hub_offline) return;
    auto& ui = v.ui;
    const std::string line = v.t("admin.remote.offline");
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImFont* f = ui.fonts.bold;
    const float wrap = size.x - 64;
    const float h = offline_band_height(v);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    ui::fill_rect(dl, ImVec2(0, 0), ImVec2(size.x, h), ui::color::kNotice, 0);
    dl->AddLine(ImVec2(0, h), ImVec2(size.x, h), ui::color::kBorder);
    dl->AddText(f, f->FontSize, ImVec2(32, 10), ui::color::kText, line.c_str(), nullptr, wrap);
    ui::desktop::record(ui, line);
}

} // namespace

void draw_panel(View& v) {
    const float top = offline_band_height(v);
    const ImVec2 size(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y - top);
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##panel", nullptr, kPlain);
    ImGui::PopStyleVar();
    if (!v.s.session.signed_in()) {
        draw_login(v);
    } else if (v.s.session.locked()) {
        // Nothing of the page shows while locked; its state waits underneath.
        draw_lock(v);
    } else {
        navigation(v, size.y);
        ImGui::SameLine(0, 0);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 18));
        ImGui::BeginChild("##page", ImVec2(size.x - kNavWidth, size.y), false,
                          ImGuiWindowFlags_AlwaysUseWindowPadding);
        page(v);
        ImGui::EndChild();
        ImGui::PopStyleVar();
        toast(v);
    }
    offline_banner(v);
    ImGui::End();
}

void draw_lock(View& v) {
    auto& ui = v.ui;
    auto& f = v.s.unlock;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), size, ui::color::kBand);
    const float w = 440;
    ImGui::SetCursorPos(ImVec2((size.x - w) * 0.5f, size.y * 0.22f));
    ui::desktop::begin_card("##lock", 28, w);
    const User& u = v.s.session.user();
    ui::desktop::text(ui, v.t("admin.lock.title"), ui::color::kText, ui.fonts.heading);
    ui::desktop::text(
        ui,
        v.s.session.expired()
            ? v.t("err.session.expired")
            : v.t("admin.lock.lead",
                  {{"name", u.display_name.empty() ? u.name : u.display_name},
                   {"minutes", std::to_string(v.office.config.auth.idle_lock_minutes)}}),
        ui::color::kMuted, nullptr, true);
    ImGui::Dummy(ImVec2(0, 6));
    bool entered = false;
    ui::desktop::input(ui, v.t("admin.login.password"), f.password,
                       ui::desktop::InputOptions().secret().on_enter(&entered).focused(
                           ImGui::IsWindowAppearing()));
    if (f.error) error_banner(v, *f.error);
    ImGui::Dummy(ImVec2(0, 4));
    if (ui::desktop::button(ui, v.t("admin.lock.unlock"), ui::Look::Primary, !f.busy, 140) ||
        entered)
        v.want.unlock = true;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.lock.switch_user"), ui::Look::Quiet))
        v.want.logout = true;
    ui::desktop::end_card();
}

// --- shared pieces -------------------------------------------------------------

void page_title(View& v, std::string_view title, std::string_view lead) {
    ui::desktop::text(v.ui, title, ui::color::kText, v.ui.fonts.heading);
    if (!lead.empty()) ui::desktop::text(v.ui, lead, ui::color::kMuted, nullptr, true);
    ImGui::Dummy(ImVec2(0, 4));
}

void error_banner(View& v, const Error& e) {
    ui::desktop::banner(v.ui, v.say(e), ui::color::kError, ui::color::kErrorBack);
}

void notice_banner(View& v, std::string_view text) {
    ui::desktop::banner(v.ui, text, ui::color::kText, ui::color::kNotice);
}

std::string when(const View& v, TimeMs t) {
    if (t == 0) return "-";
    const auto& cal = v.office.config.calendar;
    const Date d = cal.local_date(t);
    const int m = cal.local_minute(t);
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                          "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
    static const char* const kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto mi = static_cast<std::size_t>(std::clamp(d.month, 1, 12) - 1);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d %s %04d %02d:%02d", d.day,
                  v.tr.language() == "en" ? kMonthsEn[mi] : kMonths[mi], d.year, m / 60, m % 60);
    return buf;
}

std::string time_left(const View& v, TimeMs due) {
    return time_left_text(v.tr, due, v.now);
}

std::string channel_name(const View& v, Channel c) {
    return v.t("channel." + std::string(to_string(c)));
}

std::string service_name(const View& v, const std::string& service) {
    return v.t("service." + service);
}

std::string step_name(const View& v, const std::string& step_id) {
    if (step_id.empty()) return v.t("status.closed");
    const SopStep* s = v.office.profile.step(step_id);
    return s ? std::to_string(s->number) + ". " + s->action : step_id;
}

} // namespace keluhan::panel
