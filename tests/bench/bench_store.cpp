// bench_store: the complaint store with a million complaints.
//
// Builds (once, then reuses) a realistic database of --rows complaints, then
// measures what the admin panel and the kiosk feel:
//   1. the register page (Store::list, 50 rows) for typical filters,
//   2. full-text search (Store::list with ListQuery::text),
//   3. a durable submit (submit_complaint through a write-mode Store) against
//      a bare SQLite insert+commit with the same pragmas on the same disk,
//      and the WAL frames (pages) each of them writes per commit,
//   4. the program's peak RSS.
// A benchmark, not a test: ctest never runs it. See docs/benchmarks.md.
//
//   bench_store [--rows N] [--db PATH] [--quick] [--markdown] [--runs N]
//               [--submits N] [--regenerate] [--flush-delay-ms X]

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/config.hpp"
#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using keluhan::TimeMs;

namespace {

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

constexpr double kRegisterTargetMs = 20.0;
constexpr double kSearchTargetMs = 50.0;
constexpr double kSubmitRatioTarget = 1.5;

// Rows added by the submit benchmark carry this origin; they are removed at
// the end so the next run starts from the same database.
constexpr std::string_view kSubmitOrigin = "bench-submit";

// [SECTION] options -------------------------------------------------------------

struct Options {
    std::int64_t rows = 1'000'000;
    fs::path db;
    bool quick = false;
    bool markdown = false;
    bool regenerate = false;
    int runs = 50;
    int warmup = 5;
    int submits = 200;
    double flush_delay_ms = 0; // added to every xSync (a slow disk emulated)
};

void usage(std::ostream& out) {
    out << "usage: bench_store [options]\n"
           "  --rows N       complaints in the database (default 1000000)\n"
           "  --db PATH      database file (default /tmp/keluhan-bench/bench.db; reused when it\n"
           "                 already holds N generated complaints)\n"
           "  --quick        20000 rows in /tmp/keluhan-bench/bench-quick.db, 10 runs, 30 submits\n"
           "  --runs N       timed runs per query, after the warm-up (default 50)\n"
           "  --submits N    alternating durable-submit pairs (default 200)\n"
           "  --regenerate   build the database afresh even when it could be reused\n"
           "  --flush-delay-ms X  sleep X ms in every SQLite file sync (store and bare alike),\n"
           "                 to emulate a disk that flushes slowly\n"
           "  --markdown     also print the figures as markdown tables\n";
}

std::int64_t parse_count(std::string_view flag, const char* value, std::int64_t min) {
    if (!value) throw std::runtime_error(std::string(flag) + " needs a value");
    char* end = nullptr;
    const long long v = std::strtoll(value, &end, 10);
    if (end == value || *end != '\0' || v < min)
        throw std::runtime_error(std::string(flag) + ": expected a whole number >= " +
                                 std::to_string(min) + ", got '" + value + "'");
    return v;
}

// nullopt for --help.
std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    std::optional<std::int64_t> rows;
    std::optional<int> runs, submits;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--help" || a == "-h") {
            usage(std::cout);
            return std::nullopt;
        } else if (a == "--rows") {
            rows = parse_count(a, next, 1000);
            ++i;
        } else if (a == "--db") {
            if (!next) throw std::runtime_error("--db needs a path");
            o.db = next;
            ++i;
        } else if (a == "--runs") {
            runs = static_cast<int>(std::min<std::int64_t>(parse_count(a, next, 1), 100000));
            ++i;
        } else if (a == "--submits") {
            submits = static_cast<int>(std::min<std::int64_t>(parse_count(a, next, 1), 100000));
            ++i;
        } else if (a == "--flush-delay-ms") {
            char* end = nullptr;
            const double v = next ? std::strtod(next, &end) : -1;
            if (!next || end == next || *end != '\0' || !(v >= 0 && v <= 1000))
                throw std::runtime_error("--flush-delay-ms: expected a number of ms in [0, 1000]");
            o.flush_delay_ms = v;
            ++i;
        } else if (a == "--quick") {
            o.quick = true;
        } else if (a == "--markdown") {
            o.markdown = true;
        } else if (a == "--regenerate") {
            o.regenerate = true;
        } else {
            throw std::runtime_error("unknown option '" + std::string(a) + "' (see --help)");
        }
    }
    if (o.quick) {
        o.rows = 20'000;
        o.runs = 10;
        o.warmup = 2;
        o.submits = 30;
    }
    if (rows) o.rows = *rows;
    if (runs) o.runs = *runs;
    if (submits) o.submits = *submits;
    if (o.db.empty())
        o.db =
            o.quick && !rows ? "/tmp/keluhan-bench/bench-quick.db" : "/tmp/keluhan-bench/bench.db";
    return o;
}

// [SECTION] SQLite, RAII and prepared statements only ----------------------------

struct DbClose {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;

struct StmtFinalize {
    void operator()(sqlite3_stmt* st) const noexcept { sqlite3_finalize(st); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

[[noreturn]] void sql_fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Db open_db(const fs::path& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) sql_fail(raw, "open " + path.string());
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Stmt prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK)
        sql_fail(db, "prepare '" + std::string(sql) + "'");
    return Stmt(raw);
}

// Binds parameters left to right, 1-based as SQLite counts them.
class Binder {
  public:
    Binder(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
    Binder& text(std::string_view v) {
        return check(
            sqlite3_bind_text64(st_, ++i_, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    Binder& int64(std::int64_t v) { return check(sqlite3_bind_int64(st_, ++i_, v)); }
    Binder& null() { return check(sqlite3_bind_null(st_, ++i_)); }
    Binder& text_or_null(const std::optional<std::string>& v) { return v ? text(*v) : null(); }
    Binder& int64_or_null(const std::optional<std::int64_t>& v) { return v ? int64(*v) : null(); }

  private:
    Binder& check(int rc) {
        if (rc != SQLITE_OK) sql_fail(db_, "bind " + std::to_string(i_));
        return *this;
    }
    sqlite3* db_;
    sqlite3_stmt* st_;
    int i_ = 0;
};

Binder bind_params(sqlite3* db, const Stmt& st) {
    sqlite3_reset(st.get());
    return Binder(db, st.get());
}

// Steps a statement that returns no rows to its end, ready for reuse.
void run(sqlite3* db, const Stmt& st) {
    int rc = 0;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    }
    sqlite3_reset(st.get());
    if (rc != SQLITE_DONE) sql_fail(db, sqlite3_sql(st.get()));
}

void run(sqlite3* db, std::string_view sql) {
    run(db, prepare(db, sql));
}

// First column of the first row (a count, a pragma).
std::int64_t scalar(sqlite3* db, const Stmt& st) {
    const int rc = sqlite3_step(st.get());
    if (rc != SQLITE_ROW) sql_fail(db, sqlite3_sql(st.get()));
    const auto v = sqlite3_column_int64(st.get(), 0);
    sqlite3_reset(st.get());
    return v;
}

std::int64_t scalar(sqlite3* db, std::string_view sql) {
    return scalar(db, prepare(db, sql));
}

void remove_db_files(const fs::path& db) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal", "-writer.lock"})
        fs::remove(db.string() + suffix, ec);
}

void fsync_file(const fs::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

// [SECTION] a slow disk, emulated --------------------------------------------------

// --flush-delay-ms: a VFS over the default one that sleeps before every
// xSync, registered as the default so the store's connections and the bare
// baseline's both use it. Everything else goes straight to the real VFS.
namespace slow_sync {

sqlite3_vfs* g_real = nullptr;
std::chrono::microseconds g_delay{0};
sqlite3_io_methods g_methods{};

struct File {
    sqlite3_file base;  // must come first: SQLite sees a sqlite3_file*
    sqlite3_file* real; // the real VFS's file, right after this struct
};

sqlite3_file* real(sqlite3_file* f) {
    return reinterpret_cast<File*>(f)->real;
}

int x_close(sqlite3_file* f) {
    return real(f)->pMethods ? real(f)->pMethods->xClose(real(f)) : SQLITE_OK;
}
int x_read(sqlite3_file* f, void* b, int n, sqlite3_int64 at) {
    return real(f)->pMethods->xRead(real(f), b, n, at);
}
int x_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 at) {
    return real(f)->pMethods->xWrite(real(f), b, n, at);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}
int x_sync(sqlite3_file* f, int flags) {
    std::this_thread::sleep_for(g_delay);
    return real(f)->pMethods->xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
int x_lock(sqlite3_file* f, int l) {
    return real(f)->pMethods->xLock(real(f), l);
}
int x_unlock(sqlite3_file* f, int l) {
    return real(f)->pMethods->xUnlock(real(f), l);
}
int x_check_reserved(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int x_device_characteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** p) {
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, p);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
int x_shm_unmap(sqlite3_file* f, int del) {
    return real(f)->pMethods->xShmUnmap(real(f), del);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** p) {
    return real(f)->pMethods->xFetch(real(f), at, n, p);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
    return real(f)->pMethods->xUnfetch(real(f), at, p);
}

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = reinterpret_cast<File*>(f);
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    file->real->pMethods = nullptr;
    file->base.pMethods = nullptr;
    auto* under = static_cast<sqlite3_vfs*>(vfs->pAppData);
    const int rc = under->xOpen(under, name, file->real, flags, out_flags);
    // SQLite calls xClose only when pMethods is set, so set it even on failure
    // when the real file needs closing.
    if (file->real->pMethods) file->base.pMethods = &g_methods;
    return rc;
}

// Installs the shim as the default VFS, once, before any connection opens.
void install(double delay_ms) {
    g_real = sqlite3_vfs_find(nullptr);
    if (!g_real) throw std::runtime_error("no default SQLite VFS");
    g_delay = std::chrono::microseconds(static_cast<std::int64_t>(delay_ms * 1000.0));
    g_methods = sqlite3_io_methods{3,
                                   x_close,
                                   x_read,
                                   x_write,
                                   x_truncate,
                                   x_sync,
                                   x_file_size,
                                   x_lock,
                                   x_unlock,
                                   x_check_reserved,
                                   x_file_control,
                                   x_sector_size,
                                   x_device_characteristics,
                                   x_shm_map,
                                   x_shm_lock,
                                   x_shm_barrier,
                                   x_shm_unmap,
                                   x_fetch,
                                   x_unfetch};
    static sqlite3_vfs vfs = *g_real;
    vfs.pNext = nullptr;
    vfs.zName = "bench-slow-sync";
    vfs.pAppData = g_real;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + g_real->szOsFile;
    vfs.xOpen = x_open;
    if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK)
        throw std::runtime_error("cannot register the slow-sync VFS");
}

} // namespace slow_sync

// [SECTION] deterministic randomness and Indonesian text -------------------------

// splitmix64: small, fast and the same on every machine, so every generated
// database holds the same complaints.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
    std::int64_t range(std::int64_t lo, std::int64_t hi) {                  // [lo, hi)
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo));
    }
    bool chance(double p) { return unit() < p; }
    template <typename T> const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(next() % v.size())];
    }

  private:
    std::uint64_t s_;
};

// Picks index k of n with probability proportional to 1/(k+1)^s: a few
// words are everywhere, most are uncommon.
class Zipf {
  public:
    Zipf(std::size_t n, double s) {
        double total = 0;
        cum_.reserve(n);
        for (std::size_t k = 0; k < n; ++k) {
            total += 1.0 / std::pow(static_cast<double>(k + 1), s);
            cum_.push_back(total);
        }
    }
    std::size_t operator()(Rng& r) const {
        const double x = r.unit() * cum_.back();
        const auto it = std::upper_bound(cum_.begin(), cum_.end(), x);
        return std::min(static_cast<std::size_t>(it - cum_.begin()), cum_.size() - 1);
    }

  private:
    std::vector<double> cum_;
};

using Words = std::vector<std::string_view>;

// About 330 words of complaint Indonesian, roughly most frequent first.
const Words kWords = {
    "yang",
    "tidak",
    "dan",
    "belum",
    "kami",
    "di",
    "sudah",
    "hasil",
    "untuk",
    "uji",
    "laporan",
    "dari",
    "saya",
    "terlambat",
    "ke",
    "sampai",
    "dengan",
    "sertifikat",
    "pada",
    "ini",
    "petugas",
    "karena",
    "sampel",
    "ada",
    "kalibrasi",
    "pengujian",
    "juga",
    "masih",
    "waktu",
    "hari",
    "tetapi",
    "biaya",
    "lama",
    "mohon",
    "alat",
    "pelayanan",
    "sejak",
    "minggu",
    "dokumen",
    "surat",
    "sangat",
    "akan",
    "informasi",
    "sehingga",
    "kembali",
    "tanggapan",
    "jadwal",
    "harus",
    "permohonan",
    "atas",
    "layanan",
    "bulan",
    "telah",
    "oleh",
    "dalam",
    "lebih",
    "data",
    "tagihan",
    "pembayaran",
    "nomor",
    "kiriman",
    "hanya",
    "agar",
    "bahwa",
    "kepada",
    "setelah",
    "namun",
    "bisa",
    "dapat",
    "lagi",
    "saat",
    "laboratorium",
    "nilai",
    "parameter",
    "standar",
    "mutu",
    "produk",
    "kemasan",
    "label",
    "inspeksi",
    "pelatihan",
    "konsultasi",
    "sertifikasi",
    "audit",
    "lapangan",
    "teknisi",
    "penerimaan",
    "pengambilan",
    "pengiriman",
    "email",
    "telepon",
    "respon",
    "balasan",
    "kesalahan",
    "salah",
    "nama",
    "alamat",
    "perusahaan",
    "revisi",
    "perbaikan",
    "penjelasan",
    "keterangan",
    "antrian",
    "loket",
    "ruang",
    "tunggu",
    "parkir",
    "toilet",
    "kebersihan",
    "sikap",
    "ramah",
    "kasar",
    "cepat",
    "lambat",
    "mahal",
    "murah",
    "jelas",
    "rumit",
    "prosedur",
    "persyaratan",
    "formulir",
    "online",
    "aplikasi",
    "sistem",
    "website",
    "gangguan",
    "error",
    "akses",
    "login",
    "unggah",
    "unduh",
    "berkas",
    "arsip",
    "stempel",
    "tanda",
    "tangan",
    "pejabat",
    "kepala",
    "koordinator",
    "staf",
    "bagian",
    "fungsi",
    "unit",
    "tim",
    "rapat",
    "kunjungan",
    "pabrik",
    "mesin",
    "timbangan",
    "termometer",
    "manometer",
    "oven",
    "tungku",
    "pipet",
    "buret",
    "neraca",
    "jangka",
    "sorong",
    "mikrometer",
    "meteran",
    "karet",
    "sawit",
    "kopi",
    "pupuk",
    "semen",
    "baja",
    "air",
    "limbah",
    "udara",
    "emisi",
    "tanah",
    "minyak",
    "pangan",
    "minuman",
    "tekstil",
    "kayu",
    "plastik",
    "kertas",
    "logam",
    "kimia",
    "mikrobiologi",
    "fisika",
    "instrumen",
    "akreditasi",
    "kan",
    "sni",
    "iso",
    "tarif",
    "pnbp",
    "kuitansi",
    "faktur",
    "pajak",
    "potongan",
    "denda",
    "pengembalian",
    "dana",
    "transfer",
    "rekening",
    "bank",
    "virtual",
    "menunggu",
    "meminta",
    "mengirim",
    "menerima",
    "menghubungi",
    "menanyakan",
    "mengajukan",
    "melaporkan",
    "menyampaikan",
    "mengeluhkan",
    "dikirim",
    "diterima",
    "diproses",
    "ditolak",
    "dibatalkan",
    "diperbaiki",
    "dijelaskan",
    "dijawab",
    "diberikan",
    "diminta",
    "dihubungi",
    "diambil",
    "diuji",
    "dikalibrasi",
    "diterbitkan",
    "ditandatangani",
    "dicetak",
    "dibayar",
    "hilang",
    "rusak",
    "berbeda",
    "sesuai",
    "kurang",
    "lengkap",
    "tertunda",
    "macet",
    "berulang",
    "beberapa",
    "kali",
    "tanpa",
    "kabar",
    "kejelasan",
    "kepastian",
    "segera",
    "secepatnya",
    "mungkin",
    "tolong",
    "harap",
    "terima",
    "kasih",
    "bapak",
    "ibu",
    "pihak",
    "balai",
    "kantor",
    "kementerian",
    "perindustrian",
    "palembang",
    "sumatera",
    "selatan",
    "pagi",
    "siang",
    "sore",
    "jam",
    "tanggal",
    "batas",
    "tenggat",
    "janji",
    "estimasi",
    "perkiraan",
    "kualitas",
    "kadar",
    "suhu",
    "tekanan",
    "kelembaban",
    "berat",
    "volume",
    "panjang",
    "ketebalan",
    "kekerasan",
    "tarik",
    "lentur",
    "korosi",
    "warna",
    "bau",
    "rasa",
    "kemurnian",
    "kontaminasi",
    "residu",
    "logo",
    "merek",
    "izin",
    "edar",
    "ekspor",
    "impor",
    "pembeli",
    "pelanggan",
    "mitra",
    "pemasok",
    "kontrak",
    "pesanan",
    "faksimile",
    "kurir",
    "paket",
    "pos",
    "ekspedisi",
    "resi",
    "pelacakan",
    "status",
    "proses",
    "tahap",
    "antre",
    "urutan",
    "prioritas",
    "darurat",
    "penting",
    "kecewa",
    "keberatan",
    "protes",
    "saran",
    "masukan",
    "pertanyaan",
    "klarifikasi",
    "konfirmasi",
    "verifikasi",
    "validasi",
    "rekomendasi",
    "evaluasi",
    "tindak",
    "lanjut",
    "ulang",
    "duplikat",
    "salinan",
    "asli",
    "legalisir",
    "terjemahan",
    "bahasa",
    "inggris",
    "format",
    "halaman",
    "lampiran",
    "foto",
    "bukti",
    "struk",
    "catatan",
    "kolom",
    "tabel",
    "grafik",
    "satuan",
    "angka",
};

// Sentence openings; each description has two to four sentences.
const Words kOpeners = {
    "Kami ingin menyampaikan bahwa",
    "Sampai hari ini",
    "Dengan hormat, kami sampaikan bahwa",
    "Mohon perhatian atas",
    "Saya kecewa karena",
    "Bersama ini kami laporkan",
    "Menurut informasi petugas",
    "Terkait permohonan kami,",
    "Pada kunjungan terakhir",
    "Sudah dua minggu",
    "Sejak bulan lalu",
    "Kami sudah beberapa kali menghubungi balai, namun",
    "Petugas di loket mengatakan",
    "Dalam laporan hasil uji",
    "Pada sertifikat kalibrasi",
    "Tagihan yang kami terima",
    "Kami mohon penjelasan mengapa",
    "Setelah sampel kami serahkan,",
    "Menurut jadwal yang dijanjikan,",
    "Saat kami datang ke balai,",
    "Melalui email kami sudah bertanya, tetapi",
    "Terus terang kami keberatan karena",
    "Perlu kami sampaikan juga",
    "Selain itu",
    "Akibatnya",
};

// Instruments that turn up in about one complaint in ten thousand each:
// the rare words of the search benchmark.
const Words kRareWords = {
    "viskositas",    "kromatografi", "spektrofotometer", "autoklaf",      "higrometer",
    "termokopel",    "pirometer",    "densitometer",     "refraktometer", "turbidimeter",
    "konduktometer", "polarimeter",  "titrator",         "desikator",     "inkubator",
    "sentrifus",     "fotometer",    "anemometer",       "barometer",     "takometer",
};

const Words kExpectations = {
    "Mohon hasil uji segera dikirim.",
    "Kami berharap sertifikat diperbaiki dan dikirim ulang.",
    "Mohon penjelasan tertulis dari balai.",
    "Biaya yang kelebihan mohon dikembalikan.",
    "Mohon jadwal pengujian dipastikan.",
    "Kami minta laporan direvisi sesuai data yang benar.",
    "Harap petugas lebih ramah kepada pelanggan.",
    "Mohon informasi status pengujian secara berkala.",
    "Kami berharap proses kalibrasi dipercepat.",
    "Mohon diberikan kepastian waktu penyelesaian.",
    "Tolong hubungi kami melalui telepon.",
    "Mohon alat kami dikembalikan dalam keadaan baik.",
    "Kami ingin bertemu dengan koordinator pelayanan.",
    "Mohon tagihan diterbitkan ulang atas nama perusahaan.",
    "Sistem pendaftaran online mohon diperbaiki.",
    "Kami berharap keluhan ini ditindaklanjuti.",
};

const Words kFirstNames = {
    "Budi",     "Siti",   "Agus",  "Dewi",    "Andi",    "Rina",     "Joko",    "Sri",
    "Hendra",   "Wati",   "Rudi",  "Yuliana", "Bambang", "Lestari",  "Dedi",    "Nurhayati",
    "Eko",      "Fitri",  "Ahmad", "Ratna",   "Santi",   "Muhammad", "Indah",   "Teguh",
    "Yanti",    "Irwan",  "Maya",  "Fauzi",   "Putri",   "Hadi",     "Rahmat",  "Ayu",
    "Wahyu",    "Dian",   "Arif",  "Novi",    "Slamet",  "Kartika",  "Yusuf",   "Mega",
    "Ilham",    "Sari",   "Rizky", "Nur",     "Hasan",   "Lina",     "Taufik",  "Evi",
    "Darmawan", "Wulan",  "Fajar", "Rini",    "Gunawan", "Tuti",     "Suharto", "Anisa",
    "Ridwan",   "Melati", "Imam",  "Citra",
};

const Words kLastNames = {
    "Santoso",   "Wijaya",    "Saputra", "Hidayat",   "Susanto",    "Pratama",  "Nugroho",
    "Setiawan",  "Kurniawan", "Siregar", "Lubis",     "Nasution",   "Harahap",  "Simanjuntak",
    "Sitompul",  "Hutapea",   "Purba",   "Gultom",    "Manurung",   "Tambunan", "Rahman",
    "Hakim",     "Syahputra", "Permana", "Halim",     "Gunawan",    "Sulistyo", "Wibowo",
    "Purnomo",   "Hartono",   "Utomo",   "Kusuma",    "Firmansyah", "Ramadhan", "Maulana",
    "Anggraini", "Safitri",   "Puspita", "Handayani", "Rahayu",     "Marpaung", "Panjaitan",
    "Sembiring", "Ginting",   "Tarigan", "Daulay",    "Pohan",      "Batubara", "Situmorang",
    "Sinaga",
};

const Words kOrgKinds = {"PT", "PT",       "PT",    "CV",          "CV",
                         "UD", "Koperasi", "Dinas", "Universitas", "Politeknik"};
const Words kOrgWords = {
    "Karet",   "Musi",     "Sawit",     "Jaya",     "Sriwijaya", "Makmur",  "Abadi",     "Sentosa",
    "Lestari", "Agro",     "Industri",  "Mandiri",  "Prima",     "Utama",   "Sejahtera", "Baja",
    "Kimia",   "Pangan",   "Nusantara", "Andalas",  "Bukit",     "Asam",    "Semen",     "Batu",
    "Raja",    "Lematang", "Ogan",      "Komering", "Banyuasin", "Pertiwi", "Teknik",    "Energi",
    "Logam",   "Plastik",  "Kopi",      "Pupuk",    "Tekstil",   "Mulia",   "Bersama",   "Gemilang",
};

const Words kMailDomains = {"gmail.com", "yahoo.co.id", "yahoo.com", "outlook.com", "ymail.com"};

class Texts {
  public:
    Texts() : words_(kWords.size(), 1.0), openers_(kOpeners.size(), 0.7) {}

    [[nodiscard]] std::string description(Rng& r) const {
        std::string out;
        const auto sentences = r.range(2, 5);
        for (std::int64_t s = 0; s < sentences; ++s) {
            if (!out.empty()) out += ' ';
            out += kOpeners[openers_(r)];
            const auto n = r.range(5, 13);
            for (std::int64_t k = 0; k < n; ++k) {
                out += ' ';
                out += kWords[words_(r)];
            }
            out += '.';
        }
        if (r.chance(0.002)) {
            out += " Alat ";
            out += r.pick(kRareWords);
            out += " yang dipakai untuk sampel kami perlu diperiksa ulang.";
        }
        return out;
    }
    [[nodiscard]] static std::string expectation(Rng& r) {
        return r.chance(0.75) ? std::string(r.pick(kExpectations)) : std::string();
    }
    [[nodiscard]] static keluhan::Complainant complainant(Rng& r) {
        keluhan::Complainant c;
        c.anonymous = r.chance(0.05);
        if (c.anonymous) return c;
        const std::string_view first = r.pick(kFirstNames);
        const bool has_last = r.chance(0.7);
        const std::string_view last = has_last ? r.pick(kLastNames) : std::string_view();
        c.name = std::string(first) + (has_last ? " " + std::string(last) : std::string());
        if (r.chance(0.7)) {
            c.organization = std::string(r.pick(kOrgKinds)) + " " + std::string(r.pick(kOrgWords));
            if (r.chance(0.6)) c.organization += " " + std::string(r.pick(kOrgWords));
        }
        if (r.chance(0.9)) {
            static const Words kPrefixes = {"0811", "0812", "0813", "0821",
                                            "0852", "0877", "0895", "0711"};
            c.phone = std::string(r.pick(kPrefixes)) + " " + std::to_string(r.range(1000, 10000)) +
                      " " + std::to_string(r.range(1000, 10000));
        }
        // A named complainant leaves a way to be answered (validate_submission).
        if (r.chance(0.6) || c.phone.empty()) {
            std::string user(first);
            if (has_last) user += "." + std::string(last);
            for (auto& ch : user)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            c.email =
                user + std::to_string(r.range(1, 100)) + "@" + std::string(r.pick(kMailDomains));
        }
        return c;
    }
    [[nodiscard]] static std::string reference(Rng& r, int year) {
        if (!r.chance(0.6)) return {};
        char buf[64];
        switch (r.range(0, 4)) {
        case 0:
            std::snprintf(buf, sizeof buf, "LHU-%05lld/%d",
                          static_cast<long long>(r.range(1, 30000)), year);
            break;
        case 1:
            std::snprintf(buf, sizeof buf, "SPK-%04lld/BSPJI-PLG/%d",
                          static_cast<long long>(r.range(1, 9000)), year);
            break;
        case 2:
            std::snprintf(buf, sizeof buf, "INV/%d/%05lld", year,
                          static_cast<long long>(r.range(1, 60000)));
            break;
        default:
            std::snprintf(buf, sizeof buf, "SK-%04lld/KAL/%d",
                          static_cast<long long>(r.range(1, 9000)), year);
            break;
        }
        return buf;
    }

  private:
    Zipf words_;
    Zipf openers_;
};

keluhan::Channel pick_channel(Rng& r) {
    const double u = r.unit();
    return u < 0.30   ? keluhan::Channel::Tertulis
           : u < 0.50 ? keluhan::Channel::Lisan
                      : keluhan::Channel::Elektronik;
}

// Services weighted as an office sees them: testing first, then calibration.
std::string_view pick_service(Rng& r, const std::vector<std::string>& services) {
    static const double kWeights[] = {40, 20, 15, 8, 7, 5, 5};
    double total = 0;
    for (std::size_t i = 0; i < services.size(); ++i)
        total += i < std::size(kWeights) ? kWeights[i] : 5.0;
    double x = r.unit() * total;
    for (std::size_t i = 0; i < services.size(); ++i) {
        x -= i < std::size(kWeights) ? kWeights[i] : 5.0;
        if (x < 0) return services[i];
    }
    return services.back();
}

std::string fake_uuid(Rng& r) {
    const std::uint64_t a = r.next(), b = r.next();
    char out[40];
    std::snprintf(out, sizeof out, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(a >> 32),
                  static_cast<unsigned long long>((a >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(a & 0xFFF),
                  static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return out;
}

// A bijection on 60-bit values (odd multipliers and xor-shifts), so distinct
// inputs give distinct, random-looking tracking codes.
std::uint64_t mix60(std::uint64_t x) {
    constexpr std::uint64_t mask = (std::uint64_t{1} << 60) - 1;
    x = (x * 0x9E3779B97F4A7C15ULL) & mask;
    x ^= x >> 29;
    x = (x * 0xBF58476D1CE4E5B9ULL) & mask;
    x ^= x >> 31;
    return x;
}

// A unique, valid tracking code for complaint `seq`.
std::string code_for(std::int64_t seq) {
    for (std::uint64_t attempt = 0; attempt < 8; ++attempt) {
        const std::uint64_t v = mix60(static_cast<std::uint64_t>(seq) * 8 + attempt);
        if (v % 37 >= 32) continue; // check symbol would be * ~ $ = U
        auto code = keluhan::TrackingCode::from_value(v);
        if (code) return code->compact();
    }
    throw std::runtime_error("no tracking code for row " + std::to_string(seq));
}

// [SECTION] office ------------------------------------------------------------------

keluhan::Office load_office() {
    keluhan::Config cfg = keluhan::default_config(KELUHAN_BENCH_ASSETS);
    auto profile = keluhan::load_sop_profile(cfg.sop_path());
    if (!profile)
        throw std::runtime_error("SOP profile: " + profile.error().key + " " +
                                 profile.error().detail);
    auto catalog = keluhan::Catalog::load(cfg.i18n_dir(), cfg.language);
    if (!catalog)
        throw std::runtime_error("catalog: " + catalog.error().key + " " + catalog.error().detail);
    return keluhan::Office{std::move(cfg), std::move(profile).value(), std::move(catalog).value()};
}

// [SECTION] generation -----------------------------------------------------------

// True when `db` holds exactly rows 1..rows from an earlier generation (rows a
// crashed submit benchmark left behind are removed). A file from an older
// schema is upgraded by opening it for writing, as a deployment would be.
bool reusable(const fs::path& db_path, std::int64_t rows) {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) return false;
    try {
        {
            auto probe = open_db(db_path, SQLITE_OPEN_READONLY);
            const auto version = scalar(probe.get(), "PRAGMA user_version");
            if (version < 1 || version > keluhan::Store::latest_schema_version()) return false;
        }
        if (!keluhan::Store::open(db_path,
                                  {keluhan::StoreOptions::Access::Write, "bench_store", 5000}))
            return false; // upgrades an older schema; nothing else to do
        auto db = open_db(db_path, SQLITE_OPEN_READWRITE);
        run(db.get(), "PRAGMA foreign_keys = ON");
        auto have = prepare(db.get(), "SELECT count(*) FROM complaints WHERE seq <= ?");
        bind_params(db.get(), have).int64(rows);
        if (scalar(db.get(), have) != rows) return false;
        auto foreign =
            prepare(db.get(), "SELECT count(*) FROM complaints WHERE seq > ? AND origin <> ?");
        bind_params(db.get(), foreign).int64(rows).text(kSubmitOrigin);
        if (scalar(db.get(), foreign) != 0) return false;
        auto extra = prepare(db.get(), "DELETE FROM complaints WHERE seq > ?");
        bind_params(db.get(), extra).int64(rows);
        run(db.get(), extra);
        run(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
        return true;
    } catch (const std::exception& e) {
        std::cerr << "bench_store: not reusing " << db_path << ": " << e.what() << "\n";
        return false;
    }
}

// Builds the database: the schema through keluhan::Store, then the rows
// straight through SQLite in big unsynced transactions. Runs in a child
// process so the generator's memory does not count in the benchmark's RSS.
void generate(const fs::path& db_path, std::int64_t rows, const keluhan::Office& office,
              TimeMs now) {
    remove_db_files(db_path);
    {
        auto store = keluhan::Store::open(
            db_path, {keluhan::StoreOptions::Access::Write, "bench_store", 5000});
        if (!store)
            throw std::runtime_error("create schema: " + store.error().key + " " +
                                     store.error().detail);
    }
    auto db = open_db(db_path, SQLITE_OPEN_READWRITE);
    sqlite3* h = db.get();
    run(h, "PRAGMA synchronous = OFF"); // generation only; measured writes use the store's FULL
    run(h, "PRAGMA foreign_keys = ON");
    run(h, "PRAGMA cache_size = -1048576"); // 1 GiB: the random id/code indexes stay in memory
    run(h, "PRAGMA temp_store = MEMORY");

    const auto& cal = office.config.calendar;
    const auto& profile = office.profile;
    const auto& services = office.config.services;
    Rng r(20261123);
    const Texts texts;

    // Creation times over three years, mostly working hours on working days,
    // in submission order (seq grows with created_at, as the store makes it).
    struct Stamp {
        TimeMs at;
        keluhan::Channel channel;
    };
    std::vector<Stamp> stamps(static_cast<std::size_t>(rows));
    const std::int64_t today = keluhan::days_from_civil(cal.local_date(now));
    for (auto& s : stamps) {
        s.channel = pick_channel(r);
        keluhan::Date d;
        do {
            d = keluhan::civil_from_days(today - r.range(0, 3 * 365));
        } while (keluhan::weekday(d) >= 5 && r.chance(0.85));
        const bool any_hour = s.channel == keluhan::Channel::Elektronik && r.chance(0.4);
        const auto minute =
            static_cast<int>(any_hour ? r.range(0, 24 * 60) : r.range(7 * 60 + 30, 16 * 60));
        s.at = cal.from_local(d, minute) + r.range(0, kMinute);
        if (s.at > now) s.at = now - r.range(kMinute, 12 * kHour);
    }
    std::sort(stamps.begin(), stamps.end(),
              [](const Stamp& a, const Stamp& b) { return a.at < b.at; });

    auto ins = prepare(
        h, "INSERT INTO complaints(seq, id, code, register_number, channel, anonymous, name, "
           "organization, phone, email, service, reference, description, expectation, consent, "
           "sop, current_step, status, created_at, step_started_at, due_at, updated_at, origin) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    auto ins_event =
        prepare(h, "INSERT INTO events(complaint_seq, kind, step_id, actor, actor_role, "
                   "on_behalf_of, note, at) VALUES (?,?,?,?,?,?,?,?)");
    auto ins_outbox =
        prepare(h, "INSERT INTO outbox(complaint_seq, created_at, sent_at, attempts, last_error) "
                   "VALUES (?,?,?,?,?)");
    auto ins_register = prepare(h, "INSERT INTO register_sequence(year, last) VALUES (?,?)");
    auto begin = prepare(h, "BEGIN");
    auto commit = prepare(h, "COMMIT");

    const std::string submit_role(keluhan::to_string(keluhan::Role::Pelanggan));
    const std::string& register_pattern = office.config.office.register_pattern;
    std::map<int, int> register_last; // year -> last register number given
    constexpr std::int64_t kBatch = 50'000;
    const auto t0 = std::chrono::steady_clock::now();

    run(h, begin);
    for (std::int64_t i = 0; i < rows; ++i) {
        const std::int64_t seq = i + 1;
        const Stamp& s = stamps[static_cast<std::size_t>(i)];
        const TimeMs age = now - s.at;
        const double p_open = age < 30 * kDay ? 0.9 : age < 180 * kDay ? 0.25 : 0.05;
        const bool open = r.chance(p_open);

        std::optional<std::string> step;
        std::optional<TimeMs> due;
        TimeMs started = 0;
        if (open) {
            const auto k = static_cast<std::size_t>(
                r.range(1, static_cast<std::int64_t>(profile.steps.size())));
            step = profile.steps[k].id;
            due = std::max(now + r.range(-7 * kDay, 21 * kDay), s.at + kHour);
            started = std::clamp(*due - 3 * kDay, s.at, now);
        } else {
            started = std::min(now, s.at + r.range(3 * kDay, 45 * kDay));
        }
        const keluhan::Date created = cal.local_date(s.at);
        std::optional<std::string> register_number;
        if (!open || *step != profile.steps[1].id)
            register_number = keluhan::format_register_number(
                register_pattern, ++register_last[created.year], created.year, created.month);

        const keluhan::Complainant who = Texts::complainant(r);
        const std::string_view origin = s.channel != keluhan::Channel::Elektronik ? "admin-pji"
                                        : r.chance(0.6)                           ? "kiosk-lobby"
                                                                                  : "hub";
        bind_params(h, ins)
            .int64(seq)
            .text(fake_uuid(r))
            .text(code_for(seq))
            .text_or_null(register_number)
            .text(keluhan::to_string(s.channel))
            .int64(who.anonymous ? 1 : 0)
            .text(who.name)
            .text(who.organization)
            .text(who.phone)
            .text(who.email)
            .text(pick_service(r, services))
            .text(Texts::reference(r, created.year))
            .text(texts.description(r))
            .text(Texts::expectation(r))
            .int64(1)
            .text(profile.name)
            .text_or_null(step)
            .text(open ? "open" : "closed")
            .int64(s.at)
            .int64(started)
            .int64_or_null(due)
            .int64(started)
            .text(origin);
        run(h, ins);

        bind_params(h, ins_event)
            .int64(seq)
            .text("submit")
            .text(profile.first().id)
            .text("pelanggan")
            .text(submit_role)
            .text("")
            .text("")
            .int64(s.at);
        run(h, ins_event);

        const bool pending = i >= rows - 25; // the newest few still wait for the hub
        bind_params(h, ins_outbox)
            .int64(seq)
            .int64(s.at)
            .int64_or_null(pending ? std::nullopt
                                   : std::optional<TimeMs>(s.at + r.range(kSecond, 10 * kMinute)))
            .int64(pending ? 3 : 1)
            .text(pending ? "hub unreachable" : "");
        run(h, ins_outbox);

        if (seq % kBatch == 0 && seq < rows) {
            run(h, commit);
            run(h, begin);
            const double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::fprintf(stderr, "bench_store: generated %lld of %lld rows (%.0f s, %.0f rows/s)\n",
                         static_cast<long long>(seq), static_cast<long long>(rows), secs,
                         static_cast<double>(seq) / secs);
        }
    }
    for (const auto& [year, last] : register_last) {
        bind_params(h, ins_register).int64(year).int64(last);
        run(h, ins_register);
    }
    run(h, commit);
    run(h, "PRAGMA wal_checkpoint(TRUNCATE)");
    db.reset();
    // Unsynced pages must not still be going to disk while fsyncs are timed.
    fsync_file(db_path);
}

// [SECTION] measuring --------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Stats {
    double median = 0, p95 = 0, min = 0, max = 0;
};

Stats stats_of(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    s.p95 = v[(95 * n + 99) / 100 - 1]; // nearest rank
    s.min = v.front();
    s.max = v.back();
    return s;
}

struct QueryFigure {
    std::string name;
    Stats st;
    std::size_t rows = 0;      // rows on the page
    std::int64_t matches = -1; // Store::count for the same filter (searches)
    double target_ms = 0;
    [[nodiscard]] bool met() const { return st.p95 < target_ms; }
};

QueryFigure time_list(keluhan::Store& store, std::string name, const keluhan::ListQuery& q,
                      const Options& o, double target) {
    QueryFigure f;
    f.name = std::move(name);
    f.target_ms = target;
    auto once = [&] {
        const auto t0 = Clock::now();
        auto page = store.list(q);
        const double ms = ms_since(t0);
        if (!page)
            throw std::runtime_error(f.name + ": " + page.error().key + " " + page.error().detail);
        f.rows = page->rows.size();
        return ms;
    };
    for (int i = 0; i < o.warmup; ++i)
        (void)once();
    std::vector<double> samples;
    for (int i = 0; i < o.runs; ++i)
        samples.push_back(once());
    f.st = stats_of(std::move(samples));
    std::fprintf(stderr, "bench_store: %-44s median %8.2f ms  p95 %8.2f ms\n", f.name.c_str(),
                 f.st.median, f.st.p95);
    return f;
}

std::vector<QueryFigure> measure_register(keluhan::Store& store, const Options& o, TimeMs now) {
    using keluhan::ListQuery;
    std::vector<QueryFigure> out;
    {
        ListQuery q;
        out.push_back(time_list(store, "newest first, no filter", q, o, kRegisterTargetMs));
    }
    {
        ListQuery q;
        q.status = keluhan::ComplaintStatus::Open;
        q.service = "kalibrasi";
        out.push_back(time_list(store, "status=open, service=kalibrasi", q, o, kRegisterTargetMs));
    }
    {
        ListQuery q;
        q.overdue_only = true;
        q.now = now;
        q.sort = ListQuery::Sort::DueSoonest;
        out.push_back(time_list(store, "overdue only, due soonest", q, o, kRegisterTargetMs));
    }
    {
        ListQuery q;
        q.channel = keluhan::Channel::Lisan;
        q.from = now - 365 * kDay;
        q.to = now - 335 * kDay;
        out.push_back(
            time_list(store, "channel=lisan, 30 days a year ago", q, o, kRegisterTargetMs));
    }
    {
        ListQuery q;
        q.from = now - 365 * kDay;
        q.to = now - 335 * kDay;
        out.push_back(
            time_list(store, "30 days a year ago, no other filter", q, o, kRegisterTargetMs));
    }
    {
        // Keyset paging deep into the register: the cursor of row ~500,000
        // (newest first). Check first that following `next` gives that form.
        const std::int64_t depth = std::min<std::int64_t>(500'000, o.rows / 2);
        ListQuery q;
        auto first = store.list(q);
        if (!first || !first->next || first->next->rfind("n:", 0) != 0)
            throw std::runtime_error("register cursor is not of the form n:<created_at>:<seq>");
        // The row at that depth, newest first, read-only.
        Db db = open_db(o.db, SQLITE_OPEN_READONLY);
        Stmt st = prepare(
            db.get(), "SELECT created_at, seq FROM complaints ORDER BY created_at DESC, seq DESC "
                      "LIMIT 1 OFFSET ?");
        Binder(db.get(), st.get()).int64(depth);
        if (sqlite3_step(st.get()) != SQLITE_ROW) sql_fail(db.get(), "deep row");
        q.after = "n:" + std::to_string(sqlite3_column_int64(st.get(), 0)) + ":" +
                  std::to_string(sqlite3_column_int64(st.get(), 1));
        out.push_back(time_list(store, "deep keyset page (row ~" + std::to_string(depth) + ")", q,
                                o, kRegisterTargetMs));
    }
    return out;
}

std::vector<QueryFigure> measure_search(keluhan::Store& store, const Options& o) {
    const std::pair<const char*, const char*> kSearches[] = {
        {"common word: hasil", "hasil"},
        {"rare word: viskositas", "viskositas"},
        {"two words: sertifikat terlambat", "sertifikat terlambat"},
        {"name prefix: sant", "sant"},
        // Beyond the four asked for: what a search-as-you-type box sends
        // after two keystrokes.
        {"two-letter prefix: di", "di"},
    };
    std::vector<QueryFigure> out;
    for (const auto& [label, text] : kSearches) {
        keluhan::ListQuery q;
        q.text = text;
        auto f = time_list(store, label, q, o, kSearchTargetMs);
        if (auto n = store.count(q)) f.matches = *n;
        out.push_back(std::move(f));
    }
    return out;
}

// One alternating series of the three writes.
struct SubmitSeries {
    Stats store; // (a) submit_complaint on the big store
    Stats bare;  // (b) bare sqlite3 insert + commit
    Stats empty; // (c) submit_complaint on an empty store (diagnostic)
    int rounds = 0;
    [[nodiscard]] double ratio() const { return bare.median > 0 ? store.median / bare.median : 0; }
    [[nodiscard]] double ratio_p95() const { return bare.p95 > 0 ? store.p95 / bare.p95 : 0; }
    [[nodiscard]] double ratio_empty() const {
        return bare.median > 0 ? empty.median / bare.median : 0;
    }
};

struct SubmitFigures {
    SubmitSeries fresh;  // the first rounds after opening: every WAL still growing
    SubmitSeries steady; // after warm-up: every WAL checkpointed and reused (judged)
    int warm_store = 0, warm_bare = 0, warm_empty = 0; // warm-up commits
    Stats flush_overwrite; // pwrite 4 KiB over existing data + fdatasync
    Stats flush_append;    // pwrite 4 KiB past the end + fdatasync (the file grows)
    // WAL frames (pages) written per commit, on average over a few commits.
    double frames_store = 0, frames_bare = 0, frames_empty = 0;
    [[nodiscard]] bool met() const { return steady.ratio() <= kSubmitRatioTarget; }
};

// What durability costs on this disk by itself, the way a WAL commit pays
// it: 4 KiB written then fdatasync, over existing data (a reused WAL) or
// past the end of the file (a growing WAL, whose new size must be recorded).
std::pair<Stats, Stats> flush_latency(const fs::path& dir, int n) {
    const fs::path file = dir / "bench-flush.tmp";
    struct Fd {
        int fd;
        ~Fd() {
            if (fd >= 0) ::close(fd);
        }
    } f{::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (f.fd < 0) throw std::runtime_error("open " + file.string());
    const int fd = f.fd;
    const std::vector<char> block(4096, 'k');
    auto write_sync = [&](off_t at) {
        const auto t0 = Clock::now();
        if (::pwrite(fd, block.data(), block.size(), at) != static_cast<ssize_t>(block.size()) ||
            ::fdatasync(fd) != 0)
            throw std::runtime_error("write " + file.string());
        return ms_since(t0);
    };
    (void)write_sync(0);
    (void)::fsync(fd);
    std::vector<double> over, append;
    for (int i = 0; i < n; ++i) {
        over.push_back(write_sync(0));
        append.push_back(write_sync(static_cast<off_t>(i + 1) * 4096));
    }
    std::error_code ec;
    fs::remove(file, ec);
    return {stats_of(std::move(over)), stats_of(std::move(append))};
}

keluhan::Submission make_submission(Rng& r, const Texts& texts, const keluhan::Office& office) {
    keluhan::Submission s;
    s.channel = pick_channel(r);
    s.complainant = Texts::complainant(r);
    s.service = std::string(pick_service(r, office.config.services));
    s.reference = Texts::reference(r, 2026);
    s.description = texts.description(r);
    s.expectation = Texts::expectation(r);
    s.consent = true;
    s.origin = std::string(kSubmitOrigin);
    return s;
}

std::unique_ptr<keluhan::Store> open_store(const fs::path& p,
                                           keluhan::StoreOptions::Access access) {
    auto s = keluhan::Store::open(p, {access, "bench_store", 5000});
    if (!s)
        throw std::runtime_error("open store " + p.string() + ": " + s.error().key + " " +
                                 s.error().detail);
    return std::move(s).value();
}

// Writes until `db`'s WAL has not grown for 20 commits in a row, i.e. it
// has been checkpointed and is being reused, as in a store that has been
// running for a while. While a WAL still grows, every fdatasync must also
// write the file's new size, which would penalise whichever side
// checkpoints less often. Returns the commits made.
int warm_until_wal_reused(const fs::path& db, const std::function<void()>& write_once) {
    const std::string wal = db.string() + "-wal";
    std::error_code ec;
    std::uintmax_t last = 0;
    int steady = 0, n = 0;
    while (steady < 20 && n < 5000) {
        write_once();
        ++n;
        const auto size = fs::file_size(wal, ec);
        if (!ec && size == last) {
            ++steady;
        } else {
            steady = 0;
            last = ec ? 0 : size;
        }
    }
    return n;
}

// The WAL frames (database pages) one commit of `write_once` writes, on
// average over `n` commits: the WAL is checkpointed and truncated from a
// side connection, then its size after `n` commits counts the frames (few
// enough that no automatic checkpoint restarts it in between).
double wal_frames_per_commit(const fs::path& db, const std::function<void()>& write_once, int n) {
    auto side = open_db(db, SQLITE_OPEN_READWRITE);
    run(side.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
    const auto page = static_cast<std::uintmax_t>(scalar(side.get(), "PRAGMA page_size"));
    std::error_code ec;
    const std::string wal = db.string() + "-wal";
    if (fs::file_size(wal, ec) != 0 || ec)
        throw std::runtime_error("the WAL of " + db.string() + " was not truncated");
    for (int i = 0; i < n; ++i)
        write_once();
    const auto size = fs::file_size(wal, ec);
    if (ec || size < 32) throw std::runtime_error("no WAL after commits to " + db.string());
    return static_cast<double>((size - 32) / (page + 24)) / n; // 32-byte header, 24 per frame
}

SubmitFigures durable_submits(const fs::path& db_path, const keluhan::Office& office,
                              const Options& o) {
    const fs::path dir = db_path.parent_path();
    const fs::path bare_path = dir / "bench-bare.db";
    const fs::path empty_path = dir / "bench-empty.db";
    remove_db_files(bare_path);
    remove_db_files(empty_path);

    auto big = open_store(db_path, keluhan::StoreOptions::Access::Write);
    auto empty = open_store(empty_path, keluhan::StoreOptions::Access::Write);

    // The baseline: the same pragmas as the store, one plain table, one insert.
    auto bare = open_db(bare_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* h = bare.get();
    run(h, "PRAGMA journal_mode = WAL");
    run(h, "PRAGMA synchronous = FULL");
    run(h, "PRAGMA foreign_keys = ON");
    run(h,
        "CREATE TABLE plain(id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, channel TEXT NOT NULL, "
        "name TEXT NOT NULL, organization TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL, "
        "service TEXT NOT NULL, reference TEXT NOT NULL, description TEXT NOT NULL, "
        "expectation TEXT NOT NULL, created_at INTEGER NOT NULL)");
    auto begin = prepare(h, "BEGIN IMMEDIATE");
    auto ins = prepare(
        h, "INSERT INTO plain(uuid, channel, name, organization, phone, email, service, "
           "reference, description, expectation, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    auto commit = prepare(h, "COMMIT");

    Rng r(777);
    const Texts texts;
    auto submit_to = [&](keluhan::Store& store, const keluhan::Submission& s) {
        const auto t0 = Clock::now();
        auto done = keluhan::submit_complaint(store, office, s);
        const double ms = ms_since(t0);
        if (!done)
            throw std::runtime_error("submit: " + done.error().key + " " + done.error().detail);
        return ms;
    };
    auto bare_insert = [&](const keluhan::Submission& s) {
        const auto t0 = Clock::now();
        run(h, begin);
        bind_params(h, ins)
            .text(keluhan::new_uuid())
            .text(keluhan::to_string(s.channel))
            .text(s.complainant.name)
            .text(s.complainant.organization)
            .text(s.complainant.phone)
            .text(s.complainant.email)
            .text(s.service)
            .text(s.reference)
            .text(s.description)
            .text(s.expectation)
            .int64(keluhan::now_ms());
        run(h, ins);
        run(h, commit);
        return ms_since(t0);
    };

    // Alternates the three writes, rotating the order so no kind always
    // follows the same neighbour.
    auto series = [&](int rounds) {
        std::vector<double> a, b, c;
        for (int i = 0; i < rounds; ++i) {
            const auto s = make_submission(r, texts, office);
            for (int k = 0; k < 3; ++k) {
                switch ((i + k) % 3) {
                case 0:
                    a.push_back(submit_to(*big, s));
                    break;
                case 1:
                    b.push_back(bare_insert(s));
                    break;
                default:
                    c.push_back(submit_to(*empty, s));
                    break;
                }
            }
        }
        return SubmitSeries{stats_of(std::move(a)), stats_of(std::move(b)), stats_of(std::move(c)),
                            rounds};
    };

    SubmitFigures f;
    // Right after opening, as at a kiosk's start: SQLite deletes the WAL
    // when the last connection closes, so every WAL grows again from zero.
    f.fresh = series(std::min(20, o.submits));
    f.warm_store = warm_until_wal_reused(
        db_path, [&] { (void)submit_to(*big, make_submission(r, texts, office)); });
    f.warm_bare = warm_until_wal_reused(
        bare_path, [&] { (void)bare_insert(make_submission(r, texts, office)); });
    f.warm_empty = warm_until_wal_reused(
        empty_path, [&] { (void)submit_to(*empty, make_submission(r, texts, office)); });
    std::fprintf(stderr,
                 "bench_store: warm-up commits until each WAL is reused: (a) %d, (b) %d, (c) %d\n",
                 f.warm_store, f.warm_bare, f.warm_empty);
    f.steady = series(o.submits);
    // After the timed series: measuring restarts each WAL from empty.
    constexpr int kFrameCommits = 20;
    f.frames_store = wal_frames_per_commit(
        db_path, [&] { (void)submit_to(*big, make_submission(r, texts, office)); }, kFrameCommits);
    f.frames_bare = wal_frames_per_commit(
        bare_path, [&] { (void)bare_insert(make_submission(r, texts, office)); }, kFrameCommits);
    f.frames_empty = wal_frames_per_commit(
        empty_path, [&] { (void)submit_to(*empty, make_submission(r, texts, office)); },
        kFrameCommits);
    std::tie(f.flush_overwrite, f.flush_append) = flush_latency(dir, 50);

    big.reset();
    empty.reset();
    bare.reset();
    remove_db_files(bare_path);
    remove_db_files(empty_path);
    return f;
}

// Puts the big database back as generated: the submitted rows go (their
// events, outbox rows and search entries with them).
void remove_submitted(const fs::path& db_path, std::int64_t rows) {
    auto store = open_store(db_path, keluhan::StoreOptions::Access::Write); // holds the writer lock
    auto db = open_db(db_path, SQLITE_OPEN_READWRITE);
    run(db.get(), "PRAGMA foreign_keys = ON");
    auto del = prepare(db.get(), "DELETE FROM complaints WHERE seq > ? AND origin = ?");
    bind_params(db.get(), del).int64(rows).text(kSubmitOrigin);
    run(db.get(), del);
    run(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
}

// [SECTION] report -------------------------------------------------------------------

// `v` with `decimals` digits after the point.
std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string ms2(double v) {
    return fixed(v, 2);
}

std::string with_commas(std::int64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string mib(long kib) {
    return fixed(static_cast<double>(kib) / 1024.0, 1) + " MiB";
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(colon + 2);
        }
    return "unknown CPU";
}

// The 1, 5 and 15 minute load averages: other work on the machine shows here.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return in ? one + " " + five + " " + fifteen : std::string("unknown");
}

struct Report {
    std::int64_t rows = 0;
    fs::path db;
    std::uintmax_t db_bytes = 0;
    bool generated = false;
    double generation_s = 0;
    long generator_rss_kib = 0;
    std::vector<QueryFigure> register_pages;
    std::vector<QueryFigure> searches;
    SubmitFigures submit;
    long peak_rss_kib = 0;
    int runs = 0;
    int warmup = 0;
    std::string load_before, load_after; // load averages around the measurements
    double flush_delay_ms = 0;           // --flush-delay-ms
};

std::string verdict(bool met) {
    return met ? "met" : "MISSED";
}

void print_text(const Report& r, std::ostream& out) {
    out << "\nbench_store: " << with_commas(r.rows) << " complaints in " << r.db.string() << " ("
        << fixed(static_cast<double>(r.db_bytes) / 1e9, 2) + " GB"
        << ")\n";
    out << "machine: " << std::thread::hardware_concurrency() << " CPUs, " << cpu_model()
        << ", SQLite " << sqlite3_libversion() << "\n";
    if (r.generated)
        out << "generation: " << fixed(r.generation_s, 1) + " s"
            << " (" << fixed(static_cast<double>(r.rows) / r.generation_s, 0) + " rows/s"
            << "), generator peak RSS " << mib(r.generator_rss_kib) << "\n";
    else
        out << "generation: existing database reused\n";
    out << "load average (1/5/15 min): " << r.load_before << " before the measurements, "
        << r.load_after << " after\n";

    auto table = [&](const char* title, const std::vector<QueryFigure>& fs_, const char* target) {
        out << "\n" << title << " (" << r.runs << " runs after " << r.warmup << " warm-up; ms)\n";
        char line[200];
        std::snprintf(line, sizeof line, "  %-40s %9s %9s %9s %6s %10s  %-7s %s\n", "query",
                      "median", "p95", "max", "rows", "matches", "target", "p95 vs target");
        out << line;
        for (const auto& f : fs_) {
            std::snprintf(line, sizeof line, "  %-40s %9.2f %9.2f %9.2f %6zu %10s  %-7s %s\n",
                          f.name.c_str(), f.st.median, f.st.p95, f.st.max, f.rows,
                          f.matches >= 0 ? with_commas(f.matches).c_str() : "-", target,
                          verdict(f.met()).c_str());
            out << line;
        }
    };
    table("Register page: Store::list, limit 50", r.register_pages, "<20 ms");
    table("Text search: Store::list with text, limit 50", r.searches, "<50 ms");

    const auto& s = r.submit;
    char line[200];
    auto row = [&](const char* label, const Stats& st) {
        std::snprintf(line, sizeof line, "  %-52s %9.2f %9.2f %9.2f\n", label, st.median, st.p95,
                      st.max);
        out << line;
    };
    auto series = [&](const SubmitSeries& x) {
        std::snprintf(line, sizeof line, "  %-52s %9s %9s %9s\n", "", "median", "p95", "max");
        out << line;
        row("(a) submit_complaint, write-mode Store, big store", x.store);
        row("(b) bare sqlite3 BEGIN IMMEDIATE; INSERT; COMMIT", x.bare);
        row("(c) submit_complaint, empty store (diagnostic)", x.empty);
        out << "  ratio (a)/(b): " << fixed(x.ratio(), 2) << " on medians, "
            << fixed(x.ratio_p95(), 2) << " on p95; (c)/(b): " << fixed(x.ratio_empty(), 2)
            << " on medians\n";
    };
    out << "\nDurable submit, steady state: " << s.steady.rounds
        << " alternating rounds in the same directory, after\n"
        << "warm-up commits until each WAL had been checkpointed and was reused ((a) "
        << s.warm_store << ", (b) " << s.warm_bare << ", (c) " << s.warm_empty << "); ms\n";
    series(s.steady);
    out << "  target (a)/(b) <= 1.5 on medians: " << verdict(s.met()) << "\n";
    out << "  WAL frames (pages) written per commit: (a) " << fixed(s.frames_store, 1) << ", (b) "
        << fixed(s.frames_bare, 1) << ", (c) " << fixed(s.frames_empty, 1) << "\n";
    if (r.flush_delay_ms > 0)
        out << "  (emulated slow disk: every file sync delayed by " << fixed(r.flush_delay_ms, 2)
            << " ms)\n";
    out << "\nDurable submit, fresh WALs: the first " << s.fresh.rounds
        << " rounds after opening (every WAL still growing); ms\n";
    series(s.fresh);
    out << "\nThe disk alone: 4 KiB pwrite + fdatasync, 50 times each; ms\n";
    std::snprintf(line, sizeof line, "  %-52s %9s %9s %9s\n", "", "median", "p95", "max");
    out << line;
    row("over existing data (as a reused WAL)", s.flush_overwrite);
    row("past the end of the file (as a growing WAL)", s.flush_append);
    out << "\nPeak RSS (getrusage ru_maxrss, benchmark process): " << mib(r.peak_rss_kib) << "\n";
}

void print_markdown(const Report& r, std::ostream& out) {
    out << "\n<!-- bench_store --markdown -->\n";
    out << "Database: " << with_commas(r.rows) << " complaints, "
        << fixed(static_cast<double>(r.db_bytes) / 1e9, 2) + " GB"
        << " on disk";
    if (r.generated)
        out << "; generated in " << fixed(r.generation_s, 0) + " s"
            << " (generator peak RSS " << mib(r.generator_rss_kib) << ")";
    out << ". SQLite " << sqlite3_libversion() << ". Each query: " << r.warmup
        << " warm-up calls, then " << r.runs
        << " timed calls; a target is met when the p95 is under it. Load average (1/5/15 min) "
        << r.load_before << " before the measurements, " << r.load_after << " after.\n\n";
    auto table = [&](const char* title, const std::vector<QueryFigure>& fs_, const char* target) {
        out << "**" << title << "**\n\n";
        out << "| Query | Median (ms) | p95 (ms) | Max (ms) | Rows | Matches | Target | Met |\n";
        out << "|---|---:|---:|---:|---:|---:|---|---|\n";
        for (const auto& f : fs_)
            out << "| " << f.name << " | " << ms2(f.st.median) << " | " << ms2(f.st.p95) << " | "
                << ms2(f.st.max) << " | " << f.rows << " | "
                << (f.matches >= 0 ? with_commas(f.matches) : std::string("-")) << " | " << target
                << " | " << (f.met() ? "yes" : "**no**") << " |\n";
        out << "\n";
    };
    table("Register page (Store::list, limit 50)", r.register_pages, "< 20 ms");
    table("Text search (Store::list with text, limit 50)", r.searches, "< 50 ms");
    const auto& s = r.submit;
    auto series = [&](const SubmitSeries& x) {
        out << "| Write | Median (ms) | p95 (ms) | Max (ms) |\n|---|---:|---:|---:|\n";
        out << "| (a) `submit_complaint`, write-mode Store, " << with_commas(r.rows)
            << "-row store | " << ms2(x.store.median) << " | " << ms2(x.store.p95) << " | "
            << ms2(x.store.max) << " |\n";
        out << "| (b) bare sqlite3: `BEGIN IMMEDIATE; INSERT; COMMIT` | " << ms2(x.bare.median)
            << " | " << ms2(x.bare.p95) << " | " << ms2(x.bare.max) << " |\n";
        out << "| (c) `submit_complaint`, empty store (diagnostic) | " << ms2(x.empty.median)
            << " | " << ms2(x.empty.p95) << " | " << ms2(x.empty.max) << " |\n\n";
        out << "Ratio (a)/(b): **" << fixed(x.ratio(), 2) << "** on medians ("
            << fixed(x.ratio_p95(), 2) << " on p95); (c)/(b): " << fixed(x.ratio_empty(), 2)
            << " on medians.\n\n";
    };
    out << "**Durable submit, steady state** (" << s.steady.rounds
        << " alternating rounds in the same directory, after warm-up commits until each WAL had "
           "been "
        << "checkpointed and was reused: (a) " << s.warm_store << ", (b) " << s.warm_bare
        << ", (c) " << s.warm_empty << ")\n\n";
    series(s.steady);
    out << "Target (a)/(b) <= 1.5 on medians: " << (s.met() ? "met" : "**missed**") << ".\n\n";
    out << "WAL frames (pages) written per commit: (a) " << fixed(s.frames_store, 1) << ", (b) "
        << fixed(s.frames_bare, 1) << ", (c) " << fixed(s.frames_empty, 1) << ".";
    if (r.flush_delay_ms > 0)
        out << " Emulated slow disk: every file sync delayed by " << fixed(r.flush_delay_ms, 2)
            << " ms.";
    out << "\n\n";
    out << "**Durable submit, fresh WALs** (the first " << s.fresh.rounds
        << " rounds after opening, every WAL still growing)\n\n";
    series(s.fresh);
    out << "**The disk alone** (4 KiB `pwrite` + `fdatasync`, 50 times each)\n\n";
    out << "| Write | Median (ms) | p95 (ms) | Max (ms) |\n|---|---:|---:|---:|\n";
    out << "| over existing data (as a reused WAL) | " << ms2(s.flush_overwrite.median) << " | "
        << ms2(s.flush_overwrite.p95) << " | " << ms2(s.flush_overwrite.max) << " |\n";
    out << "| past the end of the file (as a growing WAL) | " << ms2(s.flush_append.median) << " | "
        << ms2(s.flush_append.p95) << " | " << ms2(s.flush_append.max) << " |\n\n";
    out << "Peak RSS of the benchmark process: " << mib(r.peak_rss_kib) << ".\n";
}

// [SECTION] main -----------------------------------------------------------------------

int run_benchmark(const Options& o) {
    const keluhan::Office office = load_office();
    std::error_code ec;
    fs::create_directories(o.db.has_parent_path() ? o.db.parent_path() : fs::path("."), ec);
    const fs::path db_path = fs::absolute(o.db);

    Report rep;
    rep.rows = o.rows;
    rep.db = db_path;
    rep.runs = o.runs;
    rep.warmup = o.warmup;
    rep.flush_delay_ms = o.flush_delay_ms;

    if (o.regenerate || !reusable(db_path, o.rows)) {
        std::fprintf(stderr, "bench_store: generating %lld complaints in %s\n",
                     static_cast<long long>(o.rows), db_path.c_str());
        const auto t0 = Clock::now();
        std::cout.flush();
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            int code = 0;
            try {
                generate(db_path, o.rows, office, keluhan::now_ms());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "bench_store: generation failed: %s\n", e.what());
                code = 1;
            }
            std::fflush(nullptr);
            ::_exit(code);
        }
        int status = 0;
        if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            throw std::runtime_error("generation failed");
        rep.generated = true;
        rep.generation_s = ms_since(t0) / 1000.0;
        rusage children{};
        ::getrusage(RUSAGE_CHILDREN, &children);
        rep.generator_rss_kib = children.ru_maxrss;
    } else {
        std::fprintf(stderr, "bench_store: reusing %s\n", db_path.c_str());
    }
    rep.db_bytes = fs::file_size(db_path, ec);

    const TimeMs now = keluhan::now_ms();
    rep.load_before = load_average();
    {
        auto reader = open_store(db_path, keluhan::StoreOptions::Access::Read);
        rep.register_pages = measure_register(*reader, o, now);
        rep.searches = measure_search(*reader, o);
    }
    std::fprintf(stderr, "bench_store: durable submit, %d rounds\n", o.submits);
    rep.submit = durable_submits(db_path, office, o);
    rep.load_after = load_average();
    remove_submitted(db_path, o.rows);

    rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    rep.peak_rss_kib = self.ru_maxrss;

    print_text(rep, std::cout);
    if (o.markdown) print_markdown(rep, std::cout);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const auto o = parse_args(argc, argv);
        if (!o) return 0;
        if (o->flush_delay_ms > 0) slow_sync::install(o->flush_delay_ms);
        return run_benchmark(*o);
    } catch (const std::exception& e) {
        std::cerr << "bench_store: " << e.what() << "\n";
        return 1;
    }
}
