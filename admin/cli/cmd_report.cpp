// keluhan report --month YYYY-MM [--csv FILE] [--pdf FILE];
// keluhan personal export CODE|--phone P|--email E; personal anonymise CODE --reason TEXT.
#include "commands.hpp"

#include "keluhan/documents/report_pdf.hpp"
#include "keluhan/ops/personal.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/storage/files.hpp"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// --- report -------------------------------------------------------------------

struct ReportOptions {
    std::string month, csv, pdf;
};

int run_report(Context& ctx, const ReportOptions& o) {
    auto month = parse_month(o.month);
    if (!month) return ctx.fail(month.error());
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    const Office& office = ctx.office(); // with the stored settings
    // Like `list` and `export`, the command line reads as the operator who
    // holds the database file; the panel passes the logged-in user.
    User operator_user;
    operator_user.name = "cli";
    operator_user.role = Role::Administrator;
    auto r = month_report(*store, office, operator_user, month->first, month->second, now_ms());
    if (!r) return ctx.fail(r.error());
    if (!o.csv.empty()) {
        const auto csv = report_csv(*r, office, office.catalog);
        if (auto st = write_file_atomic(o.csv, csv); !st) return ctx.fail(st.error());
    }
    if (!o.pdf.empty()) {
        auto pdf = render_report(*r, office, office.catalog);
        if (!pdf) return ctx.fail(pdf.error());
        if (auto st = write_file_atomic(o.pdf, pdf->bytes); !st) return ctx.fail(st.error());
    }
    const auto& lang = office.catalog;
    if (ctx.globals().json) {
        json j{{"month", o.month},
               {"sop", r->profile_name},
               {"total", r->total},
               {"other_profile", r->other_profile}};
        for (auto [name, list] :
             {std::pair{"by_service", &r->by_service}, std::pair{"by_channel", &r->by_channel},
              std::pair{"by_status", &r->by_status}}) {
            j[name] = json::object();
            for (const auto& g : *list)
                j[name][g.key] = g.count;
        }
        auto stats = [](const StepStats& s) {
            return json{{"done", s.done},
                        {"on_time", s.on_time},
                        {"late", s.late},
                        {"open_overdue", s.open_overdue},
                        {"open_in_time", s.open_in_time},
                        {"compliance", s.compliance() < 0 ? json(nullptr) : json(s.compliance())},
                        {"average_minutes", s.average_minutes()},
                        {"average_standard_minutes", s.average_standard_minutes()}};
        };
        j["steps"] = json::array();
        for (const auto& s : r->steps) {
            json k = stats(s);
            k["step"] = s.step->id;
            k["number"] = s.step->number;
            j["steps"].push_back(k);
        }
        j["overall"] = stats(r->overall);
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << lang.tr("label.report.title") << " "
                  << lang.tr("label.month." + std::to_string(r->month)) << " " << r->year << " ("
                  << r->profile_number << ")\n";
        std::cout << lang.tr("label.report.total") << ": " << r->total << "\n";
        for (auto [head, list, prefix] : {std::tuple{"header.service", &r->by_service, "service."},
                                          std::tuple{"header.channel", &r->by_channel, "channel."},
                                          std::tuple{"header.status", &r->by_status, "status."}}) {
            std::cout << "\n" << lang.tr(head) << ":\n";
            for (const auto& g : *list)
                std::cout << "  " << std::left << std::setw(28) << lang.tr(prefix + g.key)
                          << g.count << "\n";
        }
        std::cout << "\n" << lang.tr("label.report.table_steps") << ":\n";
        auto pct = [&lang](double v) {
            if (v < 0) return std::string("-");
            char b[16];
            std::snprintf(b, sizeof b, "%.1f %%", v * 100);
            std::string out = b;
            if (lang.language() == "id")
                for (auto& ch : out)
                    if (ch == '.') ch = ',';
            return out;
        };
        for (const auto& s : r->steps)
            std::cout << "  " << std::right << std::setw(2) << s.step->number << std::left << ". "
                      << std::setw(8) << s.step->standard_time.to_string() << "  "
                      << lang.tr("label.report.cli_step",
                                 {{"done", std::to_string(s.done)},
                                  {"on_time", std::to_string(s.on_time)},
                                  {"late", std::to_string(s.late)},
                                  {"overdue", std::to_string(s.open_overdue)},
                                  {"compliance", pct(s.compliance())},
                                  {"avg", s.done ? format_working_minutes(lang, s.average_minutes())
                                                 : "-"}})
                      << "\n";
        std::cout << "  " << lang.tr("label.report.overall") << ": " << pct(r->overall.compliance())
                  << "\n";
        if (!o.csv.empty()) std::cout << ctx.tr("cli.report.written", {{"file", o.csv}}) << "\n";
        if (!o.pdf.empty()) std::cout << ctx.tr("cli.report.written", {{"file", o.pdf}}) << "\n";
    }
    return kOk;
}

// --- personal -------------------------------------------------------------------

struct PersonalOptions {
    std::string code, phone, email, user, out, reason;
};

int run_personal_export(Context& ctx, const PersonalOptions& o) {
    int code = kOk;
    auto store = ctx.open_write(false, code); // the export is written to the audit trail
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    auto doc =
        export_personal_data(*store, ctx.office(), *user, PersonQuery{o.code, o.phone, o.email});
    if (!doc) return ctx.fail(doc.error());
    const std::string text = doc->dump(2) + "\n";
    if (o.out.empty()) {
        std::cout << text;
        return kOk;
    }
    if (auto st = write_file_atomic(o.out, text); !st) return ctx.fail(st.error());
    std::cout << ctx.tr("cli.personal.exported",
                        {{"n", std::to_string((*doc)["complaints"].size())}, {"file", o.out}})
              << "\n";
    return kOk;
}

int run_personal_anonymise(Context& ctx, const PersonalOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    auto c = anonymise_complaint(*store, ctx.office(), *user, *tc, o.reason);
    if (!c) return ctx.fail(c.error());
    if (ctx.globals().json)
        std::cout << json{{"code", tc->grouped()}, {"anonymised", true}} << "\n";
    else
        std::cout << ctx.tr("cli.personal.anonymised", {{"code", tc->grouped()}}) << "\n";
    return kOk;
}

} // namespace

void add_report_commands(CLI::App& app, Runner& run) {
    auto ro = std::make_shared<ReportOptions>();
    auto* report = app.add_subcommand(
        "report", "A month's recap, SLA compliance per SOP step and average times");
    report->add_option("--month", ro->month, "The month, YYYY-MM (e.g. 2026-11)")->required();
    report->add_option("--csv", ro->csv, "Also write the report as CSV to this file");
    report->add_option("--pdf", ro->pdf, "Also write the printable report (A4 PDF) to this file");
    report->callback([&run, ro] { run = [ro](Context& c) { return run_report(c, *ro); }; });

    auto* personal =
        app.add_subcommand("personal", "A complainant's personal data: export, anonymise");
    personal->require_subcommand(1);
    auto eo = std::make_shared<PersonalOptions>();
    auto* exp = personal->add_subcommand(
        "export", "Everything held about one complainant, as JSON (audited)");
    exp->add_option("code", eo->code, "A tracking code of theirs");
    exp->add_option("--phone", eo->phone, "Or their phone number");
    exp->add_option("--email", eo->email, "Or their e-mail address");
    exp->add_option("--out", eo->out, "Write to this file instead of standard output");
    exp->add_option("--user", eo->user,
                    "Your user name (password from KELUHAN_PASSWORD or a prompt)")
        ->required();
    exp->callback([&run, eo] { run = [eo](Context& c) { return run_personal_export(c, *eo); }; });
    auto ao = std::make_shared<PersonalOptions>();
    auto* an = personal->add_subcommand(
        "anonymise", "Clear a closed complaint's personal data on request (audited)");
    an->add_option("code", ao->code, "Tracking code")->required();
    an->add_option("--reason", ao->reason,
                   "Why (e.g. the customer's written request of 2026-11-20)")
        ->required();
    an->add_option("--user", ao->user,
                   "Your user name (password from KELUHAN_PASSWORD or a prompt)")
        ->required();
    an->callback([&run, ao] { run = [ao](Context& c) { return run_personal_anonymise(c, *ao); }; });
}

} // namespace keluhan::cli
