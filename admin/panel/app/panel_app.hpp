// The admin panel app: the panel's state and its views, the workers that
// run every database, CUPS, rendering and file-writing call the views ask
// for (their Intents), the print service, recording playback and the idle
// lock, tied into shared/ui's render-on-demand host.
#pragma once

#include "../flow/panel_flow.hpp"
#include "../views/views.hpp"
#include "opener.hpp"
#include "player.hpp"
#include "print_journal.hpp"

#include "keluhan/printing/print.hpp"
#include "keluhan/service/service.hpp"
#include "keluhan/storage/store.hpp"
#include "keluhan/ui/host.hpp"
#include "keluhan/ui/sdl.hpp"
#include "keluhan/ui/worker.hpp"

#include <functional>
#include <memory>

namespace keluhan::panel {

class PanelApp final : public ui::App {
  public:
    struct Languages {
        Catalog id;
        Catalog en;
    };
    // Works through `service` only; `store` is the local database the
    // service runs on (kept open for it), null for a panel on the hub (--hub).
    PanelApp(const Office& office, Languages languages, std::unique_ptr<Store> store,
             std::unique_ptr<OfficeService> service, ui::Clock& clock);
    ~PanelApp() override;
    PanelApp(const PanelApp&) = delete;
    PanelApp& operator=(const PanelApp&) = delete;

    Status setup(ui::Ui& ui, SDL_Renderer* renderer) override;
    void event(const SDL_Event& e) override;
    void update() override;
    void draw(ui::Ui& ui) override;
    [[nodiscard]] std::optional<int> wake_in_ms() override;
    [[nodiscard]] bool busy() const override;
    [[nodiscard]] bool realtime() const override { return player_.playing(); }
    [[nodiscard]] bool quit() const override { return quit_; }

    // What the navigation says about the in-process hub ([panel] serve_hub).
    void set_hub_status(std::string line, bool running) {
        state_.hub_status = std::move(line);
        state_.hub_running = running;
    }

  private:
    // Runs `job` on `worker`; the completion it returns runs on the UI thread
    // only if the session is still the one the job was posted in.
    void post(ui::Worker& worker, ui::Worker::Job job);
    void carry_out(Intents want);
    void login();
    void unlock();
    void load_tasks();
    void load_detail(const std::string& code);
    void advance();
    // The office's pages and the panels of Detail (flow/pages.hpp).
    void load_report();
    void export_report(ExportFormat format);
    void load_survey();
    void export_survey(ExportFormat format);
    void load_settings();
    void save_setting(SettingChange change);
    void count_open_elsewhere(std::string profile);
    void change_user(UserChange change);
    void export_personal();
    void anonymise();
    void load_capa();
    void save_capa(CapaSave save);
    void save_summary();
    void export_capa();
    void resume_printer(const std::string& name);
    void fetch_page(RegisterPager::Request r);
    void render_letter();
    void print_letter();
    void save_letter_number();
    void open_attachment(std::int64_t attachment);
    void play(std::int64_t attachment);
    void desk_submit();
    void desk_print();
    void load_print_jobs();
    void reprint(const std::string& code);
    void take_print_updates();
    // A result from the service: notes a hub out of reach (the banner) or
    // a session that ended (the lock screen asks for the password again).
    void saw(const Error* e);
    void check_hub();
    void on_page_change();
    void toast(std::string text);
    [[nodiscard]] const Catalog& catalog() const {
        return language_ == "en" ? langs_.en : langs_.id;
    }

    // A copy: a panel on the hub lays the hub's stored settings over it at
    // each sign-in (on the UI thread, before the session's first request).
    Office office_;
    const Office base_office_; // as the config file has it
    Languages langs_;
    std::unique_ptr<Store> store_;           // null on a hub
    std::unique_ptr<OfficeService> service_; // after store_: destroyed first
    ui::Clock& clock_;
    std::string language_;
    PanelState state_;
    Intents want_;
    Player player_;
    FileOpener opener_{office_.config.panel.open_command};
    SDL_Renderer* renderer_ = nullptr;
    bool quit_ = false;
    Page last_page_ = Page::Tasks;
    bool was_signed_in_ = false;
    // One more at every login and logout: a result posted under another
    // session is dropped (post()).
    std::uint64_t epoch_ = 0;
    // The letter preview, debounced while typing.
    ui::TexturePtr letter_texture_;
    TimeMs letter_due_ = 0; // 0 = nothing to render
    std::uint64_t letter_generation_ = 0;
    // Prints, all through PrintService: the desk's Tanda Terima, reprints, the letter.
    std::unique_ptr<ServiceJournal> journal_; // the print jobs, through the service
    std::unique_ptr<PrintService> printer_;
    std::int64_t desk_ticket_ = 0;
    std::int64_t letter_ticket_ = 0; // the response letter being printed, for letter_code_
    std::string letter_code_;
    std::map<std::int64_t, std::string> reprint_tickets_; // ticket -> code
    [[nodiscard]] bool heartbeat() const;
    TimeMs next_hub_check_ = 0; // while the hub is out of reach, or heartbeat()
    bool hub_check_busy_ = false;
    ui::Worker reader_; // register pages and counts
    ui::Worker worker_; // everything else; last: its thread stops first
};

} // namespace keluhan::panel
