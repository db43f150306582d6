// Survei Kepuasan: the SKM report (PermenPANRB 14/2017) for a month,
// quarter, semester or year: the index with its grade, each element's value
// as a bar chart against the grade bands (ImGui draw lists), the table the
// regulation publishes, the weakest elements, the respondents' profile and
// every suggestion, with CSV and PDF export. The report and the files are
// made on the app's worker (want.load_survey, want.export_survey); this
// file only draws and asks. Its state is s.survey (flow/pages.hpp).
#include "views.hpp"

#include "keluhan/domain/skm.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace keluhan::panel {

namespace {

constexpr ImU32 kGrid = IM_COL32(0xD0, 0xD5, 0xDC, 0xFF);

// The grade's colour: A green, B blue-green, C amber, D red.
ImU32 grade_colour(char grade) {
    switch (grade) {
    case 'A':
        return IM_COL32(0x1B, 0x6E, 0x35, 0xFF);
    case 'B':
        return IM_COL32(0x2E, 0x8C, 0x57, 0xFF);
    case 'C':
        return IM_COL32(0xC2, 0x7C, 0x0E, 0xFF);
    case 'D':
        return IM_COL32(0xC7, 0x38, 0x2E, 0xFF);
    default:
        return ui::color::kMuted;
    }
}

// "82,50" in Indonesian, "82.50" in English.
std::string number(const View& v, double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    if (v.tr.language() == "id") std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string period_title(const View& v, const SurveyState& st) {
    const std::string year = std::to_string(st.year);
    static const char* roman[] = {"I", "II", "III", "IV"};
    switch (st.span) {
    case SurveyState::Span::Month:
        return v.t("label.month." + std::to_string(st.part)) + " " + year;
    case SurveyState::Span::Quarter:
        return v.t("admin.survey.quarter_of", {{"n", roman[st.part - 1]}, {"year", year}});
    case SurveyState::Span::Semester:
        return v.t("admin.survey.semester_of", {{"n", roman[st.part - 1]}, {"year", year}});
    case SurveyState::Span::Year:
        break;
    }
    return v.t("admin.survey.year_of", {{"year", year}});
}

// Each element's converted value (NRR x 25) as a horizontal bar on the
// 25..100 scale, with the grade bands' edges (65, 76.61, 88.31) marked.
void element_chart(View& v, const SkmReport& r, const std::string& lang) {
    auto& ui = v.ui;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = ImGui::GetContentRegionAvail().x;
    const float label_w = std::min(380.0f, width * 0.38f), value_w = 150;
    const float bar_w = std::max(100.0f, width - label_w - value_w - 24);
    const float row_h = ImGui::GetTextLineHeight() + 10;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const int n = static_cast<int>(r.index.elements.size()) + 1;
    const float x0 = o.x + label_w + 8;
    const float height = row_h * static_cast<float>(n);
    auto x_of = [&](double value) {
        return x0 + bar_w * static_cast<float>((std::clamp(value, 25.0, 100.0) - 25.0) / 75.0);
    };
    const double ticks[] = {25, 65, 76.61, 88.31, 100};
    for (const double t : ticks) {
        const float x = x_of(t);
        dl->AddLine(ImVec2(x, o.y), ImVec2(x, o.y + height), kGrid);
        const std::string s =
            t == 25 || t == 100 ? std::to_string(static_cast<int>(t)) : number(v, t);
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(s.c_str()).x / 2, o.y + height + 2),
                    ui::color::kMuted, s.c_str());
    }
    auto bar = [&](int i, const std::string& label, double converted, int answers, bool bold) {
        const float y = o.y + row_h * static_cast<float>(i);
        ImGui::PushClipRect(ImVec2(o.x, y), ImVec2(o.x + label_w, y + row_h), true);
        ImFont* f = bold ? ui.fonts.bold : ImGui::GetFont();
        dl->AddText(f, f->FontSize, ImVec2(o.x, y + 5), ui::color::kText, label.c_str());
        ImGui::PopClipRect();
        ui::desktop::record(ui, label);
        std::string value;
        if (answers == 0) {
            value = v.t("admin.survey.no_answers");
        } else {
            const char grade = skm_grade(converted);
            dl->AddRectFilled(ImVec2(x0, y + 5), ImVec2(x_of(converted), y + row_h - 5),
                              bold ? ui::color::kBand : grade_colour(grade), 2.0f);
            value = number(v, converted) + "  " + std::string(1, grade);
        }
        dl->AddText(ImVec2(x0 + bar_w + 10, y + 5), ui::color::kText, value.c_str());
        ui::desktop::record(ui, value);
    };
    int i = 0;
    for (const auto& e : r.index.elements) {
        const SkmElement* el = r.questionnaire.element(e.id);
        bar(i++, e.id + " " + (el ? el->name.in(lang) : e.id), e.converted, e.answers, false);
    }
    bar(i, v.t("admin.survey.ikm_short"), r.index.converted, r.index.respondents, true);
    dl->AddLine(ImVec2(x0, o.y), ImVec2(x0, o.y + height), ui::color::kText, 1.5f);
    ImGui::Dummy(ImVec2(width, height + ImGui::GetTextLineHeight() + 6));
    ui::desktop::text(ui, v.t("admin.survey.bands"), ui::color::kMuted, ui.fonts.small, true);
}

void element_table(View& v, const SkmReport& r, const std::string& lang) {
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##skm_elements", 5, flags)) return;
    const char* heads[] = {"label.skm.element", "label.skm.answers", "label.skm.nrr",
                           "label.skm.converted", "admin.survey.grade"};
    const float weights[] = {5, 1, 1, 1.2f, 1.8f};
    for (int i = 0; i < 5; ++i)
        ImGui::TableSetupColumn(v.t(heads[i]).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                weights[i]);
    ImGui::TableHeadersRow();
    auto cell = [&](const std::string& s, ImU32 colour = ui::color::kText) {
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::TextUnformatted(s.c_str());
        ImGui::PopStyleColor();
        ui::desktop::record(v.ui, s);
    };
    for (const auto& e : r.index.elements) {
        const SkmElement* el = r.questionnaire.element(e.id);
        ImGui::TableNextRow();
        cell(e.id + " " + (el ? el->name.in(lang) : e.id));
        cell(std::to_string(e.answers));
        if (e.answers == 0) {
            cell("-");
            cell("-");
            cell(v.t("admin.survey.no_answers"), ui::color::kMuted);
            continue;
        }
        const char grade = skm_grade(e.converted);
        cell(number(v, e.nrr));
        cell(number(v, e.converted));
        cell(v.t(skm_grade_key(grade)), grade_colour(grade));
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::desktop::text(v.ui, v.t("admin.survey.ikm_short"), ui::color::kText, v.ui.fonts.bold);
    cell(std::to_string(r.index.respondents));
    cell(r.index.grade == '-' ? "-" : number(v, r.index.ikm));
    cell(r.index.grade == '-' ? "-" : number(v, r.index.converted));
    cell(v.t(skm_grade_key(r.index.grade)), grade_colour(r.index.grade));
    ImGui::EndTable();
}

// The respondents' profile: a small table per field, side by side.
void profile_tables(View& v, const SkmReport& r, const std::string& lang) {
    if (r.profile.empty()) return;
    const float gap = 16;
    const int per_row = 4;
    const float w =
        (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(per_row - 1)) / per_row;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    int i = 0;
    for (const auto& [field_id, counts] : r.profile) {
        const SkmProfileField* field = r.questionnaire.field(field_id);
        if (i % per_row != 0) ImGui::SameLine(0, gap);
        ++i;
        const std::string id = "##skm_profile_" + field_id;
        if (!ImGui::BeginTable(id.c_str(), 2, flags, ImVec2(w, 0))) continue;
        const std::string name = field ? field->name.in(lang) : field_id;
        ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
        ui::desktop::record(v.ui, name);
        ImGui::TableSetupColumn(v.t("label.report.count").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableHeadersRow();
        for (const auto& c : counts) {
            if (c.option.empty() && c.n == 0) continue;
            std::string label = c.option.empty() ? v.t("label.skm.left_out") : c.option;
            if (field)
                for (const auto& o : field->options)
                    if (o.id == c.option) label = o.in(lang);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(label.c_str());
            ImGui::PopTextWrapPos();
            ui::desktop::record(v.ui, label);
            ImGui::TableNextColumn();
            const std::string n = std::to_string(c.n);
            ImGui::TextUnformatted(n.c_str());
            ui::desktop::record(v.ui, n);
        }
        ImGui::EndTable();
    }
}

void suggestions_list(View& v, const SkmReport& r) {
    auto& ui = v.ui;
    if (r.suggestions.empty()) {
        ui::desktop::text(ui, v.t("label.skm.no_suggestions"), ui::color::kMuted);
        return;
    }
    for (const auto& s : r.suggestions) {
        std::string head = format_date(s.day);
        if (!s.service.empty()) head += "  \u00b7  " + service_name(v, s.service);
        ui::desktop::text(ui, head, ui::color::kMuted, ui.fonts.small);
        ui::desktop::text(ui, s.text, ui::color::kText, nullptr, true);
        ImGui::Dummy(ImVec2(0, 4));
    }
}

} // namespace

void draw_survey(View& v) {
    auto& ui = v.ui;
    auto& st = v.s.survey;
    page_title(v, v.t("admin.survey.title"), v.t("admin.survey.lead"));
    if (!v.can(Permission::ViewReports)) {
        notice_banner(v, v.t("admin.reports.no_permission"));
        return;
    }
    const Date today =
        v.office.config.calendar.local_date(now_ms()); // wall time, not the UI's clock
    if (st.year == 0) st.start(today);

    // The kind of period, then the period itself.
    const std::pair<SurveyState::Span, const char*> spans[] = {
        {SurveyState::Span::Month, "admin.survey.span_month"},
        {SurveyState::Span::Quarter, "admin.survey.span_quarter"},
        {SurveyState::Span::Semester, "admin.survey.span_semester"},
        {SurveyState::Span::Year, "admin.survey.span_year"}};
    bool first = true;
    for (const auto& [span, key] : spans) {
        if (!first) ImGui::SameLine();
        first = false;
        if (ui::desktop::button(ui, v.t(key),
                                st.span == span ? ui::Look::Primary : ui::Look::Secondary,
                                !st.loading) &&
            st.span != span)
            st.show(span);
    }
    if (ui::desktop::button(ui, v.t("admin.survey.prev"), ui::Look::Secondary, !st.loading))
        st.step(-1);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::desktop::text(ui, period_title(v, st), ui::color::kText, ui.fonts.bold);
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.survey.next"), ui::Look::Secondary,
                            !st.loading && !st.at_or_after(today)))
        st.step(1);
    ImGui::SameLine(0, 24);
    if (ui::desktop::button(ui, v.t("admin.common.refresh") + "##survey", ui::Look::Secondary,
                            !st.loading))
        st.loaded.clear();
    ImGui::SameLine(0, 24);
    const bool can_export = st.report && !st.loading && !st.exporting;
    if (ui::desktop::button(ui, v.t("admin.reports.export_csv") + "##survey", ui::Look::Secondary,
                            can_export))
        v.want.export_survey = ExportFormat::Csv;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.reports.export_pdf") + "##survey", ui::Look::Primary,
                            can_export))
        v.want.export_survey = ExportFormat::Pdf;

    if (!st.loading && st.stale()) v.want.load_survey = true;

    if (st.exporting) ui::desktop::text(ui, v.t("admin.reports.exporting"), ui::color::kMuted);
    if (st.export_error) error_banner(v, *st.export_error);
    if (!st.written.empty())
        ui::desktop::banner(ui, v.t("admin.reports.written", {{"file", st.written}}),
                            ui::color::kSuccess, ui::color::kSuccessBack);
    if (st.error) error_banner(v, *st.error);
    if (st.loading) {
        ui::desktop::text(ui, v.t("admin.reports.computing"), ui::color::kMuted);
        return;
    }
    if (!st.report) return;
    const SkmReport& r = *st.report;
    const std::string lang = v.tr.language();

    ImGui::BeginChild("##survey_body", ImGui::GetContentRegionAvail(), false);
    ui::desktop::text(
        ui,
        v.t("label.skm.period", {{"from", format_date(r.from)}, {"to", format_date(r.to)}}) +
            "  \u00b7  " +
            v.t("label.skm.respondents", {{"n", std::to_string(r.index.respondents)}}),
        ui::color::kMuted);
    if (r.index.respondents == 0) {
        ImGui::Dummy(ImVec2(0, 6));
        notice_banner(v, v.t("admin.survey.empty"));
        ImGui::EndChild();
        return;
    }
    // The index, large, in its grade's colour.
    ImGui::Dummy(ImVec2(0, 4));
    ui::desktop::begin_card("##skm_index");
    ui::desktop::text(ui, v.t("admin.survey.ikm_short"), ui::color::kMuted);
    ui::desktop::text(ui, number(v, r.index.converted) + "   " + v.t(skm_grade_key(r.index.grade)),
                      grade_colour(r.index.grade), ui.fonts.heading);
    if (!r.index.weakest.empty()) {
        std::string names;
        for (const auto& id : r.index.weakest) {
            const SkmElement* el = r.questionnaire.element(id);
            if (!names.empty()) names += ", ";
            names += id + " " + (el ? el->name.in(lang) : id);
        }
        ui::desktop::text(ui, v.t("label.skm.weakest", {{"elements", names}}), ui::color::kText,
                          nullptr, true);
    }
    ui::desktop::end_card();

    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("admin.survey.chart"), ui::color::kText, ui.fonts.heading);
    element_chart(v, r, lang);
    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("admin.survey.table"), ui::color::kText, ui.fonts.heading);
    element_table(v, r, lang);
    ui::desktop::text(
        ui,
        v.t("label.skm.basis", {{"basis", r.questionnaire.basis},
                                {"n", std::to_string(r.questionnaire.elements.size())}}),
        ui::color::kMuted, ui.fonts.small, true);

    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(ui, v.t("label.skm.profile"), ui::color::kText, ui.fonts.heading);
    profile_tables(v, r, lang);
    if (!r.services.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        ui::desktop::text(ui, v.t("label.skm.services"), ui::color::kText, ui.fonts.bold);
        for (const auto& [service, n] : r.services) {
            const std::string name =
                service.empty() ? v.t("label.skm.no_service") : service_name(v, service);
            ui::desktop::text(ui, name + ": " + std::to_string(n));
        }
    }
    ImGui::Dummy(ImVec2(0, 10));
    ui::desktop::text(
        ui, v.t("label.skm.suggestions") + " (" + std::to_string(r.suggestions.size()) + ")",
        ui::color::kText, ui.fonts.heading);
    suggestions_list(v, r);
    ImGui::EndChild();
}

} // namespace keluhan::panel
