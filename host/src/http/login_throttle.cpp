#include "http/login_throttle.hpp"

#include <algorithm>
#include <chrono>

namespace oqs::host {

void LoginThrottle::slide(Times& t, int64_t nowMs) {
    while (!t.empty() && nowMs - t.front() > kWindowMs) t.pop_front();
}

bool LoginThrottle::blocked(const std::string& remote, int64_t nowMs) {
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(remote);  // never inserts: a successful login costs no memory
    if (it == m_failures.end()) return false;
    slide(it->second, nowMs);
    return it->second.size() >= m_limit;
}

LoginThrottle::Times& LoginThrottle::entry(const std::string& remote, int64_t nowMs) {
    auto it = m_failures.find(remote);
    if (it == m_failures.end()) {
        if (m_failures.size() >= m_maxAddresses) makeRoom(nowMs);
        it = m_failures.emplace(remote, Times()).first;
    }
    slide(it->second, nowMs);
    return it->second;
}

void LoginThrottle::failed(const std::string& remote, int64_t nowMs) {
    std::lock_guard lock(m_mutex);
    Times& t = entry(remote, nowMs);
    t.push_back(nowMs);
    if (t.size() > m_limit) t.pop_front();  // only "at the limit or not" matters, so m_limit times are enough
}

LoginThrottle::Slot LoginThrottle::take(const std::string& remote, int64_t nowMs) {
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kVerdictWaitMs);
    for (;;) {
        size_t failures = 0;
        if (auto it = m_failures.find(remote); it != m_failures.end()) {
            slide(it->second, nowMs);
            failures = it->second.size();
        }
        if (failures >= m_limit) return {};  // at the limit: refused, nothing stored
        size_t& judged = m_inFlight[remote];
        if (failures + judged < m_limit) {
            ++judged;
            return Slot(this, remote, nowMs);
        }
        if (m_verdict.wait_until(lock, deadline) == std::cv_status::timeout) {
            if (auto it = m_inFlight.find(remote); it != m_inFlight.end() && it->second == 0) m_inFlight.erase(it);
            return {};
        }
    }
}

void LoginThrottle::settle(const std::string& remote, int64_t at, bool failure) {
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_inFlight.find(remote); it != m_inFlight.end() && --it->second == 0) m_inFlight.erase(it);
        if (failure) {
            Times& t = entry(remote, at);
            t.push_back(at);
            if (t.size() > m_limit) t.pop_front();
        }
    }
    m_verdict.notify_all();
}

int64_t LoginThrottle::retryAfterSeconds(const std::string& remote, int64_t nowMs) {
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(remote);
    if (it == m_failures.end() || it->second.empty()) return 1;
    int64_t waitMs = kWindowMs - (nowMs - it->second.front()) + 1;
    return std::max<int64_t>(1, (waitMs + 999) / 1000);
}

size_t LoginThrottle::addresses() {
    std::lock_guard lock(m_mutex);
    return m_failures.size();
}

// One pass over a full table (10,000 entries: well under a millisecond, next to the Argon2id verification every
// counted failure already costs).
void LoginThrottle::makeRoom(int64_t nowMs) {
    auto victim = m_failures.end(), throttledVictim = m_failures.end();
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        slide(it->second, nowMs);
        if (it->second.empty()) {
            it = m_failures.erase(it);
            continue;
        }
        auto& best = it->second.size() >= m_limit ? throttledVictim : victim;
        if (best == m_failures.end() || it->second.back() < best->second.back()) best = it;
        ++it;
    }
    if (m_failures.size() < m_maxAddresses) return;
    m_failures.erase(victim != m_failures.end() ? victim : throttledVictim);
}

}  // namespace oqs::host
