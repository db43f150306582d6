// Telling the complainant (issue: "the complainant told"): the outbox's
// messages (storage/notices.hpp) composed in the complainant's language and
// delivered by e-mail over SMTP (libcurl: STARTTLS on the submission port
// or SMTPS, login), as a file in Gammu's SMS daemon outbox folder, or as a
// JSON POST to the office's WhatsApp (or other) gateway. A delivery that
// fails is tried again with backoff (notice_backoff_ms); an address the
// server refuses fails for good and shows on the complaint. Nothing here
// holds up a step: the step only queued the message.
#pragma once

#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/notice.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/storage/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace keluhan {

// --- composing -------------------------------------------------------------------

struct NoticeText {
    std::string subject;
    std::string body;       // the e-mail's text
    std::string short_text; // an SMS or chat message (one or two SMS)
    std::string status_url; // "" without status.base_url
    std::string survey_url; // Closed only, "" without status.base_url
};
// The message of `kind` about `c` in `lang` (the complainant's language).
// `answer_due` is the SOP's target date for the answer (SopEngine::answer_due).
[[nodiscard]] NoticeText compose_notice(const Office& office, const Catalog& lang,
                                        const Complaint& c, NoticeKind kind, TimeMs answer_due,
                                        bool with_attachment);

// "+6281234567890" from "0812-3456-7890", "62812...", "+62 812 ..."; "" when
// there are fewer than 8 digits.
[[nodiscard]] std::string sms_number(std::string_view phone);

// --- delivering --------------------------------------------------------------------

// How one try went.
struct Delivery {
    bool ok = false;
    bool permanent = false; // do not try again (a refused address, a 4xx from the gateway)
    std::string error;      // what the server or the system said
};

struct MailPart {
    std::string filename;
    std::string media_type;
    std::vector<std::uint8_t> data;
};
struct Mail {
    std::string to;
    std::string subject;
    std::string body;
    std::string message_id; // "<notice-12.7KQ2M9XD4HTAJ@bspji.go.id>": the same on every try
    TimeMs date = 0;
    std::vector<MailPart> attachments;
};
// One message through [notify] smtp_url: STARTTLS required on smtp://,
// TLS from the start on smtps://, the certificate checked (smtp_ca_file
// or the system's), login when smtp_user is set. A 5xx answer to the
// address (RCPT) is permanent; any other refusal (the sender, the login,
// STARTTLS) is the office's configuration, and the message waits for it.
// `cancelled` ends a transfer under way (the hub stopping).
[[nodiscard]] Delivery send_mail(const NotifyConfig& config, const std::string& password,
                                 const std::string& from_name, const Mail& mail,
                                 const std::function<bool()>& cancelled = {});

// Writes the SMS as gammu-smsd's files backend reads it from its outbox:
// OUTB<date>_<time>_00_<number>_keluhan<id>.txt (UTF-8), written under a
// name Gammu ignores and then renamed, so it never reads half a file.
[[nodiscard]] Delivery write_sms(const std::filesystem::path& outbox, const std::string& number,
                                 const std::string& text, std::int64_t id, TimeMs at,
                                 const WorkingCalendar& calendar);

// POSTs `body` as JSON to [notify] webhook_url with the token as a bearer
// and "Idempotency-Key: keluhan-notice-<id>". 2xx is sent; 400, 410 and 422
// (the message itself refused) permanent; anything else, a wrong token or
// URL too, is tried again.
[[nodiscard]] Delivery post_webhook(const NotifyConfig& config, const std::string& token,
                                    const nlohmann::json& body, std::int64_t id,
                                    const std::function<bool()>& cancelled = {});

// --- the sender ---------------------------------------------------------------------

struct NotifyRound {
    int sent = 0;
    int retrying = 0; // failed this time, to be tried again
    int failed = 0;   // failed for good
};

class Notifier {
  public:
    // Loads both languages' messages and reads the SMTP password and the
    // webhook token from their files, which must not be readable by others
    // (err.notify.secret, err.notify.secret_mode).
    [[nodiscard]] static Result<Notifier> create(const Office& office);

    // Sends what is due at `now` (at most `limit`), each claimed first so two
    // senders on one database never send the same message (each message's
    // time is `now` plus the time the round has taken). `stop` is asked
    // before each message and during a transfer: the hub stopping ends the
    // round at once, and what was not marked is tried again later.
    [[nodiscard]] Result<NotifyRound> run_once(Store& store, const Office& office, TimeMs now,
                                               int limit = 50,
                                               const std::function<bool()>& stop = {});

  private:
    Notifier(Catalog id, Catalog en) : id_(std::move(id)), en_(std::move(en)) {}
    [[nodiscard]] Delivery deliver(Store& store, const Office& office, const Notice& n, TimeMs now,
                                   const std::function<bool()>& stop);
    Catalog id_, en_;
    std::string password_, token_;
};

} // namespace keluhan
