// The state of the office's pages (Laporan, Administrasi) and of the panels
// inside Detail (Data pribadi, CAPA), members of PanelState. Plain C++ like
// the rest of flow/: the views draw and edit it, the app starts the core's
// calls on its worker and hands the results back here, on the UI thread.
#pragma once

#include "keluhan/domain/holidays.hpp"
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/skm.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keluhan::panel {

// --- Laporan --------------------------------------------------------------------

struct ReportsState {
    int year = 0, month = 0;               // the month shown (0 until first drawn)
    int loaded_year = 0, loaded_month = 0; // the month `report` holds or is being made
    bool loading = false;
    std::optional<MonthReport> report;
    std::optional<Error> error;
    bool exporting = false;
    std::string written; // the last file written (absolute path)
    std::optional<Error> export_error;
    // The month picked is not the one held or being made.
    [[nodiscard]] bool stale() const { return loaded_year != year || loaded_month != month; }
};

// --- Survei Kepuasan ---------------------------------------------------------------

// The SKM report of a month, quarter, semester or year, as offices publish it.
struct SurveyState {
    enum class Span { Month, Quarter, Semester, Year };
    Span span = Span::Quarter;
    int year = 0;       // 0 until first drawn (then today's period)
    int part = 1;       // the month 1..12, quarter 1..4 or semester 1..2 (unused for Year)
    std::string loaded; // the period `report` holds or is being made
    bool loading = false;
    std::optional<SkmReport> report;
    std::optional<Error> error;
    bool exporting = false;
    std::string written; // the last file written (absolute path)
    std::optional<Error> export_error;

    // The period as skm_period() reads it: "2026-11", "2026-Q4", "2026-S2", "2026".
    [[nodiscard]] std::string period() const;
    [[nodiscard]] bool stale() const { return loaded != period(); }
    // Starts at the period holding `today`.
    void start(Date today);
    // Another kind of period: the one of that kind holding the first day shown now.
    void show(Span s);
    // The period before (-1) or after (+1) the one shown.
    void step(int by);
    // Whether the period shown holds `today` or comes after it.
    [[nodiscard]] bool at_or_after(Date today) const;
};

// --- Administrasi ---------------------------------------------------------------

struct SettingsState {
    int tab = 0;
    bool loading = false;
    bool loaded = false;
    bool busy = false; // a change on its way
    std::optional<Error> error;
    std::string done;          // what the last change did
    bool done_setting = false; // it was a setting (which other programs read at start)
    struct Row {
        std::string key;
        std::string value;    // being edited
        std::string original; // in effect in the database
        bool stored = false;
        std::string updated_by;
        TimeMs updated_at = 0;
        std::optional<Error> error;
    };
    std::vector<Row> rows;
    std::vector<User> users;
    std::vector<std::string> profiles;
    std::vector<NationalHolidays> national; // shipped under assets/holidays
    std::optional<Error> national_error;    // a file there that does not load
    int profile_choice = -1;
    std::int64_t open_elsewhere = -1; // open complaints under another profile than the choice
    // Adding a user.
    std::string new_name, new_display, new_password;
    int new_role = 0;
    std::optional<Error> user_error;
    // Resetting a password.
    std::string reset_name, reset_password;

    // Everything the page shows came back as stored now; values being edited
    // and not yet saved stay as typed. `current` is the profile in effect.
    void read(const Status& applied, const Result<std::vector<SettingRow>>& rows,
              const Result<std::vector<User>>& users, std::vector<std::string> profiles,
              const std::string& current);
    // A setting was saved (or reset); `now_value` is the value in effect after it.
    void saved(const std::string& key, const Status& r, const std::string& now_value,
               std::string done);
    // A user account was changed (or refused: `r`'s error).
    void user_changed(const Status& r, std::string done);
};

// --- Data pribadi (inside Detail) -----------------------------------------------------

struct PersonalState {
    std::string code; // the complaint these belong to
    bool busy = false;
    std::string written; // the export's file
    std::optional<Error> error;
    std::string reason;
    bool confirm = false;
    bool refresh = false; // the detail should be read again (after anonymising)
    std::string done;
    // Starts afresh when another complaint is shown.
    void follow(const std::string& complaint_code);
};

// --- Ringkasan keluhan lisan (inside Detail) -----------------------------------------

// The summary of a spoken complaint being typed from its recording.
struct SpokenSummaryState {
    std::string code;
    bool editing = false;
    std::string text; // as typed, kept until saved or cancelled
    bool busy = false;
    std::optional<Error> error;
    std::string done;
    bool refresh = false; // the detail should be read again (after saving)
    // Starts afresh when another complaint is shown.
    void follow(const std::string& complaint_code);
};

// --- Nomor surat (inside the action of the Send step) -----------------------------------

// The signed letter's number typed from the agenda surat keluar, where the
// office has no pattern for it (office.letter_pattern empty).
struct LetterNumberState {
    std::string code;
    std::string text;    // as typed
    bool filled = false; // text starts from the number already recorded
    bool busy = false;
    std::optional<Error> error;
    std::string done;
    bool refresh = false; // the detail should be read again (after saving)
    // Starts afresh when another complaint is shown.
    void follow(const std::string& complaint_code);
};

// --- Tindakan koreksi dan pencegahan (inside Detail) ----------------------------------

struct CapaState {
    std::string code;
    TimeMs loaded_for = -1; // the complaint's updated_at the record was read at
    std::size_t events = 0;
    bool loading = false;
    bool busy = false;
    std::optional<Capa> stored;
    Capa edit;
    Capa loaded;       // what `edit` was filled from: a field that differs was typed and is kept
    int effective = 0; // 0 not yet, 1 ya, 2 tidak
    std::optional<Error> error;
    std::string done;
    bool refresh = false;   // the detail should be read again (after saving)
    bool exporting = false; // the printable record being written (want.export_capa)
    std::string written;    // what the last export said (the file written)
    // Starts afresh when another complaint is shown.
    void follow(const std::string& complaint_code);
    // The stored record came back: takes its values, except where the user
    // typed something not yet saved (a refresh of the detail never wipes a field).
    void read(const Result<std::optional<Capa>>& k);
    // What saving sends: the fields being edited with the verdict.
    [[nodiscard]] Capa values() const;
};

} // namespace keluhan::panel
