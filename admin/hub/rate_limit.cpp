#include "rate_limit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace keluhan::hub {

namespace {
constexpr TimeMs kMinute = 60'000;

int seconds_until(TimeMs until, TimeMs now) {
    return static_cast<int>(std::max<TimeMs>(1, (until - now + 999) / 1000));
}
} // namespace

double RateLimiter::Window::count(TimeMs t, TimeMs span) const {
    if (t >= start + 2 * span) return 0;
    if (t >= start + span) {
        // The current window is over: it is "before" now.
        const double weight =
            1.0 - static_cast<double>(t - start - span) / static_cast<double>(span);
        return now * weight;
    }
    const double weight = 1.0 - static_cast<double>(t - start) / static_cast<double>(span);
    return now + before * weight;
}

void RateLimiter::Window::add(TimeMs t, TimeMs span) {
    if (t >= start + 2 * span) {
        start = t - (t % span);
        before = 0;
        now = 0;
    } else if (t >= start + span) {
        start += span;
        before = now;
        now = 0;
    }
    ++now;
}

std::string RateLimiter::key_of(std::string_view address) {
    const std::string a(address.substr(0, 64));
    std::array<unsigned char, 16> v6{};
    if (inet_pton(AF_INET6, a.c_str(), v6.data()) == 1) {
        static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::equal(std::begin(kMapped), std::end(kMapped), v6.begin())) {
            char buf[INET_ADDRSTRLEN];
            if (inet_ntop(AF_INET, v6.data() + 12, buf, sizeof buf)) return buf;
        }
        char buf[48];
        std::snprintf(buf, sizeof buf, "%x:%x:%x:%x::/64", v6[0] << 8 | v6[1], v6[2] << 8 | v6[3],
                      v6[4] << 8 | v6[5], v6[6] << 8 | v6[7]);
        return buf;
    }
    return a;
}

RateLimiter::Entry& RateLimiter::touch(const std::string& key) {
    if (auto it = clients_.find(key); it != clients_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return it->second;
    }
    // Full: the address used longest ago makes room.
    while (clients_.size() >= max_clients_ && !lru_.empty()) {
        clients_.erase(lru_.back());
        lru_.pop_back();
    }
    lru_.push_front(key);
    Entry& e = clients_[key];
    e.lru = lru_.begin();
    return e;
}

int RateLimiter::admit(const std::string& client, TimeMs now) {
    if (!enabled()) return 0;
    const std::string key = key_of(client);
    std::lock_guard lock(mu_);
    Entry& e = touch(key);
    if (e.blocked_until > now) return seconds_until(e.blocked_until, now);
    if (per_minute_ > 0 && e.hits.count(now, kMinute) >= per_minute_) {
        e.blocked_until = now + block_ms_;
        return seconds_until(e.blocked_until, now);
    }
    e.hits.add(now, kMinute);
    return 0;
}

void RateLimiter::miss(const std::string& client, TimeMs now) {
    if (misses_ <= 0) return;
    const std::string key = key_of(client);
    std::lock_guard lock(mu_);
    Entry& e = touch(key);
    e.misses.add(now, miss_span_);
    // The next request after the allowed misses is refused.
    if (e.misses.count(now, miss_span_) >= misses_)
        e.blocked_until = std::max(e.blocked_until, now + block_ms_);
}

std::size_t RateLimiter::size() const {
    std::lock_guard lock(mu_);
    return clients_.size();
}

} // namespace keluhan::hub
