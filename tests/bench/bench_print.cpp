// bench_print: how fast a visitor's Tanda Terima gets to CUPS.
//
//   1. rendering the receipt (80 mm and A6 PDF, the 203-dpi PNG preview),
//      target under 50 ms;
//   2. from "complaint committed" (submit_complaint returned) to "job
//      accepted by CUPS" through print_document (records the print job,
//      renders, picks the queue, sends the PDF), target under 300 ms, and
//      to the job's end;
//   3. `lp` of the same PDF to the same queue in the same run, for scale.
// Against a private cupsd (scripts/cups-test-server.sh) whose queue writes
// a PDF file through the Generic PDF driver. A benchmark, not a test: ctest
// never runs it. See docs/benchmarks.md.
//
//   bench_print [--runs N] [--markdown]

#include "keluhan/documents/receipt.hpp"
#include "keluhan/printing/print.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace keluhan;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Stats {
    double median = 0, p95 = 0, max = 0;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return {};
    auto at = [&](double q) {
        return v[std::min(v.size() - 1,
                          static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.95), v.back()};
}

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    pclose(p);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 30;
    bool markdown = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc)
            runs = std::max(3, std::atoi(argv[++i]));
        else if (a == "--markdown")
            markdown = true;
        else {
            std::cerr << "usage: bench_print [--runs N] [--markdown]\n";
            return 2;
        }
    }
    const fs::path src = KELUHAN_BENCH_SOURCE_DIR;
    const std::string script = (src / "scripts" / "cups-test-server.sh").string();

    // The private cupsd.
    std::map<std::string, std::string> env;
    {
        std::istringstream in(run("bash '" + script + "' start"));
        for (std::string line; std::getline(in, line);)
            if (auto eq = line.find('='); eq != std::string::npos)
                env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    if (env["CUPS_SERVER"].empty()) {
        std::cerr << "bench_print: could not start the private cupsd\n";
        return 1;
    }
    struct Stop {
        std::string cmd;
        ~Stop() { (void)std::system(cmd.c_str()); }
    } stop{"bash '" + script + "' stop '" + env["KELUHAN_CUPS_DIR"] + "'"};
    const std::string server = env["CUPS_SERVER"], printer = env["KELUHAN_CUPS_PRINTER"];

    auto office_r = Office::load({});
    if (!office_r) {
        std::cerr << "bench_print: " << office_r.error().key << "\n";
        return 1;
    }
    Office office = std::move(office_r).value();
    const fs::path dir = fs::path(env["KELUHAN_CUPS_DIR"]) / "bench";
    fs::create_directories(dir);
    office.config.data_dir = dir;
    auto store = Store::open(dir / "bench.db").value();
    Submission s;
    s.complainant = {false, "Siti Rahmawati", "CV Kopi Sumsel Jaya", "0812 7788 9900",
                     "siti@kopisumsel.co.id"};
    s.service = "pengujian";
    s.reference = "LHU-0912/BSPJI-PLG/2026";
    s.description = "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu dari jadwal.";
    s.consent = true;
    s.origin = "bench";

    // 1. Rendering.
    const Complaint first = submit_complaint(*store, office, s).value().complaint;
    const auto content = receipt_content(office, office.catalog, first);
    (void)render_receipt(office, content); // fonts loaded once, as in a running kiosk
    std::vector<double> r80, ra6, rpng, rcontent;
    std::vector<std::uint8_t> pdf;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        const auto c = receipt_content(office, office.catalog, first);
        auto r = render_receipt(office, c, {Paper::Roll80mm, ImageFormat::Pdf, 203});
        r80.push_back(ms_since(t0));
        pdf = r->bytes;
        t0 = Clock::now();
        (void)render_receipt(office, content, {Paper::A6, ImageFormat::Pdf, 203});
        ra6.push_back(ms_since(t0));
        t0 = Clock::now();
        (void)render_receipt(office, content, {Paper::Roll80mm, ImageFormat::Png, 203});
        rpng.push_back(ms_since(t0));
    }
    const fs::path pdf_file = dir / "receipt.pdf";
    std::ofstream(pdf_file, std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));

    // 2. Committed -> accepted by CUPS -> finished, through print_document.
    std::vector<double> accepted, finished, commit;
    PrintRequest req;
    req.cups_server = server;
    req.visitor = true;
    int failures = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        auto sub = submit_complaint(*store, office, s);
        commit.push_back(ms_since(t0));
        if (!sub) return 1;
        auto r = print_document(*store, office, sub->complaint, req);
        if (!r || r->outcome != PrintState::Completed) {
            ++failures;
            continue;
        }
        accepted.push_back(static_cast<double>(r->accepted_after.count()));
        finished.push_back(static_cast<double>(r->finished_after.count()));
    }
    // The same in finer grain: accepted_after is in whole milliseconds; time
    // the submit itself with the clock here too.
    std::vector<double> submit_only;
    const CupsClient cups(server);
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        auto id = cups.submit(printer, "bench", pdf);
        submit_only.push_back(ms_since(t0));
        if (!id) ++failures;
    }

    // 3. lp of the same PDF (a process per job, as a shell script would).
    std::vector<double> lp;
    const std::string lp_cmd = "CUPS_SERVER='" + server + "' lp -d '" + printer + "' '" +
                               pdf_file.string() + "' >/dev/null 2>&1";
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        if (std::system(lp_cmd.c_str()) != 0) ++failures;
        lp.push_back(ms_since(t0));
    }

    const auto s80 = stats(r80), sa6 = stats(ra6), spng = stats(rpng), sacc = stats(accepted),
               sfin = stats(finished), ssub = stats(submit_only), slp = stats(lp),
               scommit = stats(commit);
    char line[256];
    auto row = [&](const char* what, const Stats& st, const char* target) {
        if (markdown)
            std::snprintf(line, sizeof line, "| %s | %.1f | %.1f | %.1f | %s |\n", what, st.median,
                          st.p95, st.max, target);
        else
            std::snprintf(line, sizeof line,
                          "%-58s median %7.1f ms  p95 %7.1f ms  max %7.1f ms  %s\n", what,
                          st.median, st.p95, st.max, target);
        std::cout << line;
    };
    std::cout << "bench_print: " << runs << " runs, receipt PDF " << pdf.size()
              << " bytes, private cupsd, queue " << printer << " (Generic PDF driver to a file)\n";
    if (markdown)
        std::cout
            << "\n| measure | median ms | p95 ms | max ms | target |\n|---|---:|---:|---:|---|\n";
    row("render receipt, 80 mm PDF (content + layout + PDF)", s80, "< 50 ms");
    row("render receipt, A6 PDF", sa6, "");
    row("render receipt, 80 mm PNG at 203 dpi (preview)", spng, "");
    row("submit_complaint (durable commit), for reference", scommit, "");
    row("committed -> job accepted by CUPS (print_document)", sacc, "< 300 ms");
    row("committed -> job completed by CUPS (print_document)", sfin, "");
    row("CupsClient::submit of the same PDF alone", ssub, "");
    row("`lp -d queue receipt.pdf` (process start + submit)", slp, "");
    if (failures) std::cout << failures << " print(s) did not complete\n";
    return failures ? 1 : 0;
}
