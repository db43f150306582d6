// keluhan skm submit --stdin --user NAME (a paper form keyed in by staff);
// keluhan skm report --from D --to D | --period P [--json] [--csv F] [--pdf F].
#include "commands.hpp"

#include "keluhan/documents/skm_report.hpp"
#include "keluhan/domain/json.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/storage/files.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

namespace keluhan::cli {
namespace {

using nlohmann::json;

std::string fixed2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// --- submit ----------------------------------------------------------------------

struct SkmSubmitOptions {
    std::string user;
};

Error bad_field(const std::string& key, const std::string& reason) {
    return Error{ErrorKind::Invalid, "err.json.field", {{"key", key}, {"reason", reason}}};
}

// {"code"?, "service"?, "scores": {"U1": 4, ...}, "profile"?: {"umur": "..."}, "suggestion"?}
Result<SkmSubmission> read_submission(const json& j) {
    if (!j.is_object()) return bad_field("-", "must be a JSON object");
    SkmSubmission s;
    for (const auto& [k, v] : j.items()) {
        if (k == "code") {
            if (!v.is_string()) return bad_field(k, "must be text");
            auto code = TrackingCode::parse(v.get<std::string>());
            if (!code) return code.error();
            s.code = *code;
        } else if (k == "service" || k == "suggestion") {
            if (!v.is_string()) return bad_field(k, "must be text");
            (k == "service" ? s.service : s.suggestion) = v.get<std::string>();
        } else if (k == "scores") {
            if (!v.is_object()) return bad_field(k, "must map elements to 1..4");
            for (const auto& [e, score] : v.items()) {
                if (!score.is_number_integer()) return bad_field("scores." + e, "must be 1..4");
                s.scores.emplace_back(e, score.get<int>());
            }
        } else if (k == "profile") {
            if (!v.is_object()) return bad_field(k, "must map fields to options");
            for (const auto& [f, value] : v.items()) {
                if (!value.is_string()) return bad_field("profile." + f, "must be text");
                s.profile.emplace_back(f, value.get<std::string>());
            }
        } else {
            return bad_field(k, "unknown key");
        }
    }
    return s;
}

int run_skm_submit(Context& ctx, const SkmSubmitOptions& o) {
    auto in = read_stdin(256 * 1024);
    if (!in) return ctx.fail(in.error());
    const auto j = json::parse(*in, nullptr, false);
    if (j.is_discarded())
        return ctx.fail(Error{ErrorKind::Invalid, "err.json.parse", {{"detail", "stdin"}}});
    auto s = read_submission(j);
    if (!s) return ctx.fail(s.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    // A paper form handed in at the desk, typed by the front desk.
    if (auto st = require(*user, Permission::SubmitAtDesk); !st) return ctx.fail(st.error());
    s->origin = "kertas-" + user->name;
    auto id = submit_skm(*store, ctx.office(), *s);
    if (!id) return ctx.fail(id.error());
    if (ctx.globals().json)
        std::cout << json{{"id", *id}} << "\n";
    else
        std::cout << ctx.tr("label.skm.saved") << "\n";
    return kOk;
}

// --- report ----------------------------------------------------------------------

struct SkmReportOptions {
    std::string from, to, period, csv, pdf;
};

int run_skm_report(Context& ctx, const SkmReportOptions& o) {
    Date from, to;
    if (!o.period.empty()) {
        auto p = skm_period(o.period);
        if (!p) return ctx.fail(p.error());
        std::tie(from, to) = *p;
    } else {
        auto f = parse_date(o.from);
        if (!f) return ctx.fail(f.error());
        auto t = parse_date(o.to);
        if (!t) return ctx.fail(t.error());
        from = *f;
        to = *t;
    }
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    const Office& office = ctx.office();
    auto r = skm_report(*store, office, from, to);
    if (!r) return ctx.fail(r.error());
    const std::string lang = office.config.language;
    if (!o.csv.empty())
        if (auto st = write_file_atomic(o.csv, skm_report_csv(*r, lang)); !st)
            return ctx.fail(st.error());
    if (!o.pdf.empty()) {
        auto pdf = render_skm_report(*r, office, office.catalog);
        if (!pdf) return ctx.fail(pdf.error());
        if (auto st = write_file_atomic(o.pdf, pdf->bytes); !st) return ctx.fail(st.error());
    }
    const auto& ix = r->index;
    if (ctx.globals().json) {
        json elements = json::array();
        for (const auto& e : ix.elements)
            elements.push_back({{"id", e.id},
                                {"name", r->questionnaire.element(e.id)->name.id},
                                {"answers", e.answers},
                                {"nrr", e.nrr},
                                {"converted", e.converted}});
        json suggestions = json::array();
        for (const auto& s : r->suggestions)
            suggestions.push_back(
                {{"day", format_date(s.day)}, {"service", s.service}, {"text", s.text}});
        std::cout << json{{"from", format_date(from)},
                          {"to", format_date(to)},
                          {"respondents", ix.respondents},
                          {"elements", elements},
                          {"ikm", ix.ikm},
                          {"converted", ix.converted},
                          {"grade", std::string(1, ix.grade)},
                          {"weakest", ix.weakest},
                          {"suggestions", suggestions}}
                         .dump(2)
                  << "\n";
        return kOk;
    }
    std::cout << ctx.tr("label.skm.period", {{"from", format_date(from)}, {"to", format_date(to)}})
              << "\n"
              << ctx.tr("label.skm.respondents", {{"n", std::to_string(ix.respondents)}}) << "\n";
    for (const auto& e : ix.elements)
        std::cout << "  " << e.id << "  " << r->questionnaire.element(e.id)->name.in(lang) << ": "
                  << (e.answers ? fixed2(e.nrr) + " (" + fixed2(e.converted) + ")" : "-") << "\n";
    std::cout << ctx.tr("label.skm.ikm", {{"value", fixed2(ix.converted)},
                                          {"grade", ctx.tr(skm_grade_key(ix.grade))}})
              << "\n";
    return kOk;
}

} // namespace

void add_skm_commands(CLI::App& app, Runner& run) {
    auto* skm = app.add_subcommand(
        "skm", "The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017)");
    skm->require_subcommand(1);
    auto so = std::make_shared<SkmSubmitOptions>();
    auto* submit = skm->add_subcommand(
        "submit", "Key in a paper survey form: JSON on stdin ({\"scores\": {\"U1\": 4, ...}, "
                  "\"code\", \"service\", \"profile\", \"suggestion\"})");
    submit->add_option("--user", so->user, "Your user name (staf_pji)")->required();
    submit->callback([&run, so] { run = [so](Context& c) { return run_skm_submit(c, *so); }; });
    auto ro = std::make_shared<SkmReportOptions>();
    auto* report = skm->add_subcommand(
        "report", "The index (IKM) for a period, as the regulation computes it");
    auto* from = report->add_option("--from", ro->from, "First day, YYYY-MM-DD");
    auto* to = report->add_option("--to", ro->to, "Last day, YYYY-MM-DD");
    auto* period = report->add_option("--period", ro->period,
                                      "Or a period: 2026, 2026-S1, 2026-Q3 or 2026-11");
    from->needs(to);
    to->needs(from);
    period->excludes(from)->excludes(to);
    report->add_option("--csv", ro->csv, "Also write the report as CSV to this file");
    report->add_option("--pdf", ro->pdf, "Also write the printable report (A4 PDF) to this file");
    report->callback([&run, ro, period, from] {
        if (period->count() == 0 && from->count() == 0)
            throw CLI::ValidationError("skm report", "give --from and --to, or --period");
        run = [ro](Context& c) { return run_skm_report(c, *ro); };
    });
}

} // namespace keluhan::cli
