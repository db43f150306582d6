// [SECTION] index
//   set-up and events
//   intents
//   session: login, unlock
//   tasks, register, detail
//   the office's pages and the panels of Detail
//   advancing a step, the letter
//   desk complaints and printing
//   the frame
#include "panel_app.hpp"

#include "keluhan/documents/capa_record.hpp"
#include "keluhan/documents/letter.hpp"
#include "keluhan/documents/report_pdf.hpp"
#include "keluhan/documents/skm_report.hpp"
#include "keluhan/domain/holidays.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/personal.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/ops/users.hpp"
#include "keluhan/storage/files.hpp"
#include "keluhan/ui/fonts.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace keluhan::panel {

// [SECTION] set-up and events ------------------------------------------------------

PanelApp::PanelApp(const Office& office, Languages languages, std::unique_ptr<Store> store,
                   std::unique_ptr<OfficeService> service, ui::Clock& clock)
    : office_(office), base_office_(office), langs_(std::move(languages)), store_(std::move(store)),
      service_(std::move(service)), clock_(clock),
      language_(office.config.language == "en" ? "en" : "id") {
    journal_ = std::make_unique<ServiceJournal>(*service_);
    printer_ = std::make_unique<PrintService>(*journal_, office_,
                                              [](const PrintProgress&) { ui::wake_ui(); });
    state_.session = Session(office_.config.auth.idle_lock_minutes);
}

PanelApp::~PanelApp() = default;

Status PanelApp::setup(ui::Ui& ui, SDL_Renderer* renderer) {
    renderer_ = renderer;
    // A desktop window: pixel sizes, not the kiosk's touch scale.
    ui.m.scale = 1.0f;
    auto fonts = ui::load_fonts(1.0f, ui::FontSizes::desktop());
    if (!fonts) return fonts.error();
    ui.fonts = *fonts;
    ui::desktop::apply_theme();
    return ok();
}

void PanelApp::event(const SDL_Event& e) {
    const TimeMs now = clock_.now_ms();
    switch (e.type) {
    case SDL_QUIT:
        quit_ = true;
        break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE) quit_ = true;
        break;
    case SDL_KEYDOWN:
    case SDL_TEXTINPUT:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEWHEEL:
    case SDL_MOUSEMOTION:
        state_.session.input(now);
        break;
    default:
        break;
    }
}

void PanelApp::post(ui::Worker& worker, ui::Worker::Job job) {
    // epoch_ is read on the UI thread only: here, and in drain().
    worker.post([this, job = std::move(job), epoch = epoch_]() -> ui::Worker::Completion {
        auto done = job();
        return [this, epoch, done = std::move(done)] {
            if (epoch == epoch_ && done) done();
        };
    });
}

void PanelApp::toast(std::string text) {
    state_.toast = std::move(text);
    state_.toast_until = clock_.now_ms() + 4000;
}

// [SECTION] intents ------------------------------------------------------------------

void PanelApp::carry_out(Intents want) {
    if (want.language) language_ = *want.language == "en" ? "en" : "id";
    if (want.login) login();
    if (want.unlock) unlock();
    if (want.logout) {
        player_.stop();
        state_.session.sign_out();
        // Prints on their way finish first, recorded as the user who asked
        // for them (their session is the one the journal writes through);
        // the next sign-in waits behind this on the same worker. Then the
        // hub revokes the session (a panel on a local file has nothing to tell).
        worker_.post(
            [this, wait = office_.config.printer.timeout_seconds + 30]() -> ui::Worker::Completion {
                (void)printer_->wait_idle(std::chrono::seconds(wait));
                service_->sign_out();
                return {};
            });
        ++epoch_; // what the last user's work brings back is dropped
        // Nothing of the last user stays on screen for the next one.
        const RegisterFilter keep_filter{};
        state_.tasks = {};
        state_.detail = {};
        state_.action = {};
        state_.desk.clear();
        state_.print_jobs = {};
        state_.filter = keep_filter;
        state_.pager.reset({});
        state_.unlock = LoginForm{}; // an unlock on its way is dropped with the session
        state_.reports = {};
        state_.survey = {};
        state_.settings = {};
        state_.personal = {};
        state_.capa = {};
        state_.summary = {};
        state_.letter_number = {};
        state_.page = Page::Tasks;
        state_.toast.clear();
        state_.toast_until = 0;
        letter_texture_.reset();
        state_.letter = {};
        // Their outcome is not shown to the next user.
        desk_ticket_ = letter_ticket_ = 0;
        reprint_tickets_.clear();
    }
    if (!state_.session.signed_in() || state_.session.locked()) return;
    if (want.refresh_tasks) load_tasks();
    if (want.register_changed) {
        auto q = state_.filter.query(office_.config, keluhan::now_ms());
        if (!q) {
            state_.filter_error = q.error();
        } else {
            state_.filter_error.reset();
            state_.pager.reset(*q);
            const auto gen = state_.pager.generation();
            post(reader_, [this, q = *q, gen]() -> ui::Worker::Completion {
                auto n = service_->count(q);
                return [this, n = std::move(n), gen] {
                    saw(n ? nullptr : &n.error());
                    if (n) state_.pager.counted(gen, *n);
                };
            });
        }
    }
    if (want.fetch_page) fetch_page(std::move(*want.fetch_page));
    if (want.open) load_detail(*want.open);
    if (want.refresh_detail && !state_.detail.code.empty()) load_detail(state_.detail.code);
    if (want.advance) advance();
    if (want.load_report) load_report();
    if (want.export_report) export_report(*want.export_report);
    if (want.load_survey) load_survey();
    if (want.export_survey) export_survey(*want.export_survey);
    if (want.load_settings) load_settings();
    if (want.save_setting) save_setting(std::move(*want.save_setting));
    if (want.count_open_elsewhere) count_open_elsewhere(std::move(*want.count_open_elsewhere));
    if (want.change_user) change_user(std::move(*want.change_user));
    if (want.export_personal) export_personal();
    if (want.anonymise) anonymise();
    if (want.load_capa) load_capa();
    if (want.save_capa) save_capa(*want.save_capa);
    if (want.save_summary) save_summary();
    if (want.save_letter_number) save_letter_number();
    if (want.open_attachment) open_attachment(*want.open_attachment);
    if (want.export_capa) export_capa();
    if (want.resume_printer) resume_printer(*want.resume_printer);
    if (want.letter_changed) letter_due_ = clock_.now_ms() + 400;
    if (want.play) play(*want.play);
    if (want.stop_playback) player_.stop();
    if (want.print_letter) print_letter();
    if (want.desk_submit) desk_submit();
    if (want.desk_print) desk_print();
    if (want.desk_new) state_.desk.clear();
    if (want.refresh_print_jobs) load_print_jobs();
    if (want.reprint) reprint(*want.reprint);
}

// [SECTION] session: login, unlock -------------------------------------------------------

void PanelApp::login() {
    auto& f = state_.login;
    if (f.busy) return;
    if (auto e = f.check()) {
        f.error = e;
        return;
    }
    f.busy = true;
    f.error.reset();
    const std::string name = f.name, password = f.password;
    f.wipe_password();
    worker_.post([this, name, password, base = base_office_]() mutable -> ui::Worker::Completion {
        auto u = service_->sign_in(name, password);
        // On the hub: the office as the hub's settings make it (letterhead,
        // SOP, calendar), this desk's own printers kept.
        std::optional<Office> office;
        if (u && !store_) {
            auto stored = service_->stored_settings();
            if (!stored)
                u = stored.error();
            else if (auto st = apply_settings(base, *stored, true); !st)
                u = st.error();
            else
                office = std::move(base);
        }
        return [this, u = std::move(u), office = std::move(office)]() mutable {
            auto& form = state_.login;
            form.busy = false;
            saw(u ? nullptr : &u.error());
            if (!u) {
                form.error = u.error();
                return;
            }
            if (office) office_ = std::move(*office);
            state_.session.sign_in(*u, clock_.now_ms());
            ++epoch_; // a new session: nothing started before it applies
            form = LoginForm{};
            state_.page = Page::Tasks;
            load_tasks();
        };
    });
}

void PanelApp::unlock() {
    auto& f = state_.unlock;
    if (f.busy || !state_.session.signed_in()) return;
    f.name = state_.session.user().name;
    if (auto e = f.check()) {
        f.error = e;
        return;
    }
    f.busy = true;
    f.error.reset();
    const std::string name = f.name, password = f.password;
    f.wipe_password();
    // The same session goes on (no new epoch); "switch user" meanwhile drops it.
    post(worker_, [this, name, password]() -> ui::Worker::Completion {
        // A new sign-in: on a hub, a new session (the last one may have ended).
        auto u = service_->sign_in(name, password);
        return [this, u = std::move(u)] {
            auto& form = state_.unlock;
            form.busy = false;
            saw(u ? nullptr : &u.error());
            if (!u) {
                form.error = u.error();
                return;
            }
            form = LoginForm{};
            state_.session.sign_in(*u, clock_.now_ms()); // role or name may have changed meanwhile
        };
    });
}

// [SECTION] tasks, register, detail ----------------------------------------------------------

void PanelApp::load_tasks() {
    if (!state_.session.signed_in() || state_.tasks.loading) return;
    state_.tasks.loading = true;
    const TimeMs now = keluhan::now_ms();
    post(worker_, [this, me = state_.session.user(), now]() -> ui::Worker::Completion {
        std::vector<RegisterRow> rows;
        std::optional<Error> err;
        auto tasks = my_tasks(*service_, office_.profile, me, now);
        if (!tasks)
            err = tasks.error();
        else
            for (const auto& c : *tasks)
                rows.push_back(RegisterRow::from(c));
        return [this, rows = std::move(rows), err, now] {
            saw(err ? &*err : nullptr);
            state_.tasks.loading = false;
            state_.tasks.error = err;
            state_.tasks.rows = rows;
            state_.tasks.loaded_at = now;
        };
    });
}

void PanelApp::fetch_page(RegisterPager::Request r) {
    post(reader_, [this, r = std::move(r)]() -> ui::Worker::Completion {
        auto page = service_->list(r.query);
        std::vector<RegisterRow> rows;
        std::optional<std::string> next;
        std::optional<Error> err;
        if (!page)
            err = page.error();
        else {
            rows.reserve(page->rows.size());
            for (const auto& c : page->rows)
                rows.push_back(RegisterRow::from(c));
            next = page->next;
        }
        return [this, gen = r.generation, p = r.page, rows = std::move(rows),
                next = std::move(next), err]() mutable {
            saw(err ? &*err : nullptr);
            if (err)
                state_.pager.failed(gen, *err);
            else
                state_.pager.loaded(gen, p, std::move(rows), std::move(next));
        };
    });
}

void PanelApp::load_detail(const std::string& code_text) {
    auto code = TrackingCode::parse(code_text);
    auto& d = state_.detail;
    if (!code) {
        d = Detail{};
        d.error = code.error();
        return;
    }
    const bool same = d.code == code->grouped();
    if (!same) {
        d = Detail{};
        state_.action = ActionForm{};
        state_.letter = LetterPreview{};
        letter_texture_.reset();
        player_.stop();
    }
    d.code = code->grouped();
    d.loading = true;
    const TimeMs now = keluhan::now_ms();
    post(worker_, [this, code = *code, now]() -> ui::Worker::Completion {
        Detail out;
        out.code = code.grouped();
        auto got = service_->detail(code);
        if (!got) {
            out.error = got.error();
        } else {
            out.complaint = got->complaint;
            out.events = std::move(got->events);
            out.attachments = std::move(got->attachments);
            out.notices = std::move(got->notices);
            out.letter_signer = std::move(got->letter_signer);
            out.names = std::move(got->names);
            if (auto st = office_.check_profile(got->complaint); st)
                out.steps = timeline(office_.profile, office_.config.calendar, out.events, now);
            else
                out.error = st.error();
        }
        return [this, out = std::move(out)]() mutable {
            saw(out.error && !out.complaint ? &*out.error : nullptr);
            if (state_.detail.code != out.code) return; // another complaint was opened meanwhile
            state_.detail = std::move(out);
            state_.page = Page::Detail;
            // A new step gets a fresh form (the last one's text stays until it is done).
            const auto& cur = state_.detail.complaint;
            if (cur && state_.action.step != cur->current_step) {
                state_.action.clear();
                state_.action.step = cur->current_step;
                const SopStep* step = office_.profile.step(cur->current_step);
                // The draft starts from the related function's answer, or the
                // last draft (a returned one is revised, not typed again).
                if (step && drafts_letter(step->form)) {
                    for (auto it = state_.detail.events.rbegin(); it != state_.detail.events.rend();
                         ++it) {
                        const SopStep* s = office_.profile.step(it->step_id);
                        if (it->kind == "complete" && s &&
                            (drafts_letter(s->form) || s->form == StepForm::Response)) {
                            state_.action.letter = it->note;
                            break;
                        }
                    }
                }
            }
            // The letter steps show the letter as it stands.
            const SopStep* step = cur ? office_.profile.step(cur->current_step) : nullptr;
            if (step && shows_letter(step->form)) letter_due_ = clock_.now_ms();
        };
    });
}

// [SECTION] the office's pages and the panels of Detail ----------------------------------------

// Laporan: the month picked (s.reports.year, month).
void PanelApp::load_report() {
    auto& st = state_.reports;
    if (st.loading) return;
    st.loading = true;
    st.loaded_year = st.year;
    st.loaded_month = st.month;
    st.error.reset();
    st.written.clear(); // that file was another month's
    st.export_error.reset();
    const int y = st.year, m = st.month;
    post(worker_, [this, y, m]() -> ui::Worker::Completion {
        // Open steps are measured at the wall time where the store is.
        auto r = service_->month_report(y, m);
        return [this, y, m, r = std::move(r)]() mutable {
            saw(r ? nullptr : &r.error());
            auto& rs = state_.reports;
            if (rs.loaded_year != y || rs.loaded_month != m)
                return; // another month was asked for meanwhile
            rs.loading = false;
            if (r)
                rs.report = std::move(r).value();
            else {
                rs.report.reset();
                rs.error = r.error();
            }
        };
    });
}

// Survei Kepuasan: the period picked (s.survey).
void PanelApp::load_survey() {
    auto& st = state_.survey;
    if (st.loading) return;
    st.loading = true;
    st.loaded = st.period();
    st.error.reset();
    st.written.clear(); // that file was another period's
    st.export_error.reset();
    const std::string period = st.loaded;
    post(worker_, [this, period]() -> ui::Worker::Completion {
        auto days = skm_period(period);
        Result<SkmReport> r = days ? service_->skm_report(days->first, days->second)
                                   : Result<SkmReport>(days.error());
        return [this, period, r = std::move(r)]() mutable {
            saw(r ? nullptr : &r.error());
            auto& ss = state_.survey;
            if (ss.loaded != period) return; // another period was asked for meanwhile
            ss.loading = false;
            if (r)
                ss.report = std::move(r).value();
            else {
                ss.report.reset();
                ss.error = r.error();
            }
        };
    });
}

// Survei Kepuasan: the CSV or the printable PDF of the report shown, under
// <data_dir>/laporan/ beside the monthly reports.
void PanelApp::export_survey(ExportFormat format) {
    auto& st = state_.survey;
    if (!st.report || st.exporting) return;
    st.exporting = true;
    st.export_error.reset();
    st.written.clear();
    const bool pdf = format == ExportFormat::Pdf;
    const Catalog& tr = catalog();
    post(worker_, [this, r = *st.report, period = st.loaded, pdf, &tr]() -> ui::Worker::Completion {
        const std::string name = "survei-kepuasan-" + period + (pdf ? ".pdf" : ".csv");
        std::error_code ec;
        const auto path = std::filesystem::absolute(office_.config.data_dir / "laporan", ec) / name;
        std::optional<Error> failed;
        if (pdf) {
            auto doc = render_skm_report(r, office_, tr);
            if (!doc)
                failed = doc.error();
            else if (auto w = write_file_atomic(path, doc->bytes); !w)
                failed = w.error();
        } else if (auto w = write_file_atomic(path, skm_report_csv(r, tr.language())); !w) {
            failed = w.error();
        }
        return [this, failed, path] {
            auto& ss = state_.survey;
            ss.exporting = false;
            if (failed)
                ss.export_error = *failed;
            else
                ss.written = path.string();
        };
    });
}

// Laporan: the CSV or the PDF of the report shown, under <data_dir>/laporan/.
void PanelApp::export_report(ExportFormat format) {
    auto& st = state_.reports;
    if (!st.report || st.exporting) return;
    st.exporting = true;
    st.export_error.reset();
    st.written.clear();
    const bool pdf = format == ExportFormat::Pdf;
    const Catalog& tr = catalog();
    post(worker_, [this, r = *st.report, pdf, &tr]() -> ui::Worker::Completion {
        char name[64];
        std::snprintf(name, sizeof name, "laporan-keluhan-%04d-%02d.%s", r.year, r.month,
                      pdf ? "pdf" : "csv");
        std::error_code ec;
        const auto path = std::filesystem::absolute(office_.config.data_dir / "laporan", ec) / name;
        std::optional<Error> failed;
        if (pdf) {
            auto doc = render_report(r, office_, tr);
            if (!doc)
                failed = doc.error();
            else if (auto w = write_file_atomic(path, doc->bytes); !w)
                failed = w.error();
        } else if (auto w = write_file_atomic(path, report_csv(r, office_, tr)); !w) {
            failed = w.error();
        }
        return [this, failed, path] {
            auto& rs = state_.reports;
            rs.exporting = false;
            if (failed)
                rs.export_error = *failed;
            else
                rs.written = path.string();
        };
    });
}

// Administrasi: everything the page shows, as stored now (another
// administrator or the command line may have changed it since the panel started).
void PanelApp::load_settings() {
    auto& st = state_.settings;
    if (st.loading) return;
    st.loading = true;
    post(worker_, [this]() -> ui::Worker::Completion {
        auto page = service_->settings();
        auto national = load_all_national_holidays(office_.config.assets_dir);
        return [this, page = std::move(page), national = std::move(national)] {
            auto& s = state_.settings;
            s.national = national ? *national : std::vector<NationalHolidays>{};
            s.national_error = national ? std::nullopt : std::optional<Error>(national.error());
            saw(page ? nullptr : &page.error());
            if (!page) {
                state_.settings.read(page.error(), page.error(), page.error(), {}, {});
                return;
            }
            const Status applied =
                page->stored_refused ? Status(*page->stored_refused) : Status(ok());
            state_.settings.read(applied, page->rows, page->users, page->profiles,
                                 page->current_profile);
        };
    });
}

void PanelApp::save_setting(SettingChange change) {
    auto& st = state_.settings;
    st.busy = true;
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_, [this, c = std::move(change), &tr]() -> ui::Worker::Completion {
        Status r =
            c.reset ? service_->reset_setting(c.key) : service_->change_setting(c.key, c.value);
        // The value in effect now, as the office's store says.
        std::string now_value = c.value;
        if (auto page = service_->settings())
            for (const auto& row : page->rows)
                if (row.info && row.info->key == c.key) now_value = row.value;
        const std::string label = tr.tr(setting_label_key(c.key));
        std::string done = !r               ? std::string()
                           : c.done.empty() ? tr.tr("admin.settings.saved", {{"setting", label}})
                                            : c.done;
        return [this, key = c.key, r, now_value, done] {
            state_.settings.saved(key, r, now_value, done);
        };
    });
}

// Administrasi, the SOP tab: open complaints under another profile than `profile`.
void PanelApp::count_open_elsewhere(std::string profile) {
    state_.settings.open_elsewhere = -1;
    post(worker_, [this, profile = std::move(profile)]() -> ui::Worker::Completion {
        auto n = service_->count_open_outside_sop(profile);
        return [this, n, profile] {
            auto& st = state_.settings;
            for (const auto& row : st.rows)
                if (row.key == "sop.profile" && row.value != profile)
                    return; // another profile was chosen meanwhile
            st.open_elsewhere = n ? *n : -1;
        };
    });
}

// Administrasi, the users tab: one change through the core, then the list again.
void PanelApp::change_user(UserChange change) {
    auto& st = state_.settings;
    st.busy = true;
    st.done.clear();
    st.user_error.reset();
    const Catalog& tr = catalog();
    post(worker_, [this, c = std::move(change), &tr]() -> ui::Worker::Completion {
        using Kind = UserChange::Kind;
        auto r = service_->change_account(c);
        const char* key = c.kind == Kind::Add        ? "admin.settings.added"
                          : c.kind == Kind::Role     ? "admin.settings.role_changed"
                          : c.kind == Kind::Active   ? (c.active ? "admin.settings.enabled_done"
                                                                 : "admin.settings.disabled_done")
                          : c.kind == Kind::Function ? "admin.settings.function_changed"
                                                     : "admin.settings.password_done";
        const Status done = r ? ok() : Status(r.error());
        std::string text = r ? tr.tr(key, {{"name", c.name}}) : std::string();
        return [this, done, text] { state_.settings.user_changed(done, text); };
    });
}

// Data pribadi: everything held about the open complaint's complainant, as
// JSON under <data_dir>/data-pribadi/.
void PanelApp::export_personal() {
    auto& st = state_.personal;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.busy) return;
    st.busy = true;
    st.error.reset();
    st.written.clear();
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_, [this, code = d.code, &tr]() -> ui::Worker::Completion {
        auto doc = service_->export_personal(PersonQuery{code, "", ""});
        std::optional<Error> failed;
        std::string path;
        if (!doc)
            failed = doc.error();
        else {
            std::error_code ec;
            const auto dir =
                std::filesystem::absolute(office_.config.data_dir / "data-pribadi", ec);
            const std::string stamp = format_iso_utc(keluhan::now_ms()).substr(0, 10);
            path = (dir / ("data-pribadi-" + code + "-" + stamp + ".json")).string();
            if (auto w = write_file_atomic(path, doc->dump(2) + "\n"); !w) failed = w.error();
        }
        const auto n = doc ? (*doc)["complaints"].size() : 0;
        std::string done =
            doc ? tr.tr("admin.personal.exported", {{"n", std::to_string(n)}, {"file", path}}) : "";
        return [this, code, failed, done] {
            auto& ps = state_.personal;
            if (ps.code != code) return; // another complaint is shown now
            ps.busy = false;
            if (failed)
                ps.error = *failed;
            else
                ps.done = done;
        };
    });
}

// Data pribadi: anonymise the open (closed) complaint, with s.personal.reason.
void PanelApp::anonymise() {
    auto& st = state_.personal;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.busy) return;
    auto code = TrackingCode::parse(d.code);
    if (!code) return;
    st.busy = true;
    st.error.reset();
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_, [this, code = *code, reason = st.reason, &tr]() -> ui::Worker::Completion {
        auto r = service_->anonymise(code, reason);
        std::optional<Error> failed;
        if (!r) failed = r.error();
        std::string done = r ? tr.tr("cli.personal.anonymised", {{"code", code.grouped()}}) : "";
        return [this, code, failed, done] {
            auto& ps = state_.personal;
            if (ps.code != code.grouped()) return; // another complaint is shown now
            ps.busy = false;
            if (failed) {
                ps.error = *failed;
                return;
            }
            ps.done = done;
            ps.reason.clear();
            ps.confirm = false;
            ps.refresh = true;
        };
    });
}

// The summary typed from a spoken complaint's recording (s.summary).
void PanelApp::save_summary() {
    auto& st = state_.summary;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.busy) return;
    auto code = TrackingCode::parse(d.code);
    if (!code) return;
    st.busy = true;
    st.error.reset();
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_, [this, code = *code, text = st.text, &tr]() -> ui::Worker::Completion {
        auto r = service_->record_spoken_summary(code, text);
        std::optional<Error> failed;
        if (!r) failed = r.error();
        std::string done = r ? tr.tr("admin.summary.saved", {{"code", code.grouped()}}) : "";
        return [this, code, failed, done] {
            saw(failed ? &*failed : nullptr);
            auto& ss = state_.summary;
            if (ss.code != code.grouped()) return; // another complaint is shown now
            ss.busy = false;
            if (failed) {
                ss.error = *failed; // what was typed stays in the editor
                return;
            }
            ss.done = done;
            ss.editing = false;
            ss.refresh = true;
        };
    });
}

// The letter's number from the agenda surat keluar (s.letter_number).
void PanelApp::save_letter_number() {
    auto& st = state_.letter_number;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.busy) return;
    auto code = TrackingCode::parse(d.code);
    if (!code) return;
    st.busy = true;
    st.error.reset();
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_, [this, code = *code, number = st.text, &tr]() -> ui::Worker::Completion {
        auto r = service_->record_letter_number(code, number);
        std::optional<Error> failed;
        if (!r) failed = r.error();
        const std::string done =
            r ? tr.tr("admin.letter_number.saved",
                      {{"code", code.grouped()}, {"number", text::trim(number)}})
              : "";
        return [this, code, failed, done, number = text::trim(number)] {
            saw(failed ? &*failed : nullptr);
            auto& ls = state_.letter_number;
            if (ls.code != code.grouped()) return; // another complaint is shown now
            ls.busy = false;
            if (failed) {
                ls.error = *failed; // what was typed stays in the box
                return;
            }
            ls.done = done;
            ls.text = number; // as recorded
            ls.refresh = true;
        };
    });
}

// CAPA: the open complaint's record (s.capa keeps what is being typed).
void PanelApp::load_capa() {
    auto& st = state_.capa;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.loading) return;
    st.loading = true;
    auto parsed = TrackingCode::parse(d.code);
    if (!parsed) return;
    post(worker_, [this, code = d.code, c = *parsed]() -> ui::Worker::Completion {
        auto got = service_->detail(c);
        Result<std::optional<Capa>> k =
            got ? Result<std::optional<Capa>>(got->capa) : Result<std::optional<Capa>>(got.error());
        return [this, code, k = std::move(k)] {
            saw(k ? nullptr : &k.error());
            if (state_.capa.code != code) return; // another complaint is shown now
            state_.capa.read(k);
        };
    });
}

// CAPA: the printable record (with the effectiveness check and its minutes)
// as a PDF under <data_dir>/capa/, from the record as stored on the hub.
void PanelApp::export_capa() {
    auto& st = state_.capa;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.exporting) return;
    auto parsed = TrackingCode::parse(d.code);
    if (!parsed) return;
    st.exporting = true;
    st.written.clear();
    st.error.reset();
    const Catalog& tr = catalog();
    const User me = state_.session.user();
    post(worker_, [this, code = d.code, c = *parsed, &tr, me]() -> ui::Worker::Completion {
        auto got = service_->detail(c);
        std::optional<Error> failed;
        std::string path;
        if (!got) {
            failed = got.error();
        } else {
            // People by name, as the hub knows them.
            auto names = got->names;
            names.emplace_back(me.name, me.display_name);
            auto pdf = render_capa_record(office_, tr, got->complaint, got->capa.value_or(Capa{}),
                                          got->events, names);
            if (!pdf) {
                failed = pdf.error();
            } else {
                std::error_code ec;
                const auto dir = std::filesystem::absolute(office_.config.data_dir / "capa", ec);
                const std::string stamp = format_iso_utc(keluhan::now_ms()).substr(0, 10);
                path = (dir / ("catatan-capa-" + code + "-" + stamp + ".pdf")).string();
                if (auto w = write_file_atomic(path, pdf->bytes); !w) failed = w.error();
            }
        }
        std::string done = failed ? "" : tr.tr("admin.capa.exported", {{"file", path}});
        return [this, code, failed, done] {
            saw(failed ? &*failed : nullptr);
            auto& cs = state_.capa;
            if (cs.code != code) return; // another complaint is shown now
            cs.exporting = false;
            if (failed)
                cs.error = *failed;
            else
                cs.written = done;
        };
    });
}

// CAPA: save the fields being edited on the open complaint's current step.
void PanelApp::save_capa(CapaSave save) {
    auto& st = state_.capa;
    const auto& d = state_.detail;
    if (!d.complaint || st.code != d.code || st.busy) return;
    auto code = TrackingCode::parse(d.code);
    if (!code) return;
    st.busy = true;
    st.error.reset();
    st.done.clear();
    const Catalog& tr = catalog();
    post(worker_,
         [this, code = *code, values = st.values(), on_behalf = save.on_behalf,
          &tr]() -> ui::Worker::Completion {
             auto r = service_->save_capa(code, values, on_behalf);
             std::string done = r ? tr.tr("cli.capa.saved", {{"code", code.grouped()}}) : "";
             return [this, code, r = std::move(r), done] {
                 auto& cs = state_.capa;
                 if (cs.code != code.grouped()) return; // another complaint is shown now
                 cs.busy = false;
                 if (!r) {
                     cs.error = r.error();
                     return;
                 }
                 cs.stored = *r;
                 cs.done = done;
                 cs.refresh = true; // the history shows the "capa" event
                 // "Not filled in yet" under the step's button is answered now.
                 auto& act = state_.action;
                 if (act.error && act.error->key == "err.capa.missing") act.error.reset();
             };
         });
}

// [SECTION] advancing a step, the letter ----------------------------------------------------------

void PanelApp::advance() {
    auto& f = state_.action;
    const auto& d = state_.detail;
    if (f.busy || !d.complaint) return;
    const SopStep* step = office_.profile.step(d.complaint->current_step);
    if (!step) return;
    auto req = action_request(f, *step, state_.session.user(), office_.config);
    if (!req) {
        f.error = req.error();
        return;
    }
    if (step->form == StepForm::Send && !req->send_back)
        req->note = send_note(f.send_method, f.note, catalog());
    auto code = TrackingCode::parse(d.complaint->code);
    if (!code) return;
    f.busy = true;
    f.error.reset();
    // Acting on the step on screen: if another official did it meanwhile,
    // the core refuses (err.step.already_done) instead of doing the next one.
    req->expected_step = step->id;
    post(worker_, [this, code = *code, req = *req]() -> ui::Worker::Completion {
        auto r = service_->advance(code, req);
        return [this, r = std::move(r), code] {
            auto& form = state_.action;
            // Another complaint opened meanwhile has a fresh form of its own.
            const bool shown = state_.detail.code == code.grouped();
            if (shown) form.busy = false;
            if (!r) {
                saw(&r.error());
                if (!shown) return;
                // Refused: the form keeps what was typed; nothing was saved.
                form.error = r.error();
                // Done by someone else: show the complaint as it is now.
                if (r.error().key == "err.step.already_done") load_detail(code.grouped());
                return;
            }
            if (shown) {
                form.clear();
                form.step.clear();
            }
            const SopStep* next = office_.profile.step(r->current_step);
            toast(next ? catalog().tr(
                             "admin.action.done",
                             {{"step", std::to_string(next->number) + ". " + next->action},
                              {"role", std::string(role_title(SopEngine::acting_role(*next)))}})
                       : catalog().tr("admin.action.closed", {{"code", code.grouped()}}));
            if (shown) load_detail(code.grouped());
            state_.tasks.loading = false;
            load_tasks();
        };
    });
}

void PanelApp::render_letter() {
    const auto& d = state_.detail;
    if (!d.complaint || state_.letter.rendering) return;
    state_.letter.rendering = true;
    const auto gen = ++letter_generation_;
    // The preview shows the letter as it would be with the text in the editor.
    auto events = d.events;
    const SopStep* step = office_.profile.step(d.complaint->current_step);
    if (step && drafts_letter(step->form) && !state_.action.letter.empty()) {
        Event e;
        e.kind = "complete";
        e.step_id = step->id;
        e.note = state_.action.letter;
        e.at = keluhan::now_ms();
        events.push_back(e);
    }
    const Complaint c = *d.complaint;
    const Catalog& tr = catalog();
    post(worker_,
         [this, c, events, gen, &tr, code = d.code,
          signer = d.letter_signer]() -> ui::Worker::Completion {
             // Signed by whoever signed it, as print_document prints it.
             const auto letter = draft_response_letter(office_, tr, c, events, signer);
             auto r =
                 render_response_letter(office_, tr, letter, RenderOptions{ImageFormat::Rgba, 80});
             return [this, r = std::move(r), gen, code]() mutable {
                 // Another complaint was opened meanwhile (its preview starts afresh).
                 if (state_.detail.code != code) return;
                 auto& p = state_.letter;
                 p.rendering = false;
                 if (gen != letter_generation_) return;
                 if (!r) {
                     p.error = r.error();
                     return;
                 }
                 p.error.reset();
                 SDL_Texture* t =
                     SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888,
                                       SDL_TEXTUREACCESS_STATIC, r->width_px, r->height_px);
                 if (!t) return;
                 SDL_UpdateTexture(t, nullptr, r->bytes.data(), r->width_px * 4);
                 letter_texture_.reset(t);
                 p.texture = t;
                 p.width = r->width_px;
                 p.height = r->height_px;
                 p.pages = r->pages;
             };
         });
}

// The signed letter (Send step) goes through the print service like every
// print: recorded in the print-job table, sent, followed to its end.
void PanelApp::print_letter() {
    const auto& d = state_.detail;
    if (!d.complaint || state_.action.busy || letter_ticket_ != 0) return;
    auto code = TrackingCode::parse(d.complaint->code);
    if (!code) return;
    PrintRequest req;
    req.document = PrintDocument::SuratTanggapan;
    req.requested_by = state_.session.user().name;
    state_.action.busy = true;
    letter_code_ = d.complaint->code;
    letter_ticket_ = printer_->print(*code, req);
}

void PanelApp::play(std::int64_t attachment) {
    const auto& d = state_.detail;
    if (!d.complaint) return;
    auto parsed = TrackingCode::parse(d.code);
    if (!parsed) return;
    post(worker_, [this, c = *parsed, attachment, code = d.code]() -> ui::Worker::Completion {
        auto file = service_->attachment(c, attachment);
        std::vector<std::uint8_t> wav;
        std::optional<Error> err;
        if (!file)
            err = file.error();
        else
            wav = std::move(file->data);
        return [this, wav = std::move(wav), err, attachment, code] {
            saw(err ? &*err : nullptr);
            if (state_.detail.code != code) return; // another complaint is shown now
            if (err) {
                state_.detail.error = err;
                return;
            }
            if (auto st = player_.play(attachment, wav); !st) state_.detail.error = st.error();
        };
    });
}

// A PDF or photo attachment, in this PC's viewer (opener.hpp).
void PanelApp::open_attachment(std::int64_t attachment) {
    const auto& d = state_.detail;
    if (!d.complaint) return;
    auto parsed = TrackingCode::parse(d.code);
    if (!parsed) return;
    std::string name;
    for (const auto& a : d.attachments)
        if (a.id == attachment) name = a.filename;
    const Catalog& tr = catalog();
    const std::uint64_t generation = opener_.generation(); // this sign-in's
    post(worker_,
         [this, c = *parsed, attachment, code = d.code, name, &tr,
          generation]() -> ui::Worker::Completion {
             auto file = service_->attachment(c, attachment);
             std::optional<Error> err;
             std::filesystem::path copy;
             if (!file)
                 err = file.error();
             else if (auto opened = opener_.open(generation, c.compact(), attachment, file->data);
                      !opened)
                 err = opened.error();
             else
                 copy = *opened;
             if (err && err->key == "err.admin.open_type") err->params.emplace_back("name", name);
             std::string done = err ? "" : tr.tr("admin.detail.opened", {{"file", name}});
             return [this, err, code, done, copy] {
                 saw(err ? &*err : nullptr);
                 // A viewer that fails is said from the next frame on, after
                 // "opened" (never covered by it).
                 if (!copy.empty()) opener_.shown(copy);
                 if (state_.detail.code != code) return; // another complaint is shown now
                 state_.detail.error = err;              // or what an earlier one said, cleared
                 if (!err) toast(done);
             };
         });
}

// [SECTION] desk complaints and printing ---------------------------------------------------------

void PanelApp::desk_submit() {
    auto& f = state_.desk;
    if (f.busy || f.saved_code) return;
    f.error.reset();
    if (!f.check(office_.config)) return;
    f.busy = true;
    const Submission s = f.submission(office_.config, "admin-" + office_.config.device_name);
    post(worker_, [this, s]() -> ui::Worker::Completion {
        auto r = service_->submit(s);
        return [this, r = std::move(r)] {
            auto& form = state_.desk;
            form.busy = false;
            saw(r ? nullptr : &r.error());
            if (!r) {
                form.error = r.error();
                return;
            }
            form.saved_code = r->code.grouped();
            desk_print();
        };
    });
}

void PanelApp::desk_print() {
    auto& f = state_.desk;
    if (!f.saved_code || f.printing) return;
    auto code = TrackingCode::parse(*f.saved_code);
    if (!code) return;
    PrintRequest req;
    req.requested_by = state_.session.user().name;
    req.visitor = false;
    req.language = language_;
    f.printing = true;
    f.print.reset();
    desk_ticket_ = printer_->print(*code, req);
}

void PanelApp::reprint(const std::string& code_text) {
    auto code = TrackingCode::parse(code_text);
    if (!code || !state_.session.can(Permission::Reprint)) return;
    PrintRequest req;
    req.requested_by = state_.session.user().name;
    req.language = language_;
    reprint_tickets_[printer_->print(*code, req)] = code->grouped();
    state_.print_jobs.notice = catalog().tr("admin.print.sending", {{"code", code->grouped()}});
}

void PanelApp::take_print_updates() {
    for (const auto& u : printer_->take_updates()) {
        if (u.stage != PrintProgress::Stage::Finished || !u.report) continue;
        // Refused before any paper: the service (the hub) said why.
        if (u.report->outcome == PrintState::Refused) saw(&u.report->message);
        // Printed (or not), but the office's list could not be told.
        if (const auto& e = u.report->not_recorded) {
            saw(&*e);
            toast(catalog().tr("admin.print.not_recorded", {{"reason", catalog().message(*e)}}));
        }
        if (u.ticket == desk_ticket_) {
            state_.desk.printing = false;
            state_.desk.print = *u.report;
        }
        if (u.ticket == letter_ticket_) {
            letter_ticket_ = 0;
            // Only the complaint it was printed for takes the outcome.
            if (!state_.detail.complaint || state_.detail.complaint->code != letter_code_) continue;
            state_.action.busy = false;
            const auto& r = *u.report;
            if (r.ok()) {
                state_.action.send_method = SendMethod::Printed;
                toast(catalog().tr("admin.letter.printed", {{"printer", r.printer}}));
            } else {
                state_.action.error = Error{ErrorKind::Storage,
                                            "err.admin.print_letter",
                                            {{"reason", catalog().message(r.message)}}};
            }
        }
        if (auto it = reprint_tickets_.find(u.ticket); it != reprint_tickets_.end()) {
            const auto& r = *u.report;
            state_.print_jobs.notice =
                r.ok() ? catalog().tr("admin.print.done", {{"code", it->second}})
                       : catalog().tr(
                             "admin.print.failed",
                             {{"code", it->second}, {"reason", catalog().message(r.message)}});
            reprint_tickets_.erase(it);
            load_print_jobs();
        }
    }
}

// Cetak: a stopped queue of this desk's CUPS started again (cupsenable and
// cupsaccept, as `keluhan printer resume`); the jobs list is read again.
void PanelApp::resume_printer(const std::string& name) {
    auto& p = state_.print_jobs;
    if (p.resuming || !state_.session.can(Permission::Reprint)) return;
    p.resuming = true;
    const Catalog& tr = catalog();
    post(worker_, [this, name, &tr]() -> ui::Worker::Completion {
        const CupsClient cups;
        auto st = cups.resume(name);
        std::string done;
        if (st) {
            auto info = cups.printer(name);
            done = tr.tr("admin.print.resumed",
                         {{"printer", name},
                          {"state", info ? describe_printer(tr, *info) : std::string("-")}});
        }
        return [this, st = std::move(st), done] {
            auto& jobs = state_.print_jobs;
            jobs.resuming = false;
            if (!st) {
                jobs.error = st.error();
                return;
            }
            jobs.error.reset();
            jobs.notice = done;
            load_print_jobs();
        };
    });
}

void PanelApp::load_print_jobs() {
    auto& p = state_.print_jobs;
    if (p.loading) return;
    p.loading = true;
    PrintJobQuery q;
    q.unfinished_or_failed = p.failed_only;
    q.limit = 500;
    post(reader_, [this, q]() -> ui::Worker::Completion {
        auto r = service_->print_jobs(q);
        return [this, r = std::move(r)] {
            saw(r ? nullptr : &r.error());
            auto& jobs = state_.print_jobs;
            jobs.loading = false;
            if (!r)
                jobs.error = r.error();
            else {
                jobs.error.reset();
                jobs.rows = *r;
            }
        };
    });
}

// [SECTION] the frame --------------------------------------------------------------------

void PanelApp::saw(const Error* e) {
    const bool unreachable = e && e->key == "err.remote.unreachable";
    if (unreachable && !state_.hub_offline) {
        state_.hub_offline = true;
        next_hub_check_ = clock_.now_ms() + 3000;
    } else if (!unreachable && state_.hub_offline) {
        state_.hub_offline = false;
        toast(catalog().tr("admin.remote.back"));
    }
    if (e && e->key == "err.session.expired") state_.session.expire();
}

// While the hub is out of reach: asked every few seconds; once it answers,
// the banner goes and what is on screen is read again (the typed forms stay).
bool PanelApp::heartbeat() const {
    // A panel on the hub, signed in and not locked: the hub is asked every
    // 15 seconds, so a dropped network or an ended session shows before the
    // next click. The question is not a use of the session
    // (check_session()): the hub's idle limit runs as if nobody asked.
    return !store_ && state_.session.signed_in() && !state_.session.locked();
}

void PanelApp::check_hub() {
    if (hub_check_busy_ || clock_.now_ms() < next_hub_check_) return;
    if (!state_.hub_offline && !heartbeat()) return;
    hub_check_busy_ = true;
    // Not tied to the session (post() would drop the answer after a sign-out
    // and leave the check busy for good).
    worker_.post([this]() -> ui::Worker::Completion {
        auto u = service_->check_session();
        return [this, u = std::move(u)] {
            hub_check_busy_ = false;
            const bool was_offline = state_.hub_offline;
            saw(u ? nullptr : &u.error());
            next_hub_check_ = clock_.now_ms() + (state_.hub_offline ? 3000 : 15000);
            if (!was_offline || state_.hub_offline || !state_.session.signed_in()) return;
            load_tasks();
            if (state_.page == Page::Detail && !state_.detail.code.empty())
                load_detail(state_.detail.code);
        };
    });
}

void PanelApp::on_page_change() {
    switch (state_.page) {
    case Page::Tasks:
        load_tasks();
        break;
    case Page::Register:
        if (state_.pager.generation() == 0) want_.register_changed = true;
        break;
    case Page::Print:
        load_print_jobs();
        break;
    default:
        break;
    }
}

void PanelApp::update() {
    const TimeMs now = clock_.now_ms();
    carry_out(std::exchange(want_, Intents{}));
    worker_.drain();
    reader_.drain();
    take_print_updates();
    // A viewer that did not start after all: said, and "opened" taken back.
    for (const auto& f : opener_.take_failures()) {
        state_.detail.error = Error{
            ErrorKind::Storage,
            "err.admin.open_failed",
            {{"command", office_.config.panel.open_command}, {"status", std::to_string(f.status)}}};
        state_.toast.clear();
        state_.toast_until = 0;
    }
    check_hub();
    state_.session.tick(now);
    if (state_.session.signed_in() != was_signed_in_) {
        was_signed_in_ = state_.session.signed_in();
        // The copies of attachments opened go with the user who opened them.
        if (!was_signed_in_) opener_.clear();
        last_page_ = Page::Tasks;
    }
    if (state_.page != last_page_ && state_.session.signed_in()) {
        last_page_ = state_.page;
        on_page_change();
    }
    if (letter_due_ != 0 && now >= letter_due_ && !state_.letter.rendering) {
        letter_due_ = 0;
        render_letter();
    }
    if (state_.toast_until != 0 && now >= state_.toast_until) {
        state_.toast.clear();
        state_.toast_until = 0;
    }
}

void PanelApp::draw(ui::Ui& ui) {
    View v{ui,
           state_,
           office_,
           catalog(),
           want_,
           PlaybackView{player_.current(), player_.seconds(), player_.length()},
           keluhan::now_ms()};
    draw_panel(v);
}

std::optional<int> PanelApp::wake_in_ms() {
    const TimeMs now = clock_.now_ms();
    std::optional<TimeMs> next;
    auto earliest = [&](TimeMs t) {
        if (!next || t < *next) next = t;
    };
    if (auto t = state_.session.lock_at()) earliest(*t);
    if (letter_due_ != 0) earliest(letter_due_);
    if (state_.toast_until != 0) earliest(state_.toast_until);
    if (player_.playing()) earliest(now + 100);
    // (Not while the check is on its way: its answer wakes the loop.)
    if ((state_.hub_offline || heartbeat()) && !hub_check_busy_) earliest(next_hub_check_);
    if (!next) return std::nullopt;
    return static_cast<int>(std::clamp<TimeMs>(*next - now, 0, 24 * 3600 * 1000));
}

// Work in flight only, and the last frame's intents that start it (a view
// raises them while drawing; the next update carries them out). The letter
// preview's debounce is a timer, not work: a script's virtual clock stands
// still while it settles, so counting it here only made every step after a
// keystroke wait out the driver's 20 s limit.
bool PanelApp::busy() const {
    return worker_.busy() || reader_.busy() || want_.pending() || state_.desk.printing ||
           !reprint_tickets_.empty() || letter_ticket_ != 0 || state_.pager.loading();
}

} // namespace keluhan::panel
