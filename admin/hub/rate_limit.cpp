#include "rate_limit.hpp"

#include <algorithm>

namespace keluhan::hub {

namespace {
constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kTenMinutes = 10 * kMinute;

void drop_before(std::deque<TimeMs>& q, TimeMs t) {
    while (!q.empty() && q.front() <= t)
        q.pop_front();
}
int seconds_until(TimeMs until, TimeMs now) {
    return static_cast<int>(std::max<TimeMs>(1, (until - now + 999) / 1000));
}
} // namespace

int RateLimiter::admit(const std::string& client, TimeMs now) {
    if (!enabled()) return 0;
    std::lock_guard lock(mu_);
    forget_idle(now);
    Entry& e = clients_[client];
    e.last = now;
    if (e.blocked_until > now) return seconds_until(e.blocked_until, now);
    drop_before(e.hits, now - kMinute);
    if (per_minute_ > 0 && static_cast<int>(e.hits.size()) >= per_minute_) {
        e.blocked_until = now + block_ms_;
        return seconds_until(e.blocked_until, now);
    }
    e.hits.push_back(now);
    return 0;
}

void RateLimiter::miss(const std::string& client, TimeMs now) {
    if (misses_ <= 0) return;
    std::lock_guard lock(mu_);
    Entry& e = clients_[client];
    e.last = now;
    drop_before(e.misses, now - kTenMinutes);
    e.misses.push_back(now);
    // The next lookup after the allowed misses is refused.
    if (static_cast<int>(e.misses.size()) >= misses_)
        e.blocked_until = std::max(e.blocked_until, now + block_ms_);
}

void RateLimiter::forget_idle(TimeMs now) {
    if (now - last_sweep_ < kMinute && clients_.size() < 100'000) return;
    last_sweep_ = now;
    const TimeMs horizon = now - std::max(kTenMinutes, block_ms_);
    for (auto it = clients_.begin(); it != clients_.end();) {
        if (it->second.last < horizon && it->second.blocked_until < now)
            it = clients_.erase(it);
        else
            ++it;
    }
}

} // namespace keluhan::hub
