#include "login_throttle.hpp"

#include <algorithm>

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
    std::lock_guard lock(m_mutex);
    if (auto it = m_failures.find(remote); it != m_failures.end()) {  // at the limit: refused, nothing stored
        slide(it->second, nowMs);
        if (it->second.size() >= m_limit) return {};
    }
    entry(remote, nowMs).push_back(nowMs);
    return Slot(this, remote, nowMs);
}

void LoginThrottle::giveBack(const std::string& remote, int64_t at) {
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(remote);
    if (it == m_failures.end()) return;  // made room for others meanwhile: nothing to give back
    Times& t = it->second;
    for (auto i = t.rbegin(); i != t.rend(); ++i)
        if (*i == at) {
            t.erase(std::next(i).base());
            break;
        }
    if (t.empty()) m_failures.erase(it);  // a successful login leaves no trace
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
