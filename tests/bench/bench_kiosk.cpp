// bench_kiosk: what the kiosk costs a machine that runs it all day.
//
//   idle CPU     60 s on the welcome screen in a real X11 window (Xvfb), the
//                render-on-demand loop against ImGui's stock loop, same run
//   frame time   CPU time to build and render one frame of the busiest screens
//                at 1080x1920 with the software renderer (headless)
//   first frame  from exec to the first frame on screen
//   memory       peak resident set of a whole written complaint, headless
//
// Usage: bench_kiosk [--idle-seconds N] [--markdown]
#include "keluhan/ops/workflow.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using namespace keluhan;
namespace fs = std::filesystem;

struct Child {
    pid_t pid = -1;
    int out = -1;
};

Child spawn(const std::vector<std::string>& args, const std::vector<std::string>& env_extra = {}) {
    int p[2];
    if (pipe(p) != 0) std::exit(1);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e)
        envs.emplace_back(*e);
    for (const auto& e : env_extra)
        envs.push_back(e);
    std::vector<char*> argv, envp;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : envs)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    Child c;
    if (posix_spawn(&c.pid, args[0].c_str(), &fa, nullptr, argv.data(), envp.data()) != 0)
        std::exit(1);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    c.out = p[0];
    return c;
}

std::string read_all(int fd) {
    std::string s;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        s.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return s;
}

// CPU seconds (user + system) a process has used so far.
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close_paren = s.rfind(')');
    std::istringstream rest(s.substr(close_paren + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

fs::path write_script(const fs::path& dir, const std::string& name, const std::string& text) {
    const auto p = dir / (name + ".script");
    std::ofstream(p) << text;
    return p;
}

// CPU share of one core over `seconds` on the welcome screen.
double idle_cpu(const std::string& db, bool stock, int seconds) {
    std::vector<std::string> args{KELUHAN_KIOSK_BIN, "--db", db};
    if (stock) args.push_back("--stock-loop");
    Child c = spawn(args, {"SDL_AUDIODRIVER=dummy"});
    std::this_thread::sleep_for(std::chrono::seconds(3)); // past start-up
    const double a = cpu_seconds(c.pid);
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const double b = cpu_seconds(c.pid);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    kill(c.pid, SIGTERM);
    int status = 0;
    waitpid(c.pid, &status, 0);
    close(c.out);
    return 100.0 * (b - a) / wall;
}

double frame_ms(const std::string& db, const fs::path& script, bool landscape = false) {
    std::vector<std::string> args{
        KELUHAN_KIOSK_BIN, "--headless",    "--db",          db,
        "--script",        script.string(), "--screenshots", "/tmp/bench-kiosk-shots"};
    if (landscape) args.push_back("--landscape");
    Child c = spawn(args, {"SDL_AUDIODRIVER=dummy"});
    const std::string out = read_all(c.out);
    int status = 0;
    waitpid(c.pid, &status, 0);
    const auto at = out.find("bench: ");
    if (at == std::string::npos) {
        std::fprintf(stderr, "bench_kiosk: no frame figure from %s:\n%s\n", script.c_str(),
                     out.c_str());
        return -1;
    }
    const auto per = out.find(" frames, ", at);
    return std::stod(out.substr(per + 9));
}

} // namespace

int main(int argc, char** argv) {
    int idle_seconds = 60;
    bool markdown = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--idle-seconds" && i + 1 < argc)
            idle_seconds = std::atoi(argv[++i]);
        else if (a == "--markdown")
            markdown = true;
    }
    const fs::path dir = fs::temp_directory_path() / ("bench-kiosk-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string db = (dir / "kiosk.db").string();

    // A complaint to look up, for the status screen.
    std::string code;
    {
        setenv("KELUHAN_ASSETS", KELUHAN_BENCH_ASSETS, 0);
        auto office = Office::load({});
        auto store = Store::open(db).value();
        Submission s;
        s.complainant = {false, "Budi Santoso", "PT Karet Musi", "0812 3456 7890",
                         "budi@karetmusi.co.id"};
        s.service = "pengujian";
        s.description = "Laporan hasil uji terlambat.";
        s.consent = true;
        code = submit_complaint(*store, *office, s).value().code.grouped();
    }

    // 1. First frame, five times.
    std::vector<double> first;
    const auto quick = write_script(dir, "quick", "expect Sampaikan\n");
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        Child c = spawn({KELUHAN_KIOSK_BIN, "--headless", "--db", db, "--script", quick.string(),
                         "--report-first-frame"},
                        {"SDL_AUDIODRIVER=dummy"});
        std::string line;
        char ch;
        while (read(c.out, &ch, 1) == 1 && ch != '\n')
            line += ch;
        first.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        read_all(c.out);
        int status = 0;
        waitpid(c.pid, &status, 0);
    }

    // 2. Frame time of the busiest screens.
    const std::string long_text(3000, 'x');
    std::string words;
    while (words.size() < 3000)
        words += "Laporan hasil uji kadar air kopi bubuk kami terlambat dua minggu. ";
    const std::vector<std::pair<std::string, std::string>> screens{
        {"welcome", "bench 300\n"},
        {"identity + keyboard",
         "tap Sampaikan Keluhan\ntap Tertulis\ntype Budi Santoso\nbench 300\n"},
        {"complaint, 3000 characters + keyboard",
         "tap Sampaikan Keluhan\ntap Tertulis\ntype Budi\ntap Email\ntype b@x.id\ntap Lanjut\ntap "
         "Pengujian\ntap Lanjut\n"
         "type " +
             words + "\nbench 300\n"},
        {"status result, 11 steps",
         "tap Cek Status\ntype " + code + "\nkey Return\nexpect Status keluhan\nbench 300\n"},
        {"done (code + QR)", "tap Sampaikan Keluhan\ntap Tertulis\ntap Kirim tanpa identitas "
                             "(anonim)\ntap Lanjut\ntap Pengujian\ntap Lanjut\n"
                             "type Laporan terlambat\ntap Lanjut\ntap Saya mengerti dan "
                             "setuju\ntap Lanjut\ntap Kirim Keluhan\nbench 300\n"},
    };
    std::vector<std::pair<std::string, double>> frames;
    int n = 0;
    for (const auto& [name, script] : screens)
        frames.emplace_back(name,
                            frame_ms(db, write_script(dir, "frame" + std::to_string(n++), script)));

    // 3. Peak memory of a whole written complaint.
    const auto whole = write_script(dir, "whole",
                                    "tap Sampaikan Keluhan\ntap Tertulis\ntype Budi Santoso\ntap "
                                    "Nomor telepon\ntype 081234567890\ntap Lanjut\n"
                                    "tap Pengujian\ntap Lanjut\ntype " +
                                        words +
                                        "\ntap Lanjut\ntap Saya mengerti dan setuju\ntap Lanjut\n"
                                        "tap Kirim Keluhan\nexpect Kode pelacakan\n");
    Child c = spawn({KELUHAN_KIOSK_BIN, "--headless", "--db", db, "--script", whole.string()},
                    {"SDL_AUDIODRIVER=dummy"});
    read_all(c.out);
    int status = 0;
    rusage ru{};
    wait4(c.pid, &status, 0, &ru);
    const double peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;

    // 4. Idle CPU in a real window (needs an X display, e.g. Xvfb).
    double idle = -1, stock = -1;
    if (std::getenv("DISPLAY")) {
        idle = idle_cpu(db, false, idle_seconds);
        stock = idle_cpu(db, true, idle_seconds);
    }

    const double first_ms = median(first);
    double worst = 0;
    for (const auto& f : frames)
        worst = std::max(worst, f.second);
    if (markdown) {
        std::printf("| measure | result | target |\n|---|---|---|\n");
        if (idle >= 0) {
            std::printf("| idle CPU, welcome screen, %d s, render on demand | %.2f%% of one core | "
                        "< 1%% |\n",
                        idle_seconds, idle);
            std::printf("| idle CPU, same, ImGui's stock loop (same run) | %.1f%% of one core | "
                        "(reference) |\n",
                        stock);
        }
        for (const auto& [name, ms] : frames)
            std::printf("| frame CPU time, %s, 1080x1920 software | %.2f ms | < 4 ms |\n",
                        name.c_str(), ms);
        std::printf("| start to first frame (median of 5) | %.0f ms | < 1000 ms |\n", first_ms);
        std::printf("| peak memory, a whole written complaint | %.1f MB | < 100 MB |\n", peak_mb);
    } else {
        if (idle >= 0)
            std::printf("idle CPU: %.2f%% (stock loop %.1f%%) over %d s\n", idle, stock,
                        idle_seconds);
        else
            std::printf("idle CPU: not measured (no DISPLAY; run under Xvfb)\n");
        for (const auto& [name, ms] : frames)
            std::printf("frame %-40s %.2f ms\n", name.c_str(), ms);
        std::printf("first frame: %.0f ms (median of 5)\npeak memory: %.1f MB\n", first_ms,
                    peak_mb);
    }
    fs::remove_all(dir);
    const bool met = (idle < 0 || idle < 1.0) && worst < 4.0 && first_ms < 1000 && peak_mb < 100;
    return met ? 0 : 1;
}
