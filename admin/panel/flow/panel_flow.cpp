#include "panel_flow.hpp"

#include "keluhan/domain/validate.hpp"
#include "keluhan/ops/report.hpp"

#include <algorithm>

namespace keluhan::panel {

// --- session ------------------------------------------------------------------

void Session::sign_in(User u, TimeMs now) {
    user_ = std::move(u);
    locked_ = expired_ = false;
    last_input_ = now;
}

void Session::sign_out() {
    user_.reset();
    locked_ = expired_ = false;
}

void Session::input(TimeMs now) {
    if (!locked_) last_input_ = now;
}

void Session::tick(TimeMs now) {
    if (user_ && !locked_ && now - last_input_ >= idle_ms_) locked_ = true;
}

std::optional<TimeMs> Session::lock_at() const {
    if (!user_ || locked_) return std::nullopt;
    return last_input_ + idle_ms_;
}

void Session::unlock(TimeMs now) {
    locked_ = expired_ = false;
    last_input_ = now;
}

// --- login ----------------------------------------------------------------------

std::optional<Error> LoginForm::check() const {
    if (name.empty() || password.empty()) return Error{ErrorKind::Invalid, "err.admin.login_empty"};
    return std::nullopt;
}

void LoginForm::wipe_password() {
    std::fill(password.begin(), password.end(), '\0');
    password.clear();
}

// --- the register -----------------------------------------------------------------

Result<ListQuery> RegisterFilter::query(const Config& cfg, TimeMs now) const {
    ListQuery q;
    q.now = now;
    if (status == 1) q.status = ComplaintStatus::Open;
    if (status == 2) q.status = ComplaintStatus::Closed;
    if (service > 0 && static_cast<std::size_t>(service) <= cfg.services.size())
        q.service = cfg.services[static_cast<std::size_t>(service - 1)];
    if (channel == 1) q.channel = Channel::Tertulis;
    if (channel == 2) q.channel = Channel::Lisan;
    if (channel == 3) q.channel = Channel::Elektronik;
    for (auto [typed, out, add_day] : {std::tuple{&from, &q.from, 0}, std::tuple{&to, &q.to, 1}}) {
        if (typed->empty()) continue;
        auto d = parse_date(*typed);
        if (!d) return d.error();
        *out = cfg.calendar.from_local(civil_from_days(days_from_civil(*d) + add_day), 0);
    }
    q.overdue_only = overdue;
    q.text = text;
    q.sort = sort;
    return q;
}

RegisterRow RegisterRow::from(const Complaint& c) {
    RegisterRow r;
    r.seq = c.seq;
    const auto tc = TrackingCode::parse(c.code);
    r.code = tc ? tc->grouped() : c.code;
    r.register_number = c.register_number;
    r.created_at = c.created_at;
    r.anonymous = c.complainant.anonymous;
    r.name = c.complainant.name;
    r.service = c.service;
    r.channel = c.channel;
    r.current_step = c.current_step;
    r.due_at = c.due_at;
    r.status = c.status;
    return r;
}

void RegisterPager::reset(ListQuery q) {
    query_ = std::move(q);
    ++generation_;
    after_.assign(1, std::nullopt);
    pages_.clear();
    last_page_ = -1;
    known_rows_ = 0;
    in_flight_ = false;
    view_first_page_ = view_last_page_ = 0;
    total_.reset();
    error_.reset();
}

std::optional<RegisterPager::Request> RegisterPager::want(int first, int last) {
    view_first_page_ = std::max(0, first) / kPageRows;
    view_last_page_ = std::max(0, last - 1) / kPageRows;
    if (generation_ == 0 || in_flight_ || error_) return std::nullopt;
    for (int p = view_first_page_; p <= view_last_page_; ++p) {
        if (last_page_ >= 0 && p > last_page_) break;
        if (pages_.count(p)) continue;
        // The page's cursor is known: fetch it. Otherwise stream forward
        // from the frontier (the first page whose start is known but not loaded).
        int fetch = p;
        if (static_cast<std::size_t>(p) >= after_.size())
            fetch = static_cast<int>(after_.size()) - 1;
        while (fetch < p && pages_.count(fetch))
            ++fetch;
        if (static_cast<std::size_t>(fetch) >= after_.size()) return std::nullopt;
        Request r;
        r.generation = generation_;
        r.page = fetch;
        r.query = query_;
        r.query.limit = kPageRows;
        r.query.after = after_[static_cast<std::size_t>(fetch)];
        in_flight_ = true;
        return r;
    }
    return std::nullopt;
}

void RegisterPager::loaded(std::uint64_t generation, int page, std::vector<RegisterRow> rows,
                           std::optional<std::string> next) {
    if (generation != generation_) return;
    in_flight_ = false;
    const auto n = static_cast<int>(rows.size());
    if (static_cast<std::size_t>(page + 1) >= after_.size()) {
        after_.resize(static_cast<std::size_t>(page) + 2);
        known_rows_ = page * kPageRows + n;
    }
    if (next)
        after_[static_cast<std::size_t>(page) + 1] = std::move(next);
    else {
        last_page_ = page;
        after_.resize(static_cast<std::size_t>(page) + 1);
        known_rows_ = page * kPageRows + n;
        if (!total_) total_ = known_rows_;
    }
    pages_[page] = std::move(rows);
    // Keep the pages nearest the view.
    while (pages_.size() > kCachedPages) {
        auto far = pages_.begin();
        int far_d = -1;
        for (auto it = pages_.begin(); it != pages_.end(); ++it) {
            const int d = it->first < view_first_page_  ? view_first_page_ - it->first
                          : it->first > view_last_page_ ? it->first - view_last_page_
                                                        : 0;
            if (d > far_d) {
                far_d = d;
                far = it;
            }
        }
        pages_.erase(far);
    }
}

void RegisterPager::failed(std::uint64_t generation, Error e) {
    if (generation != generation_) return;
    in_flight_ = false;
    error_ = std::move(e);
}

void RegisterPager::counted(std::uint64_t generation, std::int64_t total) {
    if (generation == generation_) total_ = total;
}

const RegisterRow* RegisterPager::row(int i) const {
    if (i < 0) return nullptr;
    auto it = pages_.find(i / kPageRows);
    if (it == pages_.end()) return nullptr;
    const auto k = static_cast<std::size_t>(i % kPageRows);
    return k < it->second.size() ? &it->second[k] : nullptr;
}

int RegisterPager::rows() const {
    if (total_) return static_cast<int>(std::min<std::int64_t>(*total_, 1 << 30));
    if (last_page_ >= 0) return known_rows_;
    return known_rows_ + kPageRows;
}

// --- actions --------------------------------------------------------------------

std::string origin_text(const Catalog& tr, const std::string& origin) {
    if (origin.empty()) return "-";
    const std::string device = origin_kind(origin) == OriginKind::Desk
                                   ? origin.substr(std::string("admin-").size())
                                   : origin;
    return tr.tr(origin_key(origin), {{"device", device}});
}

namespace {
std::string minutes_text(const Catalog& tr, std::int64_t minutes) {
    return format_working_minutes(tr, static_cast<double>(minutes));
}
} // namespace

std::string standard_text(const Catalog& tr, const Duration& d) {
    if (d.unit == Duration::Unit::Days)
        return tr.tr("admin.time.days", {{"n", std::to_string(d.amount)}});
    return minutes_text(tr, d.amount);
}

std::string step_time_text(const Catalog& tr, const StepView& s) {
    const Duration& standard = s.step->standard_time;
    if (standard.unit != Duration::Unit::Days || standard.amount <= 0 || s.standard_minutes <= 0)
        return minutes_text(tr, s.working_minutes);
    // A working day as long as the office's calendar made this step's days.
    const std::int64_t day = std::max<std::int64_t>(1, s.standard_minutes / standard.amount);
    const std::int64_t days = s.working_minutes / day;
    if (days == 0) return minutes_text(tr, s.working_minutes);
    const std::int64_t hours = (s.working_minutes % day) / 60;
    if (hours == 0) return tr.tr("admin.time.days", {{"n", std::to_string(days)}});
    return tr.tr("admin.time.days_hours",
                 {{"d", std::to_string(days)}, {"h", std::to_string(hours)}});
}

std::string send_note(SendMethod m, const std::string& note, const Catalog& tr) {
    std::string how;
    switch (m) {
    case SendMethod::Printed:
        how = tr.tr("admin.send.printed");
        break;
    case SendMethod::Handed:
        how = tr.tr("admin.send.handed");
        break;
    case SendMethod::Post:
        how = tr.tr("admin.send.post");
        break;
    case SendMethod::Email:
        how = tr.tr("admin.send.email");
        break;
    }
    return note.empty() ? how : how + ". " + note;
}

Result<AdvanceRequest> action_request(const ActionForm& f, const SopStep& step, const User& user,
                                      const Config& cfg) {
    return step_request(StepInput{f.note, f.letter, f.send_back, f.on_behalf, f.function}, step,
                        user, cfg);
}

// --- desk -----------------------------------------------------------------------

Submission DeskForm::submission(const Config& cfg, const std::string& origin) const {
    ComplaintDraft d = draft;
    d.channel = Channel::Lisan;
    d.service.clear();
    if (service >= 0 && static_cast<std::size_t>(service) < cfg.services.size())
        d.service = cfg.services[static_cast<std::size_t>(service)];
    auto s = d.submission(origin);
    d.wipe(); // the copy's personal data goes too
    return s;
}

bool DeskForm::check(const Config& cfg) {
    errors = submission_errors(submission(cfg, "admin-desk"), cfg.limits, cfg.services);
    // No service chosen yet: say so, not that "" is unknown.
    if (service < 0)
        for (auto& e : errors)
            if (e.field == "service")
                e.error =
                    Error{ErrorKind::Invalid, "err.text.required", {{"field", "field.service"}}};
    return errors.empty();
}

const Error* DeskForm::error_for(std::string_view field) const {
    for (const auto& e : errors)
        if (e.field == field) return &e.error;
    return nullptr;
}

void DeskForm::clear() {
    draft.wipe();
    *this = DeskForm{};
}

// --- tasks ------------------------------------------------------------------------

} // namespace keluhan::panel
