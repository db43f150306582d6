#include "web_forms.hpp"

#include "client_address.hpp"
#include "status_page.hpp"

#include "keluhan/documents/qr.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace keluhan::hub::web {

namespace {

Error bad(std::string why) {
    return Error{ErrorKind::Invalid, "err.hub.bad_request", {}, std::move(why)};
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Lower-case hex of `n` bytes.
std::string hex(const unsigned char* bytes, std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 15]);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// A header's parameter (`name=value` or `name="value"`) after the first ';'.
std::optional<std::string> header_param(std::string_view header, std::string_view name) {
    std::size_t i = header.find(';');
    while (i != std::string_view::npos) {
        ++i;
        const auto eq = header.find('=', i);
        if (eq == std::string_view::npos) return std::nullopt;
        // A parameter without a value ("form-data; x; name=...").
        if (const auto semi = header.find(';', i); semi != std::string_view::npos && semi < eq) {
            i = semi;
            continue;
        }
        const std::string key = lower(trim(header.substr(i, eq - i)));
        std::size_t j = eq + 1;
        std::string value;
        if (j < header.size() && header[j] == '"') {
            ++j;
            // Browsers write a quote in a value as %22 and leave a
            // backslash as it is (HTML's multipart/form-data): no escapes.
            while (j < header.size() && header[j] != '"')
                value.push_back(header[j++]);
            if (j >= header.size()) return std::nullopt; // unterminated
            ++j;
            i = header.find(';', j);
        } else {
            const auto end = header.find(';', j);
            value = std::string(trim(header.substr(
                j, end == std::string_view::npos ? std::string_view::npos : end - j)));
            i = end;
        }
        if (key == name) return value;
    }
    return std::nullopt;
}

} // namespace

Result<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body,
                                              std::size_t max_parts) {
    if (lower(trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data")
        return bad("not multipart/form-data");
    const auto boundary = header_param(content_type, "boundary");
    // RFC 2046: 1 to 70 characters.
    if (!boundary || boundary->empty() || boundary->size() > 70) return bad("bad boundary");
    const std::string dash = "--" + *boundary;
    const std::string delimiter = "\r\n" + dash;
    std::vector<FormPart> parts;
    // The body starts with the first boundary (a preamble before it is allowed).
    std::size_t pos;
    if (body.substr(0, dash.size()) == dash)
        pos = dash.size();
    else {
        const auto first = body.find(delimiter);
        if (first == std::string_view::npos) return bad("no boundary");
        pos = first + delimiter.size();
    }
    for (;;) {
        // After a boundary: "--" ends the body, CRLF starts a part.
        if (body.substr(pos, 2) == "--") return parts;
        if (body.substr(pos, 2) != "\r\n") return bad("bad boundary line");
        pos += 2;
        const auto head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string_view::npos || head_end - pos > 4096) return bad("part headers");
        FormPart part;
        bool named = false;
        std::string_view heads = body.substr(pos, head_end - pos);
        while (!heads.empty()) {
            const auto eol = heads.find("\r\n");
            const std::string_view line = heads.substr(0, eol);
            heads = eol == std::string_view::npos ? std::string_view() : heads.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) return bad("part header line");
            const std::string key = lower(trim(line.substr(0, colon)));
            const std::string_view value = trim(line.substr(colon + 1));
            if (key == "content-disposition") {
                if (lower(trim(value.substr(0, value.find(';')))) != "form-data")
                    return bad("part disposition");
                const auto n = header_param(value, "name");
                if (!n || n->empty() || n->size() > 100) return bad("part name");
                part.name = *n;
                named = true;
                if (auto f = header_param(value, "filename")) part.filename = f->substr(0, 255);
            } else if (key == "content-type") {
                part.content_type = std::string(value.substr(0, 100));
            }
        }
        if (!named) return bad("part without a name");
        pos = head_end + 4;
        const auto end = body.find(delimiter, pos);
        if (end == std::string_view::npos) return bad("unterminated part");
        part.data = std::string(body.substr(pos, end - pos));
        if (parts.size() >= max_parts) return bad("too many parts");
        parts.push_back(std::move(part));
        pos = end + delimiter.size();
    }
}

std::string cookie(const http::Request& req, std::string_view name) {
    const auto range = req.headers.equal_range("Cookie");
    for (auto it = range.first; it != range.second; ++it) {
        std::string_view rest = it->second;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            const std::string_view pair = trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            const auto eq = pair.find('=');
            if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name)
                return std::string(trim(pair.substr(eq + 1)));
        }
    }
    return {};
}

bool over_https(const http::Request& req, const std::vector<std::string>& trusted_proxies) {
    if (req.tls) return true;
    const bool proxied = std::find(trusted_proxies.begin(), trusted_proxies.end(),
                                   req.remote_addr) != trusted_proxies.end();
    return proxied && lower(req.get_header_value("X-Forwarded-Proto")) == "https";
}

bool from_loopback(const http::Request& req, const std::vector<std::string>& trusted_proxies) {
    // Behind nginx on this machine every request comes from loopback: the
    // client is the one the proxy names.
    const std::string a = client_address(req, trusted_proxies);
    return a == "::1" || a.rfind("127.", 0) == 0;
}

void page_headers(http::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
        throw std::runtime_error("no random bytes");
    return hex(raw.data(), raw.size());
}

bool valid_binding(std::string_view value) {
    return value.size() == 32 && value.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string lang_of(const http::Request& req) {
    return req.get_param_value("lang") == "en" ? "en" : "id";
}

std::string lang_query(const std::string& lang, char first) {
    return lang == "en" ? std::string(1, first) + "lang=en" : std::string();
}

std::string browser_binding(const http::Request& req, http::Response& res, std::string_view name,
                            std::string_view path, bool secure) {
    std::string b = cookie(req, name);
    if (valid_binding(b)) return b;
    b = random_hex(16);
    res.add_header("Set-Cookie", std::string(name) + "=" + b + "; Path=" + std::string(path) +
                                     "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    return b;
}

Signer::Signer() {
    if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1)
        throw std::runtime_error("no random bytes");
}

std::string Signer::mac(std::string_view data) const {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return hex(out, len);
}

std::string Signer::issue(std::string_view purpose, std::string_view binding, TimeMs now,
                          TimeMs ttl_ms) const {
    // A nonce: two forms opened in one second are two forms (a form sent
    // twice is recognised by its token).
    const std::string head = std::to_string((now + ttl_ms) / 1000) + "." + random_hex(8);
    return head + "." + mac(std::string(purpose) + "\n" + head + "\n" + std::string(binding));
}

bool Signer::check(std::string_view token, std::string_view purpose, std::string_view binding,
                   TimeMs now) const {
    if (token.size() > 128 || binding.empty()) return false;
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
    const auto second = token.find('.', dot + 1);
    if (second == std::string_view::npos || second - dot - 1 != 16) return false;
    std::int64_t expiry = 0;
    const auto got = std::from_chars(token.data(), token.data() + dot, expiry);
    if (got.ec != std::errc() || got.ptr != token.data() + dot) return false;
    const std::string want =
        mac(std::string(purpose) + "\n" + std::string(token.substr(0, second)) + "\n" +
            std::string(binding));
    const std::string_view given = token.substr(second + 1);
    const bool same =
        given.size() == want.size() && CRYPTO_memcmp(given.data(), want.data(), want.size()) == 0;
    return same && expiry * 1000 > now;
}

std::string qr_svg(std::string_view text, int px, std::string_view label) {
    auto qr = QrMatrix::encode(text, QrMatrix::Level::M);
    if (!qr) return {};
    const int n = qr->size() + 2 * QrMatrix::kQuietZone;
    std::string path;
    for (int y = 0; y < qr->size(); ++y)
        for (int x = 0; x < qr->size(); ++x)
            if (qr->dark(x, y))
                path += "M" + std::to_string(x + QrMatrix::kQuietZone) + " " +
                        std::to_string(y + QrMatrix::kQuietZone) + "h1v1h-1z";
    const std::string side = std::to_string(px);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" +
           html_escape(label) + "\" width=\"" + side + "\" height=\"" + side + "\" viewBox=\"0 0 " +
           std::to_string(n) + " " + std::to_string(n) +
           "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
           "fill=\"#fff\"/><path fill=\"#000\" d=\"" +
           path + "\"/></svg>";
}

} // namespace keluhan::hub::web
