// Registration of the `keluhan` subcommands. Each adds its CLI11 options and,
// when chosen, sets `run` to the function that does the work.
#pragma once

#include "context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace keluhan::cli {

using Runner = std::function<int(Context&)>;

void add_complaint_commands(CLI::App& app, Runner& run);
void add_admin_commands(CLI::App& app, Runner& run);
// receipt, letter, print, printers, printer resume, print-jobs (cmd_print.cpp)
void add_print_commands(CLI::App& app, Runner& run);
// serve, kiosk add|list|revoke: the hub (cmd_hub.cpp)
void add_hub_commands(CLI::App& app, Runner& run);
// sync --once (cmd_sync.cpp)
void add_sync_commands(CLI::App& app, Runner& run);

// settings, user disable|enable|password|role|rename, capa (cmd_settings.cpp);
// after add_admin_commands, which makes the `user` group.
void add_settings_commands(CLI::App& app, Runner& run);
// report, personal export|anonymise (cmd_report.cpp)
void add_report_commands(CLI::App& app, Runner& run);
void add_skm_commands(CLI::App& app, Runner& run);    // cmd_skm.cpp
void add_notify_commands(CLI::App& app, Runner& run); // cmd_notify.cpp
// Prints a complaint's CAPA record (cmd_settings.cpp).
void print_capa(const Context& ctx, const Capa& capa);

// Shared by several commands: prints a complaint's SOP timeline.
void print_timeline(const Context& ctx, const Complaint& c, const std::vector<StepView>& steps);

} // namespace keluhan::cli
