// The per-address login throttle (login_throttle.hpp): its limit, its window and its bounded memory.
#include "http/login_throttle.hpp"

#include <gtest/gtest.h>
#include <chrono>
#include <thread>
#include <atomic>

#include <vector>

using oqs::host::LoginThrottle;

namespace {
constexpr int64_t kNow = 1795564800000LL;
void failMany(LoginThrottle& t, const std::string& remote, size_t n, int64_t at = kNow) {
    for (size_t i = 0; i < n; ++i) t.failed(remote, at);
}
}  // namespace

TEST(LoginThrottle, BlocksAtTheLimitForAMinute) {
    LoginThrottle t;
    failMany(t, "192.0.2.1", LoginThrottle::kLimit - 1);
    EXPECT_FALSE(t.blocked("192.0.2.1", kNow));
    t.failed("192.0.2.1", kNow);
    EXPECT_TRUE(t.blocked("192.0.2.1", kNow));
    EXPECT_FALSE(t.blocked("192.0.2.2", kNow));
    EXPECT_TRUE(t.blocked("192.0.2.1", kNow + LoginThrottle::kWindowMs));
    EXPECT_FALSE(t.blocked("192.0.2.1", kNow + LoginThrottle::kWindowMs + 1));
}

TEST(LoginThrottle, AskingCostsNoMemory) {
    LoginThrottle t;
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(t.blocked("198.51.100." + std::to_string(i), kNow));
    EXPECT_EQ(t.addresses(), 0u);
}

// Issue 10 item 20a: the table was cleared at 10,000 addresses, so a flood of other addresses reset everyone.
TEST(LoginThrottle, ManyOtherAddressesResetAThrottledOne) {
    LoginThrottle t(10000);
    failMany(t, "192.0.2.1", LoginThrottle::kLimit);
    ASSERT_TRUE(t.blocked("192.0.2.1", kNow));
    failMany(t, "192.0.2.2", LoginThrottle::kLimit - 1);  // busy, not yet throttled
    for (int i = 0; i < 10001; ++i)
        t.failed("10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1", kNow + 1);
    EXPECT_TRUE(t.blocked("192.0.2.1", kNow + 2));
    EXPECT_LE(t.addresses(), 10000u);
    // Entries whose minute has passed make room before anything else.
    int64_t later = kNow + LoginThrottle::kWindowMs + 10;
    failMany(t, "192.0.2.3", LoginThrottle::kLimit, later);
    EXPECT_TRUE(t.blocked("192.0.2.3", later));
    EXPECT_LE(t.addresses(), 10000u);
}

TEST(LoginThrottle, WhenEveryAddressIsThrottledTheOldestGoes) {
    LoginThrottle t(3);
    failMany(t, "a", LoginThrottle::kLimit, kNow);
    failMany(t, "b", LoginThrottle::kLimit, kNow + 1);
    failMany(t, "c", LoginThrottle::kLimit, kNow + 2);
    t.failed("d", kNow + 3);
    EXPECT_EQ(t.addresses(), 3u);
    EXPECT_FALSE(t.blocked("a", kNow + 3));
    EXPECT_TRUE(t.blocked("b", kNow + 3));
    EXPECT_TRUE(t.blocked("c", kNow + 3));
}

// Issue 19: attempts in flight hold their place. 30 attempts taken and not yet judged leave no room for a 31st;
// the ones that succeed give their place back, the ones that fail keep it, and a success leaves no trace.
TEST(LoginThrottle, AttemptsInFlightCountBeforeTheirVerdict) {
    LoginThrottle t;
    std::vector<LoginThrottle::Slot> inFlight;
    for (size_t i = 0; i < LoginThrottle::kLimit; ++i) {
        inFlight.push_back(t.take("192.0.2.1", kNow));
        ASSERT_TRUE(inFlight.back());
    }
    EXPECT_TRUE(t.take("192.0.2.2", kNow));  // another address is not held up (and gives its place back)
    // A 31st attempt waits for a verdict: ten wrong passwords leave it waiting, a right one lets it in.
    std::atomic<int> got{-1};
    std::thread waiter([&] { got = t.take("192.0.2.1", kNow) ? 1 : 0; });
    for (size_t i = 0; i < 10; ++i) inFlight[i].keep();  // ten wrong passwords
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(got, -1);   // still waiting: 10 failures + 20 being judged fill the limit
    inFlight.pop_back();  // one right password gives its place back
    waiter.join();
    EXPECT_EQ(got, 1);
    inFlight.clear();  // the other right ones
    EXPECT_FALSE(t.blocked("192.0.2.1", kNow));
    failMany(t, "192.0.2.1", LoginThrottle::kLimit - 10 - 1);
    EXPECT_TRUE(t.take("192.0.2.1", kNow));
    failMany(t, "192.0.2.1", 1);
    EXPECT_FALSE(t.take("192.0.2.1", kNow));  // the failures alone reach the limit: refused at once
    EXPECT_TRUE(t.blocked("192.0.2.1", kNow));
    LoginThrottle fresh;
    { auto ok = fresh.take("192.0.2.9", kNow); }
    EXPECT_EQ(fresh.addresses(), 0u);
}

// Wrong passwords sent all at once never get more than the limit judged: the ones waiting for a verdict are
// refused as soon as the failures fill the limit.
TEST(LoginThrottle, WaitersAreRefusedWhenTheVerdictsAreFailures) {
    LoginThrottle t;
    std::vector<LoginThrottle::Slot> inFlight;
    for (size_t i = 0; i < LoginThrottle::kLimit; ++i) inFlight.push_back(t.take("192.0.2.1", kNow));
    std::atomic<int> refused{0};
    std::vector<std::thread> waiters;
    for (int i = 0; i < 5; ++i)
        waiters.emplace_back([&] {
            if (!t.take("192.0.2.1", kNow)) ++refused;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (auto& s : inFlight) s.keep();
    for (auto& w : waiters) w.join();
    EXPECT_EQ(refused, 5);
    EXPECT_TRUE(t.blocked("192.0.2.1", kNow));
}
