// keluhan-admin's screens: each a draw function over the panel's state
// (flow/panel_flow.hpp) and the View below. Draw code never does I/O: a view
// either raises an Intent (a field of `v.want`) that the app carries out
// after the frame, or hands the app a Job for its worker (`v.submit`).
//
// Background work for a view (the documented way, for everyone):
//   v.submit([=](Services& s) -> Done {
//       auto r = s.store.something(...);          // on the worker thread
//       return [state, r = std::move(r)] { ... }; // back on the UI thread,
//   });                                            // before the next frame
// A Job never touches ImGui; the Done it returns runs on the UI thread and
// may change view state (keep that state in a std::shared_ptr the job
// captures, e.g. the Extensions below, so it outlives a page change). The
// frame is redrawn when a Done arrives. Store writes go through the core's
// named operations; permissions through require() (auth.hpp) - the views
// hide what the core would refuse, the core refuses it anyway.
#pragma once

#include "../flow/panel_flow.hpp"

#include "keluhan/ui/desk.hpp"
#include "keluhan/ui/widgets.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace keluhan::panel {

// What a Job may use on the worker thread.
struct Services {
    Store& store;
    const Office& office;
    const Catalog& tr; // the user's language at the time the job was made
    const User user;   // who asked (a copy: the session may end meanwhile)
    PrintService& printer;
};
using Done = std::function<void()>;
using Job = std::function<Done(Services&)>;

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
    bool stop_playback = false;
    bool print_letter = false; // Send step: print the signed letter through CUPS
    bool desk_submit = false;
    bool desk_print = false; // print (again) the desk complaint's Tanda Terima
    bool desk_new = false;
    bool refresh_print_jobs = false;
    std::optional<std::string> reprint;  // tracking code: reprint its Tanda Terima
    std::optional<std::string> language; // "id" / "en"
};

// The state of the Laporan and Administrasi pages and of the CAPA and
// personal-data panels, defined in their .cpp files and created there on
// first use (std::shared_ptr works with the incomplete type here).
struct ReportsState;
struct SettingsState;
struct PersonalState;
struct CapaState;
struct Extensions {
    std::shared_ptr<ReportsState> reports;
    std::shared_ptr<SettingsState> settings;
    std::shared_ptr<PersonalState> personal;
    std::shared_ptr<CapaState> capa;
};

// The letter preview (Draft, Check, Sign, Send): a texture the app made from
// the core's letter renderer on the worker.
struct LetterPreview {
    void* texture = nullptr; // SDL_Texture*, for ImGui::Image
    int width = 0, height = 0;
    int pages = 0;
    bool rendering = false;
    std::optional<Error> error;
};

// What the app tells the views about the recording being played.
struct PlaybackView {
    std::int64_t attachment = 0; // 0 = none playing
    double seconds = 0, length = 0;
};

// The panel's whole state the views draw from (owned by the app).
struct PanelState {
    Page page = Page::Tasks;
    Page back = Page::Register; // where Detail's "back" goes
    Session session;
    LoginForm login;
    LoginForm unlock; // the lock screen's password (name fixed to the user)
    TaskList tasks;
    RegisterFilter filter;
    RegisterPager pager;
    std::optional<Error> filter_error;
    Detail detail;
    ActionForm action;
    LetterPreview letter;
    DeskForm desk;
    PrintJobs print_jobs;
    Extensions ext;
    std::string hub_status; // [panel] serve_hub: "Hub aktif di port 8080" or why not
    bool hub_running = false;
    std::string toast; // a short confirmation at the bottom ("Langkah dicatat")
    TimeMs toast_until = 0;
};

struct View {
    ui::Ui& ui;
    PanelState& s;
    const Office& office;
    const Catalog& tr; // the user's language
    Intents& want;
    std::function<void(Job)> submit; // background work (see the top of this file)
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
