// Status lookups per client address, so tracking codes cannot be found by
// trying: at most `per_minute` lookups a minute, and at most `misses` bad
// or unknown codes in ten minutes; an address over either limit is refused
// for `block_minutes`. Thread-safe; memory stays bounded (idle addresses
// are forgotten).
#pragma once

#include "keluhan/domain/model.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace keluhan::hub {

class RateLimiter {
  public:
    RateLimiter(int per_minute, int misses_per_10_minutes, int block_minutes)
        : per_minute_(per_minute), misses_(misses_per_10_minutes),
          block_ms_(block_minutes * 60'000LL) {}

    // May `client` look a code up now? Counts the lookup when it may.
    // Returns 0 when admitted, else the seconds until it may try again.
    [[nodiscard]] int admit(const std::string& client, TimeMs now);
    // After the lookup: a bad or unknown code counts as a miss.
    void miss(const std::string& client, TimeMs now);
    [[nodiscard]] bool enabled() const { return per_minute_ > 0 || misses_ > 0; }

  private:
    struct Entry {
        std::deque<TimeMs> hits;   // last minute
        std::deque<TimeMs> misses; // last ten minutes
        TimeMs blocked_until = 0;
        TimeMs last = 0;
    };
    void forget_idle(TimeMs now);

    int per_minute_;
    int misses_;
    TimeMs block_ms_;
    std::mutex mu_;
    std::unordered_map<std::string, Entry> clients_;
    TimeMs last_sweep_ = 0;
};

} // namespace keluhan::hub
