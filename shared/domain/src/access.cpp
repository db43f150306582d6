#include "keluhan/domain/access.hpp"

#include "keluhan/domain/text.hpp"

#include <sodium.h>

namespace keluhan {

bool has_permission(Role role, Permission p) {
    switch (p) {
    case Permission::AdvanceSteps:
        return role != Role::Administrator && role != Role::Pelanggan;
    case Permission::RecordOnBehalf:
    case Permission::SubmitAtDesk:
    case Permission::Reprint:
        return role == Role::StafPji;
    case Permission::ExportRegister:
        // The whole register with every contact: those who keep it and
        // answer for it, not IT and not the coordinators of other functions.
        return role == Role::StafPji || role == Role::KoordinatorPji || role == Role::KepalaBalai;
    case Permission::ViewPersonalData:
    case Permission::ViewReports:
        return role != Role::Pelanggan;
    case Permission::TranscribeSpoken:
        // Those who heard it or hear the recording: the front desk and the
        // coordinator of PJI, who run the complaint procedure.
        return role == Role::StafPji || role == Role::KoordinatorPji;
    case Permission::NumberLetter:
        // The front desk keeps the outgoing-letter book (agenda surat
        // keluar) and sends the letter; the coordinator of PJI oversees it.
        return role == Role::StafPji || role == Role::KoordinatorPji;
    case Permission::Anonymise:
        return role == Role::StafPji || role == Role::Administrator;
    case Permission::ManageUsers:
    case Permission::ManageSettings:
    case Permission::Backup:
        return role == Role::Administrator;
    }
    return false;
}

Status require(const User& user, Permission p) {
    if (!user.active) return Error{ErrorKind::Denied, "err.auth.disabled", {{"name", user.name}}};
    if (!has_permission(user.role, p))
        return Error{
            ErrorKind::Denied, "err.auth.denied", {{"role", std::string(role_title(user.role))}}};
    return ok();
}

Result<std::string> hash_password(std::string_view password) {
    if (sodium_init() < 0) return Error{ErrorKind::Internal, "err.auth.crypto"};
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{ErrorKind::Storage, "err.auth.crypto"};
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status check_password(std::string_view pw) {
    if (!text::valid_utf8(pw)) return Error{ErrorKind::Invalid, "err.password.utf8"};
    const auto n = text::length(pw);
    if (n < 8) return Error{ErrorKind::Invalid, "err.password.short", {{"min", "8"}}};
    if (n > 128) return Error{ErrorKind::Invalid, "err.password.long", {{"max", "128"}}};
    return ok();
}

Status check_user_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 32)
        return Error{ErrorKind::Invalid, "err.user.name", {{"name", std::string(name)}}};
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
            return Error{ErrorKind::Invalid, "err.user.name", {{"name", std::string(name)}}};
    return ok();
}

std::string new_session_token() {
    if (sodium_init() < 0) return {};
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
    return out;
}

std::string session_token_hash(std::string_view token) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

} // namespace keluhan
