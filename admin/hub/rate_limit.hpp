// Requests per client address, so tracking codes cannot be found by trying
// and passwords cannot be guessed in bulk: at most `per_minute` requests a
// minute and at most `misses` refused ones (unknown codes, wrong passwords)
// in ten minutes; an address over either limit is refused for
// `block_minutes`.
//
// Built to face the internet:
//   - an IPv6 client counts by its /64 (one customer line hands out a whole
//     /64, so counting single addresses would limit nobody); IPv4, and IPv4
//     mapped into IPv6, by the address;
//   - each address costs a fixed few dozen bytes (counts per window, not a
//     list of times), and at most `max_clients` addresses are remembered:
//     the one used longest ago is forgotten first, so a flood of addresses
//     takes bounded memory and every call stays O(1) (no sweep of the table).
// Thread-safe.
#pragma once

#include "keluhan/domain/model.hpp"

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace keluhan::hub {

class RateLimiter {
  public:
    static constexpr std::size_t kDefaultMaxClients = 50'000;

    // `miss_window_minutes`: the span the misses are counted over (ten
    // minutes unless said; the web form counts its complaints an hour).
    RateLimiter(int per_minute, int misses_per_10_minutes, int block_minutes,
                std::size_t max_clients = kDefaultMaxClients, int miss_window_minutes = 10)
        : per_minute_(per_minute), misses_(misses_per_10_minutes),
          block_ms_(block_minutes * 60'000LL), max_clients_(max_clients < 1 ? 1 : max_clients),
          miss_span_(miss_window_minutes < 1 ? 60'000LL : miss_window_minutes * 60'000LL) {}

    // May `client` (its address) make a request now? Counts it when it may.
    // Returns 0 when admitted, else the seconds until it may try again.
    [[nodiscard]] int admit(const std::string& client, TimeMs now);
    // After the request: a refused one (a bad code, a wrong password) counts
    // as a miss.
    void miss(const std::string& client, TimeMs now);
    [[nodiscard]] bool enabled() const { return per_minute_ > 0 || misses_ > 0; }
    // Addresses remembered now (at most max_clients).
    [[nodiscard]] std::size_t size() const;

    // What an address is counted as: its /64 for IPv6 ("2001:db8:1:2::/64"),
    // the IPv4 address for IPv4 and IPv4-mapped IPv6, else the text itself.
    [[nodiscard]] static std::string key_of(std::string_view address);

  private:
    // Two fixed windows each (this one and the one before), weighted as a
    // sliding window: a fixed size whatever the limits.
    struct Window {
        TimeMs start = 0;
        int now = 0;
        int before = 0;
        // The count over the last `span` ms, as of `t`.
        [[nodiscard]] double count(TimeMs t, TimeMs span) const;
        void add(TimeMs t, TimeMs span);
    };
    struct Entry {
        Window hits;   // minute windows
        Window misses; // ten-minute windows
        TimeMs blocked_until = 0;
        std::list<std::string>::iterator lru; // its place in lru_ (front = newest)
    };
    Entry& touch(const std::string& key);

    int per_minute_;
    int misses_;
    TimeMs block_ms_;
    std::size_t max_clients_;
    TimeMs miss_span_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Entry> clients_;
    std::list<std::string> lru_;
};

} // namespace keluhan::hub
