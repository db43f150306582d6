// Expected failures as values (printer offline, bad input, database busy),
// not exceptions. An Error carries a message key from assets/i18n/ and its
// parameters, so every front end can say it in the user's language.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace keluhan {

// What kind of failure; front ends map it to exit codes or screens.
enum class ErrorKind {
    Invalid,  // the input was refused (bad code, missing field, wrong role)
    NotFound, // no such complaint, user or profile
    Denied,   // authenticated but not allowed, or locked out
    Conflict, // the state changed under us (step already done, locked db)
    Storage,  // the database or disk failed
    Internal, // a bug; should never reach a user
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    std::string key; // i18n message key, e.g. "err.code.check"
    std::vector<std::pair<std::string, std::string>> params;
    std::string detail; // technical detail for logs (never shown alone)

    Error() = default;
    Error(ErrorKind k, std::string message_key,
          std::vector<std::pair<std::string, std::string>> p = {}, std::string d = {})
        : kind(k), key(std::move(message_key)), params(std::move(p)), detail(std::move(d)) {}

    // The value of parameter `name`, or "" when absent.
    [[nodiscard]] std::string param(const std::string& name) const {
        for (const auto& [k, v] : params)
            if (k == name) return v;
        return {};
    }
};

// A minimal std::expected stand-in (C++23 is not available with GCC 12).
template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok() {
    return Ok{};
}

} // namespace keluhan
