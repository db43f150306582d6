// Who may do what, and passwords. Permission checks live here, so every
// front end and the server enforce the same rules; a UI only hides what this
// would refuse anyway. Passwords are hashed with argon2id (libsodium).
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"

#include <string>
#include <string_view>

namespace keluhan {

enum class Permission {
    AdvanceSteps,     // complete or return an SOP step of one's own role
    RecordOnBehalf,   // record a step for an official who acted on paper
    SubmitAtDesk,     // type in a complaint a visitor tells the front desk
    ViewPersonalData, // see complainants' names and contacts
    ExportRegister,   // CSV of the register, with every contact in it
    ViewReports,
    Reprint, // reprint a Tanda Terima
    ManageUsers,
    ManageSettings,   // office identity, printers, SOP profile, calendar
    Anonymise,        // clear a closed complaint's personal data on request
    TranscribeSpoken, // type the summary of a spoken (lisan) complaint
    NumberLetter,     // type the signed letter's number from the agenda surat keluar
    Backup,
};

[[nodiscard]] bool has_permission(Role role, Permission p);
// err.auth.denied naming the role when not permitted.
[[nodiscard]] Status require(const User& user, Permission p);

// argon2id, libsodium's "interactive" limits.
[[nodiscard]] Result<std::string> hash_password(std::string_view password);
[[nodiscard]] bool verify_password(const std::string& hash, std::string_view password);
// At least 8 characters, valid UTF-8, at most 128.
[[nodiscard]] Status check_password(std::string_view password);
// A new session token: 32 random bytes, URL-safe base64 (43 characters).
[[nodiscard]] std::string new_session_token();
// What the store keeps of a token: its SHA-256, in hex. (A token is random
// and long, so a fast hash is enough; a password needs argon2id.)
[[nodiscard]] std::string session_token_hash(std::string_view token);

// User names: 3-32 of a-z, 0-9, dot, dash, underscore.
[[nodiscard]] Status check_user_name(std::string_view name);

} // namespace keluhan
