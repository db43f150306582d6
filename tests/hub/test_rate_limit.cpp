// The hub's per-address limiter, as an internet-facing hub needs it: IPv6
// counted by /64, a flood of addresses held in bounded memory, limits that
// still hold for the addresses in use.
#include "rate_limit.hpp"

#include <doctest/doctest.h>

#include <string>

using keluhan::TimeMs;
using keluhan::hub::RateLimiter;

namespace {
// Any fixed time (the limiter is given the clock), on a ten-minute boundary.
constexpr TimeMs kT0 = 1'795'200'000'000;
} // namespace

TEST_CASE("rate limiter: IPv6 counts by its /64, IPv4-mapped by the IPv4 address") {
    CHECK(RateLimiter::key_of("2001:db8:1:2::1") == "2001:db8:1:2::/64");
    CHECK(RateLimiter::key_of("2001:db8:1:2:ffff:eeee:dddd:cccc") == "2001:db8:1:2::/64");
    CHECK(RateLimiter::key_of("2001:db8:1:3::1") == "2001:db8:1:3::/64");
    CHECK(RateLimiter::key_of("::ffff:192.0.2.7") == "192.0.2.7");
    CHECK(RateLimiter::key_of("192.0.2.7") == "192.0.2.7");
    CHECK(RateLimiter::key_of("") == "");

    // Every address of one /64 shares its limit; the next /64 has its own.
    RateLimiter lim(5, 0, 15);
    for (int i = 0; i < 5; ++i)
        CHECK(lim.admit("2001:db8:1:2::" + std::to_string(i + 1), kT0 + i) == 0);
    CHECK(lim.admit("2001:db8:1:2::abcd", kT0 + 10) > 0);
    CHECK(lim.admit("2001:db8:1:3::1", kT0 + 10) == 0);
}

TEST_CASE("rate limiter: lookups a minute and misses in ten minutes, then a block") {
    RateLimiter lim(10, 3, 15);
    for (int i = 0; i < 10; ++i)
        REQUIRE(lim.admit("198.51.100.1", kT0 + i * 1000) == 0);
    const int wait = lim.admit("198.51.100.1", kT0 + 11'000);
    CHECK(wait > 14 * 60);
    CHECK(wait <= 15 * 60);
    // Another address is not touched by it.
    CHECK(lim.admit("198.51.100.2", kT0 + 11'000) == 0);
    // Three misses block the next request, for the block's length.
    for (int i = 0; i < 3; ++i) {
        REQUIRE(lim.admit("198.51.100.3", kT0 + i) == 0);
        lim.miss("198.51.100.3", kT0 + i);
    }
    CHECK(lim.admit("198.51.100.3", kT0 + 10) > 0);
    CHECK(lim.admit("198.51.100.3", kT0 + 14 * 60'000) > 0);
    CHECK(lim.admit("198.51.100.3", kT0 + 15 * 60'000 + 10) == 0);
    // A steady client within the limit is never refused, hour after hour.
    RateLimiter steady(10, 0, 15);
    for (int i = 0; i < 600; ++i)
        REQUIRE(steady.admit("203.0.113.5", kT0 + i * 7'000) == 0);
}

TEST_CASE("rate limiter: a flood of 105,000 addresses keeps at most max_clients, and an address "
          "in use keeps its count") {
    RateLimiter lim(30, 20, 15, 1000);
    // The address in use misses nineteen times ...
    for (int i = 0; i < 19; ++i)
        lim.miss("192.0.2.1", kT0 + i);
    // ... while 105,000 other addresses miss once each (the attack of the
    // issue) over nine minutes, and it keeps asking every few seconds.
    for (int i = 0; i < 105'000; ++i) {
        const std::string a = "10." + std::to_string(i >> 16 & 255) + "." +
                              std::to_string(i >> 8 & 255) + "." + std::to_string(i & 255);
        (void)lim.admit(a, kT0 + 100 + i * 5);
        lim.miss(a, kT0 + 100 + i * 5);
        if (i % 500 == 0) REQUIRE(lim.admit("192.0.2.1", kT0 + 100 + i * 5) == 0);
        REQUIRE(lim.size() <= 1000);
    }
    CHECK(lim.size() == 1000);
    // Its nineteen misses are still counted: one more blocks it.
    lim.miss("192.0.2.1", kT0 + 530'000);
    CHECK(lim.admit("192.0.2.1", kT0 + 530'001) > 0);
}
