#include "kiosk_flow.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

#include <algorithm>

namespace keluhan::kiosk {
namespace {

constexpr std::size_t kCodeEntryMax = 200; // a status URL from a scanner fits
constexpr std::size_t kPinMax = 12;
constexpr std::size_t kSuggestionMax = 1000; // the core takes 2,000; a touch keyboard less

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

} // namespace

std::string_view field_name(Field f) {
    switch (f) {
    case Field::Name:
        return "name";
    case Field::Organization:
        return "organization";
    case Field::Phone:
        return "phone";
    case Field::Email:
        return "email";
    case Field::Reference:
        return "reference";
    case Field::Description:
        return "description";
    case Field::Expectation:
        return "expectation";
    case Field::Code:
        return "code";
    case Field::Pin:
        return "pin";
    case Field::Suggestion:
        return "suggestion";
    case Field::None:
        break;
    }
    return "";
}

void SurveyDraft::wipe() {
    code.reset();
    service.clear();
    scores.clear();
    for (auto& [k, v] : profile)
        text::scrub(v);
    profile.clear();
    text::scrub(suggestion);
}

KioskFlow::KioskFlow(const Office& office, FlowOptions options)
    : office_(office), options_(std::move(options)), language_(office.config.language) {}

void KioskFlow::set_language(const std::string& lang) {
    if (lang == "id" || lang == "en") language_ = lang;
}

void KioskFlow::go(Screen s) {
    screen_ = s;
    errors_.clear();
    notice_.reset();
    const auto fields = fields_of(s);
    focus_ = fields.empty() ? Field::None : fields.front();
    if (s == Screen::Identity && form_.anonymous) focus_ = Field::None;
}

std::vector<Field> KioskFlow::fields_of(Screen s) const {
    switch (s) {
    case Screen::Identity:
        return {Field::Name, Field::Organization, Field::Phone, Field::Email};
    case Screen::Service:
        return {Field::Reference};
    case Screen::Complaint:
        return {Field::Description, Field::Expectation};
    case Screen::StatusEntry:
        return {Field::Code};
    case Screen::StaffPin:
        return {Field::Pin};
    case Screen::SurveySuggestion:
        return {Field::Suggestion};
    default:
        return {};
    }
}

void KioskFlow::start_complaint() {
    if (screen_ != Screen::Welcome) return;
    form_.wipe();
    go(Screen::Channel);
}

void KioskFlow::start_status() {
    if (screen_ != Screen::Welcome) return;
    text::scrub(code_entry_);
    status_.reset();
    go(Screen::StatusEntry);
}

void KioskFlow::choose_channel(Channel c) {
    if (screen_ != Screen::Channel) return;
    if (c == Channel::Lisan && !options_.mic_available) {
        notice_ = Error{ErrorKind::Invalid, "kiosk.channel.no_mic"};
        return;
    }
    form_.channel = c;
    if (c != Channel::Lisan) clear_recording();
    go(Screen::Identity);
}

void KioskFlow::set_anonymous(bool anonymous) {
    form_.anonymous = anonymous;
    if (anonymous) {
        for (auto* s : {&form_.name, &form_.organization, &form_.phone, &form_.email})
            text::scrub(*s);
        focus_ = Field::None;
    }
    errors_.clear();
}

void KioskFlow::choose_service(const std::string& service) {
    const auto& all = office_.config.services;
    if (std::find(all.begin(), all.end(), service) == all.end()) return;
    form_.service = service;
    errors_.erase("service");
}

void KioskFlow::set_consent(bool consent) {
    form_.consent = consent;
    errors_.erase("consent");
}

int KioskFlow::step_number() const {
    switch (screen_) {
    case Screen::Channel:
        return 1;
    case Screen::Identity:
        return 2;
    case Screen::Service:
        return 3;
    case Screen::Complaint:
    case Screen::Record:
        return 4;
    case Screen::Privacy:
        return 5;
    case Screen::Review:
    case Screen::Sending:
        return 6;
    default:
        return 0;
    }
}

bool KioskFlow::validate_screen() {
    errors_.clear();
    notice_.reset();
    const Submission s = form_.submission(office_.config.device_name, false);
    std::vector<std::string> wanted;
    switch (screen_) {
    case Screen::Identity:
        wanted = {"name", "organization", "phone", "email"};
        break;
    case Screen::Service:
        if (form_.service.empty())
            errors_["service"] = Error{ErrorKind::Invalid, "kiosk.service.required"};
        wanted = {"reference"};
        break;
    case Screen::Complaint:
        wanted = {"description", "expectation"};
        break;
    case Screen::Record:
        if (form_.recording.empty()) {
            notice_ = Error{ErrorKind::Invalid, "kiosk.record.missing"};
            return false;
        }
        wanted = {"expectation"};
        break;
    case Screen::Privacy:
        wanted = {"consent"};
        break;
    default:
        break;
    }
    for (auto& fe : submission_errors(s, office_.config.limits, office_.config.services))
        if (std::find(wanted.begin(), wanted.end(), fe.field) != wanted.end() &&
            !errors_.count(fe.field))
            errors_.emplace(fe.field, std::move(fe.error));
    if (!errors_.empty()) {
        // Put the cursor where the first problem is.
        for (Field f : fields_of(screen_))
            if (errors_.count(std::string(field_name(f)))) {
                focus_ = f;
                break;
            }
        return false;
    }
    return true;
}

bool KioskFlow::next() {
    if (!validate_screen()) return false;
    switch (screen_) {
    case Screen::Channel:
        go(Screen::Identity);
        break;
    case Screen::Identity:
        go(Screen::Service);
        break;
    case Screen::Service:
        go(form_.channel == Channel::Lisan ? Screen::Record : Screen::Complaint);
        break;
    case Screen::Complaint:
    case Screen::Record:
        go(Screen::Privacy);
        break;
    case Screen::Privacy:
        go(Screen::Review);
        break;
    case Screen::StatusResult:
        go(Screen::StatusEntry);
        break;
    case Screen::SurveyService:
        question_ = 0;
        go(Screen::SurveyQuestion);
        break;
    case Screen::SurveyQuestion:
        // Every question may be left out: "Lewati" goes on.
        if (questionnaire_ && question_ + 1 < static_cast<int>(questionnaire_->elements.size())) {
            ++question_;
            go(Screen::SurveyQuestion);
        } else {
            go(Screen::SurveyProfile);
        }
        break;
    case Screen::SurveyProfile:
        go(Screen::SurveySuggestion);
        break;
    default:
        return false;
    }
    return true;
}

void KioskFlow::back() {
    switch (screen_) {
    case Screen::Channel:
        reset_to_welcome();
        break;
    case Screen::Identity:
        go(Screen::Channel);
        break;
    case Screen::Service:
        go(Screen::Identity);
        break;
    case Screen::Complaint:
    case Screen::Record:
        go(Screen::Service);
        break;
    case Screen::Privacy:
        go(form_.channel == Channel::Lisan ? Screen::Record : Screen::Complaint);
        break;
    case Screen::Review:
        go(Screen::Privacy);
        break;
    case Screen::StatusEntry:
    case Screen::StaffPin:
    case Screen::StaffMenu:
        reset_to_welcome();
        break;
    case Screen::StatusResult:
        // "Cek kode lain": a fresh code, not more typing after the old one.
        status_.reset();
        text::scrub(code_entry_);
        go(Screen::StatusEntry);
        break;
    case Screen::SurveyService:
        reset_to_welcome();
        break;
    case Screen::SurveyQuestion:
        if (question_ > 0) {
            --question_;
            go(Screen::SurveyQuestion);
        } else if (survey_.code) {
            survey_.wipe(); // back to the complaint's status, the answers dropped
            go(Screen::StatusResult);
        } else {
            go(Screen::SurveyService);
        }
        break;
    case Screen::SurveyProfile:
        if (questionnaire_ && !questionnaire_->elements.empty())
            question_ = static_cast<int>(questionnaire_->elements.size()) - 1;
        go(Screen::SurveyQuestion);
        break;
    case Screen::SurveySuggestion:
        go(Screen::SurveyProfile);
        break;
    default:
        break; // Welcome, Sending and Done have no way back
    }
}

void KioskFlow::cancel() {
    if (screen_ == Screen::Sending || screen_ == Screen::SurveySending)
        return; // a save in flight finishes first
    reset_to_welcome();
}

void KioskFlow::reset_to_welcome() {
    form_.wipe();
    survey_.wipe();
    question_ = 0;
    text::scrub(code_entry_);
    text::scrub(pin_entry_);
    errors_.clear();
    notice_.reset();
    code_.reset();
    print_ = {};
    reprints_ = 0;
    status_.reset();
    lookup_pending_ = false;
    warning_ = false;
    focus_ = Field::None;
    screen_ = Screen::Welcome;
    language_ = office_.config.language;
}

// --- text entry ----------------------------------------------------------------

void KioskFlow::focus(Field f) {
    const auto fields = fields_of(screen_);
    if (std::find(fields.begin(), fields.end(), f) != fields.end()) focus_ = f;
}

Keys KioskFlow::keys_for(Field f) const {
    switch (f) {
    case Field::Phone:
        return Keys::Phone;
    case Field::Email:
        return Keys::Email;
    case Field::Code:
        return Keys::Code;
    case Field::Pin:
        return Keys::Pin;
    case Field::None:
        return Keys::None;
    default:
        return Keys::Text;
    }
}

template <typename Self> auto* KioskFlow::buffer_of(Self& self, Field f) {
    using Ptr = decltype(&self.form_.name);
    switch (f) {
    case Field::Name:
        return &self.form_.name;
    case Field::Organization:
        return &self.form_.organization;
    case Field::Phone:
        return &self.form_.phone;
    case Field::Email:
        return &self.form_.email;
    case Field::Reference:
        return &self.form_.reference;
    case Field::Description:
        return &self.form_.description;
    case Field::Expectation:
        return &self.form_.expectation;
    case Field::Code:
        return &self.code_entry_;
    case Field::Pin:
        return &self.pin_entry_;
    case Field::Suggestion:
        return &self.survey_.suggestion;
    case Field::None:
        break;
    }
    return Ptr{nullptr};
}

const std::string& KioskFlow::value(Field f) const {
    static const std::string empty;
    const std::string* b = buffer_of(*this, f);
    return b ? *b : empty;
}

std::size_t KioskFlow::limit(Field f) const {
    const auto& l = office_.config.limits;
    switch (f) {
    case Field::Name:
        return l.name_max;
    case Field::Organization:
        return l.organization_max;
    case Field::Phone:
        return 20;
    case Field::Email:
        return 254;
    case Field::Reference:
        return l.reference_max;
    case Field::Description:
        return l.description_max;
    case Field::Expectation:
        return l.expectation_max;
    case Field::Code:
        return kCodeEntryMax;
    case Field::Pin:
        return kPinMax;
    case Field::Suggestion:
        return kSuggestionMax;
    case Field::None:
        break;
    }
    return 0;
}

void KioskFlow::type(std::string_view input) {
    std::string* b = buffer_of(*this, focus_);
    if (!b || !text::valid_utf8(input)) return;
    const Keys keys = keys_for(focus_);
    const bool multiline =
        focus_ == Field::Description || focus_ == Field::Expectation || focus_ == Field::Suggestion;
    std::size_t length = text::length(*b);
    const std::size_t max = limit(focus_);
    for (std::size_t i = 0; i < input.size();) {
        // One code point at a time.
        std::size_t n = 1;
        while (i + n < input.size() && is_continuation(static_cast<unsigned char>(input[i + n])))
            ++n;
        const std::string_view cp = input.substr(i, n);
        i += n;
        const char c = cp[0];
        bool allowed = true;
        if (cp.size() == 1) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '\n' || c == '\r')
                allowed = multiline && c == '\n';
            else if (u < 0x20 || u == 0x7F)
                allowed = false;
            else if (keys == Keys::Phone)
                allowed = (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-';
            else if (keys == Keys::Pin)
                allowed = c >= '0' && c <= '9';
            else if (keys == Keys::Email || keys == Keys::Code)
                allowed = c != ' ';
        } else if (keys == Keys::Phone || keys == Keys::Pin || keys == Keys::Code ||
                   keys == Keys::Email) {
            allowed = false; // these fields are plain ASCII
        }
        if (!allowed) continue;
        if (length >= max) {
            notice_ = Error{ErrorKind::Invalid, "kiosk.text.limit", {{"max", std::to_string(max)}}};
            return;
        }
        b->append(cp);
        ++length;
    }
    errors_.erase(std::string(field_name(focus_)));
}

void KioskFlow::backspace() {
    std::string* b = buffer_of(*this, focus_);
    if (!b || b->empty()) return;
    std::size_t n = b->size() - 1;
    while (n > 0 && is_continuation(static_cast<unsigned char>((*b)[n])))
        --n;
    b->erase(n);
    notice_.reset();
}

void KioskFlow::enter() {
    const auto fields = fields_of(screen_);
    const auto it = std::find(fields.begin(), fields.end(), focus_);
    if (it != fields.end() && it + 1 != fields.end()) focus_ = *(it + 1);
}

const Error* KioskFlow::field_error(std::string_view field) const {
    const auto it = errors_.find(field);
    return it == errors_.end() ? nullptr : &it->second;
}

const Error* KioskFlow::field_error(Field f) const {
    return field_error(field_name(f));
}

// --- sending -----------------------------------------------------------------------

std::optional<Submission> KioskFlow::begin_send(TimeMs now) {
    if (screen_ != Screen::Review) return std::nullopt;
    Submission s = form_.submission(office_.config.device_name, true);
    s.language = language_; // what the office sends them is in the language they used here
    if (auto st = validate_submission(s, office_.config.limits, office_.config.services); !st) {
        notice_ = st.error();
        return std::nullopt;
    }
    screen_ = Screen::Sending;
    notice_.reset();
    last_touch_ = now;
    return s;
}

void KioskFlow::send_done(const Result<Submitted>& result, TimeMs now) {
    if (screen_ != Screen::Sending) return;
    if (!result) {
        // Nothing is lost: back to the review with everything still filled in.
        screen_ = Screen::Review;
        notice_ = result.error();
        last_touch_ = now;
        return;
    }
    code_ = result->code;
    form_.wipe(); // stored now; the screen needs only the code
    print_ = {};
    reprints_ = 0;
    done_since_ = now;
    go(Screen::Done);
}

bool KioskFlow::request_reprint() {
    if (screen_ != Screen::Done || reprints_ >= options_.reprint_limit) return false;
    ++reprints_;
    return true;
}

// --- status check ---------------------------------------------------------------------

std::optional<TrackingCode> KioskFlow::begin_lookup() {
    if (screen_ != Screen::StatusEntry || lookup_pending_) return std::nullopt;
    errors_.clear();
    notice_.reset();
    auto code = TrackingCode::from_scan(code_entry_);
    if (!code) {
        errors_["code"] = code.error();
        return std::nullopt;
    }
    lookup_pending_ = true;
    return *code;
}

void KioskFlow::lookup_done(const Result<VisitorStatus>& result, TimeMs copy_of) {
    lookup_pending_ = false;
    if (screen_ != Screen::StatusEntry) return;
    if (!result) {
        if (result.error().kind == ErrorKind::NotFound)
            errors_["code"] = Error{ErrorKind::NotFound, "kiosk.status.unknown"};
        else
            notice_ = result.error();
        return;
    }
    status_ = *result;
    status_copy_of_ = copy_of;
    go(Screen::StatusResult);
}

// --- satisfaction survey ------------------------------------------------------------------

void KioskFlow::start_survey() {
    if (screen_ != Screen::Welcome || !questionnaire_) return;
    survey_.wipe();
    question_ = 0;
    go(Screen::SurveyService);
}

void KioskFlow::start_survey_for_status() {
    if (screen_ != Screen::StatusResult || !questionnaire_ || !status_ ||
        status_->status != ComplaintStatus::Closed)
        return;
    auto code = TrackingCode::parse(status_->code);
    if (!code) return;
    survey_.wipe();
    survey_.code = *code;
    question_ = 0;
    go(Screen::SurveyQuestion);
}

void KioskFlow::choose_survey_service(const std::string& service) {
    if (screen_ != Screen::SurveyService) return;
    const auto& all = office_.config.services;
    if (std::find(all.begin(), all.end(), service) == all.end()) return;
    survey_.service = survey_.service == service ? std::string() : service;
}

void KioskFlow::answer(int score) {
    if (screen_ != Screen::SurveyQuestion || !questionnaire_ || score < 1 || score > 4) return;
    if (question_ < 0 || question_ >= static_cast<int>(questionnaire_->elements.size())) return;
    survey_.scores[questionnaire_->elements[static_cast<std::size_t>(question_)].id] = score;
    (void)next();
}

void KioskFlow::set_profile(const std::string& field, const std::string& option) {
    if (screen_ != Screen::SurveyProfile || !questionnaire_) return;
    const SkmProfileField* f = questionnaire_->field(field);
    if (!f || std::none_of(f->options.begin(), f->options.end(),
                           [&](const SkmText& o) { return o.id == option; }))
        return;
    const auto it = survey_.profile.find(field);
    if (it != survey_.profile.end() && it->second == option)
        survey_.profile.erase(it);
    else
        survey_.profile[field] = option;
}

std::optional<SkmSubmission> KioskFlow::begin_survey_send(TimeMs now, bool for_hub) {
    if (screen_ != Screen::SurveySuggestion) return std::nullopt;
    notice_.reset();
    if (survey_.scores.empty()) {
        notice_ = Error{ErrorKind::Invalid, "kiosk.survey.none"};
        return std::nullopt;
    }
    SkmSubmission s;
    s.code = survey_.code;
    s.service = survey_.service;
    // In the questionnaire's order.
    for (const auto& e : questionnaire_->elements)
        if (auto it = survey_.scores.find(e.id); it != survey_.scores.end())
            s.scores.emplace_back(e.id, it->second);
    for (const auto& [k, v] : survey_.profile)
        s.profile.emplace_back(k, v);
    s.suggestion = survey_.suggestion;
    s.origin = office_.config.device_name;
    s.for_hub = for_hub;
    screen_ = Screen::SurveySending;
    focus_ = Field::None;
    last_touch_ = now;
    return s;
}

void KioskFlow::survey_done(const Result<std::string>& result, TimeMs now) {
    if (screen_ != Screen::SurveySending) return;
    last_touch_ = now;
    if (!result) {
        screen_ = Screen::SurveySuggestion;
        focus_ = Field::Suggestion;
        notice_ = result.error();
        return;
    }
    survey_.wipe();
    question_ = 0;
    done_since_ = now;
    go(Screen::SurveyDone);
}

// --- recording ----------------------------------------------------------------------------

void KioskFlow::recording_done(std::vector<std::uint8_t> wav, double seconds) {
    clear_recording();
    form_.recording = std::move(wav);
    form_.recording_seconds = seconds;
    notice_.reset();
}

void KioskFlow::clear_recording() {
    std::fill(form_.recording.begin(), form_.recording.end(), std::uint8_t{0});
    form_.recording.clear();
    form_.recording_seconds = 0;
}

// --- time ----------------------------------------------------------------------------------

void KioskFlow::touched(TimeMs now) {
    last_touch_ = now;
    warning_ = false;
    if (screen_ == Screen::Done || screen_ == Screen::SurveyDone) done_since_ = now;
}

void KioskFlow::keep_going(TimeMs now) {
    touched(now);
}

void KioskFlow::tick(TimeMs now) {
    switch (screen_) {
    case Screen::Welcome:
    case Screen::Sending:
    case Screen::SurveySending:
        return;
    case Screen::Done:
    case Screen::SurveyDone:
        if (now - done_since_ >= options_.done_seconds * 1000LL) reset_to_welcome();
        return;
    default:
        break;
    }
    if (!warning_ && now - last_touch_ >= options_.idle_seconds * 1000LL) {
        warning_ = true;
        warning_since_ = now;
    }
    if (warning_ && now - warning_since_ >= options_.warning_seconds * 1000LL) reset_to_welcome();
}

int KioskFlow::warning_seconds_left(TimeMs now) const {
    if (!warning_) return 0;
    const auto left = options_.warning_seconds * 1000LL - (now - warning_since_);
    return static_cast<int>(std::max<TimeMs>(0, (left + 999) / 1000));
}

int KioskFlow::done_seconds_left(TimeMs now) const {
    if (screen_ != Screen::Done && screen_ != Screen::SurveyDone) return 0;
    const auto left = options_.done_seconds * 1000LL - (now - done_since_);
    return static_cast<int>(std::max<TimeMs>(0, (left + 999) / 1000));
}

std::optional<TimeMs> KioskFlow::next_deadline(TimeMs now) const {
    // A visible countdown needs a frame every second, on the second.
    auto next_second = [&](TimeMs since) { return now + 1000 - ((now - since) % 1000); };
    switch (screen_) {
    case Screen::Welcome:
    case Screen::Sending:
    case Screen::SurveySending:
        return std::nullopt;
    case Screen::Done:
    case Screen::SurveyDone:
        return next_second(done_since_);
    default:
        break;
    }
    if (warning_) return next_second(warning_since_);
    return last_touch_ + options_.idle_seconds * 1000LL;
}

// --- staff --------------------------------------------------------------------------------------

void KioskFlow::secret_tap(TimeMs now) {
    if (screen_ != Screen::Welcome || options_.admin_pin.empty() || now < pin_locked_until_) return;
    secret_taps_.erase(std::remove_if(secret_taps_.begin(), secret_taps_.end(),
                                      [&](TimeMs t) { return now - t > 3000; }),
                       secret_taps_.end());
    secret_taps_.push_back(now);
    if (secret_taps_.size() >= 5) {
        secret_taps_.clear();
        text::scrub(pin_entry_);
        last_touch_ = now;
        go(Screen::StaffPin);
    }
}

void KioskFlow::submit_pin(TimeMs now) {
    if (screen_ != Screen::StaffPin) return;
    if (!pin_entry_.empty() && pin_entry_ == options_.admin_pin) {
        pin_failures_ = 0;
        text::scrub(pin_entry_);
        go(Screen::StaffMenu);
        return;
    }
    text::scrub(pin_entry_);
    if (++pin_failures_ >= 3) {
        pin_failures_ = 0;
        pin_locked_until_ = now + 60'000;
        reset_to_welcome();
        return;
    }
    errors_["pin"] = Error{ErrorKind::Denied, "kiosk.pin.wrong"};
}

} // namespace keluhan::kiosk
