// The outbox of messages to complainants (notices.hpp).
#include "keluhan/storage/notices.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

namespace keluhan {

using namespace store_detail;

// Migration 11: the complainant's language on each complaint ('' = the
// office's), and the outbox of messages to complainants.
extern const char store_detail::kNoticesV11[] = R"sql(
ALTER TABLE complaints ADD COLUMN language TEXT NOT NULL DEFAULT '';
CREATE TABLE notifications(
  id INTEGER PRIMARY KEY,
  complaint_seq INTEGER NOT NULL REFERENCES complaints(seq),
  kind TEXT NOT NULL CHECK (kind IN ('received', 'letter', 'closed')),
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  UNIQUE (complaint_seq, kind, channel)
);
CREATE INDEX notifications_due ON notifications(state, next_at);
)sql";

namespace {

constexpr const char* kNoticeColumns =
    "id, complaint_seq, kind, channel, state, attempts, created_at, next_at, sent_at, error";

Notice read_notice(const db::Statement& s) {
    Notice n;
    n.id = s.int64(0);
    n.complaint_seq = s.int64(1);
    n.kind = notice_kind_from_string(s.text(2)).value_or(NoticeKind::Received);
    n.channel = notice_channel_from_string(s.text(3)).value_or(NoticeChannel::Email);
    n.state = notice_state_from_string(s.text(4)).value_or(NoticeState::Pending);
    n.attempts = static_cast<int>(s.int64(5));
    n.created_at = s.int64(6);
    n.next_at = s.int64(7);
    n.sent_at = s.int64(8);
    n.error = s.text(9);
    return n;
}

} // namespace

Result<std::vector<Notice>> NoticeRepository::notices_due(TimeMs now, int limit) {
    return all_rows("notices_due",
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM notifications WHERE state = 'pending' AND next_at <= ?1 "
                        "ORDER BY next_at, id LIMIT ?2",
                    read_notice, now, static_cast<std::int64_t>(limit));
}

Result<bool> NoticeRepository::claim_notice(std::int64_t id, TimeMs seen_next_at,
                                            TimeMs lease_until) {
    return guarded("claim_notice", [&]() -> Result<bool> {
        auto& c = conn();
        auto tx = begin_write();
        c.prepare("UPDATE notifications SET next_at = ? WHERE id = ? AND state = 'pending' AND "
                  "next_at = ?")
            .bind(1, lease_until)
            .bind(2, id)
            .bind(3, seen_next_at)
            .run();
        const bool taken = c.changes() == 1;
        tx.commit();
        return taken;
    });
}

Status NoticeRepository::notice_sent(std::int64_t id, TimeMs lease, TimeMs at) {
    return guarded("notice_sent", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        c.prepare("UPDATE notifications SET state = 'sent', sent_at = ?, attempts = attempts + 1, "
                  "error = '' WHERE id = ? AND state = 'pending' AND next_at = ?")
            .bind(1, at)
            .bind(2, id)
            .bind(3, lease)
            .run();
        tx.commit();
        return ok();
    });
}

Status NoticeRepository::notice_failed(std::int64_t id, TimeMs lease, const std::string& error,
                                       bool permanent, TimeMs at) {
    return guarded("notice_failed", [&]() -> Status {
        auto& c = conn();
        auto tx = begin_write();
        auto st = c.prepare("SELECT attempts FROM notifications WHERE id = ? AND state = 'pending' "
                            "AND next_at = ?");
        st.bind(1, id).bind(2, lease);
        // Sent, failed or cancelled meanwhile, or taken over by another sender.
        if (!st.step()) return ok();
        const int attempts = static_cast<int>(st.int64(0)) + 1;
        st.reset();
        const bool give_up = permanent || attempts >= kNoticeMaxAttempts;
        c.prepare("UPDATE notifications SET attempts = ?, error = ?, state = ?, next_at = ? "
                  "WHERE id = ?")
            .bind(1, static_cast<std::int64_t>(attempts))
            .bind(2, error.substr(0, 500))
            .bind(3, give_up ? "failed" : "pending")
            .bind(4, at + notice_backoff_ms(attempts))
            .bind(5, id)
            .run();
        tx.commit();
        return ok();
    });
}

Result<std::vector<Notice>> NoticeRepository::notices_of(std::int64_t complaint_seq) {
    return all_rows("notices_of",
                    std::string("SELECT ") + kNoticeColumns +
                        " FROM notifications WHERE complaint_seq = ?1 ORDER BY id",
                    read_notice, complaint_seq);
}

Result<std::int64_t> NoticeRepository::pending_notice_count() {
    return guarded("pending_notice_count", [&]() -> Result<std::int64_t> {
        auto st = conn().cached("SELECT count(*) FROM notifications WHERE state = 'pending'");
        st->step();
        return st->int64(0);
    });
}

} // namespace keluhan
