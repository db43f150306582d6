// The kiosk's screens: each a draw function over the flow (KioskFlow) and
// what the app tells it (recorder levels, the clock). Draw code never does
// I/O: what needs work (saving, looking up, recording, printing) is raised
// as an Intent and carried out by the app after the frame.
#pragma once

#include "../flow/kiosk_flow.hpp"

#include "keluhan/documents/qr.hpp"
#include "keluhan/sync/sync_agent.hpp"
#include "keluhan/ui/keyboard.hpp"
#include "keluhan/ui/widgets.hpp"

#include <optional>
#include <string>

namespace keluhan::kiosk {

struct Intents {
    bool send = false;
    bool lookup = false;
    bool record_start = false;
    bool record_stop = false;
    bool play = false;
    bool play_stop = false;
    bool reprint = false;
    bool exit = false;
    bool printer_refresh = false; // staff menu: read the printer's state again
    bool printer_resume = false;  // staff menu: resume a stopped queue
    bool sync_now = false;        // staff menu: a sync round now (also after a refused token)
    bool survey_send = false;     // the survey's last screen: save the response
};

// What the staff menu shows of the receipt printer (read on the worker).
struct PrinterView {
    bool known = false;   // a reading has come back
    std::string name;     // the queue used, "" when there is none
    std::string state;    // "siap", "berhenti: Kertas habis", ... (already in words)
    bool stopped = false; // resuming makes sense
    std::string error;    // why it could not be read (i18n message, translated)
};

// What the screens know of the recorder (read by the app before the frame).
struct RecorderView {
    bool recording = false;
    bool playing = false;
    float level = 0;
    double seconds = 0;
    int max_seconds = 180;
};

struct View {
    ui::Ui& ui;
    KioskFlow& flow;
    const Office& office;
    const Catalog& tr; // the visitor's language
    ui::KeyboardState& keys;
    Intents& want;
    RecorderView rec;
    const std::optional<QrMatrix>& qr; // of the code on the done screen
    void* logo = nullptr;              // the office logo texture, if any
    const PrinterView* printer = nullptr;
    const SyncStatus* sync = nullptr; // the sync agent's state (a copy taken before the frame)
    std::string database;             // the kiosk's database file, for staff
    TimeMs now = 0;

    [[nodiscard]] std::string
    t(std::string_view key, const std::vector<std::pair<std::string, std::string>>& p = {}) const {
        return tr.tr(key, p);
    }
};

// The whole frame: header, the current screen, navigation, keyboard, overlays.
void draw_kiosk(View& v);

// One function per screen (views/<screen>.cpp).
void draw_welcome(View& v);
void draw_channel(View& v);
void draw_identity(View& v);
void draw_service(View& v);
void draw_complaint(View& v);
void draw_record(View& v);
void draw_privacy(View& v);
void draw_review(View& v);
void draw_sending(View& v);
void draw_done(View& v);
void draw_status_entry(View& v);
void draw_status_result(View& v);
void draw_staff_pin(View& v);
void draw_staff_menu(View& v);
void draw_survey_service(View& v);
void draw_survey_question(View& v);
void draw_survey_profile(View& v);
void draw_survey_suggestion(View& v);
void draw_survey_sending(View& v);
void draw_survey_done(View& v);

// Shared pieces.
void screen_title(View& v, std::string_view title, std::string_view lead = {});
// A field of the flow, with its error and (for long texts) its counter.
void flow_field(View& v, Field f, std::string_view label_key, bool required, float height = 0,
                std::string_view placeholder_key = {});
void notice_banner(View& v);
// "m:ss"
[[nodiscard]] std::string clock_text(double seconds);

} // namespace keluhan::kiosk
