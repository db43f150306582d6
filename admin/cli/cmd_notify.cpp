// keluhan notify send: one round of the messages due (what `keluhan serve`
// does every [notify] interval_seconds), for an office without a hub
// running or a cron job. keluhan notify list CODE: a complaint's messages.
#include "commands.hpp"

#include "keluhan/domain/ids.hpp"
#include "keluhan/notify/notify.hpp"

#include <iostream>

namespace keluhan::cli {

namespace {

int run_notify_send(Context& ctx) {
    const Office& office = ctx.office();
    if (!office.config.notify.any()) {
        std::cout << ctx.tr("label.notice.off") << "\n";
        return kOk;
    }
    auto n = Notifier::create(office);
    if (!n) return ctx.fail(n.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto r = n->run_once(*store, ctx.office(), now_ms(), 500);
    if (!r) return ctx.fail(r.error());
    std::cout << ctx.tr("label.notice.round", {{"sent", std::to_string(r->sent)},
                                               {"retrying", std::to_string(r->retrying)},
                                               {"failed", std::to_string(r->failed)}})
              << "\n";
    return kOk;
}

int run_notify_list(Context& ctx, const std::string& code_text) {
    auto code = TrackingCode::parse(code_text);
    if (!code) return ctx.fail(code.error());
    int exit = kOk;
    auto store = ctx.open_read(exit);
    if (!store) return exit;
    auto c = store->find_by_code(*code);
    if (!c) return ctx.fail(c.error());
    auto list = store->notices_of(c->seq);
    if (!list) return ctx.fail(list.error());
    if (list->empty()) std::cout << ctx.tr("label.notice.none") << "\n";
    const auto& cal = ctx.office().config.calendar;
    for (const auto& m : *list) {
        std::string state;
        switch (m.state) {
        case NoticeState::Pending:
            state = m.attempts == 0
                        ? ctx.tr("label.notice.pending")
                        : ctx.tr("label.notice.retrying", {{"n", std::to_string(m.attempts)},
                                                           {"when", cal.format(m.next_at)}});
            break;
        case NoticeState::Sent:
            state = ctx.tr("label.notice.sent", {{"when", cal.format(m.sent_at)}});
            break;
        case NoticeState::Failed:
            state = ctx.tr("label.notice.failed", {{"error", m.error}});
            break;
        case NoticeState::Cancelled:
            state = ctx.tr("label.notice.cancelled");
            break;
        }
        std::cout << ctx.tr("label.notice." + std::string(to_string(m.kind))) << " \u00b7 "
                  << ctx.tr("label.notice." + std::string(to_string(m.channel))) << ": " << state
                  << "\n";
    }
    return kOk;
}

} // namespace

void add_notify_commands(CLI::App& app, Runner& run) {
    auto* notify =
        app.add_subcommand("notify", "Messages to complainants ([notify] in the config)");
    notify->require_subcommand(1);
    notify->add_subcommand("send", "Send the messages that are due now (once)")->callback([&run] {
        run = [](Context& c) { return run_notify_send(c); };
    });
    auto code = std::make_shared<std::string>();
    auto* list = notify->add_subcommand("list", "A complaint's messages and how they went");
    list->add_option("code", *code, "The tracking code")->required();
    list->callback(
        [&run, code] { run = [code](Context& c) { return run_notify_list(c, *code); }; });
}

} // namespace keluhan::cli
