// login_throttle.hpp — failed logins per client address. Beyond kLimit failures in a minute the address gets 429
// until its window slides. The per-account lock stops guessing one password; this stops spraying many accounts
// from one place.
//
// Memory is bounded (maxAddresses), and a flood of other addresses must not reset a throttled one: when the table
// is full, addresses whose window has passed go first, then the least recently failing address that is not
// throttled; a throttled address goes only when every address in the table is throttled.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace oqs::host {

class LoginThrottle {
  public:
    static constexpr size_t kLimit = 30;  // failed logins a minute from one address
    static constexpr int64_t kWindowMs = 60000;

    // `limit` events a minute per address; the public routes count every request with a second instance.
    explicit LoginThrottle(size_t maxAddresses = 10000, size_t limit = kLimit)
        : m_maxAddresses(maxAddresses), m_limit(limit) {}
    bool blocked(const std::string& remote, int64_t nowMs);
    void failed(const std::string& remote, int64_t nowMs);

    // One attempt's place in its address's count, taken before the attempt is judged. Destroyed without keep()
    // (a right password) it is given back; kept (a failure, or every request counts) it becomes a failure in the
    // window. Attempts sent at the same moment therefore see each other: asking blocked() and then calling failed()
    // after an Argon2id verification let 60 simultaneous wrong passwords from one address all be tried against a
    // limit of 30.
    class Slot {
      public:
        Slot() = default;
        Slot(LoginThrottle* owner, std::string remote, int64_t at)
            : m_owner(owner), m_remote(std::move(remote)), m_at(at) {}
        Slot(Slot&& o) noexcept : m_owner(o.m_owner), m_remote(std::move(o.m_remote)), m_at(o.m_at) {
            o.m_owner = nullptr;
        }
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (m_owner) m_owner->settle(m_remote, m_at, false);
        }
        explicit operator bool() const { return m_owner != nullptr; }  // false: the address is at its limit
        void keep() {
            if (m_owner) m_owner->settle(m_remote, m_at, true);
            m_owner = nullptr;
        }

      private:
        LoginThrottle* m_owner = nullptr;
        std::string m_remote;
        int64_t m_at = 0;
    };
    // A slot, or an empty one (nothing taken) when the address has reached its limit of failures in the window.
    // When only attempts still being judged fill the limit, it waits for their verdicts (at most kVerdictWaitMs)
    // instead of refusing: 200 colleagues behind one hospital address logging in at nine o'clock are not a spray,
    // and each right password gives its place back; wrong ones never get more than the limit judged.
    Slot take(const std::string& remote, int64_t nowMs);
    static constexpr int64_t kVerdictWaitMs = 30000;
    // Seconds until a blocked address may try again (for Retry-After); at least 1.
    int64_t retryAfterSeconds(const std::string& remote, int64_t nowMs);
    size_t addresses();

  private:
    using Times = std::deque<int64_t>;  // the address's failures in the window, oldest first, at most kLimit
    static void slide(Times& t, int64_t nowMs);
    void makeRoom(int64_t nowMs);
    Times& entry(const std::string& remote, int64_t nowMs);            // under m_mutex; makes room for a new address
    void settle(const std::string& remote, int64_t at, bool failure);  // a Slot's verdict

    size_t m_maxAddresses;
    size_t m_limit;
    std::mutex m_mutex;
    std::condition_variable m_verdict;  // a Slot was settled
    std::map<std::string, Times> m_failures;
    std::map<std::string, size_t> m_inFlight;  // attempts being judged per address (only while they are)
};

}  // namespace oqs::host
