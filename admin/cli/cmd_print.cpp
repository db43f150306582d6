// keluhan receipt | letter | print | printers | printer resume | print-jobs
#include "commands.hpp"

#include "keluhan/documents/capa_record.hpp"
#include "keluhan/documents/letter.hpp"
#include "keluhan/documents/receipt.hpp"
#include "keluhan/domain/json.hpp"
#include "keluhan/printing/print.hpp"
#include "keluhan/storage/files.hpp"

#include <iomanip>
#include <iostream>
#include <memory>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// The complaint for a code typed by a person, from a read-only store.
struct Found {
    std::unique_ptr<Store> store;
    Complaint complaint;
};
std::optional<Found> find(Context& ctx, const std::string& code_text, bool write, int& exit_code) {
    auto tc = TrackingCode::parse(code_text);
    if (!tc) {
        exit_code = ctx.fail(tc.error());
        return std::nullopt;
    }
    auto store = write ? ctx.open_write(false, exit_code) : ctx.open_read(exit_code);
    if (!store) return std::nullopt;
    auto c = store->find_by_code(*tc);
    if (!c) {
        exit_code = ctx.fail(c.error());
        return std::nullopt;
    }
    return Found{std::move(store), std::move(c).value()};
}

// --- receipt, letter ----------------------------------------------------------------

struct RenderCli {
    std::string code, pdf, png, paper, number, signer, nip;
    double dpi = 0;
};

int render_out(Context& ctx, const RenderCli& o,
               const std::function<Result<Rendered>(ImageFormat, double)>& render,
               double default_dpi) {
    if (o.pdf.empty() && o.png.empty())
        return ctx.fail(Error{ErrorKind::Invalid, "err.cli.render_output"});
    for (const auto& [path, fmt] :
         {std::pair{o.pdf, ImageFormat::Pdf}, std::pair{o.png, ImageFormat::Png}}) {
        if (path.empty()) continue;
        auto r = render(fmt, o.dpi > 0 ? o.dpi : default_dpi);
        if (!r) return ctx.fail(r.error());
        if (auto st = write_file_atomic(path, r->bytes); !st) return ctx.fail(st.error());
        if (ctx.globals().json)
            std::cout << json{{"file", path},
                              {"format", fmt == ImageFormat::Pdf ? "pdf" : "png"},
                              {"width_mm", r->width_mm},
                              {"height_mm", r->height_mm},
                              {"pages", r->pages}}
                      << "\n";
        else
            std::cout << ctx.tr("cli.render.written", {{"file", path}}) << "\n";
    }
    return kOk;
}

int run_receipt(Context& ctx, const RenderCli& o) {
    Paper paper = receipt_paper(ctx.office().config);
    if (!o.paper.empty()) {
        auto p = paper_from_string(o.paper);
        if (!p || *p == Paper::A4)
            return ctx.fail(Error{ErrorKind::Invalid, "err.print.paper", {{"value", o.paper}}});
        paper = *p;
    }
    int code = kOk;
    auto f = find(ctx, o.code, false, code);
    if (!f) return code;
    const auto content = receipt_content(ctx.office(), ctx.office().catalog, f->complaint);
    return render_out(
        ctx, o,
        [&](ImageFormat fmt, double dpi) {
            return render_receipt(ctx.office(), content, {paper, fmt, dpi});
        },
        203);
}

int run_letter(Context& ctx, const RenderCli& o) {
    int code = kOk;
    auto f = find(ctx, o.code, false, code);
    if (!f) return code;
    auto events = f->store->events(f->complaint.seq);
    if (!events) return ctx.fail(events.error());
    // Who signs: the option, else whoever completed the Sign step.
    const std::string signer =
        o.signer.empty() ? letter_signer(*f->store, ctx.office(), *events) : o.signer;
    auto letter =
        draft_response_letter(ctx.office(), ctx.office().catalog, f->complaint, *events, signer);
    // The option overrides; else what the draft took from the settings
    // (office.signer_nip), which an empty --nip must not wipe.
    if (!o.number.empty()) letter.number = o.number;
    if (!o.nip.empty()) letter.signer_id = o.nip;
    return render_out(
        ctx, o,
        [&](ImageFormat fmt, double dpi) {
            return render_response_letter(ctx.office(), ctx.office().catalog, letter, {fmt, dpi});
        },
        120);
}

int run_capa_record(Context& ctx, const RenderCli& o) {
    int code = kOk;
    auto f = find(ctx, o.code, false, code);
    if (!f) return code;
    auto events = f->store->events(f->complaint.seq);
    if (!events) return ctx.fail(events.error());
    auto capa = f->store->capa(f->complaint.seq);
    if (!capa) return ctx.fail(capa.error());
    const Office& office = ctx.office();
    bool asks = false;
    for (const auto& s : office.profile.steps)
        asks |= !s.capa.empty();
    if (!asks)
        return ctx.fail(
            Error{ErrorKind::Invalid,
                  "err.capa.no_record",
                  {{"code", grouped_code(f->complaint.code)}, {"sop", office.profile.number}}});
    // Signature blocks carry people's names, not their log-in names.
    std::vector<std::pair<std::string, std::string>> names;
    for (const auto& e : *events)
        if (auto u = f->store->find_user(e.actor))
            names.emplace_back(e.actor, u->first.display_name);
    if (*capa)
        if (auto u = f->store->find_user((*capa)->updated_by))
            names.emplace_back((*capa)->updated_by, u->first.display_name);
    const Capa record = capa->value_or(Capa{});
    return render_out(
        ctx, o,
        [&](ImageFormat fmt, double dpi) {
            return render_capa_record(office, office.catalog, f->complaint, record, *events, names,
                                      {fmt, dpi});
        },
        120);
}

// --- print ------------------------------------------------------------------------

struct PrintCli {
    std::string code, printer, paper;
    bool letter = false;
};

json report_json(const Context& ctx, const PrintReport& r) {
    json problems = json::array();
    for (const auto& p : r.problems)
        problems.push_back({{"reason", p.reason}, {"message", ctx.tr(p.key)}});
    return json{{"outcome", to_string(r.outcome)},
                {"printer", r.printer},
                {"cups_job_id", r.cups_job_id},
                {"print_job_id", r.print_job_id},
                {"message", r.message.key.empty() ? "" : ctx.say(r.message)},
                {"detail", r.detail},
                {"saved", r.saved.string()},
                {"problems", problems},
                {"accepted_ms", r.accepted_after.count()},
                {"finished_ms", r.finished_after.count()}};
}

int run_print(Context& ctx, const PrintCli& o) {
    PrintRequest req;
    req.printer = o.printer;
    req.requested_by = "cli";
    if (o.letter) req.document = PrintDocument::SuratTanggapan;
    if (!o.paper.empty()) {
        auto p = paper_from_string(o.paper);
        if (!p || *p == Paper::A4)
            return ctx.fail(Error{ErrorKind::Invalid, "err.print.paper", {{"value", o.paper}}});
        req.paper = *p;
    }
    int code = kOk;
    auto f = find(ctx, o.code, true, code);
    if (!f) return code;
    const auto tc = TrackingCode::parse(f->complaint.code);
    const std::string grouped = tc ? tc->grouped() : f->complaint.code;
    auto progress = [&](const PrintProgress& p) {
        if (ctx.globals().json || p.stage != PrintProgress::Stage::Waiting || !p.job) return;
        std::cerr << ctx.tr("cli.print.waiting", {{"printer", p.printer},
                                                  {"job", std::to_string(p.cups_job_id)},
                                                  {"state", std::string(to_string(p.job->state))}});
        for (const auto& pr : p.problems)
            std::cerr << "; " << ctx.tr(pr.key, {{"reason", pr.reason}});
        std::cerr << "\n";
    };
    auto r = print_document(*f->store, ctx.office(), f->complaint, req, progress);
    if (!r) return ctx.fail(r.error());
    if (ctx.globals().json) std::cout << report_json(ctx, *r).dump(2) << "\n";
    switch (r->outcome) {
    case PrintState::Completed:
        if (!ctx.globals().json)
            std::cout << ctx.tr("cli.print.done", {{"code", grouped},
                                                   {"printer", r->printer},
                                                   {"job", std::to_string(r->cups_job_id)}})
                      << "\n";
        return kOk;
    case PrintState::Saved:
        // No paper came out: a printing failure, though the PDF is kept.
        std::cerr << "keluhan: " << ctx.say(r->message) << "\n";
        return kStorage;
    default:
        std::cerr << "keluhan: " << ctx.say(r->message) << "\n";
        if (!r->detail.empty()) std::cerr << "  (CUPS: " << r->detail << ")\n";
        std::cerr << ctx.tr("cli.print.reprint_hint", {{"code", grouped}}) << "\n";
        return r->outcome == PrintState::Refused ? kRefused : kStorage;
    }
}

// --- printers, printer resume ---------------------------------------------------------

int run_printers(Context& ctx) {
    const CupsClient cups;
    auto list = cups.printers();
    if (!list) return ctx.fail(list.error());
    const auto& lang = ctx.office().catalog;
    const std::string configured = ctx.office().config.printer.name;
    if (ctx.globals().json) {
        json out = json::array();
        for (const auto& p : *list) {
            json problems = json::array();
            for (const auto& pr : printer_problems(p))
                problems.push_back({{"reason", pr.reason},
                                    {"blocking", pr.blocking},
                                    {"message", ctx.tr(pr.key, {{"reason", pr.reason}})}});
            out.push_back({{"name", p.name},
                           {"default", p.is_default},
                           {"configured", p.name == configured},
                           {"state", to_string(p.state)},
                           {"accepting", p.accepting},
                           {"reasons", p.reasons},
                           {"problems", problems},
                           {"message", p.state_message},
                           {"info", p.info},
                           {"location", p.location},
                           {"make_model", p.make_model},
                           {"device_uri", p.device_uri},
                           {"error_policy", p.error_policy},
                           {"description", describe_printer(lang, p)}});
        }
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    if (list->empty()) {
        std::cout << ctx.tr("cli.printers.none") << "\n";
        return kOk;
    }
    for (const auto& p : *list) {
        std::cout << (p.name == configured ? "> "
                      : p.is_default       ? "* "
                                           : "  ")
                  << std::left << std::setw(22) << p.name << " " << describe_printer(lang, p);
        if (!p.make_model.empty()) std::cout << "  (" << p.make_model << ")";
        std::cout << "\n";
        if (!p.state_message.empty()) std::cout << "      CUPS: " << p.state_message << "\n";
        if (p.state == PrinterState::Stopped || !p.accepting)
            std::cout << "      " << ctx.tr("cli.printers.resume_hint", {{"printer", p.name}})
                      << "\n";
        if (p.error_policy == "stop-printer")
            std::cout << "      " << ctx.tr("cli.printers.policy_hint", {{"printer", p.name}})
                      << "\n";
    }
    std::cout << ctx.tr("cli.printers.legend") << "\n";
    return kOk;
}

int run_printer_resume(Context& ctx, const std::string& name) {
    const CupsClient cups;
    if (auto st = cups.resume(name); !st) return ctx.fail(st.error());
    auto p = cups.printer(name);
    if (!p) return ctx.fail(p.error());
    std::cout << ctx.tr("cli.printer.resumed",
                        {{"printer", name}, {"state", describe_printer(ctx.office().catalog, *p)}})
              << "\n";
    return kOk;
}

// --- print-jobs -------------------------------------------------------------------------

struct JobsCli {
    std::string code;
    bool failed = false;
    int limit = 50;
};

int run_print_jobs(Context& ctx, const JobsCli& o) {
    int code = kOk;
    PrintJobQuery q;
    q.limit = o.limit;
    q.unfinished_or_failed = o.failed;
    std::unique_ptr<Store> store;
    if (!o.code.empty()) {
        auto f = find(ctx, o.code, false, code);
        if (!f) return code;
        q.complaint_seq = f->complaint.seq;
        store = std::move(f->store);
    } else {
        store = ctx.open_read(code);
        if (!store) return code;
    }
    auto jobs = store->print_jobs(q);
    if (!jobs) return ctx.fail(jobs.error());
    const auto& cal = ctx.office().config.calendar;
    auto grouped = [](const std::string& c) {
        auto tc = TrackingCode::parse(c);
        return tc ? tc->grouped() : c;
    };
    if (ctx.globals().json) {
        json out = json::array();
        for (const auto& j : *jobs)
            out.push_back({{"id", j.id},
                           {"code", grouped(j.code)},
                           {"document", to_string(j.document)},
                           {"printer", j.printer},
                           {"cups_job_id", j.cups_job_id},
                           {"state", to_string(j.state)},
                           {"message", j.message.key.empty() ? "" : ctx.say(j.message)},
                           {"detail", j.detail},
                           {"requested_by", j.requested_by},
                           {"visitor", j.visitor},
                           {"file", j.file},
                           {"created_at", format_iso_utc(j.created_at)},
                           {"finished_at", j.finished_at ? format_iso_utc(j.finished_at) : ""}});
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    if (jobs->empty()) {
        std::cout << ctx.tr("cli.print_jobs.none") << "\n";
        return kOk;
    }
    for (const auto& j : *jobs) {
        std::cout << "#" << std::left << std::setw(5) << j.id << " " << cal.format(j.created_at)
                  << "  " << grouped(j.code) << "  " << std::setw(10) << to_string(j.state) << " "
                  << (j.printer.empty() ? "-" : j.printer);
        if (j.cups_job_id) std::cout << " (job " << j.cups_job_id << ")";
        std::cout << "  " << j.requested_by << "\n";
        if (!j.message.key.empty()) std::cout << "       " << ctx.say(j.message) << "\n";
    }
    if (o.failed) std::cout << ctx.tr("cli.print_jobs.reprint_hint") << "\n";
    return kOk;
}

} // namespace

void add_print_commands(CLI::App& app, Runner& run) {
    auto ro = std::make_shared<RenderCli>();
    auto* receipt = app.add_subcommand(
        "receipt", "Render a complaint's Tanda Terima (receipt) to PDF and/or PNG");
    receipt->add_option("code", ro->code, "Tracking code")->required();
    receipt->add_option("--pdf", ro->pdf, "Write the PDF here");
    receipt->add_option("--png", ro->png, "Write a PNG preview here");
    receipt->add_option("--paper", ro->paper,
                        "80mm (receipt roll) or a6; default: config printer.paper");
    receipt->add_option("--dpi", ro->dpi, "PNG resolution (default 203, a receipt printer's)");
    receipt->callback([&run, ro] { run = [ro](Context& c) { return run_receipt(c, *ro); }; });

    auto lo = std::make_shared<RenderCli>();
    auto* letter = app.add_subcommand(
        "letter", "Render the response letter (surat tanggapan) to PDF and/or PNG; "
                  "KONSEP until the SOP's sign step is done");
    letter->add_option("code", lo->code, "Tracking code")->required();
    letter->add_option("--pdf", lo->pdf, "Write the PDF here");
    letter->add_option("--png", lo->png, "Write a PNG preview here");
    letter->add_option("--dpi", lo->dpi, "PNG resolution (default 120)");
    letter->add_option("--number", lo->number,
                       "Letter number (blank to fill in by hand when empty)");
    letter->add_option("--signer", lo->signer,
                       "Signer's name (default: who completed the sign step)");
    letter->add_option("--nip", lo->nip, "Signer's NIP");
    letter->callback([&run, lo] { run = [lo](Context& c) { return run_letter(c, *lo); }; });

    auto co = std::make_shared<RenderCli>();
    auto* record = app.add_subcommand(
        "capa-record", "Render a complaint's corrective and preventive action record (with the "
                       "effectiveness check and its minutes) to PDF and/or PNG");
    record->add_option("code", co->code, "Tracking code")->required();
    record->add_option("--pdf", co->pdf, "Write the PDF here");
    record->add_option("--png", co->png, "Write a PNG preview here");
    record->add_option("--dpi", co->dpi, "PNG resolution (default 120)");
    record->callback([&run, co] { run = [co](Context& c) { return run_capa_record(c, *co); }; });

    auto po = std::make_shared<PrintCli>();
    auto* print = app.add_subcommand(
        "print",
        "Print a complaint's Tanda Terima (or with --letter its response letter) through CUPS and "
        "wait for the job's end; run it again to reprint.\n"
        "The queue: --printer, else config printer.name (printer.letter_name for --letter), else "
        "the CUPS default (server: $CUPS_SERVER).\n"
        "With no printer at all the PDF is saved under the data folder "
        "(storage.data_dir/tanda-terima/ or surat-tanggapan/).\n"
        "Exit codes: 0 printed, 1 refused (bad or unknown code, bad paper), 2 usage error,\n"
        "3 printing or storage failure (queue stopped, job held, failed or timed out, no printer: "
        "PDF saved).");
    print->add_option("code", po->code, "Tracking code")->required();
    print->add_option("--printer", po->printer, "CUPS queue name");
    print->add_option("--paper", po->paper, "80mm or a6; default: config printer.paper");
    print->add_flag("--letter", po->letter,
                    "Print the response letter (A4) instead of the receipt");
    print->callback([&run, po] { run = [po](Context& c) { return run_print(c, *po); }; });

    app.add_subcommand(
           "printers",
           "CUPS printers with their state in plain words (> configured, * CUPS default)")
        ->callback([&run] { run = run_printers; });

    auto* printer = app.add_subcommand("printer", "Printer maintenance");
    printer->require_subcommand(1);
    auto pname = std::make_shared<std::string>();
    auto* resume = printer->add_subcommand(
        "resume", "Enable a stopped queue and let it accept jobs again (cupsenable + cupsaccept); "
                  "then reprint what failed: keluhan print-jobs --failed");
    resume->add_option("name", *pname, "CUPS queue name")->required();
    resume->callback(
        [&run, pname] { run = [pname](Context& c) { return run_printer_resume(c, *pname); }; });

    auto jo = std::make_shared<JobsCli>();
    auto* jobs = app.add_subcommand(
        "print-jobs", "Print history, newest first; --failed for what needs a reprint");
    jobs->add_option("--code", jo->code, "Only this complaint's");
    jobs->add_flag("--failed", jo->failed,
                   "Only those that did not complete (held, failed, cancelled, saved)");
    jobs->add_option("--limit", jo->limit, "At most this many (1-1000)")->capture_default_str();
    jobs->callback([&run, jo] { run = [jo](Context& c) { return run_print_jobs(c, *jo); }; });
}

} // namespace keluhan::cli
