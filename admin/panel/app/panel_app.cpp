// [SECTION] index
//   set-up and events
//   intents
//   session: login, unlock
//   tasks, register, detail
//   advancing a step, the letter
//   desk complaints and printing
//   the frame
#include "panel_app.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/ui/fonts.hpp"

#include <algorithm>

namespace keluhan::panel {

// [SECTION] set-up and events ------------------------------------------------------

PanelApp::PanelApp(const Office& office, Languages languages, std::unique_ptr<Store> store,
                   ui::Clock& clock)
    : office_(office), langs_(std::move(languages)), store_(std::move(store)), clock_(clock),
      language_(office.config.language == "en" ? "en" : "id"),
      printer_(std::make_unique<PrintService>(*store_, office_,
                                              [](const PrintProgress&) { ui::wake_ui(); })) {
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
    ui::desk::apply_theme();
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

void PanelApp::submit(Job job) {
    ++jobs_in_flight_;
    const User user = state_.session.signed_in() ? state_.session.user() : User{};
    const Catalog& tr = catalog();
    worker_.post([this, job = std::move(job), user, &tr]() -> ui::Worker::Completion {
        Services s{*store_, office_, tr, user, *printer_};
        Done done = job(s);
        return [this, done = std::move(done)] {
            --jobs_in_flight_;
            if (done) done();
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
        // Nothing of the last user stays on screen for the next one.
        const RegisterFilter keep_filter{};
        state_.tasks = {};
        state_.detail = {};
        state_.action = {};
        state_.desk.clear();
        state_.print_jobs = {};
        state_.filter = keep_filter;
        state_.pager.reset({});
        state_.ext = {};
        state_.page = Page::Tasks;
        state_.toast.clear();
        state_.toast_until = 0;
        letter_texture_.reset();
        state_.letter = {};
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
            reader_.post([this, q = *q, gen]() -> ui::Worker::Completion {
                auto n = store_->count(q);
                return [this, n = std::move(n), gen] {
                    if (n) state_.pager.counted(gen, *n);
                };
            });
        }
    }
    if (want.fetch_page) fetch_page(std::move(*want.fetch_page));
    if (want.open) load_detail(*want.open);
    if (want.refresh_detail && !state_.detail.code.empty()) load_detail(state_.detail.code);
    if (want.advance) advance();
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
    worker_.post([this, name, password]() -> ui::Worker::Completion {
        auto u =
            keluhan::login(*store_, office_.config.auth, office_.config.calendar, name, password);
        return [this, u = std::move(u)] {
            auto& form = state_.login;
            form.busy = false;
            if (!u) {
                form.error = u.error();
                return;
            }
            state_.session.sign_in(*u, clock_.now_ms());
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
    worker_.post([this, name, password]() -> ui::Worker::Completion {
        auto u =
            keluhan::login(*store_, office_.config.auth, office_.config.calendar, name, password);
        return [this, u = std::move(u)] {
            auto& form = state_.unlock;
            form.busy = false;
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
    const auto steps = steps_for_role(office_.profile, state_.session.user().role);
    const TimeMs now = keluhan::now_ms();
    worker_.post([this, steps, now]() -> ui::Worker::Completion {
        std::vector<RegisterRow> rows;
        std::optional<Error> err;
        for (const auto& step : steps) {
            ListQuery q;
            q.status = ComplaintStatus::Open;
            q.step = step;
            q.sort = ListQuery::Sort::DueSoonest;
            q.limit = 1000;
            q.now = now;
            auto page = store_->list(q);
            if (!page) {
                err = page.error();
                break;
            }
            for (const auto& c : page->rows)
                rows.push_back(RegisterRow::from(c));
        }
        std::sort(rows.begin(), rows.end(), [](const RegisterRow& a, const RegisterRow& b) {
            return a.due_at != b.due_at ? a.due_at < b.due_at : a.seq < b.seq;
        });
        return [this, rows = std::move(rows), err, now] {
            state_.tasks.loading = false;
            state_.tasks.error = err;
            state_.tasks.rows = rows;
            state_.tasks.loaded_at = now;
        };
    });
}

void PanelApp::fetch_page(RegisterPager::Request r) {
    reader_.post([this, r = std::move(r)]() -> ui::Worker::Completion {
        auto page = store_->list(r.query);
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
    worker_.post([this, code = *code, now]() -> ui::Worker::Completion {
        Detail out;
        out.code = code.grouped();
        auto c = store_->find_by_code(code);
        if (!c) {
            out.error = c.error();
        } else {
            auto ev = store_->events(c->seq);
            auto files = store_->attachments(c->seq, false);
            if (!ev)
                out.error = ev.error();
            else if (!files)
                out.error = files.error();
            else {
                out.complaint = *c;
                out.events = *ev;
                out.attachments = *files;
                if (auto st = office_.check_profile(*c); st)
                    out.steps = timeline(office_.profile, office_.config.calendar, out.events, now);
                else
                    out.error = st.error();
            }
        }
        return [this, out = std::move(out)]() mutable {
            state_.detail = std::move(out);
            state_.page = Page::Detail;
            // A new step gets a fresh form (the last one's text stays until it is done).
            const auto& cur = state_.detail.complaint;
            if (cur && state_.action.step != cur->current_step) {
                state_.action.clear();
                state_.action.step = cur->current_step;
                const SopStep* step = office_.profile.step(cur->current_step);
                // The draft starts from the related function's answer, or the last draft.
                if (step && step->form == StepForm::Draft) {
                    for (auto it = state_.detail.events.rbegin(); it != state_.detail.events.rend();
                         ++it) {
                        const SopStep* s = office_.profile.step(it->step_id);
                        if (it->kind == "complete" && s &&
                            (s->form == StepForm::Draft || s->form == StepForm::Response)) {
                            state_.action.letter = it->note;
                            break;
                        }
                    }
                }
            }
            // The letter steps show the letter as it stands.
            const SopStep* step = cur ? office_.profile.step(cur->current_step) : nullptr;
            if (step && (step->form == StepForm::Draft || step->form == StepForm::Check ||
                         step->form == StepForm::Sign || step->form == StepForm::Send))
                letter_due_ = clock_.now_ms();
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
    const User user = state_.session.user();
    const bool back = req->send_back;
    const std::string step_id = step->id;
    worker_.post([this, user, code = *code, req = *req]() -> ui::Worker::Completion {
        auto r = advance_complaint(*store_, office_, user, code, req);
        return [this, r = std::move(r), code] {
            auto& form = state_.action;
            form.busy = false;
            if (!r) {
                // Refused: the form keeps what was typed; nothing was saved.
                form.error = r.error();
                return;
            }
            form.clear();
            form.step.clear();
            const SopStep* next = office_.profile.step(r->current_step);
            toast(next ? catalog().tr(
                             "admin.action.done",
                             {{"step", std::to_string(next->number) + ". " + next->action},
                              {"role", std::string(role_title(SopEngine::acting_role(*next)))}})
                       : catalog().tr("admin.action.closed", {{"code", code.grouped()}}));
            load_detail(code.grouped());
            state_.tasks.loading = false;
            load_tasks();
        };
    });
    (void)back;
    (void)step_id;
}

void PanelApp::render_letter() {
    const auto& d = state_.detail;
    if (!d.complaint || state_.letter.rendering) return;
    state_.letter.rendering = true;
    const auto gen = ++letter_generation_;
    // The preview shows the letter as it would be with the text in the editor.
    auto events = d.events;
    const SopStep* step = office_.profile.step(d.complaint->current_step);
    if (step && step->form == StepForm::Draft && !state_.action.letter.empty()) {
        Event e;
        e.kind = "complete";
        e.step_id = step->id;
        e.note = state_.action.letter;
        e.at = keluhan::now_ms();
        events.push_back(e);
    }
    const Complaint c = *d.complaint;
    const Catalog& tr = catalog();
    worker_.post([this, c, events, gen, &tr]() -> ui::Worker::Completion {
        const auto letter =
            draft_response_letter(office_, tr, c, events, office_.config.office.signer_name);
        auto r = render_response_letter(office_, tr, letter, RenderOptions{ImageFormat::Rgba, 80});
        return [this, r = std::move(r), gen]() mutable {
            auto& p = state_.letter;
            p.rendering = false;
            if (gen != letter_generation_) return;
            if (!r) {
                p.error = r.error();
                return;
            }
            p.error.reset();
            SDL_Texture* t = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888,
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
    const auto seq = d.complaint->seq;
    worker_.post([this, seq, attachment]() -> ui::Worker::Completion {
        auto files = store_->attachments(seq, true);
        std::vector<std::uint8_t> wav;
        std::optional<Error> err;
        if (!files)
            err = files.error();
        else
            for (auto& a : *files)
                if (a.id == attachment) wav = std::move(a.data);
        return [this, wav = std::move(wav), err, attachment] {
            if (err) {
                state_.detail.error = err;
                return;
            }
            if (auto st = player_.play(attachment, wav); !st) state_.detail.error = st.error();
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
    worker_.post([this, s]() -> ui::Worker::Completion {
        auto r = submit_complaint(*store_, office_, s);
        return [this, r = std::move(r)] {
            auto& form = state_.desk;
            form.busy = false;
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

void PanelApp::load_print_jobs() {
    auto& p = state_.print_jobs;
    if (p.loading) return;
    p.loading = true;
    PrintJobQuery q;
    q.unfinished_or_failed = p.failed_only;
    q.limit = 500;
    reader_.post([this, q]() -> ui::Worker::Completion {
        auto r = store_->print_jobs(q);
        return [this, r = std::move(r)] {
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
    state_.session.tick(now);
    if (state_.session.signed_in() != was_signed_in_) {
        was_signed_in_ = state_.session.signed_in();
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
           [this](Job j) { submit(std::move(j)); },
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
    if (!next) return std::nullopt;
    return static_cast<int>(std::clamp<TimeMs>(*next - now, 0, 24 * 3600 * 1000));
}

// Work in flight only. The letter preview's debounce is a timer, not work: a
// script's virtual clock stands still while it settles, so counting it here
// only made every step after a keystroke wait out the driver's 20 s limit.
bool PanelApp::busy() const {
    return worker_.busy() || reader_.busy() || jobs_in_flight_ > 0 || state_.desk.printing ||
           !reprint_tickets_.empty() || letter_ticket_ != 0 || state_.pager.loading();
}

} // namespace keluhan::panel
