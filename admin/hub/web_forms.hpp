// What the hub's HTML forms (/ajukan, /staf) share: a multipart body read
// without trusting it, cookies, tokens against cross-site requests, and a
// QR code drawn as SVG. No page text here.
#pragma once

#include "http_server.hpp"

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan::hub::web {

// One part of a multipart/form-data body: a field, or a file (`filename`
// set, possibly "" when the visitor chose none).
struct FormPart {
    std::string name;
    std::optional<std::string> filename;
    std::string content_type;
    std::string data;
};

// Parses a multipart/form-data body whose Content-Type header is
// `content_type`. Refused (err.hub.bad_request) for a missing or bad
// boundary, a part without its name, more than `max_parts` parts, or a body
// that does not end with the closing boundary. Field and file names are
// kept as sent (the caller escapes what it shows).
[[nodiscard]] Result<std::vector<FormPart>>
parse_multipart(std::string_view content_type, std::string_view body, std::size_t max_parts = 32);

// The page's language from `?lang=` ("en", else "id"), and the query that
// keeps it in a link ("" for Indonesian; `first` '?' or '&').
[[nodiscard]] std::string lang_of(const http::Request& req);
[[nodiscard]] std::string lang_query(const std::string& lang, char first = '?');

// The value of cookie `name` in the request's Cookie headers, "" when none.
[[nodiscard]] std::string cookie(const http::Request& req, std::string_view name);

// Did the visitor's browser reach us over HTTPS: the hub's own TLS, or a
// trusted proxy (nginx) that says X-Forwarded-Proto https.
[[nodiscard]] bool over_https(const http::Request& req,
                              const std::vector<std::string>& trusted_proxies);
// A client on the hub's own machine (not through a proxy on it): plain
// HTTP is acceptable there.
[[nodiscard]] bool from_loopback(const http::Request& req,
                                 const std::vector<std::string>& trusted_proxies);

// Is `value` a form cookie's value as browser_binding() makes it?
[[nodiscard]] bool valid_binding(std::string_view value);

// The browser's form cookie `name` (32 hex characters), made and set on
// `res` (Path `path`, HttpOnly, SameSite=Strict, Secure when `secure`) when
// the request has none: what a form's token is bound to before sign-in.
[[nodiscard]] std::string browser_binding(const http::Request& req, http::Response& res,
                                          std::string_view name, std::string_view path,
                                          bool secure);

// The headers of every page of these forms: not cached, no referrer, not
// framed, no script, forms posted only here.
void page_headers(http::Response& res);

// Random bytes as lower-case hex (`bytes` of them: 2*bytes characters).
[[nodiscard]] std::string random_hex(std::size_t bytes);

// Tokens signed with a key made when the hub starts (HMAC-SHA-256): a
// form's token against cross-site requests, bound to the browser's cookie
// (or session) and to the form's purpose, and good until it expires; links
// that must not be guessed (a receipt's PDF). A hub restart voids them: a
// form sent with a voided token is shown again with what was typed.
class Signer {
  public:
    Signer();
    // "<expiry seconds>.<nonce>.<mac>"
    [[nodiscard]] std::string issue(std::string_view purpose, std::string_view binding, TimeMs now,
                                    TimeMs ttl_ms) const;
    [[nodiscard]] bool check(std::string_view token, std::string_view purpose,
                             std::string_view binding, TimeMs now) const;

  private:
    [[nodiscard]] std::string mac(std::string_view data) const;
    std::array<unsigned char, 32> key_{};
};

// A QR code for `text` as an inline SVG image of `px` pixels a side, with its
// quiet zone and an accessible name; "" when the text does not fit.
[[nodiscard]] std::string qr_svg(std::string_view text, int px, std::string_view label);

} // namespace keluhan::hub::web
