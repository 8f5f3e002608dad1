// clock.hpp — the host's one source of time, injectable so tests can move it (idle timeouts, 30-day expiry).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace oqs::host {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual int64_t nowMs() const = 0;  // UTC milliseconds since the epoch
};

class SystemClock final : public Clock {
  public:
    int64_t nowMs() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

class ManualClock final : public Clock {
  public:
    explicit ManualClock(int64_t startMs) : m_now(startMs) {}
    int64_t nowMs() const override { return m_now.load(); }
    void advanceMs(int64_t ms) { m_now += ms; }

  private:
    std::atomic<int64_t> m_now;
};

// Times are stored in UTC; business dates (usage start, account validity) are Japan-time calendar dates.
std::string isoUtc(int64_t ms);          // "2026-11-25T01:02:03Z"
std::string jstDate(int64_t ms);         // "2026-11-25" in Japan time
std::string jstDateTime(int64_t ms);     // "2026/11/25 10:02:03" in Japan time (for people)
bool validDate(const std::string& ymd);  // "yyyy-mm-dd" that exists in the calendar
// Accepts "yyyy-mm-dd", "yyyy/mm/dd" and "yyyymmdd" (HOST-UI-03); "" when invalid.
std::string normaliseDate(const std::string& s);
// "2026-11-28T12:55:30+09:00", "…Z", optional fraction: UTC milliseconds; nullopt when malformed or impossible.
std::optional<int64_t> parseRfc3339Ms(const std::string& s);
// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-date arithmetic, written anew).
int64_t daysFromCivil(int y, unsigned m, unsigned d);

}  // namespace oqs::host
