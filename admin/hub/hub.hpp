// The hub: an HTTP server over the hub's database (docs/sync.md).
//
//   POST /api/v1/sync/push          a kiosk's batch of new complaints (token)
//   GET  /api/v1/sync/changes       status changes of that kiosk's complaints (token)
//   GET  /api/v1/status/<code>      a complaint's status for visitors, JSON
//   GET  /s/<code>                  the same as a small HTML page for phones (the QR)
//   GET  /healthz                   for monitoring
//   /ajukan, /staf                  the web form and the officials' pages (web_pages.hpp)
//   /api/v1/...                     the staff API (staff_api.hpp, docs/api.md)
//
// Used by `keluhan serve` (in the foreground, for systemd) and by the admin
// panel, which can run it in-process:
//
//     keluhan::hub::Hub hub;
//     if (auto st = hub.start(office, db_path, office.config.hub); !st) show(st.error());
//     ...
//     hub.stop(); // or let the destructor do it
//
// The hub opens its own writing Store on `db` (imports go through it; the
// store's per-transaction writer lock lets the panel write the same file)
// and a few read-only Stores for lookups, so a status page never waits
// behind a sync batch. Requests are served on `HubConfig::threads` threads
// of its own; start() returns once the port is bound and listening.
#pragma once

#include "keluhan/domain/config.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/ops/workflow.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace keluhan::hub {

class Hub {
  public:
    Hub();
    ~Hub(); // stop()
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    // Opens the database (created when missing), binds config.listen:port
    // (port 0 = any free port; see port()) and starts serving. Refuses with
    // err.store.* (the database), err.hub.listen (address in use, ...) or
    // err.hub.tls (certificate or key unreadable). Starting a running hub
    // is refused too.
    [[nodiscard]] Status start(const Office& office, const std::filesystem::path& db,
                               const HubConfig& config);
    // Stops serving (requests under way finish), joins the threads and
    // closes the stores. Safe to call twice, or on a hub never started.
    void stop();
    [[nodiscard]] bool running() const;
    // The bound port (useful when started on port 0); 0 when not running.
    [[nodiscard]] int port() const;
    [[nodiscard]] bool tls() const;

    // Where the one-line-per-request and per-batch log goes (default:
    // stderr). Set before start(); called from the server's threads.
    void set_log(std::function<void(std::string_view line)> sink);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::function<void(std::string_view)> log_;
};

// The code in a log line: the first four symbols, the rest masked, so logs
// do not hold whole tracking codes ("/s/7KQ2…").
[[nodiscard]] std::string mask_path(std::string_view path);

} // namespace keluhan::hub
