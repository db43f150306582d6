// crash_child DBPATH [SEED]: the victim of tests/cli/test_crash.cpp.
//
// Opens the store for writing and submits complaints forever. After each
// submit returned ok - and only then - it writes the tracking code and '\n'
// to stdout in one unbuffered write(2), so every line the parent reads is a
// complaint the store promised was durable. About one in three complaints is
// a spoken one with a small audio/wav recording, so attachments are written
// inside the same transaction too. Exits 2 on bad usage and 3 on any error.
#include "keluhan/ops/workflow.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

bool write_all(int fd, const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void say(const char* what, const keluhan::Error& e) {
    std::fprintf(stderr, "crash_child: %s: %s (%s)\n", what, e.key.c_str(), e.detail.c_str());
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: crash_child DBPATH [SEED]\n");
        return 2;
    }
    const std::string db_path = argv[1];
    const std::uint64_t seed = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 1;
    std::mt19937_64 rng(seed);

    keluhan::StoreOptions opt;
    opt.owner = "crash_child";
    auto store = keluhan::Store::open(db_path, opt);
    if (!store) {
        say("open", store.error());
        return 3;
    }

    keluhan::Config cfg = keluhan::default_config(KELUHAN_CRASH_ASSETS);
    auto profile = keluhan::load_sop_profile(cfg.sop_path());
    if (!profile) {
        say("sop profile", profile.error());
        return 3;
    }
    auto catalog = keluhan::Catalog::load(cfg.i18n_dir(), "id");
    if (!catalog) {
        say("catalog", catalog.error());
        return 3;
    }
    const keluhan::Office office{std::move(cfg), std::move(profile).value(),
                                 std::move(catalog).value()};

    static const char* const kWhat[] = {
        "Laporan hasil uji terlambat.",       "Sertifikat kalibrasi belum diterima.",
        "Petugas loket tidak ramah.",         "Tagihan tidak sesuai dengan penawaran.",
        "Sampel uji hilang di laboratorium.",
    };
    static const char* const kServices[] = {"pengujian", "kalibrasi", "sertifikasi", "lainnya"};

    for (std::uint64_t n = 1;; ++n) {
        keluhan::Submission s;
        s.channel = keluhan::Channel::Tertulis;
        s.complainant = {false, "Budi Santoso", "PT Karet Musi", "0812 3456 7890",
                         "budi@karetmusi.co.id"};
        s.service = kServices[rng() % std::size(kServices)];
        s.reference = "LHU-" + std::to_string(n) + "/2026";
        s.description = std::string(kWhat[rng() % std::size(kWhat)]) + " (percobaan " +
                        std::to_string(seed) + "-" + std::to_string(n) + ")";
        s.expectation = "Segera ditindaklanjuti.";
        s.consent = true;
        s.origin = "crash_child";
        if (rng() % 3 == 0) {
            // A spoken complaint with its recording: a few KB of "audio".
            s.channel = keluhan::Channel::Lisan;
            keluhan::Attachment a;
            a.media_type = "audio/wav";
            a.filename = "rekaman-" + std::to_string(n) + ".wav";
            a.data.resize(1024 + rng() % 7168);
            for (auto& b : a.data)
                b = static_cast<std::uint8_t>(rng());
            s.attachments.push_back(std::move(a));
        }
        auto r = keluhan::submit_complaint(**store, office, s);
        if (!r) {
            say("submit", r.error());
            return 3;
        }
        if (!write_all(STDOUT_FILENO, r->code.grouped() + "\n")) return 3;
    }
}
