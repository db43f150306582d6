// The admin panel's state and transitions: who is signed in and the idle
// lock, which page shows, the forms (login, step action, letter, desk
// complaint) and their checks, the register's filter and keyset pager. No
// ImGui and no SDL here, and no I/O: the app runs the core's calls on a
// worker and hands the results back to the state here (the pager's loaded(),
// the pages' read(), ...). Tests drive it directly; time is passed in.
#pragma once

#include "pages.hpp"

#include "keluhan/domain/draft.hpp"
#include "keluhan/domain/timeline.hpp"
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/printing/print.hpp"
#include "keluhan/service/steps.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keluhan::panel {

// The pages of the left navigation, plus the complaint's detail.
enum class Page {
    Tasks,    // Tugas saya
    Register, // Daftar keluhan
    Detail,   // one complaint (opened from Tasks or the Register)
    Desk,     // Keluhan baru (lisan di loket)
    Print,    // Cetak: the print-job table
    Reports,  // Laporan
    Survey,   // Survei Kepuasan (SKM)
    Settings, // Administrasi
};

// --- session ------------------------------------------------------------------

// The signed-in user and the idle lock ([auth] idle_lock_minutes): after that
// long without input the panel locks and asks for the same user's password
// again, keeping the page (and anything typed) under the lock.
class Session {
  public:
    explicit Session(int idle_lock_minutes = 10)
        : idle_ms_(std::int64_t{idle_lock_minutes} * 60000) {}

    [[nodiscard]] bool signed_in() const { return user_.has_value(); }
    [[nodiscard]] const User& user() const { return *user_; }
    [[nodiscard]] bool locked() const { return locked_; }
    // What the user's role may do (auth.hpp); false when nobody is signed in.
    [[nodiscard]] bool can(Permission p) const { return user_ && has_permission(user_->role, p); }

    void sign_in(User u, TimeMs now);
    void sign_out();
    // Any key, click or wheel.
    void input(TimeMs now);
    // Locks once the idle time has passed.
    void tick(TimeMs now);
    // When the lock falls due (for the app's timer); nullopt when it cannot.
    [[nodiscard]] std::optional<TimeMs> lock_at() const;
    // The same user proved the password again.
    void unlock(TimeMs now);
    // The hub ended the session (it ran out, or was revoked): locked until
    // the password is given again; nothing on screen is lost.
    void expire() {
        if (user_) locked_ = expired_ = true;
    }
    [[nodiscard]] bool expired() const { return expired_; }

  private:
    std::int64_t idle_ms_;
    std::optional<User> user_;
    bool locked_ = false;
    bool expired_ = false;
    TimeMs last_input_ = 0;
};

// --- login / unlock -----------------------------------------------------------

struct LoginForm {
    std::string name;
    std::string password;
    std::optional<Error> error;
    bool busy = false;
    // err.admin.login.empty when a field is blank (before asking the core).
    [[nodiscard]] std::optional<Error> check() const;
    // Overwrites and clears the password (after every attempt).
    void wipe_password();
};

// --- the register -------------------------------------------------------------

// The register's filter as the panel shows it (indexes into its drop-downs).
struct RegisterFilter {
    int status = 0;       // 0 all, 1 open, 2 closed
    int service = 0;      // 0 all, else services[service - 1]
    int channel = 0;      // 0 all, else tertulis, lisan, elektronik
    std::string from, to; // YYYY-MM-DD, "" = open-ended (to is inclusive)
    bool overdue = false;
    std::string text;
    ListQuery::Sort sort = ListQuery::Sort::Newest;

    // The store query; err.date.format when a date cannot be read.
    [[nodiscard]] Result<ListQuery> query(const Config& cfg, TimeMs now) const;
    bool operator==(const RegisterFilter&) const = default;
};

// One line of the register (no complaint text: a million of them stay light).
struct RegisterRow {
    std::int64_t seq = 0;
    std::string code; // grouped
    std::string register_number;
    TimeMs created_at = 0;
    bool anonymous = false;
    std::string name;
    std::string service;
    Channel channel = Channel::Tertulis;
    std::string current_step;
    TimeMs due_at = 0;
    ComplaintStatus status = ComplaintStatus::Open;
    [[nodiscard]] static RegisterRow from(const Complaint& c);
};

// Keyset paging behind a scrolling table of any length. The table tells the
// pager which rows are on screen; the pager answers which page to fetch next.
// Page n can only be asked for with the cursor that ends page n-1, so a jump
// far down streams the pages in between (keeping only their cursors and the
// pages near the view). Rows not yet loaded are shown as placeholders; no
// frame ever waits for the database.
class RegisterPager {
  public:
    static constexpr int kPageRows = 250;
    static constexpr std::size_t kCachedPages = 48;

    struct Request {
        std::uint64_t generation = 0;
        int page = 0;
        ListQuery query; // with `after` and `limit` set
    };

    // A new filter: forgets everything; the rows are fetched again.
    void reset(ListQuery q);
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

    // The rows on screen are [first, last). Returns the page to fetch, if one
    // is needed and none is in flight.
    [[nodiscard]] std::optional<Request> want(int first, int last);
    // A page came back (ignored when its generation is old).
    void loaded(std::uint64_t generation, int page, std::vector<RegisterRow> rows,
                std::optional<std::string> next);
    void failed(std::uint64_t generation, Error e);
    void counted(std::uint64_t generation, std::int64_t total);

    // Null when row `i` is not loaded (yet).
    [[nodiscard]] const RegisterRow* row(int i) const;
    // Rows for the table's scroll range: the count once known, else what is
    // loaded plus one page when more may follow.
    [[nodiscard]] int rows() const;
    [[nodiscard]] std::optional<std::int64_t> total() const { return total_; }
    [[nodiscard]] bool loading() const { return in_flight_; }
    [[nodiscard]] const std::optional<Error>& error() const { return error_; }
    [[nodiscard]] std::size_t cached_pages() const { return pages_.size(); }

  private:
    ListQuery query_;
    std::uint64_t generation_ = 0;
    // after_[n]: the cursor that starts page n (after_[0] = none).
    std::vector<std::optional<std::string>> after_;
    std::map<int, std::vector<RegisterRow>> pages_;
    int last_page_ = -1; // the last page, once a page came back without `next`
    int known_rows_ = 0; // rows in every page up to the frontier
    bool in_flight_ = false;
    int view_first_page_ = 0;
    int view_last_page_ = 0;
    std::optional<std::int64_t> total_;
    std::optional<Error> error_;
};

// --- one complaint --------------------------------------------------------------

struct Detail {
    std::string code; // grouped; what was asked for
    std::optional<Complaint> complaint;
    std::vector<Event> events;
    std::vector<Attachment> attachments; // without data
    std::vector<Notice> notices;         // messages to the complainant, how each went
    std::vector<StepView> steps;         // the SOP timeline (points into the office's profile)
    std::string letter_signer;           // who signs the response letter
    // Display names of the users in its history, by user name.
    std::vector<std::pair<std::string, std::string>> names;
    bool loading = false;
    std::optional<Error> error;
    [[nodiscard]] const SopStep* current(const SopProfile& p) const {
        return complaint ? p.step(complaint->current_step) : nullptr;
    }
    // "Hendra Kepala" for "kabalai" (the user name when it is not known).
    [[nodiscard]] std::string display_name(const std::string& user) const {
        return display_name_of(names, user);
    }
};

// How a letter left the office (step form Send), recorded in the note.
enum class SendMethod { Printed, Handed, Post, Email };

// What the current step's action panel holds while it is being filled.
struct ActionForm {
    std::string note;   // disposition, response, instruction, reason for return, ...
    std::string letter; // Draft: the answer as it goes into the letter
    bool send_back = false;
    bool on_behalf = false; // staff recording an official's paper decision
    SendMethod send_method = SendMethod::Printed;
    int function = -1; // Disposition: the office function chosen (-1 = none yet)
    std::string step;  // the step the form was filled for ("" = none yet)
    std::optional<Error> error;
    std::string done; // what the last action did (message, translated)
    bool busy = false;
    void clear() {
        note.clear();
        letter.clear();
        send_back = false;
        on_behalf = false;
        send_method = SendMethod::Printed;
        function = -1;
        error.reset();
    }
};

// What advancing the step would send to the core, after the panel's own
// checks (the same ones the core makes, so nothing is half-saved): a required
// note, the return reason, the letter's length. `user` is who acts.
[[nodiscard]] Result<AdvanceRequest> action_request(const ActionForm& f, const SopStep& step,
                                                    const User& user, const Config& cfg);
// The note recorded for a Draft step (the letter text) or a Send step (how it went).
[[nodiscard]] std::string send_note(SendMethod m, const std::string& note, const Catalog& tr);

// --- Keluhan baru at the desk -----------------------------------------------------

struct DeskForm {
    // What staff type in (channel lisan: the visitor spoke, staff write it
    // down); `draft.service` is set from `service` when submitting.
    ComplaintDraft draft;
    int service = -1; // index into the configured services
    std::vector<FieldError> errors;
    std::optional<Error> error; // saving failed (database busy, ...)
    bool busy = false;
    std::optional<std::string> saved_code; // grouped, once committed
    std::optional<PrintReport> print;      // the Tanda Terima's print, once finished
    bool printing = false;

    // The submission (channel lisan, origin "admin-desk") or the per-field errors.
    [[nodiscard]] Submission submission(const Config& cfg, const std::string& origin) const;
    [[nodiscard]] bool check(const Config& cfg); // fills `errors`; true when none
    [[nodiscard]] const Error* error_for(std::string_view field) const;
    // Wipes what was typed (text::scrub) and starts a new form.
    void clear();
};

// --- the tasks and the print jobs ---------------------------------------------------

struct TaskList {
    std::vector<RegisterRow> rows; // oldest due first
    bool loading = false;
    std::optional<Error> error;
    TimeMs loaded_at = 0;
};

struct PrintJobs {
    std::vector<PrintJob> rows;
    bool failed_only = false;
    bool loading = false;
    std::optional<Error> error;
    std::string notice;    // last reprint's outcome, translated
    bool resuming = false; // a stopped queue being started again
};

// Where a complaint was taken, in words: "Kiosk kiosk-lobi", "Loket (panel
// pc-loket)", "Formulir web", "Baris perintah (keluhan)"; "-" when unknown.
[[nodiscard]] std::string origin_text(const Catalog& tr, const std::string& origin);
// A step's standard time: "15 menit", "7 hari".
[[nodiscard]] std::string standard_text(const Catalog& tr, const Duration& d);
// The time a step took, in the unit of its standard time: beside a standard
// in working days, working days and hours ("2 hari 3 jam"), not 20 hours.
[[nodiscard]] std::string step_time_text(const Catalog& tr, const StepView& s);

// --- the whole panel ------------------------------------------------------------------

// The letter preview (Draft, Check, Sign, Send): a texture the app made from
// the core's letter renderer on the worker.
struct LetterPreview {
    void* texture = nullptr; // SDL_Texture*, for ImGui::Image
    int width = 0, height = 0;
    int pages = 0;
    bool rendering = false;
    std::optional<Error> error;
};

// The panel's whole state the views draw from (owned by the app), every
// page's and panel's included (pages.hpp).
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
    ReportsState reports;            // Laporan
    SurveyState survey;              // Survei Kepuasan
    SettingsState settings;          // Administrasi
    PersonalState personal;          // Detail: Data pribadi
    CapaState capa;                  // Detail: Tindakan koreksi dan pencegahan
    SpokenSummaryState summary;      // Detail: the typed summary of a spoken complaint
    LetterNumberState letter_number; // Send step: the number from the agenda surat keluar
    std::string hub_status;          // [panel] serve_hub: "Hub aktif di port 8080" or why not
    bool hub_running = false;
    std::string remote_url;   // --hub: the office's hub the panel works on
    bool hub_offline = false; // --hub: the last request did not reach it
    std::string toast;        // a short confirmation at the bottom ("Langkah dicatat")
    TimeMs toast_until = 0;
};

} // namespace keluhan::panel
