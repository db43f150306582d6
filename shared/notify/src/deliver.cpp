// Delivery: SMTP and the webhook through libcurl, the SMS as a file in
// gammu-smsd's outbox. Every curl handle, MIME tree and header list is held
// by a unique_ptr with its own free function.
#include "keluhan/notify/notify.hpp"

#include <curl/curl.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>

namespace keluhan {

namespace {

struct EasyFree {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MimeFree {
    void operator()(curl_mime* m) const { curl_mime_free(m); }
};
struct ListFree {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Easy = std::unique_ptr<CURL, EasyFree>;
using Mime = std::unique_ptr<curl_mime, MimeFree>;
using List = std::unique_ptr<curl_slist, ListFree>;

Easy new_easy() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    return Easy(curl_easy_init());
}

void append(List& list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown) {
        (void)list.release(); // now owned by `grown`
        list.reset(grown);
    }
}

std::string base64(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i < in.size()) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                           (i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) << 8 : 0);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// A header's words outside ASCII as RFC 2047 says (UTF-8, base64).
std::string header_words(std::string_view s) {
    bool ascii = true;
    for (const char ch : s)
        ascii &= static_cast<unsigned char>(ch) >= 0x20 && static_cast<unsigned char>(ch) < 0x7f;
    if (ascii) return std::string(s);
    return "=?UTF-8?B?" + base64(s) + "?=";
}

// The sender's name as RFC 5322 has it: a quoted string in ASCII, else
// encoded words (neither can break the header).
std::string display_name(std::string_view s) {
    bool ascii = true;
    for (const char ch : s)
        ascii &= static_cast<unsigned char>(ch) >= 0x20 && static_cast<unsigned char>(ch) < 0x7f;
    if (!ascii) return header_words(s);
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"' || ch == '\\') out.push_back('\\');
        out.push_back(ch);
    }
    return out + "\"";
}

// No line breaks (header injection) and no angle brackets in an address.
std::string clean_address(std::string_view s) {
    std::string out;
    for (const char ch : s)
        if (ch != '\r' && ch != '\n' && ch != '<' && ch != '>' && ch != ' ' && ch != '\t')
            out.push_back(ch);
    return out;
}

std::string rfc2822_date(TimeMs t) {
    const std::time_t secs = static_cast<std::time_t>(t / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::array<char, 64> buf{};
    std::strftime(buf.data(), buf.size(), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf.data();
}

Delivery from_curl(CURLcode rc, CURL* h, const char* errbuf, bool smtp) {
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK && (smtp || (code >= 200 && code < 300))) return Delivery{true, false, {}};
    Delivery d;
    std::string said = errbuf && *errbuf ? errbuf : curl_easy_strerror(rc);
    if (code > 0 && said.find(std::to_string(code)) == std::string::npos)
        said += " (" + std::to_string(code) + ")";
    d.error = said;
    if (smtp) {
        // Only the address itself refused is the complainant's: a refused
        // sender, login or STARTTLS is the office's to fix, and every
        // message waits for that instead of failing.
        d.permanent = code >= 500 && code < 600 && said.rfind("RCPT failed", 0) == 0;
    } else {
        // The gateway says the message itself is wrong; a wrong token or
        // URL (401, 403, 404) is the office's to fix, and is tried again.
        d.permanent = code == 400 || code == 410 || code == 422;
    }
    return d;
}

// Ends a transfer under way when the sender is asked to stop (the hub stopping).
int on_progress(void* cancelled, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* f = static_cast<const std::function<bool()>*>(cancelled);
    return *f && (*f)() ? 1 : 0;
}

void common_options(CURL* h, const NotifyConfig& config, char* errbuf,
                    const std::function<bool()>& cancelled) {
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::function<bool()>*>(&cancelled));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config.timeout_seconds));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(config.timeout_seconds));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
}

} // namespace

Delivery send_mail(const NotifyConfig& config, const std::string& password,
                   const std::string& from_name, const Mail& mail,
                   const std::function<bool()>& cancelled) {
    // What the handle points at lives until it is cleaned up (below).
    std::array<char, CURL_ERROR_SIZE> errbuf{};
    List rcpt, headers;
    Mime mime;
    Easy easy = new_easy();
    if (!easy) return Delivery{false, false, "libcurl could not start"};
    CURL* h = easy.get();
    common_options(h, config, errbuf.data(), cancelled);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_URL, config.smtp_url.c_str());
    // The submission port: plain text is never an option.
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!config.smtp_ca_file.empty())
        curl_easy_setopt(h, CURLOPT_CAINFO, config.smtp_ca_file.c_str());
    if (!config.smtp_user.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, config.smtp_user.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.c_str());
    }
    const std::string from = clean_address(config.smtp_from);
    const std::string to = clean_address(mail.to);
    const std::string from_angle = "<" + from + ">";
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_angle.c_str());
    append(rcpt, "<" + to + ">");
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());

    append(headers, "Date: " + rfc2822_date(mail.date));
    append(headers, "From: " + display_name(from_name) + " <" + from + ">");
    append(headers, "To: <" + to + ">");
    append(headers, "Subject: " + header_words(mail.subject));
    append(headers, "Message-ID: " + mail.message_id);
    append(headers, "Auto-Submitted: auto-generated");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    mime.reset(curl_mime_init(h));
    curl_mimepart* text = curl_mime_addpart(mime.get());
    curl_mime_data(text, mail.body.data(), mail.body.size());
    curl_mime_type(text, "text/plain; charset=UTF-8");
    curl_mime_encoder(text, "quoted-printable");
    for (const auto& a : mail.attachments) {
        curl_mimepart* part = curl_mime_addpart(mime.get());
        curl_mime_data(part, reinterpret_cast<const char*>(a.data.data()), a.data.size());
        curl_mime_type(part, a.media_type.c_str());
        curl_mime_filename(part, a.filename.c_str());
        curl_mime_encoder(part, "base64");
    }
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
    const CURLcode rc = curl_easy_perform(h);
    Delivery d = from_curl(rc, h, errbuf.data(), true);
    easy.reset(); // QUIT and cleanup, while the buffer, lists and parts still live
    return d;
}

Delivery write_sms(const std::filesystem::path& outbox, const std::string& number,
                   const std::string& text, std::int64_t id, TimeMs at,
                   const WorkingCalendar& calendar) {
    if (number.empty()) return Delivery{false, true, "no phone number to send to"};
    std::error_code ec;
    if (!std::filesystem::is_directory(outbox, ec))
        return Delivery{false, false, outbox.string() + " is not a folder"};
    const Date d = calendar.local_date(at);
    const auto local = at / 1000 + calendar.utc_offset_minutes() * 60;
    const auto secs_of_day = ((local % 86400) + 86400) % 86400;
    char name[160];
    std::snprintf(name, sizeof name, "OUTB%04d%02d%02d_%02d%02d%02d_00_%s_keluhan%lld.txt", d.year,
                  d.month, d.day, static_cast<int>(secs_of_day / 3600),
                  static_cast<int>(secs_of_day / 60 % 60), static_cast<int>(secs_of_day % 60),
                  number.c_str(), static_cast<long long>(id));
    const auto tmp = outbox / (".keluhan-" + std::to_string(id) + ".tmp");
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << text;
        f.flush();
        if (!f) {
            std::filesystem::remove(tmp, ec);
            return Delivery{false, false, "cannot write " + tmp.string()};
        }
    }
    std::filesystem::rename(tmp, outbox / name, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return Delivery{false, false, "cannot write into " + outbox.string() + ": " + ec.message()};
    }
    return Delivery{true, false, {}};
}

Delivery post_webhook(const NotifyConfig& config, const std::string& token,
                      const nlohmann::json& body, std::int64_t id,
                      const std::function<bool()>& cancelled) {
    std::array<char, CURL_ERROR_SIZE> errbuf{};
    List headers;
    Easy easy = new_easy();
    if (!easy) return Delivery{false, false, "libcurl could not start"};
    CURL* h = easy.get();
    common_options(h, config, errbuf.data(), cancelled);
    curl_easy_setopt(h, CURLOPT_URL, config.webhook_url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    const std::string payload = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload.c_str()); // (declared before, freed after)
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
    append(headers, "Content-Type: application/json");
    append(headers, "Idempotency-Key: keluhan-notice-" + std::to_string(id));
    if (!token.empty()) append(headers, "Authorization: Bearer " + token);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    // The gateway's answer is not read beyond its status.
    curl_easy_setopt(
        h, CURLOPT_WRITEFUNCTION,
        +[](char*, size_t size, size_t n, void*) -> size_t { return size * n; });
    const CURLcode rc = curl_easy_perform(h);
    Delivery d = from_curl(rc, h, errbuf.data(), false);
    easy.reset();
    return d;
}

} // namespace keluhan
