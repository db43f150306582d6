// Detail: one complaint. Left, the action for the current step
// (actions.cpp) and all the complaint's data with its recording and
// attachments, then the personal-data and CAPA panels. Right, tabs:
// the SOP timeline (each step's actor, standard and actual time, late
// marks), the events with their notes, and the response letter's preview.
#include "views.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>

namespace keluhan::panel {
namespace {

std::string clock_text(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
    return buf;
}

void tab_target(View& v, const std::string& label) {
    ui::record_target(v.ui, label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ui::desktop::record(v.ui, label);
}

// A spoken complaint's text is the summary staff typed from the recording:
// who typed it and when, and the editor for those who may type it.
void spoken_summary(View& v, const Complaint& c) {
    auto& ui = v.ui;
    auto& st = v.s.summary;
    st.follow(v.s.detail.code);
    if (st.refresh) {
        st.refresh = false;
        v.want.refresh_detail = true;
    }
    const Event* typed = nullptr;
    for (const auto& e : v.s.detail.events)
        if (e.kind == "transcript") typed = &e;
    const bool anonymised = c.description == kAnonymisedMarker;
    ui::desktop::text(ui, v.t("admin.summary.title"), ui::color::kMuted);
    if (typed && !anonymised)
        ui::desktop::text(
            ui,
            v.t("admin.summary.typed_by",
                {{"who", v.s.detail.display_name(typed->actor)}, {"time", when(v, typed->at)}}),
            ui::color::kMuted, ui.fonts.small, true);
    if (!st.editing)
        ui::desktop::text(ui, c.description.empty() ? v.t("admin.summary.none") : c.description,
                          c.description.empty() ? ui::color::kMuted : ui::color::kText, nullptr,
                          true);
    if (st.error) error_banner(v, *st.error);
    if (!st.done.empty())
        ui::desktop::banner(ui, st.done, ui::color::kSuccess, ui::color::kSuccessBack);
    // Closed with its summary: the letter quoting it has gone out.
    const bool settled = c.status == ComplaintStatus::Closed && !c.description.empty();
    if (!v.can(Permission::TranscribeSpoken) || anonymised || settled) return;
    if (!st.editing) {
        const std::string label =
            v.t(c.description.empty() ? "admin.summary.type" : "admin.summary.edit");
        if (ui::desktop::button(ui, label, ui::Look::Secondary, !st.busy)) {
            st.editing = true;
            st.text = c.description;
            st.done.clear();
            st.error.reset();
        }
        return;
    }
    ui::desktop::text(ui, v.t("admin.summary.lead"), ui::color::kMuted, nullptr, true);
    ui::desktop::input(
        ui, v.t("admin.summary.title") + " *", st.text,
        ui::desktop::InputOptions().tall(110).counted(v.office.config.limits.description_max));
    if (ui::desktop::button(ui, st.busy ? v.t("admin.act.saving") : v.t("admin.summary.save"),
                            ui::Look::Primary, !st.busy))
        v.want.save_summary = true;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.summary.cancel"), ui::Look::Secondary, !st.busy)) {
        st.editing = false;
        st.error.reset();
    }
}

void data(View& v, const Complaint& c) {
    auto& ui = v.ui;
    const float lw = 170;
    ui::desktop::text(ui, v.t("admin.detail.data"), ui::color::kText, ui.fonts.heading);
    ui::desktop::field_line(ui, v.t("label.date"), when(v, c.created_at), lw);
    ui::desktop::field_line(ui, v.t("label.channel"), channel_name(v, c.channel), lw);
    ui::desktop::field_line(ui, v.t("label.service"), service_name(v, c.service), lw);
    ui::desktop::field_line(ui, v.t("label.reference"), c.reference.empty() ? "-" : c.reference,
                            lw);
    ui::desktop::field_line(ui, v.t("admin.detail.origin"), origin_text(v.tr, c.origin), lw);
    if (!c.function.empty())
        ui::desktop::field_line(ui, v.t("admin.detail.function"), c.function, lw);
    if (c.complainant.anonymous) {
        ui::desktop::field_line(ui, v.t("label.name"), v.t("label.anonymous"), lw);
    } else if (v.can(Permission::ViewPersonalData)) {
        ui::desktop::field_line(ui, v.t("label.name"),
                                c.complainant.name.empty() ? "-" : c.complainant.name, lw);
        ui::desktop::field_line(
            ui, v.t("label.organization"),
            c.complainant.organization.empty() ? "-" : c.complainant.organization, lw);
        ui::desktop::field_line(ui, v.t("label.phone"),
                                c.complainant.phone.empty() ? "-" : c.complainant.phone, lw);
        ui::desktop::field_line(ui, v.t("label.email"),
                                c.complainant.email.empty() ? "-" : c.complainant.email, lw);
    } else {
        ui::desktop::field_line(ui, v.t("label.name"), v.t("admin.detail.personal_hidden"), lw);
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (c.channel == Channel::Lisan) {
        spoken_summary(v, c);
    } else {
        ui::desktop::text(ui, v.t("label.description"), ui::color::kMuted);
        ui::desktop::text(ui, c.description.empty() ? "-" : c.description, ui::color::kText,
                          nullptr, true);
    }
    if (!c.expectation.empty()) {
        ui::desktop::text(ui, v.t("label.expectation"), ui::color::kMuted);
        ui::desktop::text(ui, c.expectation, ui::color::kText, nullptr, true);
    }
}

// The messages to the complainant ([notify]), a line each: what, how, and
// how it went; a failure in red with the server's words (a bad address).
void notices(View& v, const Complaint& c) {
    auto& ui = v.ui;
    const auto& list = v.s.detail.notices;
    if (list.empty() && (!v.office.config.notify.any() || c.complainant.anonymous)) return;
    ImGui::Dummy(ImVec2(0, 6));
    ui::desktop::text(ui, v.t("admin.detail.notices"), ui::color::kText, ui.fonts.heading);
    if (list.empty()) {
        ui::desktop::text(ui, v.t("label.notice.none"), ui::color::kMuted);
        return;
    }
    for (const auto& n : list) {
        std::string state;
        ImU32 colour = ui::color::kText;
        switch (n.state) {
        case NoticeState::Pending:
            state = n.attempts == 0
                        ? v.t("label.notice.pending")
                        : v.t("label.notice.retrying",
                              {{"n", std::to_string(n.attempts)}, {"when", when(v, n.next_at)}});
            colour = n.attempts == 0 ? ui::color::kMuted : ui::color::kError;
            break;
        case NoticeState::Sent:
            state = v.t("label.notice.sent", {{"when", when(v, n.sent_at)}});
            colour = ui::color::kSuccess;
            break;
        case NoticeState::Failed:
            state = v.t("label.notice.failed", {{"error", n.error}});
            colour = ui::color::kError;
            break;
        case NoticeState::Cancelled:
            state = v.t("label.notice.cancelled");
            colour = ui::color::kMuted;
            break;
        }
        ui::desktop::text(ui,
                          v.t("label.notice." + std::string(to_string(n.kind))) + " \u00b7 " +
                              v.t("label.notice." + std::string(to_string(n.channel))) + ": " +
                              state,
                          colour, nullptr, true);
    }
}

void attachments(View& v) {
    auto& ui = v.ui;
    const auto& files = v.s.detail.attachments;
    if (files.empty()) return;
    ImGui::Dummy(ImVec2(0, 6));
    ui::desktop::text(ui, v.t("admin.detail.attachments"), ui::color::kText, ui.fonts.heading);
    for (const auto& a : files) {
        ImGui::PushID(static_cast<int>(a.id));
        const bool audio = a.media_type.rfind("audio/", 0) == 0;
        if (audio) {
            if (v.playback.attachment == a.id) {
                if (ui::desktop::button(ui, v.t("admin.detail.stop"))) v.want.stop_playback = true;
                ImGui::SameLine();
                ui::desktop::text(
                    ui, clock_text(v.playback.seconds) + " / " + clock_text(v.playback.length),
                    ui::color::kMuted);
                ImGui::SameLine();
            } else if (ui::desktop::button(ui, v.t("admin.detail.play"), ui::Look::Primary)) {
                v.want.play = a.id;
            }
            ImGui::SameLine();
            ui::desktop::text(ui, a.filename + "  (" + a.media_type + ")", ui::color::kText);
        } else {
            // A PDF or a photo handed in: opened in this PC's viewer.
            if (ui::desktop::button(ui, v.t("admin.detail.open", {{"file", a.filename}}),
                                    ui::Look::Secondary))
                v.want.open_attachment = a.id;
            ImGui::SameLine();
            ui::desktop::text(ui, "(" + a.media_type + ")", ui::color::kMuted);
        }
        ImGui::PopID();
    }
}

void timeline_tab(View& v) {
    auto& ui = v.ui;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##timeline", 4, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 22);
    ImGui::TableSetupColumn(v.t("admin.detail.step").c_str(), ImGuiTableColumnFlags_WidthStretch,
                            1);
    ImGui::TableSetupColumn(v.t("admin.detail.times").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            168);
    ImGui::TableSetupColumn(v.t("admin.detail.state").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            84);
    ImGui::TableHeadersRow();
    for (const auto& s : v.s.detail.steps) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.step->number);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(s.step->action.c_str());
        ImGui::PopTextWrapPos();
        const std::string who =
            std::string(role_title(s.step->actor)) +
            (s.actor.empty() || s.actor == "pelanggan" ? ""
                                                       : " - " + v.s.detail.display_name(s.actor));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextUnformatted(who.c_str()); // wrapped: a long role and name are never cut
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ui::desktop::record(ui, s.step->action);
        ui::desktop::record(ui, who);
        ImGui::TableNextColumn();
        const std::string standard =
            v.t("admin.detail.standard", {{"t", standard_text(v.tr, s.step->standard_time)}});
        ImGui::TextUnformatted(standard.c_str());
        if (s.state != StepView::State::Pending && s.due != 0) {
            const std::string actual = v.t("admin.detail.actual", {{"t", step_time_text(v.tr, s)}});
            ImGui::TextUnformatted(actual.c_str());
            const std::string due = v.t("admin.detail.due", {{"t", when(v, s.due)}});
            ImGui::TextDisabled("%s", due.c_str());
            ui::desktop::record(ui, actual);
        }
        if (s.returned > 0) {
            const std::string r = v.t("admin.detail.returned", {{"n", std::to_string(s.returned)}});
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::color::kError), "%s", r.c_str());
        }
        ImGui::TableNextColumn();
        const char* key = s.state == StepView::State::Done      ? "admin.detail.done"
                          : s.state == StepView::State::Current ? "admin.detail.current"
                                                                : "admin.detail.pending";
        const ImU32 col = s.state == StepView::State::Done      ? ui::color::kSuccess
                          : s.state == StepView::State::Current ? ui::color::kPrimary
                                                                : ui::color::kMuted;
        ui::desktop::text(ui, v.t(key), col,
                          s.state == StepView::State::Current ? ui.fonts.bold : nullptr);
        if (s.late)
            ui::desktop::text(ui, v.t("admin.detail.late"), ui::color::kError, ui.fonts.bold);
    }
    ImGui::EndTable();
}

void events_tab(View& v) {
    auto& ui = v.ui;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##events", 2, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(v.t("admin.detail.when").c_str(), ImGuiTableColumnFlags_WidthFixed,
                            130);
    ImGui::TableSetupColumn(v.t("admin.detail.what").c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (auto it = v.s.detail.events.rbegin(); it != v.s.detail.events.rend(); ++it) {
        const auto& e = *it;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string t = when(v, e.at);
        ImGui::TextUnformatted(t.c_str());
        ImGui::TableNextColumn();
        const std::string kind_key = "admin.event." + e.kind;
        std::string what = v.tr.has(kind_key) ? v.t(kind_key) : e.kind;
        if (!e.step_id.empty()) {
            const SopStep* s = v.office.profile.step(e.step_id);
            if (s) what += " - " + std::to_string(s->number) + ". " + s->action;
        }
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(what.c_str());
        std::string who = v.s.detail.display_name(e.actor);
        if (auto r = role_from_string(e.actor_role); r && e.actor != "pelanggan")
            who += " (" + std::string(role_title(*r)) + ")";
        if (!e.on_behalf_of.empty())
            if (auto r = role_from_string(e.on_behalf_of))
                who += " " + v.t("admin.detail.on_behalf", {{"role", std::string(role_title(*r))}});
        ImGui::TextDisabled("%s", who.c_str());
        if (!e.note.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ui::color::kText);
            ImGui::TextUnformatted(e.note.c_str());
            ImGui::PopStyleColor();
            ui::desktop::record(ui, e.note);
        }
        ImGui::PopTextWrapPos();
        ui::desktop::record(ui, what);
        ui::desktop::record(ui, who);
    }
    ImGui::EndTable();
}

void letter_tab(View& v) {
    auto& ui = v.ui;
    const auto& p = v.s.letter;
    if (p.rendering)
        ui::desktop::text(ui, v.t("admin.letter.rendering"), ui::color::kMuted);
    else if (p.pages > 0)
        ui::desktop::text(ui, v.t("admin.letter.pages", {{"n", std::to_string(p.pages)}}),
                          ui::color::kMuted);
    if (p.error) error_banner(v, *p.error);
    if (!p.texture) return;
    ImGui::BeginChild("##letter", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    const float w = std::min(ImGui::GetContentRegionAvail().x, static_cast<float>(p.width));
    const float h = w * static_cast<float>(p.height) / static_cast<float>(p.width);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::Image(p.texture, ImVec2(w, h));
    ImGui::GetWindowDrawList()->AddRect(min, ImVec2(min.x + w, min.y + h), ui::color::kBorder);
    ImGui::EndChild();
}

bool letter_step(const SopStep* s) {
    return s && shows_letter(s->form);
}

} // namespace

void draw_detail(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    if (ui::desktop::button(ui, v.t("admin.detail.back"), ui::Look::Quiet)) v.s.page = v.s.back;
    ImGui::SameLine();
    if (ui::desktop::button(ui, v.t("admin.common.refresh"), ui::Look::Quiet, !d.loading))
        v.want.refresh_detail = true;
    if (!d.complaint) {
        if (d.loading) ui::desktop::text(ui, v.t("admin.common.loading"), ui::color::kMuted);
        if (d.error) error_banner(v, *d.error);
        return;
    }
    const Complaint& c = *d.complaint;
    const bool late = c.status == ComplaintStatus::Open && c.due_at < v.now;
    std::string title = d.code;
    if (!c.register_number.empty()) title += "   " + c.register_number;
    ui::desktop::text(ui, title, ui::color::kText, ui.fonts.heading);
    ImGui::SameLine();
    const std::string status =
        late ? v.t("admin.register.late") : v.t("status." + std::string(to_string(c.status)));
    ui::desktop::text(ui, status,
                      late                                  ? ui::color::kError
                      : c.status == ComplaintStatus::Closed ? ui::color::kSuccess
                                                            : ui::color::kPrimary,
                      ui.fonts.bold);
    if (d.error) error_banner(v, *d.error);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = std::floor(avail.x * 0.54f);
    ImGui::BeginChild("##detail-left", ImVec2(left_w, avail.y), false);
    draw_actions(v);
    ImGui::Dummy(ImVec2(0, 8));
    data(v, c);
    notices(v, c);
    attachments(v);
    draw_personal(v);
    ImGui::EndChild();
    ImGui::SameLine(0, 16);
    ImGui::BeginChild("##detail-right", ImVec2(0, avail.y), false);
    const SopStep* step = d.current(v.office.profile);
    const std::string bar = "##tabs" + c.current_step;
    if (ImGui::BeginTabBar(bar.c_str())) {
        const std::string t_letter = v.t("admin.detail.tab_letter"),
                          t_steps = v.t("admin.detail.tab_steps"),
                          t_events = v.t("admin.detail.tab_events");
        if (letter_step(step)) {
            const bool open = ImGui::BeginTabItem(t_letter.c_str());
            tab_target(v, t_letter);
            if (open) {
                letter_tab(v);
                ImGui::EndTabItem();
            }
        }
        {
            const bool open = ImGui::BeginTabItem(t_steps.c_str());
            tab_target(v, t_steps);
            if (open) {
                timeline_tab(v);
                ImGui::EndTabItem();
            }
        }
        {
            const bool open = ImGui::BeginTabItem(t_events.c_str());
            tab_target(v, t_events);
            if (open) {
                events_tab(v);
                ImGui::EndTabItem();
            }
        }
        if (!letter_step(step) && c.status == ComplaintStatus::Closed) {
            const bool open = ImGui::BeginTabItem(t_letter.c_str());
            tab_target(v, t_letter);
            if (open) {
                if (!v.s.letter.texture && !v.s.letter.rendering) v.want.letter_changed = true;
                letter_tab(v);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

} // namespace keluhan::panel
