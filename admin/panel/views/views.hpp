// keluhan-admin's screens: each a draw function over the panel's state
// (flow/panel_flow.hpp, every page's state included) and the View below.
// Draw code never does I/O and never starts work itself: it edits the state
// (what is typed, the tab shown) and raises Intents, fields of `v.want`.
// After the frame the app carries them out (PanelApp::carry_out): it reads
// what it needs from the state, runs the core's call (database, files, CUPS,
// rendering) on its worker, and applies the result to the state on the UI
// thread before the next frame, which is drawn when a result arrives. A
// result is dropped when the session changed meanwhile (logout or another
// login), or when the complaint or month it was for is no longer the one
// shown. A new kind of work is a new Intent and a PanelApp function for it.
// Store writes go through the core's named operations; permissions through
// require() (auth.hpp) - the views hide what the core would refuse, the core
// refuses it anyway.
#pragma once

#include "../flow/panel_flow.hpp"

#include "keluhan/service/service.hpp"
#include "keluhan/ui/desktop.hpp"
#include "keluhan/ui/widgets.hpp"

#include <optional>
#include <string>

namespace keluhan::panel {

// Administrasi: a setting saved, or put back to the config file's value.
struct SettingChange {
    std::string key;
    std::string value;
    bool reset = false;
    std::string done{}; // what to say once saved ("" = "<setting> tersimpan.")
};

// Administrasi: one change to a user account (users.hpp).
using UserChange = AccountChange;

// Laporan: the file an export writes.
enum class ExportFormat { Csv, Pdf };

// CAPA: save the fields being edited (s.capa), for the official when on_behalf is set.
struct CapaSave {
    std::optional<Role> on_behalf;
};

// What the views ask the app to do after the frame (panel's screens).
struct Intents {
    bool login = false;  // LoginForm filled: core login()
    bool unlock = false; // the lock's password: login() as the same user
    bool logout = false;
    bool refresh_tasks = false;
    bool register_changed = false;                    // the filter changed: reset the pager
    std::optional<RegisterPager::Request> fetch_page; // a page the register's visible rows need
    std::optional<std::string> open;                  // a tracking code: load the Detail
    bool refresh_detail = false;
    bool advance = false;             // carry out the ActionForm on the current step
    bool letter_changed = false;      // the letter text changed: re-render the preview (debounced)
    std::optional<std::int64_t> play; // attachment id of a recording to play
    std::optional<std::int64_t> open_attachment; // a PDF or photo, in this PC's viewer
    bool stop_playback = false;
    bool print_letter = false; // Send step: print the signed letter through CUPS
    bool desk_submit = false;
    bool desk_print = false; // print (again) the desk complaint's Tanda Terima
    bool desk_new = false;
    bool refresh_print_jobs = false;
    std::optional<std::string> reprint;        // tracking code: reprint its Tanda Terima
    std::optional<std::string> resume_printer; // a stopped CUPS queue: enable and accept again
    std::optional<std::string> language;       // "id" / "en"
    // Laporan (s.reports)
    bool load_report = false;                  // make the month picked
    std::optional<ExportFormat> export_report; // write the report shown under <data_dir>/laporan/
    // Survei Kepuasan (s.survey)
    bool load_survey = false;                  // make the period picked
    std::optional<ExportFormat> export_survey; // write the report shown under <data_dir>/laporan/
    // Administrasi (s.settings)
    bool load_settings = false; // read everything the page shows
    std::optional<SettingChange> save_setting;
    std::optional<std::string> count_open_elsewhere; // a SOP profile: open complaints under others
    std::optional<UserChange> change_user;
    // Panels of the open complaint (s.detail)
    bool export_personal = false; // its personal data to <data_dir>/data-pribadi/
    bool anonymise = false;       // with s.personal.reason
    bool load_capa = false;       // read its CAPA record (s.capa)
    std::optional<CapaSave> save_capa;
    bool save_summary = false;       // the typed summary of a spoken complaint (s.summary)
    bool export_capa = false;        // the printable CAPA record to <data_dir>/capa/ (s.capa)
    bool save_letter_number = false; // the agenda number typed (s.letter_number)

    // Anything to carry out, but the letter's debounce (a timer, not work):
    // the app counts these as busy, like the work they start.
    [[nodiscard]] bool pending() const {
        return login || unlock || logout || refresh_tasks || register_changed || fetch_page ||
               open || refresh_detail || advance || play || open_attachment || stop_playback ||
               print_letter || desk_submit || desk_print || desk_new || refresh_print_jobs ||
               reprint || resume_printer || language || load_report || export_report ||
               load_survey || export_survey || load_settings || save_setting ||
               count_open_elsewhere || change_user || export_personal || anonymise || load_capa ||
               save_capa || save_summary || export_capa || save_letter_number;
    }
};

// What the app tells the views about the recording being played.
struct PlaybackView {
    std::int64_t attachment = 0; // 0 = none playing
    double seconds = 0, length = 0;
};

struct View {
    ui::Ui& ui;
    PanelState& s;
    const Office& office;
    const Catalog& tr; // the user's language
    Intents& want;     // what the app carries out after the frame (see the top of this file)
    PlaybackView playback;
    TimeMs now = 0;

    [[nodiscard]] std::string
    t(std::string_view key, const std::vector<std::pair<std::string, std::string>>& p = {}) const {
        return tr.tr(key, p);
    }
    [[nodiscard]] std::string say(const Error& e) const { return tr.message(e); }
    [[nodiscard]] const User* user() const {
        return s.session.signed_in() ? &s.session.user() : nullptr;
    }
    [[nodiscard]] bool can(Permission p) const { return s.session.can(p); }
};

// The whole frame: login, or the navigation and the page; the lock on top.
void draw_panel(View& v);

// panel's screens (one file each).
void draw_login(View& v);    // login.cpp
void draw_lock(View& v);     // frame.cpp: the idle lock over the page
void draw_tasks(View& v);    // tasks.cpp
void draw_register(View& v); // register.cpp
void draw_detail(View& v);   // detail.cpp: data, recording, timeline, events, attachments
void draw_actions(View& v);  // actions.cpp: the current step's action, letter editor
void draw_desk(View& v);     // desk.cpp: Keluhan baru (lisan di loket)
void draw_print(View& v);    // print.cpp: print jobs, reprint

// The office's pages.
void draw_reports(View& v);  // reports.cpp: the whole "Laporan" page
void draw_survey(View& v);   // survey.cpp: the whole "Survei Kepuasan" page
void draw_settings(View& v); // settings.cpp: the whole "Administrasi" page
// Panels inside Detail for the open complaint (v.s.detail); each decides
// itself whether it has anything to show. draw_capa is drawn inside the
// step's action card (actions.cpp), between the step's header and its note
// and buttons; draw_personal under the complaint's data.
void draw_personal(View& v); // personal.cpp
void draw_capa(View& v);     // capa.cpp

// Shared pieces (frame.cpp).
void page_title(View& v, std::string_view title, std::string_view lead = {});
void error_banner(View& v, const Error& e);
void notice_banner(View& v, std::string_view text);
// "21 Nov 2026 14:05" in the office's zone.
[[nodiscard]] std::string when(const View& v, TimeMs t);
// "2 jam 10 menit lagi" / "terlambat 3 hari" (working time is not counted here).
[[nodiscard]] std::string time_left(const View& v, TimeMs due);
[[nodiscard]] std::string channel_name(const View& v, Channel c);
[[nodiscard]] std::string service_name(const View& v, const std::string& service);
// "5. Menanggapi keluhan ..." (the SOP's own words), or "Selesai".
[[nodiscard]] std::string step_name(const View& v, const std::string& step_id);

} // namespace keluhan::panel
