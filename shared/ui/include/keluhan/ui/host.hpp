// The window, the ImGui frame and the event loop, shared by the kiosk and the
// admin panel.
//
// Render on demand: the loop blocks in SDL_WaitEventTimeout and draws only
// after input, when the app's next timer is due, while it animates, or when a
// worker hands back a result (workers wake it with SDL_PushEvent). An idle
// screen costs no CPU.
//
// Headless: with `headless`, SDL's dummy video driver and the software
// renderer on an off-screen surface run the real UI without a display, and a
// script (script.hpp) drives it.
#pragma once

#include "keluhan/ui/script.hpp"
#include "keluhan/ui/sdl.hpp"
#include "keluhan/ui/widgets.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace keluhan::ui {

struct HostOptions {
    std::string title = "Keluhan";
    int width = 1080;
    int height = 1920;
    bool fullscreen = false;
    bool headless = false;
    std::filesystem::path script;      // run this script (headless or not)
    std::filesystem::path screenshots; // where "shot" writes
    bool stock_loop = false;           // benchmark only: redraw every frame like ImGui's example
    bool report_first_frame = false;   // benchmark only: print when the first frame is on screen
};

// The app's clock: real time, or (for scripts) time that moves only when the
// script waits, so a 90-second idle timeout is tested in no time.
class Clock {
  public:
    [[nodiscard]] std::int64_t now_ms() const;
    void set_virtual(bool v);
    void advance(std::int64_t ms) { offset_ += ms; }

  private:
    bool virtual_ = false;
    std::int64_t frozen_ = 0;
    std::int64_t offset_ = 0;
};

class App {
  public:
    virtual ~App() = default;
    // After the ImGui context exists: load fonts for `scale`, images, state.
    virtual Status setup(Ui& ui, SDL_Renderer* renderer) = 0;
    // Every SDL event, after ImGui saw it (text input and keys for the app's
    // own fields, quit requests...).
    virtual void event(const SDL_Event& e) = 0;
    // Before each frame: worker results, timers.
    virtual void update() = 0;
    // Builds the frame with ImGui; no I/O here.
    virtual void draw(Ui& ui) = 0;
    // When the app next needs a frame without input (ms from now); nullopt =
    // only on input. Animations return ~33.
    [[nodiscard]] virtual std::optional<int> wake_in_ms() = 0;
    // Background work in flight (the script driver waits for it).
    [[nodiscard]] virtual bool busy() const = 0;
    // Background work that runs in real time (audio): script waits really wait.
    [[nodiscard]] virtual bool realtime() const { return false; }
    [[nodiscard]] virtual bool quit() const = 0;
};

// Milliseconds since the program started (static initialisation).
[[nodiscard]] double ms_since_start();

// Runs `app` until it quits. Returns the process exit code: 0, or 1 when a
// script failed (the message names the line).
int run(const HostOptions& options, Clock& clock, App& app);

} // namespace keluhan::ui
