// Backups the office can rely on: the nightly copy (`keluhan backup --dir`,
// run by keluhan-backup.timer), checked before it replaces anything, kept by
// a policy of days and months; and restoring one, with a copy of what it
// replaces.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/storage/store.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

struct BackupPolicy {
    int keep_days = 14;   // every copy of the last N days, today's included
    int keep_months = 12; // and the newest copy of each of the last N months
};

// "<stem>-2026-11-23.db", and back (nullopt for any other name).
[[nodiscard]] std::string daily_backup_name(std::string_view stem, Date day);
[[nodiscard]] std::optional<Date> daily_backup_date(std::string_view stem,
                                                    std::string_view file_name);

// For each date (any order, one per copy), whether the policy keeps it.
// Copies dated after `today` are kept (a clock set back never costs one).
[[nodiscard]] std::vector<bool> kept_by_policy(std::span<const Date> dates, Date today,
                                               BackupPolicy policy);

struct NightlyBackup {
    std::filesystem::path written;
    std::int64_t schema_version = 0;
    std::vector<std::filesystem::path> kept, removed; // the dated copies in the folder
};

// Copies the store to `dir`/daily_backup_name(stem, today) (replacing a
// copy of the same day only once the new one passed its check), then
// removes the dated copies the policy no longer keeps. Files of other names
// in the folder (copies taken before an upgrade or a restore) are left.
// err.backup.damaged when the new copy fails its check (nothing replaced).
[[nodiscard]] Result<NightlyBackup> take_nightly_backup(Store& store,
                                                        const std::filesystem::path& dir,
                                                        std::string_view stem, Date today,
                                                        BackupPolicy policy);

struct RestoreResult {
    std::filesystem::path safety_copy; // the content it replaced
    std::int64_t schema_version = 0;   // of the restored copy, before any upgrade
};

// Checks `file` (err.backup.missing, .unreadable, .damaged, .newer), copies
// the store's present content to `safety_dir`/"<stem>-before-restore-<time>.db",
// then puts the backup's content in its place. Reopen the store afterwards:
// an older copy is then upgraded like any older database.
[[nodiscard]] Result<RestoreResult> restore_backup(Store& store, const std::filesystem::path& file,
                                                   const std::filesystem::path& safety_dir,
                                                   TimeMs now);

} // namespace keluhan
