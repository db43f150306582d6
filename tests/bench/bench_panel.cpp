// bench_panel: the admin panel's frame time while scrolling and filtering
// the register of 1,000,000 complaints (issue: under 16 ms a frame).
//
// Runs the real keluhan-admin headless at 1366x768 (software renderer) on
// a copy of bench_store's million-row database, signs in, opens "Daftar
// keluhan" and lets the script driver scroll the table with the mouse wheel
// one step per frame ("bench N wheel M": wall time per frame, each frame
// handling its wheel step, building the frame and rendering it), before and
// after filters. Pages come from the store on the panel's worker meanwhile.
//
// Usage: bench_panel [--db FILE] [--source /tmp/keluhan-bench/bench.db]
// The first run copies the source (made by bench_store) to FILE
// (/tmp/keluhan-bench/panel.db) and adds the user "bench".
#include "keluhan/ops/auth.hpp"
#include "keluhan/ops/workflow.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace keluhan;

int main(int argc, char** argv) {
    fs::path db = "/tmp/keluhan-bench/panel.db", source = "/tmp/keluhan-bench/bench.db";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--db")
            db = argv[i + 1];
        else if (a == "--source")
            source = argv[i + 1];
    }
    if (!fs::exists(db)) {
        if (!fs::exists(source)) {
            std::fprintf(stderr,
                         "bench_panel: %s is missing; run bench_store once to generate it\n",
                         source.c_str());
            return 1;
        }
        std::printf("copying %s to %s ...\n", source.c_str(), db.c_str());
        fs::copy_file(source, db);
    }
    {
        auto store =
            Store::open(db, StoreOptions{StoreOptions::Access::Write, "bench_panel", 60000});
        if (!store) {
            std::fprintf(stderr, "bench_panel: cannot open %s: %s\n", db.c_str(),
                         store.error().key.c_str());
            return 1;
        }
        if (!(*store)->find_user("bench"))
            if (!create_user(**store, "bench", "Bench", Role::StafPji, "bench-rahasia-1")) return 1;
        auto n = (*store)->count(ListQuery{});
        std::printf("complaints in the register: %lld\n", n ? static_cast<long long>(*n) : -1LL);
    }
    const fs::path script = fs::temp_directory_path() / "bench_panel.script";
    std::ofstream(script) << R"(tap Nama pengguna
type bench
tap Kata sandi
type bench-rahasia-1
key Return
expect Tugas saya
tap Daftar keluhan
expect keluhan
hover #daftar
bench 300 wheel 3
bench 100 wheel 60
tap Hanya yang terlambat
bench 60
hover #daftar
bench 300 wheel 3
tap Atur ulang
tap Cari kode pelacakan, nomor register, atau kata dalam keluhan, nama, instansi, nomor order
type hasil
key Return
bench 60
hover #daftar
bench 300 wheel 3
shot register-1m
)";
    const std::string cmd = std::string(KELUHAN_ADMIN_BIN) + " --headless --db " + db.string() +
                            " --script " + script.string() +
                            " --screenshots /tmp/keluhan-bench/panel-shots 2>&1";
    std::printf("%s\n", cmd.c_str());
    std::fflush(stdout);
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return 1;
    const char* labels[] = {
        "scroll, newest first, 3 notches a frame",
        "fast scroll, 60 notches a frame (pages stream in on the worker)",
        "frames after ticking \"Hanya yang terlambat\" (count and pages on the worker)",
        "scroll, overdue only",
        "frames after searching \"hasil\" (458,902 matches)",
        "scroll, search results"};
    int k = 0;
    char line[1024];
    std::printf("\n| Frames | What | Result |\n|---|---|---|\n");
    while (std::fgets(line, sizeof line, p)) {
        std::string s(line);
        if (s.rfind("bench: ", 0) != 0) {
            std::fprintf(stderr, "%s", line);
            continue;
        }
        while (!s.empty() && s.back() == '\n')
            s.pop_back();
        std::printf("| %d | %s | %s |\n", k + 1, k < 6 ? labels[k] : "", s.substr(7).c_str());
        ++k;
    }
    const int rc = pclose(p);
    return rc == 0 && k == 6 ? 0 : 1;
}
