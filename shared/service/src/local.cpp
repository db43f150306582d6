#include "keluhan/service/local.hpp"

#include "keluhan/domain/access.hpp"
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/users.hpp"

namespace keluhan {

Error no_session() {
    return Error{ErrorKind::Denied, "err.session.none"};
}

AccountChange AccountChange::add(std::string name, std::string display_name, Role role,
                                 std::string password) {
    AccountChange c;
    c.kind = Kind::Add;
    c.name = std::move(name);
    c.display_name = std::move(display_name);
    c.role = role;
    c.password = std::move(password);
    return c;
}
AccountChange AccountChange::set_role(std::string name, Role role) {
    AccountChange c;
    c.kind = Kind::Role;
    c.name = std::move(name);
    c.role = role;
    return c;
}
AccountChange AccountChange::set_active(std::string name, bool active) {
    AccountChange c;
    c.kind = Kind::Active;
    c.name = std::move(name);
    c.active = active;
    return c;
}
AccountChange AccountChange::set_function(std::string name, std::string function) {
    AccountChange c;
    c.kind = Kind::Function;
    c.name = std::move(name);
    c.function = std::move(function);
    return c;
}
AccountChange AccountChange::set_password(std::string name, std::string password) {
    AccountChange c;
    c.kind = Kind::Password;
    c.name = std::move(name);
    c.password = std::move(password);
    return c;
}

namespace {

// Without Permission::ViewPersonalData the complainant is not sent at all.
void hide_personal(const User& u, Complaint& c) {
    if (has_permission(u.role, Permission::ViewPersonalData)) return;
    const bool anonymous = c.complainant.anonymous;
    c.complainant = Complainant{};
    c.complainant.anonymous = anonymous;
}

} // namespace

LocalService::LocalService(Store& store, const Office& office) : store_(store), office_(office) {}

LocalService::LocalService(Store& store, const Office& office, User user)
    : store_(store), office_(office), user_(std::move(user)) {}

Result<User> LocalService::user() const {
    std::lock_guard lock(mu_);
    if (!user_) return no_session();
    return *user_;
}

Result<User> LocalService::sign_in(const std::string& name, std::string_view password) {
    auto u = login(store_, office_.config.auth, office_.config.calendar, name, password);
    std::lock_guard lock(mu_);
    if (u)
        user_ = *u;
    else
        user_.reset();
    return u;
}

void LocalService::sign_out() {
    std::lock_guard lock(mu_);
    user_.reset();
}

Result<User> LocalService::me() {
    auto u = user();
    if (!u) return u;
    auto found = store_.find_user(u->name);
    if (!found) return found.error();
    if (!found->first.active)
        return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", u->name}}};
    return found->first;
}

Result<ListPage> LocalService::list(const ListQuery& q) {
    auto u = user();
    if (!u) return u.error();
    auto page = store_.list(q);
    if (page)
        for (auto& c : page->rows)
            hide_personal(*u, c);
    return page;
}

Result<std::int64_t> LocalService::count(const ListQuery& q) {
    if (auto u = user(); !u) return u.error();
    return store_.count(q);
}

Result<ComplaintDetail> LocalService::detail(const TrackingCode& code) {
    auto u = user();
    if (!u) return u.error();
    auto c = store_.find_by_code(code);
    if (!c) return c.error();
    ComplaintDetail d;
    d.complaint = std::move(c).value();
    hide_personal(*u, d.complaint);
    auto events = store_.events(d.complaint.seq);
    if (!events) return events.error();
    d.events = std::move(events).value();
    auto files = store_.attachments(d.complaint.seq, false);
    if (!files) return files.error();
    d.attachments = std::move(files).value();
    auto capa = store_.capa(d.complaint.seq);
    if (!capa) return capa.error();
    d.capa = std::move(capa).value();
    d.letter_signer = letter_signer(store_, office_, d.events);
    auto notices = store_.notices_of(d.complaint.seq);
    if (!notices) return notices.error();
    d.notices = std::move(notices).value();
    if (!has_permission(u->role, Permission::ViewPersonalData))
        for (auto& n : d.notices)
            if (!n.error.empty()) n.error = "-";
    auto named = [&](const std::string& user) {
        if (user.empty() || user == "pelanggan") return;
        for (const auto& n : d.names)
            if (n.first == user) return;
        if (auto found = store_.find_user(user))
            d.names.emplace_back(user, found->first.display_name);
    };
    for (const auto& e : d.events)
        named(e.actor);
    if (d.capa) named(d.capa->updated_by);
    return d;
}

Result<Attachment> LocalService::attachment(const TrackingCode& code, std::int64_t id) {
    if (auto u = user(); !u) return u.error();
    auto c = store_.find_by_code(code);
    if (!c) return c.error();
    auto files = store_.attachments(c->seq, true);
    if (!files) return files.error();
    for (auto& a : *files)
        if (a.id == id) return std::move(a);
    return Error{ErrorKind::NotFound,
                 "err.attachment.none",
                 {{"code", code.grouped()}, {"id", std::to_string(id)}}};
}

Result<Complaint> LocalService::advance(const TrackingCode& code, const AdvanceRequest& req) {
    auto u = user();
    if (!u) return u.error();
    auto c = advance_complaint(store_, office_, *u, code, req);
    if (c) hide_personal(*u, *c);
    return c;
}

Result<Capa> LocalService::save_capa(const TrackingCode& code, const Capa& values,
                                     std::optional<Role> on_behalf_of) {
    auto u = user();
    if (!u) return u.error();
    return keluhan::save_capa(store_, office_, *u, code, values, on_behalf_of);
}

Result<Complaint> LocalService::record_spoken_summary(const TrackingCode& code,
                                                      const std::string& text) {
    auto u = user();
    if (!u) return u.error();
    auto c = keluhan::record_spoken_summary(store_, office_, *u, code, text);
    if (c) hide_personal(*u, *c);
    return c;
}

Result<Complaint> LocalService::record_letter_number(const TrackingCode& code,
                                                     const std::string& number) {
    auto u = user();
    if (!u) return u.error();
    auto c = keluhan::record_letter_number(store_, office_, *u, code, number);
    if (c) hide_personal(*u, *c);
    return c;
}

Result<Submitted> LocalService::submit(const Submission& s) {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::SubmitAtDesk); !st) return st.error();
    return submit_complaint(store_, office_, s);
}

Result<PrintJob> LocalService::record_print(const TrackingCode& code, PrintDocument document) {
    auto u = user();
    if (!u) return u.error();
    // A receipt: the desk that takes complaints or reprints them; a letter:
    // an official working the SOP.
    if (document == PrintDocument::TandaTerima) {
        if (!require(*u, Permission::SubmitAtDesk))
            if (auto st = require(*u, Permission::Reprint); !st) return st.error();
    } else if (auto st = require(*u, Permission::AdvanceSteps); !st) {
        return st.error();
    }
    auto c = store_.find_by_code(code);
    if (!c) return c.error();
    return store_.add_print_job(c->seq, document, u->name, false,
                                office_.config.printer.reprint_limit);
}

Result<PrintJob> LocalService::update_print(const PrintJob& job) {
    auto u = user();
    if (!u) return u.error();
    auto stored = store_.print_job(job.id);
    if (!stored) return stored.error();
    if (stored->requested_by != u->name)
        return Error{ErrorKind::Denied,
                     "err.print.not_yours",
                     {{"id", std::to_string(job.id)}, {"name", stored->requested_by}}};
    // An ended print stays as it ended (told twice, the same end is no
    // change); a refusal is never recorded.
    if (finished(stored->state) && stored->state == job.state &&
        stored->cups_job_id == job.cups_job_id && stored->file == job.file)
        return stored;
    if (finished(stored->state) || job.state == PrintState::Refused)
        return Error{
            ErrorKind::Conflict,
            "err.print.job_finished",
            {{"id", std::to_string(job.id)}, {"state", std::string(to_string(stored->state))}}};
    // Only how it went; what was printed, for whom and by whom stay.
    PrintJob next = std::move(stored).value();
    next.printer = job.printer;
    next.cups_job_id = job.cups_job_id;
    next.state = job.state;
    next.message = job.message;
    next.detail = job.detail;
    next.file = job.file;
    // (Checked again in the write: two desks' answers cannot both end it.)
    if (auto st = store_.update_print_job(next, true); !st) return st.error();
    return store_.print_job(job.id);
}

Result<std::vector<PrintJob>> LocalService::print_jobs(const PrintJobQuery& q) {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::Reprint); !st) return st.error();
    return store_.print_jobs(q);
}

Result<MonthReport> LocalService::month_report(int year, int month) {
    auto u = user();
    if (!u) return u.error();
    return keluhan::month_report(store_, office_, *u, year, month, now_ms());
}

Result<SkmReport> LocalService::skm_report(Date from, Date to) {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::ViewReports); !st) return st.error();
    return keluhan::skm_report(store_, office_, from, to);
}

Result<SettingsPage> LocalService::settings() {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::ManageSettings); !st) return st.error();
    Office office = office_;
    SettingsPage p;
    if (auto applied = apply_settings(office, store_); !applied) p.stored_refused = applied.error();
    auto rows = settings_in_effect(store_, office);
    if (!rows) return rows.error();
    p.rows = std::move(rows).value();
    auto users = store_.users();
    if (!users) return users.error();
    p.users = std::move(users).value();
    for (const auto& e : list_sop_profiles(office.config.assets_dir / "sop"))
        p.profiles.push_back(e.name);
    p.current_profile = office.profile.name;
    return p;
}

Result<std::vector<StoredSetting>> LocalService::stored_settings() {
    if (auto u = user(); !u) return u.error();
    return store_.settings();
}

Status LocalService::change_setting(const std::string& key, const std::string& value) {
    auto u = user();
    if (!u) return u.error();
    Office office = office_;
    if (auto st = apply_settings(office, store_); !st) return st;
    if (auto st = keluhan::change_setting(store_, office, *u, key, value); !st) return st;
    changed_ = std::move(office);
    return ok();
}

Status LocalService::reset_setting(const std::string& key) {
    auto u = user();
    if (!u) return u.error();
    Office office = office_;
    if (auto st = apply_settings(office, store_); !st) return st;
    if (auto st = keluhan::reset_setting(store_, office, *u, key); !st) return st;
    changed_ = std::move(office);
    return ok();
}

Result<std::int64_t> LocalService::count_open_outside_sop(const std::string& sop) {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::ManageSettings); !st) return st.error();
    return store_.count_open_outside_sop(sop);
}

Result<User> LocalService::change_account(const AccountChange& c) {
    auto u = user();
    if (!u) return u.error();
    using Kind = AccountChange::Kind;
    switch (c.kind) {
    case Kind::Add:
        return admin_add_user(store_, *u, c.name, c.display_name, c.role, c.password);
    case Kind::Role:
        return admin_change_role(store_, *u, c.name, c.role);
    case Kind::Active:
        return admin_set_active(store_, *u, c.name, c.active);
    case Kind::Function:
        return admin_set_function(store_, *u, office_.config.office.functions, c.name, c.function);
    case Kind::Password:
        break;
    }
    return admin_reset_password(store_, *u, c.name, c.password);
}

Result<nlohmann::json> LocalService::export_personal(const PersonQuery& q) {
    auto u = user();
    if (!u) return u.error();
    return export_personal_data(store_, office_, *u, q);
}

Result<Complaint> LocalService::anonymise(const TrackingCode& code, const std::string& reason) {
    auto u = user();
    if (!u) return u.error();
    return anonymise_complaint(store_, office_, *u, code, reason);
}

Result<std::vector<AuditEntry>> LocalService::audit_trail(std::int64_t before, int limit) {
    auto u = user();
    if (!u) return u.error();
    if (auto st = require(*u, Permission::ManageUsers); !st) return st.error();
    return store_.audit_rows(before, limit);
}

} // namespace keluhan
