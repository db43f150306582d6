// Helpers shared by the tests: a temporary folder that cleans up after
// itself, the office loaded from the real assets, and running a program.
#pragma once

#include "keluhan/ops/workflow.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace keluhan::test {

// A fresh folder under $TMPDIR, removed (with its contents) on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
        return path_ / name;
    }

  private:
    std::filesystem::path path_;
};

// Holds the database's writer lock the way another program's writer does in
// the middle of a transaction, with its note ("owner=... pid=...").
class HeldWriterLock {
  public:
    HeldWriterLock(const std::filesystem::path& db, const std::string& owner);
    ~HeldWriterLock();
    HeldWriterLock(const HeldWriterLock&) = delete;
    HeldWriterLock& operator=(const HeldWriterLock&) = delete;

  private:
    int fd_ = -1;
};

// The instant every test runs at unless the run sets KELUHAN_NOW: a Monday in
// office hours (WIB).
inline constexpr const char* kDefaultNow = "2026-11-23T10:00:00+07:00";
// Sets KELUHAN_NOW to kDefaultNow when the environment has none (called by the
// test main before any case runs, so now_ms() and every child see it).
void freeze_clock();
// The frozen now's date at the office (WIB, from the shipped config).
[[nodiscard]] Date today_at_office();
// "YYYY-MM" of a date (keluhan report --month, report file names).
[[nodiscard]] std::string month_iso(const Date& d);

[[nodiscard]] std::filesystem::path assets_dir();
[[nodiscard]] std::filesystem::path source_dir();

// The office with the shipped assets and the given SOP profile and language.
[[nodiscard]] Office load_office(const std::string& profile = "bspji-palembang",
                                 const std::string& lang = "id");

// A valid written complaint.
[[nodiscard]] Submission
sample_submission(const std::string& description = "Laporan hasil uji terlambat.");

struct ProcessResult {
    int exit_code = -1; // -1 when killed by a signal
    std::string out;
    std::string err;
};
// Runs `argv` with extra environment variables and `input` on stdin.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv,
                                        const std::string& input = {},
                                        const std::map<std::string, std::string>& env = {});

[[nodiscard]] std::string read_file(const std::filesystem::path& p);

// The first column of the first row of `query` on the database file, as
// text, read-only ("" when there is no row; a failing query throws).
[[nodiscard]] std::string sqlite_text(const std::filesystem::path& db, const std::string& query);

} // namespace keluhan::test
