// [SECTION] index
//   clock
//   the window: real or headless
//   one frame
//   the script driver
//   the loop
#include "keluhan/ui/host.hpp"

#include "keluhan/ui/fast_render.hpp"
#include "keluhan/ui/png.hpp"
#include "keluhan/ui/worker.hpp"

#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace keluhan::ui {

// [SECTION] clock ---------------------------------------------------------------

namespace {
const auto g_start = std::chrono::steady_clock::now();
std::int64_t steady_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}
} // namespace

double ms_since_start() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_start)
        .count();
}

std::int64_t Clock::now_ms() const {
    return (virtual_ ? frozen_ : steady_ms()) + offset_;
}

void Clock::set_virtual(bool v) {
    if (v && !virtual_) frozen_ = steady_ms();
    virtual_ = v;
}

// [SECTION] the window: real or headless ----------------------------------------

namespace {

class Screen {
  public:
    Status open(const HostOptions& o) {
        if (o.headless) {
            window_.reset(
                SDL_CreateWindow(o.title.c_str(), 0, 0, o.width, o.height, SDL_WINDOW_HIDDEN));
            surface_.reset(
                SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_ARGB8888));
            if (!window_ || !surface_) return fail();
            renderer_.reset(SDL_CreateSoftwareRenderer(surface_.get()));
        } else {
            Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
            int w = o.width, h = o.height;
            if (o.fullscreen) {
                flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
                // The screen's own size from the start: the layout's scale is
                // set from the first size (a compositor such as cage sizes
                // the window only after it is made).
                SDL_DisplayMode mode{};
                if (SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.w > 0 && mode.h > 0) {
                    w = mode.w;
                    h = mode.h;
                }
            } else {
                fit_to_display(w, h);
            }
            window_.reset(SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED,
                                           SDL_WINDOWPOS_CENTERED, w, h, flags));
            if (!window_) return fail();
            renderer_.reset(SDL_CreateRenderer(
                window_.get(), -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC));
            if (!renderer_)
                renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
        }
        if (!renderer_) return fail();
        return ok();
    }
    [[nodiscard]] SDL_Window* window() const { return window_.get(); }
    [[nodiscard]] SDL_Renderer* renderer() const { return renderer_.get(); }
    [[nodiscard]] bool headless() const { return surface_ != nullptr; }

    // The size draw code lays out for (the output size, in pixels).
    [[nodiscard]] ImVec2 size() const {
        int w = 0, h = 0;
        if (surface_)
            return ImVec2(static_cast<float>(surface_->w), static_cast<float>(surface_->h));
        SDL_GetRendererOutputSize(renderer_.get(), &w, &h);
        return ImVec2(static_cast<float>(w), static_cast<float>(h));
    }

    bool screenshot(const std::filesystem::path& file) const {
        const ImVec2 s = size();
        const int w = static_cast<int>(s.x), h = static_cast<int>(s.y);
        std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) *
                                       4);
        if (SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(),
                                 w * 4) != 0)
            return false;
        return write_png(file, w, h, rgba);
    }

  private:
    static Status fail() {
        return Error{ErrorKind::Storage, "err.ui.window", {{"detail", SDL_GetError()}}};
    }
    // A windowed kiosk keeps its shape but fits on the screen it opens on.
    static void fit_to_display(int& w, int& h) {
        SDL_Rect usable{};
        if (SDL_GetDisplayUsableBounds(0, &usable) != 0) return;
        const double f = std::min({1.0, 0.92 * usable.w / w, 0.92 * usable.h / h});
        w = static_cast<int>(w * f);
        h = static_cast<int>(h * f);
    }

    WindowPtr window_;
    SurfacePtr surface_;
    RendererPtr renderer_;
};

// RAII for the ImGui context and its two backends.
class ImGuiSession {
  public:
    ImGuiSession(SDL_Window* w, SDL_Renderer* r) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr; // no imgui.ini next to a kiosk
        io.LogFilename = nullptr;
        io.ConfigInputTextCursorBlink = false;
        ImGui_ImplSDL2_InitForSDLRenderer(w);
        ImGui_ImplSDLRenderer_Init(r);
    }
    ~ImGuiSession() {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    ImGuiSession(const ImGuiSession&) = delete;
    ImGuiSession& operator=(const ImGuiSession&) = delete;
};

// [SECTION] one frame --------------------------------------------------------------

// The pointer as the events tell it. ImGui 1.86's SDL backend asks SDL for
// the mouse state and the keyboard focus instead, which a touch screen
// without a window manager, a hidden headless window and injected events do
// not keep up to date; a press and release between two frames still counts
// as one click.
class Pointer {
  public:
    void on(const SDL_Event& e, ImVec2 scale) {
        switch (e.type) {
        case SDL_MOUSEMOTION:
            pos_ = ImVec2(static_cast<float>(e.motion.x) * scale.x,
                          static_cast<float>(e.motion.y) * scale.y);
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.button != SDL_BUTTON_LEFT) break;
            pos_ = ImVec2(static_cast<float>(e.button.x) * scale.x,
                          static_cast<float>(e.button.y) * scale.y);
            down_ = true;
            pressed_ = true;
            break;
        case SDL_MOUSEBUTTONUP:
            if (e.button.button != SDL_BUTTON_LEFT) break;
            pos_ = ImVec2(static_cast<float>(e.button.x) * scale.x,
                          static_cast<float>(e.button.y) * scale.y);
            down_ = false;
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_LEAVE) pos_ = ImVec2(-FLT_MAX, -FLT_MAX);
            break;
        default:
            break;
        }
    }
    void apply(ImGuiIO& io) {
        io.MousePos = pos_;
        io.MouseDown[0] = down_ || pressed_;
        pressed_ = false;
    }

  private:
    ImVec2 pos_{-FLT_MAX, -FLT_MAX};
    bool down_ = false;
    bool pressed_ = false;
};

class Frames {
  public:
    Frames(Screen& screen, App& app, Ui& ui) : screen_(screen), app_(app), ui_(ui) {}

    void event(const SDL_Event& e) {
        if (e.type != wake_event_type()) ImGui_ImplSDL2_ProcessEvent(&e);
        // Window coordinates to output pixels (high-DPI windows differ).
        ImVec2 scale(1, 1);
        if (!screen_.headless()) {
            int ww = 0, wh = 0;
            SDL_GetWindowSize(screen_.window(), &ww, &wh);
            const ImVec2 out = screen_.size();
            if (ww > 0 && wh > 0)
                scale = ImVec2(out.x / static_cast<float>(ww), out.y / static_cast<float>(wh));
        }
        pointer_.on(e, scale);
        app_.event(e);
    }

    void render() {
        app_.update();
        ImGui_ImplSDLRenderer_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        // The layout follows the real output size (the dummy driver's window
        // size is not the surface's).
        ImGui::GetIO().DisplaySize = screen_.size();
        ImGui::GetIO().DisplayFramebufferScale = ImVec2(1, 1);
        pointer_.apply(ImGui::GetIO());
        ImGui::NewFrame();
        ui_.record.clear();
        ui_.tapped = false;
        app_.draw(ui_);
        ImGui::Render();
        SDL_SetRenderDrawColor(screen_.renderer(), 0xF3, 0xF5, 0xF8, 0xFF);
        SDL_RenderClear(screen_.renderer());
        fast_.prepare(ImGui::GetDrawData(), screen_.renderer());
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        SDL_RenderPresent(screen_.renderer());
        if (!font_texture_freed_) {
            // The backend has its texture now; ImGui's copy of the atlas pixels
            // (tens of MB at kiosk sizes) is no longer needed.
            ImGui::GetIO().Fonts->ClearTexData();
            font_texture_freed_ = true;
        }
        ++count_;
    }
    [[nodiscard]] long count() const { return count_; }

  private:
    Screen& screen_;
    App& app_;
    Ui& ui_;
    Pointer pointer_;
    FastRender fast_;
    long count_ = 0;
    bool font_texture_freed_ = false;
};

// [SECTION] the script driver ------------------------------------------------------

class Driver {
  public:
    Driver(Screen& s, App& app, Ui& ui, Frames& frames, Clock& clock, std::filesystem::path shots)
        : screen_(s), app_(app), ui_(ui), frames_(frames), clock_(clock), shots_(std::move(shots)) {
    }

    // Runs every action; the message names the line that failed.
    Status run(const std::vector<ScriptAction>& actions) {
        settle();
        for (const auto& a : actions) {
            if (app_.quit()) break;
            auto st = step(a);
            if (!st) return st;
            settle();
        }
        return ok();
    }

  private:
    void pump() {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            frames_.event(e);
    }
    // Lets background work finish (really waiting for it) and the screen settle.
    void settle() {
        const auto limit = steady_ms() + 20000;
        for (int i = 0; i < 3 || (app_.busy() && steady_ms() < limit); ++i) {
            pump();
            frames_.render();
            if (app_.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        // Said, not failed: a slow machine may take this long; a test that
        // takes 20 s a step shows up in its log with the reason.
        if (app_.busy()) std::fprintf(stderr, "script: still busy after 20 s; going on\n");
    }
    void push(SDL_Event e) {
        SDL_PushEvent(&e);
        pump();
        frames_.render();
    }
    Error fail(const ScriptAction& a, const char* key, std::string detail = {}) {
        return Error{ErrorKind::Invalid,
                     key,
                     {{"line", std::to_string(a.line)}, {"text", a.arg}, {"detail", detail}}};
    }

    Status step(const ScriptAction& a) {
        using K = ScriptAction::Kind;
        switch (a.kind) {
        case K::Hover:
        case K::Tap: {
            const Target* t = nullptr;
            for (const auto& cand : ui_.record.targets)
                if (cand.label == a.arg) {
                    t = &cand;
                    break;
                }
            if (!t) {
                std::string seen;
                for (const auto& cand : ui_.record.targets)
                    if (cand.label.size() > 1) seen += (seen.empty() ? "" : ", ") + cand.label;
                return fail(a, "err.script.no_target", seen);
            }
            if (!t->enabled) return fail(a, "err.script.disabled");
            const int x = static_cast<int>((t->min.x + t->max.x) * 0.5f);
            const int y = static_cast<int>((t->min.y + t->max.y) * 0.5f);
            SDL_Event e{};
            e.type = SDL_MOUSEMOTION;
            e.motion.x = x;
            e.motion.y = y;
            push(e);
            if (a.kind == K::Hover) return ok();
            e = {};
            e.type = SDL_MOUSEBUTTONDOWN;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.state = SDL_PRESSED;
            e.button.clicks = 1;
            e.button.x = x;
            e.button.y = y;
            push(e);
            e.type = SDL_MOUSEBUTTONUP;
            e.button.state = SDL_RELEASED;
            push(e);
            return ok();
        }
        case K::Type: {
            // SDL_TEXTINPUT carries at most 31 bytes; split on code points.
            std::size_t i = 0;
            while (i < a.arg.size()) {
                std::size_t n =
                    std::min<std::size_t>(a.arg.size() - i, SDL_TEXTINPUTEVENT_TEXT_SIZE - 1);
                while (i + n < a.arg.size() &&
                       (static_cast<unsigned char>(a.arg[i + n]) & 0xC0) == 0x80)
                    --n;
                SDL_Event e{};
                e.type = SDL_TEXTINPUT;
                std::memcpy(e.text.text, a.arg.data() + i, n);
                e.text.text[n] = '\0';
                push(e);
                i += n;
            }
            return ok();
        }
        case K::Key: {
            const SDL_Keycode key = SDL_GetKeyFromName(a.arg.c_str());
            if (key == SDLK_UNKNOWN) return fail(a, "err.script.key");
            SDL_Event e{};
            e.type = SDL_KEYDOWN;
            e.key.state = SDL_PRESSED;
            e.key.keysym.sym = key;
            e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
            push(e);
            e.type = SDL_KEYUP;
            e.key.state = SDL_RELEASED;
            push(e);
            return ok();
        }
        case K::Wait: {
            // Time passes for the app in steps of at most a second; real time
            // passes too only while something runs in real time (recording).
            auto left = static_cast<std::int64_t>(a.seconds * 1000.0);
            while (left > 0) {
                const std::int64_t dt = std::min<std::int64_t>(left, 1000);
                if (app_.realtime() || app_.busy())
                    std::this_thread::sleep_for(std::chrono::milliseconds(dt));
                clock_.advance(dt);
                left -= dt;
                pump();
                frames_.render();
            }
            return ok();
        }
        case K::Shot: {
            frames_.render();
            std::error_code ec;
            std::filesystem::create_directories(shots_, ec);
            if (!screen_.screenshot(shots_ / (a.arg + ".png")))
                return fail(a, "err.script.shot", SDL_GetError());
            return ok();
        }
        case K::Await: {
            const auto until =
                std::chrono::steady_clock::now() +
                std::chrono::milliseconds(static_cast<std::int64_t>(a.seconds * 1000));
            // The app's clock moves as the real one does (rendering included).
            auto last = std::chrono::steady_clock::now();
            const auto shown = [&] {
                return std::any_of(
                    ui_.record.texts.begin(), ui_.record.texts.end(),
                    [&](const std::string& t) { return t.find(a.arg) != std::string::npos; });
            };
            while (!shown() && std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                const auto now = std::chrono::steady_clock::now();
                clock_.advance(
                    std::chrono::duration_cast<std::chrono::milliseconds>(now - last).count());
                last = now;
                pump();
                frames_.render();
            }
        }
            // Time is up (or the text is there): judged as `expect` judges it.
            [[fallthrough]];
        case K::Expect: {
            for (const auto& t : ui_.record.texts)
                if (t.find(a.arg) != std::string::npos) return ok();
            std::string seen;
            for (const auto& t : ui_.record.texts)
                if (!t.empty()) seen += (seen.empty() ? "" : " | ") + t.substr(0, 60);
            return fail(a, "err.script.expect", seen);
        }
        case K::Absent: {
            for (const auto& t : ui_.record.texts)
                if (t.find(a.arg) != std::string::npos)
                    return fail(a, "err.script.absent", t.substr(0, 120));
            return ok();
        }
        case K::Bench: {
            if (a.wheel != 0) return bench_scrolling(a);
            const double start = thread_cpu_ms();
            for (int i = 0; i < a.frames; ++i)
                frames_.render();
            const double per = (thread_cpu_ms() - start) / a.frames;
            std::printf("bench: %d frames, %.3f ms CPU per frame (build + render)\n", a.frames,
                        per);
            std::fflush(stdout);
            return ok();
        }
        case K::Wheel: {
            push_wheel(a.wheel);
            pump();
            frames_.render();
            return ok();
        }
        }
        return ok();
    }

    // Mouse-wheel notches where the pointer is (positive = down, as a user
    // scrolls towards the end); one event per notch, as a wheel sends them.
    static void push_wheel(int notches) {
        for (int i = 0; i < std::abs(notches); ++i) {
            SDL_Event e{};
            e.type = SDL_MOUSEWHEEL;
            e.wheel.y = notches > 0 ? -1 : 1;
            e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
            SDL_PushEvent(&e);
        }
    }
    // Frames while scrolling: each one handles a wheel step, then builds and
    // renders; wall time per frame (what a user waits), median, p95 and max.
    Status bench_scrolling(const ScriptAction& a) {
        std::vector<double> ms;
        ms.reserve(static_cast<std::size_t>(a.frames));
        const double cpu0 = thread_cpu_ms();
        for (int i = 0; i < a.frames; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            push_wheel(a.wheel);
            pump();
            frames_.render();
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
        }
        const double cpu = (thread_cpu_ms() - cpu0) / a.frames;
        std::sort(ms.begin(), ms.end());
        const auto at = [&](double q) {
            return ms[std::min(ms.size() - 1,
                               static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
        };
        std::printf("bench: %d frames scrolling %d notches each: median %.2f ms, p95 %.2f ms, max "
                    "%.2f ms wall; "
                    "%.2f ms CPU per frame\n",
                    a.frames, a.wheel, at(0.5), at(0.95), ms.back(), cpu);
        std::fflush(stdout);
        return ok();
    }

    Screen& screen_;
    App& app_;
    Ui& ui_;
    Frames& frames_;
    Clock& clock_;
    std::filesystem::path shots_;
};

} // namespace

// [SECTION] the loop ------------------------------------------------------------------

int run(const HostOptions& o, Clock& clock, App& app) {
    Screen screen;
    if (auto st = screen.open(o); !st) {
        std::fprintf(stderr, "keluhan: the window cannot be opened: %s\n",
                     st.error().param("detail").c_str());
        return 1;
    }
    ImGuiSession session(screen.window(), screen.renderer());
    Ui ui;
    // The window's first configure (its real size on Wayland) before the
    // scale is taken from it.
    if (!screen.headless()) SDL_PumpEvents();
    const ImVec2 size = screen.size();
    ui.m.scale = std::min(size.x, size.y) / 1080.0f;
    if (auto st = app.setup(ui, screen.renderer()); !st) {
        std::fprintf(stderr, "keluhan: %s %s\n", st.error().key.c_str(),
                     st.error().param("font").c_str());
        return 1;
    }
    SDL_StartTextInput();
    Frames frames(screen, app, ui);
    if (o.report_first_frame) {
        frames.render();
        std::printf("first-frame-ms %.1f\n", ms_since_start());
        std::fflush(stdout);
    }

    if (!o.script.empty()) {
        std::ifstream in(o.script);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) {
            std::fprintf(stderr, "keluhan: cannot read script %s\n", o.script.c_str());
            return 1;
        }
        auto actions = parse_script(text.str());
        if (!actions) {
            std::fprintf(stderr, "keluhan: script %s line %s: %s\n", o.script.c_str(),
                         actions.error().param("line").c_str(), actions.error().key.c_str());
            return 1;
        }
        clock.set_virtual(true);
        Driver driver(screen, app, ui, frames, clock, o.screenshots);
        if (auto st = driver.run(*actions); !st) {
            const auto& e = st.error();
            std::fprintf(stderr, "keluhan: script %s line %s: %s \"%s\"\n", o.script.c_str(),
                         e.param("line").c_str(),
                         e.key == "err.script.no_target"  ? "nothing to tap labelled"
                         : e.key == "err.script.expect"   ? "the screen does not show"
                         : e.key == "err.script.disabled" ? "this button is disabled:"
                                                          : e.key.c_str(),
                         e.param("text").c_str());
            if (!e.param("detail").empty())
                std::fprintf(stderr, "  on screen: %s\n", e.param("detail").c_str());
            return 1;
        }
        return 0;
    }

    // Render on demand: block until input, a timer, or a worker's result.
    int pending = 2; // frames still to draw; ImGui settles a click over a few frames
    while (!app.quit()) {
        SDL_Event e;
        if (o.stock_loop) {
            // ImGui's own example loop, for the benchmark to compare against.
            while (SDL_PollEvent(&e))
                frames.event(e);
            frames.render();
            if (screen.headless()) SDL_Delay(16); // a display would pace it at 60 Hz
            continue;
        }
        if (pending == 0) {
            const auto wake = app.wake_in_ms();
            const int got = wake ? SDL_WaitEventTimeout(&e, std::max(0, *wake)) : SDL_WaitEvent(&e);
            if (got) {
                frames.event(e);
                pending = 3;
            } else {
                pending = 1;
            }
        }
        while (SDL_PollEvent(&e)) {
            frames.event(e);
            pending = 3;
        }
        frames.render();
        --pending;
    }
    return 0;
}

} // namespace keluhan::ui
