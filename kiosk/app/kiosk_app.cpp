#include "kiosk_app.hpp"

#include "keluhan/ui/fonts.hpp"

#include <cstdio>

namespace keluhan::kiosk {
namespace {
FlowOptions flow_options(const Config& c) {
    FlowOptions o;
    o.idle_seconds = c.kiosk.idle_seconds;
    o.warning_seconds = c.kiosk.warning_seconds;
    o.done_seconds = c.kiosk.done_seconds;
    o.reprint_limit = c.printer.reprint_limit;
    o.admin_pin = c.kiosk.admin_pin;
    return o;
}
} // namespace

KioskApp::KioskApp(const Office& office, Languages languages, std::unique_ptr<Store> store,
                   ui::Clock& clock, bool fullscreen)
    : office_(office), langs_(std::move(languages)), store_(std::move(store)), clock_(clock),
      fullscreen_(fullscreen), flow_(office, flow_options(office.config)),
      printer_(std::make_unique<PrintService>(*store_, office_,
                                              [](const PrintProgress&) { ui::wake_ui(); })) {
    if (!office_.config.sync.hub_url.empty()) {
        SyncAgentOptions opt;
        opt.on_change = [] { ui::wake_ui(); };
        sync_ = std::make_unique<SyncAgent>(*store_, office_.config.sync, std::move(opt));
    }
}

KioskApp::~KioskApp() = default;

Status KioskApp::setup(ui::Ui& ui, SDL_Renderer* renderer) {
    // The office's logo; the header shows a plain mark without it.
    logo_ = ui::load_texture(renderer, office_.config.logo_file());
    auto fonts = ui::load_fonts(ui.m.scale);
    if (!fonts) return fonts.error();
    ui.fonts = *fonts;
    ui::apply_theme(ui.m);
    flow_.set_mic_available(recorder_.probe());
    // The survey's questions (assets/skm); without them the kiosk offers none.
    if (auto q = skm_questionnaire(office_))
        flow_.set_questionnaire(std::move(*q));
    else
        std::fprintf(stderr, "keluhan-kiosk: no satisfaction survey: %s\n",
                     langs_.id.message(q.error()).c_str());
    flow_.touched(clock_.now_ms());
    if (sync_) sync_->start();
    return ok();
}

void KioskApp::event(const SDL_Event& e) {
    const TimeMs now = clock_.now_ms();
    switch (e.type) {
    case SDL_QUIT:
        // In fullscreen the window manager cannot close the kiosk (the last
        // window's close does not quit, see main); this is SIGTERM/SIGINT.
        quit_ = true;
        break;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE && !fullscreen_) quit_ = true;
        break;
    case SDL_TEXTINPUT:
        flow_.touched(now);
        // A USB scanner on the status screen types wherever the focus is.
        if (flow_.screen() == Screen::StatusEntry) flow_.focus(Field::Code);
        flow_.type(e.text.text);
        break;
    case SDL_KEYDOWN:
        flow_.touched(now);
        switch (e.key.keysym.sym) {
        case SDLK_BACKSPACE:
            flow_.backspace();
            break;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
            if (flow_.screen() == Screen::StatusEntry)
                want_.lookup = true;
            else if (flow_.screen() == Screen::StaffPin)
                flow_.submit_pin(now);
            else
                flow_.enter();
            break;
        default:
            break;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_FINGERDOWN:
        flow_.touched(now);
        break;
    default:
        break;
    }
}

void KioskApp::carry_out(Intents want) {
    const TimeMs now = clock_.now_ms();
    if (want.send) {
        if (auto s = flow_.begin_send(now)) {
            ++saves_in_flight_;
            worker_.post([this, s = std::move(*s)]() -> ui::Worker::Completion {
                auto r = submit_complaint(*store_, office_, s);
                return [this, r = std::move(r)] {
                    --saves_in_flight_;
                    flow_.send_done(r, clock_.now_ms());
                    // Only a committed complaint is printed; and sent to the hub.
                    if (r) print_receipt();
                    if (r && sync_) sync_->wake();
                };
            });
        }
    }
    if (want.lookup) {
        if (auto code = flow_.begin_lookup()) {
            worker_.post([this, code = *code, lang = flow_.language()]() -> ui::Worker::Completion {
                // The kiosk's own record or its copy of the hub's answer, the
                // newer; for a code taken elsewhere, the hub asked now (a few
                // seconds at most; a hub away is said so, not "not found").
                auto a = kiosk_status(*store_, office_, code, lang, now_ms());
                Result<VisitorStatus> r =
                    a ? Result<VisitorStatus>(a->status) : Result<VisitorStatus>(a.error());
                const TimeMs copy_of = a ? a->copy_fetched_at : 0;
                return [this, r = std::move(r), copy_of] { flow_.lookup_done(r, copy_of); };
            });
        }
    }
    if (want.survey_send) {
        if (auto s = flow_.begin_survey_send(now, sync_ != nullptr)) {
            ++saves_in_flight_;
            worker_.post([this, s = std::move(*s)]() -> ui::Worker::Completion {
                auto r = submit_skm(*store_, office_, s);
                return [this, r = std::move(r)] {
                    --saves_in_flight_;
                    flow_.survey_done(r, clock_.now_ms());
                    if (r && sync_) sync_->wake();
                };
            });
        }
    }
    if (want.record_start) {
        flow_.clear_recording();
        if (auto st = recorder_.start(office_.config.kiosk.recording_max_seconds); !st) {
            flow_.set_mic_available(false);
            flow_.set_notice(st.error());
        }
    }
    if (want.record_stop && recorder_.recording()) {
        recorder_.stop();
        flow_.recording_done(recorder_.wav(), recorder_.seconds());
    }
    if (want.play) {
        if (auto st = recorder_.play(); !st) flow_.set_notice(st.error());
    }
    if (want.play_stop) recorder_.stop_playback();
    if (want.reprint && !printing_ && flow_.request_reprint()) print_receipt();
    if (want.printer_refresh) read_printer(false);
    if (want.printer_resume) read_printer(true);
    if (want.sync_now && sync_) sync_->retry();
    if (want.exit) {
        flow_.request_exit();
        quit_ = flow_.exit_requested();
    }
}

void KioskApp::print_receipt() {
    const auto& code = flow_.receipt_code();
    if (!code) return;
    PrintRequest req;
    req.visitor = true;
    req.language = flow_.language();
    print_ticket_ = printer_->print(*code, req);
    printing_ = true;
    flow_.set_receipt_print({PrintState::Queued, {}});
}

// Reads the receipt printer's state on the worker (resuming it first when
// asked) for the staff menu.
void KioskApp::read_printer(bool resume) {
    if (reading_printer_) return;
    reading_printer_ = true;
    const std::string configured = office_.config.printer.name;
    const Catalog& lang = catalog();
    worker_.post([this, configured, resume, &lang]() -> ui::Worker::Completion {
        PrinterView view;
        view.known = true;
        CupsClient cups;
        std::string name = configured;
        if (name.empty()) {
            auto def = cups.default_printer();
            if (def)
                name = *def;
            else
                view.error = lang.message(def.error());
        }
        if (!name.empty() && view.error.empty()) {
            if (resume)
                if (auto st = cups.resume(name); !st) view.error = lang.message(st.error());
            if (auto info = cups.printer(name)) {
                view.name = name;
                view.state = describe_printer(lang, *info);
                view.stopped = info->state == PrinterState::Stopped || !info->accepting;
            } else if (view.error.empty()) {
                view.error = lang.message(info.error());
            }
        }
        return [this, view = std::move(view)] {
            reading_printer_ = false;
            printer_view_ = view;
        };
    });
}

void KioskApp::take_print_updates() {
    for (const auto& u : printer_->take_updates()) {
        if (u.ticket != print_ticket_ || u.stage != PrintProgress::Stage::Finished || !u.report)
            continue;
        printing_ = false;
        // The visitor may have left already; the next one sees nothing of it.
        if (flow_.screen() != Screen::Done) continue;
        const auto& report = *u.report;
        // An end (finished), shown as it is; translated when shown.
        flow_.set_receipt_print({report.outcome, visitor_message_key(report)});
    }
}

void KioskApp::update() {
    carry_out(std::exchange(want_, Intents{}));
    worker_.drain();
    take_print_updates();
    if (sync_ && flow_.screen() == Screen::StaffMenu) sync_view_ = sync_->status();
    const TimeMs now = clock_.now_ms();
    if (recorder_.recording() && recorder_.full()) {
        recorder_.stop();
        flow_.recording_done(recorder_.wav(), recorder_.seconds());
    }
    flow_.tick(now);
    if (flow_.screen() != last_screen_) {
        // Opening the staff menu reads the printer's state.
        if (flow_.screen() == Screen::StaffMenu) {
            printer_view_ = {};
            read_printer(false);
        }
        // Back at the start, the last visitor's recording goes from memory too.
        if (flow_.screen() == Screen::Welcome) recorder_.clear();
        last_screen_ = flow_.screen();
    }
    // Leaving the recording screen (or a timeout) stops and drops a recording in hand.
    if (flow_.screen() != Screen::Record && (recorder_.recording() || recorder_.playing()))
        recorder_.clear();
    // A new field gets a fresh keyboard (letters page, no shift).
    if (flow_.focused() != last_focus_) {
        keys_.reset();
        last_focus_ = flow_.focused();
    }
    // The done screen's QR, made once per code.
    const auto& code = flow_.receipt_code();
    if (!code) {
        qr_.reset();
        qr_for_.reset();
    } else if (qr_for_ != code->compact()) {
        auto m = QrMatrix::encode(qr_payload(office_.config, *code));
        qr_ = m ? std::optional<QrMatrix>(std::move(m).value()) : std::nullopt;
        qr_for_ = code->compact();
    }
}

void KioskApp::draw(ui::Ui& ui) {
    RecorderView rec{recorder_.recording(), recorder_.playing(), recorder_.level(),
                     recorder_.seconds(), office_.config.kiosk.recording_max_seconds};
    View v{ui,
           flow_,
           office_,
           catalog(),
           keys_,
           want_,
           rec,
           qr_,
           logo_.get(),
           &printer_view_,
           &sync_view_,
           store_->path().string(),
           clock_.now_ms()};
    draw_kiosk(v);
    if (ui.tapped) flow_.touched(clock_.now_ms());
}

std::optional<int> KioskApp::wake_in_ms() {
    // The level meter and the recording clock move while recording or playing.
    if (recorder_.recording() || recorder_.playing()) return 33;
    const TimeMs now = clock_.now_ms();
    if (auto d = flow_.next_deadline(now)) return static_cast<int>(std::max<TimeMs>(0, *d - now));
    return std::nullopt;
}

bool KioskApp::busy() const {
    return worker_.busy() || saves_in_flight_ > 0 || printing_ || (sync_ && sync_->busy());
}

bool KioskApp::realtime() const {
    return recorder_.recording();
}

} // namespace keluhan::kiosk
