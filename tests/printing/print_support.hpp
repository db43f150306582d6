// Helpers for the printing and rendering tests: a private cupsd started
// through scripts/cups-test-server.sh and stopped when the test ends, and
// reading PDFs and pictures back with poppler-utils and zbarimg.
#pragma once

#include "keluhan/documents/render.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace keluhan::test {

// A private cupsd for the life of the object. Its queue prints to a file.
class CupsServer {
  public:
    CupsServer() {
        const auto script = (source_dir() / "scripts" / "cups-test-server.sh").string();
        auto r = run_process({"/bin/bash", script, "start"});
        REQUIRE_MESSAGE(r.exit_code == 0, "cups-test-server.sh start failed: " << r.err);
        std::istringstream in(r.out);
        for (std::string line; std::getline(in, line);)
            if (const auto eq = line.find('='); eq != std::string::npos)
                vars_[line.substr(0, eq)] = line.substr(eq + 1);
        REQUIRE(!server().empty());
        REQUIRE(!dir().empty());
    }
    ~CupsServer() {
        if (dir().empty()) return;
        const auto script = (source_dir() / "scripts" / "cups-test-server.sh").string();
        (void)run_process({"/bin/bash", script, "stop", dir()});
    }
    CupsServer(const CupsServer&) = delete;
    CupsServer& operator=(const CupsServer&) = delete;

    [[nodiscard]] std::string server() const { return get("CUPS_SERVER"); }
    [[nodiscard]] std::string dir() const { return get("KELUHAN_CUPS_DIR"); }
    [[nodiscard]] std::string printer() const { return get("KELUHAN_CUPS_PRINTER"); }
    [[nodiscard]] std::filesystem::path output() const { return get("KELUHAN_CUPS_OUTPUT"); }
    // The queue's device URI as set up, which writes to output().
    [[nodiscard]] std::string device() const { return get("KELUHAN_CUPS_DEVICE"); }

    // Runs a CUPS command-line tool (lpadmin, cupsdisable, lp...) against it.
    ProcessResult tool(std::vector<std::string> argv) const {
        for (const char* d : {"/usr/sbin/", "/usr/bin/", "/sbin/"}) {
            if (std::filesystem::exists(d + argv[0])) {
                argv[0] = d + argv[0];
                break;
            }
        }
        return run_process(argv, {}, {{"CUPS_SERVER", server()}});
    }

  private:
    [[nodiscard]] std::string get(const std::string& k) const {
        auto it = vars_.find(k);
        return it == vars_.end() ? std::string() : it->second;
    }
    std::map<std::string, std::string> vars_;
};

inline void write_bytes(const std::filesystem::path& p, const std::vector<std::uint8_t>& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// pdftotext of a PDF, layout ignored.
inline std::string pdf_text(const std::filesystem::path& pdf) {
    auto r = run_process({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
}

// Text with all whitespace removed, so words broken across lines still match.
inline std::string squeeze(const std::string& s) {
    std::string out;
    for (const char c : s)
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f') out.push_back(c);
    return out;
}

// "Page size: W x H pts" from pdfinfo, in millimetres.
inline std::pair<double, double> pdf_page_mm(const std::filesystem::path& pdf) {
    auto r = run_process({"/usr/bin/pdfinfo", pdf.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::smatch m;
    const std::regex re(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)");
    REQUIRE(std::regex_search(r.out, m, re));
    return {std::stod(m[1]) * 25.4 / 72, std::stod(m[2]) * 25.4 / 72};
}

// Every word's box from pdftotext -bbox: {xMin, xMax} in millimetres.
inline std::vector<std::pair<double, double>> pdf_word_x_mm(const std::filesystem::path& pdf) {
    auto r = run_process({"/usr/bin/pdftotext", "-bbox", pdf.string(), "-"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::vector<std::pair<double, double>> out;
    const std::regex re(R"re(<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)")re");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), re), end; it != end; ++it)
        out.emplace_back(std::stod((*it)[1]) * 25.4 / 72, std::stod((*it)[2]) * 25.4 / 72);
    return out;
}

// The QR codes zbarimg finds in a picture (raw text, one per symbol).
inline std::vector<std::string> decode_qr(const std::filesystem::path& png) {
    auto r = run_process(
        {"/usr/bin/zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", png.string()});
    std::vector<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

// The first page of a PDF as a PNG, as a printer at `dpi` would see it.
inline std::filesystem::path pdf_to_png(const std::filesystem::path& pdf,
                                        const std::filesystem::path& stem, int dpi = 203) {
    auto r = run_process({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-png", "-singlefile",
                          "-f", "1", "-l", "1", pdf.string(), stem.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return stem.string() + ".png";
}

// Waits until `p` exists and has stopped growing (cupsd writes the job's
// output file while the job runs).
inline bool wait_for_file(const std::filesystem::path& p, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    std::uintmax_t last = 0;
    while (std::chrono::steady_clock::now() < until) {
        std::error_code ec;
        const auto n = std::filesystem::file_size(p, ec);
        if (!ec && n > 0 && n == last) return true;
        last = ec ? 0 : n;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

} // namespace keluhan::test
