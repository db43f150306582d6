// The kiosk's flow: which screen shows, what the visitor has entered, what
// is wrong with it, and the timers (idle, "Masih di sana?", the done screen's
// countdown). No ImGui and no SDL here: every screen is a view over this
// object, and the tests drive it directly.
//
// Time is passed in (`now`, milliseconds) so tests control it.
#pragma once

#include "keluhan/domain/draft.hpp"
#include "keluhan/domain/printing.hpp"
#include "keluhan/domain/skm.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/ops/workflow.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keluhan::kiosk {

enum class Screen {
    Welcome,
    Channel,     // tertulis or lisan
    Identity,    // name, organization, phone, email, or anonymous
    Service,     // service concerned and optional order/report number
    Complaint,   // tertulis: the complaint and the expectation
    Record,      // lisan: record, stop, play back, record again
    Privacy,     // notice and consent
    Review,      // check, then send
    Sending,     // saving (on a worker thread)
    Done,        // code, QR, printing state
    StatusEntry, // type or scan a code
    StatusResult,
    StaffPin,
    StaffMenu,
    // The satisfaction survey (SKM): the service (walk-in only), one
    // question per screen, the profile, the suggestion, saving, thanks.
    SurveyService,
    SurveyQuestion,
    SurveyProfile,
    SurveySuggestion,
    SurveySending,
    SurveyDone,
};

enum class Field {
    None,
    Name,
    Organization,
    Phone,
    Email,
    Reference,
    Description,
    Expectation,
    Code,
    Pin,
    Suggestion
};
// Which on-screen keyboard a field wants.
enum class Keys { None, Text, Email, Phone, Code, Pin };

[[nodiscard]] std::string_view field_name(Field f); // "name", "phone", ... (as validate.hpp uses)

struct FlowOptions {
    int idle_seconds = 60;
    int warning_seconds = 30;
    int done_seconds = 60;
    int reprint_limit = 2;
    std::string admin_pin; // "" = staff exit disabled
    bool mic_available = true;
};

// The receipt's print as the done screen shows it (filled in by the app
// from the print service): no state before it is asked for, Queued until
// the print service reports its end.
// What a respondent has given so far; wiped like the form.
struct SurveyDraft {
    std::optional<TrackingCode> code;               // a closed complaint's, from Cek Status
    std::string service;                            // walk-in: chosen (or left out)
    std::map<std::string, int, std::less<>> scores; // element id -> 1..4
    std::map<std::string, std::string, std::less<>> profile; // field id -> option (id text)
    std::string suggestion;
    void wipe();
};

struct ReceiptPrint {
    std::optional<PrintState> state;
    std::string message; // i18n key of the words for the visitor
};

class KioskFlow {
  public:
    KioskFlow(const Office& office, FlowOptions options);

    [[nodiscard]] Screen screen() const { return screen_; }
    // What the visitor has entered; wiped when they leave or the idle
    // timeout strikes.
    [[nodiscard]] const ComplaintDraft& form() const { return form_; }
    [[nodiscard]] const std::string& language() const { return language_; }
    void set_language(const std::string& lang);

    // --- navigation ----------------------------------------------------
    void start_complaint();
    void start_status();
    // Lisan without a microphone is refused: notice() says to ask at the desk.
    void choose_channel(Channel c);
    void set_anonymous(bool anonymous);
    void choose_service(const std::string& service);
    void set_consent(bool consent);
    // Validates the current screen; false (with field errors) when it cannot go on.
    bool next();
    void back();
    // Leaves whatever is going on, wipes the form, back to Welcome.
    void cancel();
    // 1-based position in the submission steps and their count (0 outside them).
    [[nodiscard]] int step_number() const;
    [[nodiscard]] int step_count() const { return 6; }

    // --- text entry ------------------------------------------------------
    void focus(Field f);
    [[nodiscard]] Field focused() const { return focus_; }
    [[nodiscard]] Keys keys_for(Field f) const;
    // Appends to the focused field, within its limit and character set. A
    // refused part sets a notice (e.g. the limit) and is dropped; never a crash.
    void type(std::string_view utf8);
    void backspace();
    // The Enter key: moves to the next field of the screen (the app looks the
    // code up on StatusEntry).
    void enter();
    [[nodiscard]] const std::string& value(Field f) const;
    [[nodiscard]] std::size_t limit(Field f) const;

    // --- messages ---------------------------------------------------------
    // The error shown next to a field, if any.
    [[nodiscard]] const Error* field_error(Field f) const;
    [[nodiscard]] const Error* field_error(std::string_view field) const;
    // A calm message for the whole screen (database busy, limit reached,
    // no microphone...), cleared by the next action.
    [[nodiscard]] const std::optional<Error>& notice() const { return notice_; }
    void set_notice(Error e) { notice_ = std::move(e); }

    // --- sending ------------------------------------------------------------
    // Review -> Sending, handing out the submission exactly once: a second
    // tap, a double tap or a touch bounce gets nullopt.
    [[nodiscard]] std::optional<Submission> begin_send(TimeMs now);
    // The worker's answer: Done with the code, or back to Review with a calm
    // message and everything still filled in.
    void send_done(const Result<Submitted>& result, TimeMs now);
    [[nodiscard]] const std::optional<TrackingCode>& receipt_code() const { return code_; }
    [[nodiscard]] const ReceiptPrint& receipt_print() const { return print_; }
    void set_receipt_print(ReceiptPrint p) { print_ = std::move(p); }
    // "Receipt did not come out? Print again": true when allowed (limit).
    [[nodiscard]] bool request_reprint();
    [[nodiscard]] int reprints_left() const { return options_.reprint_limit - reprints_; }

    // --- status check ---------------------------------------------------------
    // Parses the entry (bare code or status URL); sets the field error when it
    // is not a valid code.
    [[nodiscard]] std::optional<TrackingCode> begin_lookup();
    [[nodiscard]] bool lookup_pending() const { return lookup_pending_; }
    // `copy_of`: when the answer came from the kiosk's copy of the hub's
    // status, the time that copy was fetched (the screen says "Status per
    // <time>"); 0 when it is the kiosk's own record or the hub's answer just
    // now. NotFound becomes the code's field error ("not found"); any other
    // refusal (a hub away, a busy database) the screen's calm notice.
    void lookup_done(const Result<VisitorStatus>& result, TimeMs copy_of = 0);
    [[nodiscard]] const std::optional<VisitorStatus>& status_result() const { return status_; }
    [[nodiscard]] TimeMs status_copy_of() const { return status_copy_of_; }

    // --- recording --------------------------------------------------------------
    void recording_done(std::vector<std::uint8_t> wav, double seconds);
    void clear_recording();
    [[nodiscard]] bool mic_available() const { return options_.mic_available; }
    void set_mic_available(bool available) { options_.mic_available = available; }

    // --- time -------------------------------------------------------------------
    void touched(TimeMs now);
    // Runs the timers; call before each frame.
    void tick(TimeMs now);
    [[nodiscard]] bool idle_warning() const { return warning_; }
    [[nodiscard]] int warning_seconds_left(TimeMs now) const;
    [[nodiscard]] int done_seconds_left(TimeMs now) const;
    // "Ya, lanjutkan" on the idle question.
    void keep_going(TimeMs now);
    // The next moment a timer needs a frame, if any.
    [[nodiscard]] std::optional<TimeMs> next_deadline(TimeMs now) const;

    // --- satisfaction survey -------------------------------------------------
    // The office's questionnaire (none: the kiosk offers no survey).
    void set_questionnaire(std::optional<SkmQuestionnaire> q) { questionnaire_ = std::move(q); }
    [[nodiscard]] const SkmQuestionnaire* questionnaire() const {
        return questionnaire_ ? &*questionnaire_ : nullptr;
    }
    // From Welcome: a walk-in response, service first.
    void start_survey();
    // From Cek Status, for a closed complaint: its questions at once (the
    // hub takes the complaint's service). Nothing when it is not closed.
    void start_survey_for_status();
    [[nodiscard]] const SurveyDraft& survey() const { return survey_; }
    // The question shown (0-based) on SurveyQuestion.
    [[nodiscard]] int survey_question() const { return question_; }
    void choose_survey_service(const std::string& service); // tapping it again clears it
    // The answer to the question shown (1..4), then the next question.
    void answer(int score);
    // A profile option; tapping the chosen one again clears it.
    void set_profile(const std::string& field, const std::string& option);
    // SurveySuggestion -> SurveySending, once; nullopt (with a notice) when
    // no question was answered. `for_hub`: queued for the hub (a kiosk that syncs).
    [[nodiscard]] std::optional<SkmSubmission> begin_survey_send(TimeMs now, bool for_hub);
    // The worker's answer: thanks (the draft wiped), or back with the message.
    void survey_done(const Result<std::string>& result, TimeMs now);

    // --- staff --------------------------------------------------------------------
    // Taps on the hidden corner: five within three seconds open the PIN pad.
    void secret_tap(TimeMs now);
    // The PIN pad's OK: the staff menu when right; three wrong tries lock the
    // pad for a minute and go back to Welcome.
    void submit_pin(TimeMs now);
    [[nodiscard]] bool exit_requested() const { return exit_; }
    void request_exit() { exit_ = screen_ == Screen::StaffMenu; }

  private:
    void go(Screen s);
    void reset_to_welcome();
    bool validate_screen();
    template <typename Self> static auto* buffer_of(Self& self, Field f);
    [[nodiscard]] std::vector<Field> fields_of(Screen s) const;

    const Office& office_;
    FlowOptions options_;
    Screen screen_ = Screen::Welcome;
    std::string language_;
    ComplaintDraft form_;
    std::string code_entry_, pin_entry_;
    std::optional<SkmQuestionnaire> questionnaire_;
    SurveyDraft survey_;
    int question_ = 0;
    Field focus_ = Field::None;
    std::map<std::string, Error, std::less<>> errors_;
    std::optional<Error> notice_;
    std::optional<TrackingCode> code_;
    ReceiptPrint print_;
    int reprints_ = 0;
    bool lookup_pending_ = false;
    std::optional<VisitorStatus> status_;
    TimeMs status_copy_of_ = 0;
    TimeMs last_touch_ = 0;
    TimeMs warning_since_ = 0;
    bool warning_ = false;
    TimeMs done_since_ = 0;
    std::vector<TimeMs> secret_taps_;
    int pin_failures_ = 0;
    TimeMs pin_locked_until_ = 0;
    bool exit_ = false;
};

} // namespace keluhan::kiosk
