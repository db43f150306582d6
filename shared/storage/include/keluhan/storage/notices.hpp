// The office's outbox of messages to complainants (src/notices.cpp): one row
// per complaint, kind and channel, queued in the same transaction as the SOP
// step that calls for it (ComplaintRepository::apply), sent later by the
// notify module, retried with backoff, never holding up a step. A row holds
// no address: the sender reads the complaint's contact when it sends.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/notice.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <vector>

namespace keluhan {

class NoticeRepository : protected Repository {
  public:
    explicit NoticeRepository(Database& db) : Repository(db) {}

    // Pending messages due at `now` (next_at <= now), the longest waiting first.
    [[nodiscard]] Result<std::vector<Notice>> notices_due(TimeMs now, int limit);
    // Takes a due message for one sender: moves its next try to `lease_until`
    // if it is still pending at `seen_next_at`. False when another sender
    // took it first (two hubs, or the hub and `keluhan notify send`).
    [[nodiscard]] Result<bool> claim_notice(std::int64_t id, TimeMs seen_next_at,
                                            TimeMs lease_until);
    // How the try of the sender holding `lease` (the claim's lease_until)
    // went; a sender whose lease ran out and was taken over changes nothing.
    [[nodiscard]] Status notice_sent(std::int64_t id, TimeMs lease, TimeMs at);
    // A try failed: `permanent` (a refused address) fails it for good, else
    // it is tried again after notice_backoff_ms(attempts), and fails for good
    // after kNoticeMaxAttempts.
    [[nodiscard]] Status notice_failed(std::int64_t id, TimeMs lease, const std::string& error,
                                       bool permanent, TimeMs at);
    // A complaint's messages, in the order they were queued.
    [[nodiscard]] Result<std::vector<Notice>> notices_of(std::int64_t complaint_seq);
    [[nodiscard]] Result<std::int64_t> pending_notice_count();
};

} // namespace keluhan
