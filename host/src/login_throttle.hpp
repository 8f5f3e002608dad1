// login_throttle.hpp — failed logins per client address. Beyond kLimit failures in a minute the address gets 429
// until its window slides. The per-account lock stops guessing one password; this stops spraying many accounts
// from one place.
//
// Memory is bounded (maxAddresses), and a flood of other addresses must not reset a throttled one: when the table
// is full, addresses whose window has passed go first, then the least recently failing address that is not
// throttled; a throttled address goes only when every address in the table is throttled.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace oqs::host {

class LoginThrottle {
  public:
    static constexpr size_t kLimit = 30;         // failed logins a minute from one address
    static constexpr int64_t kWindowMs = 60000;

    // `limit` events a minute per address; the public routes count every request with a second instance.
    explicit LoginThrottle(size_t maxAddresses = 10000, size_t limit = kLimit)
        : m_maxAddresses(maxAddresses), m_limit(limit) {}
    bool blocked(const std::string& remote, int64_t nowMs);
    void failed(const std::string& remote, int64_t nowMs);
    // Seconds until a blocked address may try again (for Retry-After); at least 1.
    int64_t retryAfterSeconds(const std::string& remote, int64_t nowMs);
    size_t addresses();

  private:
    using Times = std::deque<int64_t>;  // the address's failures in the window, oldest first, at most kLimit
    static void slide(Times& t, int64_t nowMs);
    void makeRoom(int64_t nowMs);

    size_t m_maxAddresses;
    size_t m_limit;
    std::mutex m_mutex;
    std::map<std::string, Times> m_failures;
};

}  // namespace oqs::host
