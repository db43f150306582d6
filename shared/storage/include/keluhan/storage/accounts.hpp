// Accounts (src/accounts.cpp): users, office settings and the audit trail.
// The rules live in users.hpp and settings.hpp (ops); every change here
// writes its audit row in the same transaction, so the audit trail never
// misses a change and never names one that did not happen.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keluhan {

// One office setting kept in the database (settings.hpp says which keys).
struct StoredSetting {
    std::string key;
    std::string value;
    TimeMs updated_at = 0;
    std::string updated_by;
};

// A change to one user account (users.hpp checks who may make it).
struct UserChange {
    std::string name; // whose account
    std::optional<bool> active;
    std::optional<Role> role;
    std::optional<std::string> password_hash;
    std::optional<std::string> display_name;
    std::optional<std::string> function; // the function coordinated ("" = any)
};

// One row of the audit trail.
struct AuditRow {
    std::int64_t id = 0;
    TimeMs at = 0;
    std::string actor;
    std::string action; // "user.add", "setting.set", "personal.export", ...
    std::string subject;
    std::string detail;
};

class AccountRepository : protected Repository {
  public:
    explicit AccountRepository(Database& db) : Repository(db) {}

    // --- users ------------------------------------------------------------
    // Adds an account (err.user.exists when the name is taken). With an
    // `audit_actor`, its "user.add" audit row is written in the same
    // transaction (the test fixtures and `keluhan demo` add users unaudited).
    [[nodiscard]] Result<User>
    add_user(const std::string& name, const std::string& display_name, Role role,
             const std::string& password_hash,
             const std::optional<std::string>& audit_actor = std::nullopt);
    // The user and the stored password hash.
    [[nodiscard]] Result<std::pair<User, std::string>> find_user(const std::string& name);
    [[nodiscard]] Result<std::vector<User>> users();
    [[nodiscard]] Status record_login(std::int64_t user_id, bool success, int max_failures,
                                      TimeMs lock_until_if_locked);
    [[nodiscard]] Status set_password(std::int64_t user_id, const std::string& password_hash);
    [[nodiscard]] Status set_active(std::int64_t user_id, bool active);
    // Applies `change` for `actor`, who must still be an active administrator.
    // Refuses disabling oneself or changing one's own role
    // (err.user.self), and leaving no active administrator (err.user.last_admin).
    [[nodiscard]] Result<User> change_user(const User& actor, const UserChange& change);

    // --- settings -----------------------------------------------------------
    [[nodiscard]] Result<std::vector<StoredSetting>> settings();
    // Writes `value` for `key` (removes the key when there is no value).
    // With `refuse_open_outside_sop` set, refuses with err.setting.sop_open
    // while an open complaint follows another SOP profile than that one.
    [[nodiscard]] Status put_setting(const std::string& key,
                                     const std::optional<std::string>& value,
                                     const std::string& actor,
                                     const std::string& refuse_open_outside_sop = {});
    // Open complaints that follow another SOP profile than `sop`.
    [[nodiscard]] Result<std::int64_t> count_open_outside_sop(const std::string& sop);

    // --- audit trail -------------------------------------------------------
    // An audit row on its own, for what changes nothing else (a personal-data
    // export). Every change writes its own row inside its own transaction.
    [[nodiscard]] Status audit(const std::string& actor, const std::string& action,
                               const std::string& subject, const std::string& detail);
    // Newest first: `limit` rows (1..1000) older than row `before` (0 = the newest).
    [[nodiscard]] Result<std::vector<AuditRow>> audit_rows(std::int64_t before, int limit);

    // --- sessions (the hub's staff API) ------------------------------------------
    // Only a hash of the token is stored. A password change, a reset or a
    // disabled account removes the user's sessions (in the same transaction).
    [[nodiscard]] Status add_session(const std::string& token_hash, std::int64_t user_id,
                                     TimeMs now, TimeMs expires_at, const std::string& client);
    // The session's user as stored now; err.session.expired (Denied) when
    // there is no such session, it is past `expires_at`, unused for
    // `idle_ms`, or its user is disabled. Records the use when the last one
    // is older than `touch_after_ms`.
    [[nodiscard]] Result<User> session_user(const std::string& token_hash, TimeMs now,
                                            TimeMs idle_ms, TimeMs touch_after_ms);
    [[nodiscard]] Status revoke_session(const std::string& token_hash);
    [[nodiscard]] Result<std::int64_t> count_sessions(std::int64_t user_id);

    // --- failed sign-ins under names with no account -----------------------------
    // Counted and locked as record_login() does for an account, so an
    // unknown name is refused as a known one is.
    [[nodiscard]] Result<TimeMs> unknown_name_locked_until(const std::string& name);
    [[nodiscard]] Result<int> unknown_name_failures(const std::string& name);
    [[nodiscard]] Status record_unknown_name_failure(const std::string& name, int max_failures,
                                                     TimeMs lock_until, TimeMs now);
};

} // namespace keluhan
