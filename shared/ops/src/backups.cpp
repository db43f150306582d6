// Nightly backups and their retention, and restoring one (ops/backups.hpp).
#include "keluhan/ops/backups.hpp"

#include "keluhan/storage/files.hpp"

#include <algorithm>
#include <map>
#include <system_error>

namespace keluhan {

std::string daily_backup_name(std::string_view stem, Date day) {
    return std::string(stem) + "-" + format_date(day) + ".db";
}

std::optional<Date> daily_backup_date(std::string_view stem, std::string_view file_name) {
    // "<stem>-" + "YYYY-MM-DD" + ".db"
    constexpr std::size_t kDate = 10;
    if (file_name.size() != stem.size() + 1 + kDate + 3) return std::nullopt;
    if (file_name.substr(0, stem.size()) != stem || file_name[stem.size()] != '-' ||
        file_name.substr(file_name.size() - 3) != ".db")
        return std::nullopt;
    if (auto d = parse_date(file_name.substr(stem.size() + 1, kDate))) return *d;
    return std::nullopt;
}

std::vector<bool> kept_by_policy(std::span<const Date> dates, Date today, BackupPolicy policy) {
    std::vector<bool> keep(dates.size(), false);
    const auto today_n = days_from_civil(today);
    const int month_n = today.year * 12 + (today.month - 1);
    std::map<int, std::size_t> newest_of_month; // month number -> index
    for (std::size_t i = 0; i < dates.size(); ++i) {
        const auto age = today_n - days_from_civil(dates[i]);
        // A copy dated after today (the clock was set back) is never
        // removed: it may be the newest the office has.
        if (age < policy.keep_days) keep[i] = true;
        const int m = dates[i].year * 12 + (dates[i].month - 1);
        if (m > month_n || m <= month_n - policy.keep_months || age < 0) continue;
        auto [it, fresh] = newest_of_month.emplace(m, i);
        if (!fresh && dates[it->second] < dates[i]) it->second = i;
    }
    for (const auto& [m, i] : newest_of_month)
        keep[i] = true;
    return keep;
}

namespace {

// A copy is good when it reads, has no problem and carries a schema this
// version knows; its schema version then.
Result<std::int64_t> check_copy(const std::filesystem::path& file) {
    auto info = Database::inspect(file);
    if (!info) return info.error();
    if (!info->problems.empty())
        return Error{ErrorKind::Invalid,
                     "err.backup.damaged",
                     {{"path", file.string()}, {"problem", info->problems.front()}}};
    if (info->schema_version <= 0)
        return Error{ErrorKind::Invalid,
                     "err.backup.unreadable",
                     {{"path", file.string()}, {"detail", "user_version 0"}}};
    if (info->schema_version > Store::latest_schema_version())
        return Error{ErrorKind::Invalid,
                     "err.backup.newer",
                     {{"path", file.string()},
                      {"version", std::to_string(info->schema_version)},
                      {"supported", std::to_string(Store::latest_schema_version())}}};
    return info->schema_version;
}

Error io_error(const std::filesystem::path& p, const std::error_code& ec) {
    return Error{
        ErrorKind::Storage, "err.store.io", {{"detail", p.string() + ": " + ec.message()}}};
}

} // namespace

Result<NightlyBackup> take_nightly_backup(Store& store, const std::filesystem::path& dir,
                                          std::string_view stem, Date today, BackupPolicy policy) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return io_error(dir, ec);
    NightlyBackup out;
    out.written = dir / daily_backup_name(stem, today);
    // A second run on one day writes beside the first and replaces it only
    // once the new copy passed its check.
    const auto fresh = dir / (out.written.filename().string() + ".new");
    std::filesystem::remove(fresh, ec);
    if (auto st = store.backup(fresh); !st) return st.error();
    auto version = check_copy(fresh);
    if (!version) {
        std::filesystem::remove(fresh, ec);
        return version.error();
    }
    out.schema_version = *version;
    std::filesystem::rename(fresh, out.written, ec);
    if (ec) {
        const auto e = io_error(out.written, ec);
        std::filesystem::remove(fresh, ec);
        return e;
    }

    std::vector<std::filesystem::path> files;
    std::vector<Date> dates;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (!e.is_regular_file(ec)) continue;
        if (auto d = daily_backup_date(stem, e.path().filename().string())) {
            files.push_back(e.path());
            dates.push_back(*d);
        }
    }
    if (ec) return io_error(dir, ec);
    const auto keep = kept_by_policy(dates, today, policy);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (keep[i] || files[i] == out.written) {
            out.kept.push_back(files[i]);
            continue;
        }
        std::filesystem::remove(files[i], ec);
        if (ec) return io_error(files[i], ec);
        out.removed.push_back(files[i]);
    }
    std::sort(out.kept.begin(), out.kept.end());
    std::sort(out.removed.begin(), out.removed.end());
    return out;
}

Result<RestoreResult> restore_backup(Store& store, const std::filesystem::path& file,
                                     const std::filesystem::path& safety_dir, TimeMs now) {
    auto version = check_copy(file);
    if (!version) return version.error();
    RestoreResult out;
    out.schema_version = *version;
    std::error_code ec;
    std::filesystem::create_directories(safety_dir, ec);
    if (ec) return io_error(safety_dir, ec);
    // "2026-11-23T02:00:00Z" -> "20261123T020000Z"
    std::string stamp;
    for (const char ch : format_iso_utc(now))
        if (ch != '-' && ch != ':') stamp += ch;
    out.safety_copy =
        unused_db_name(safety_dir, store.path().stem().string() + "-before-restore-" + stamp);
    if (auto st = store.backup(out.safety_copy); !st) return st.error();
    if (auto st = store.restore(file); !st) return st.error();
    return out;
}

} // namespace keluhan
