// The kiosk app: the flow, its views, the worker that saves and looks up, the
// recorder, and the clock, tied into the host's render-on-demand loop.
#pragma once

#include "../audio/recorder.hpp"
#include "../flow/kiosk_flow.hpp"
#include "../views/views.hpp"

#include "keluhan/printing/print.hpp"
#include "keluhan/storage/store.hpp"
#include "keluhan/sync/sync_agent.hpp"
#include "keluhan/ui/host.hpp"
#include "keluhan/ui/png.hpp"
#include "keluhan/ui/worker.hpp"

#include <functional>
#include <memory>

namespace keluhan::kiosk {

class KioskApp final : public ui::App {
  public:
    struct Languages {
        Catalog id;
        Catalog en;
    };
    KioskApp(const Office& office, Languages languages, std::unique_ptr<Store> store,
             ui::Clock& clock, bool fullscreen);
    ~KioskApp() override;
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    Status setup(ui::Ui& ui, SDL_Renderer* renderer) override;
    void event(const SDL_Event& e) override;
    void update() override;
    void draw(ui::Ui& ui) override;
    [[nodiscard]] std::optional<int> wake_in_ms() override;
    [[nodiscard]] bool busy() const override;
    [[nodiscard]] bool realtime() const override;
    [[nodiscard]] bool quit() const override { return quit_; }

  private:
    void carry_out(Intents want);
    void print_receipt();
    void read_printer(bool resume);
    void take_print_updates();
    [[nodiscard]] const Catalog& catalog() const {
        return flow_.language() == "en" ? langs_.en : langs_.id;
    }

    const Office& office_;
    Languages langs_;
    std::unique_ptr<Store> store_;
    ui::Clock& clock_;
    bool fullscreen_;
    KioskFlow flow_;
    Recorder recorder_;
    ui::KeyboardState keys_;
    Field last_focus_ = Field::None;
    Intents want_;
    std::optional<QrMatrix> qr_;
    ui::TexturePtr logo_;
    std::optional<std::string> qr_for_;
    bool quit_ = false;
    int saves_in_flight_ = 0;
    std::unique_ptr<PrintService> printer_; // prints on its own thread
    std::int64_t print_ticket_ = 0;         // the request the done screen shows
    bool printing_ = false;
    PrinterView printer_view_;
    bool reading_printer_ = false;
    Screen last_screen_ = Screen::Welcome;
    // Pushes complaints to the hub and pulls their status, on its own thread
    // (only when [sync] hub_url is set); joined before the store goes.
    std::unique_ptr<SyncAgent> sync_;
    SyncStatus sync_view_; // a copy for the staff menu, taken in update()
    ui::Worker worker_;    // last: its thread stops before the rest goes
};

} // namespace keluhan::kiosk
