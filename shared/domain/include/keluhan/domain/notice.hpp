// Messages to the complainant (SOP12-BSPJI/5 step 2 "menginformasikan",
// step 10 the answer letter sent): what is sent when, by which channel, and
// how a message waiting in the office's outbox stands. No I/O here: the
// outbox is storage's (notices.hpp), the sending the notify module's.
#pragma once

#include "keluhan/domain/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace keluhan {

// What the message says.
enum class NoticeKind {
    Received, // entered in the register, with its number and the status link
    Letter,   // the answer letter has gone out (by e-mail: the letter as a PDF)
    Closed,   // the complaint is settled; the survey's link
};
[[nodiscard]] std::string_view to_string(NoticeKind k);
[[nodiscard]] std::optional<NoticeKind> notice_kind_from_string(std::string_view s);

// How it goes out.
enum class NoticeChannel {
    Email,   // SMTP
    Sms,     // a file in Gammu's SMS daemon outbox folder
    Webhook, // a JSON POST to the office's gateway (WhatsApp and the like)
};
[[nodiscard]] std::string_view to_string(NoticeChannel c);
[[nodiscard]] std::optional<NoticeChannel> notice_channel_from_string(std::string_view s);

enum class NoticeState {
    Pending,   // waiting, or retrying after a failure (attempts > 0)
    Sent,      // handed over: accepted by the SMTP server, written to the spool, 2xx from the hook
    Failed,    // refused for good (a bad address) or out of attempts
    Cancelled, // the complaint was anonymised before it went
};
[[nodiscard]] std::string_view to_string(NoticeState s);
[[nodiscard]] std::optional<NoticeState> notice_state_from_string(std::string_view s);

// One message in the outbox. It holds no address: the sender reads the
// complaint's contact when it sends, so anonymising a complaint leaves none here.
struct Notice {
    std::int64_t id = 0;
    std::int64_t complaint_seq = 0;
    NoticeKind kind = NoticeKind::Received;
    NoticeChannel channel = NoticeChannel::Email;
    NoticeState state = NoticeState::Pending;
    int attempts = 0;
    TimeMs created_at = 0;
    TimeMs next_at = 0; // when it is tried (again)
    TimeMs sent_at = 0;
    std::string error; // the last failure, as the server said it ("" when none)
};

// A message to queue (the outbox keeps one per complaint, kind and channel).
struct NewNotice {
    NoticeKind kind = NoticeKind::Received;
    NoticeChannel channel = NoticeChannel::Email;
};

// Tries before a message is given up: with the backoff below, about two days.
inline constexpr int kNoticeMaxAttempts = 16;
// The wait after the n-th failed try (n >= 1): 1, 2, 4, ... minutes, at most 6 hours.
[[nodiscard]] TimeMs notice_backoff_ms(int attempts);

} // namespace keluhan
