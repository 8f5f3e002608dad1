// dates.hpp — the date forms of the screens (HOST-UI-03, OQ-09) and Japan-time display of the host's UTC times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oqs::accounts {

// "2020/10/10", "2020-10-10" or "20201010" → "2020-10-10" (the host's form), when the date exists.
std::optional<std::string> normaliseDate(std::string_view text);
// "2020-10-10" → "2020/10/10" (the manual's form); "" stays "".
std::string displayDate(std::string_view isoDate);
// Milliseconds since the epoch (UTC) → "yyyy/mm/dd hh:mm[:ss]" in Japan time (UTC+9, no daylight saving).
std::string jstDateTime(int64_t utcMs, bool withSeconds = false);
// "2026-11-25T01:02:03Z" → milliseconds since the epoch, or nothing.
std::optional<int64_t> parseIsoUtc(std::string_view iso);

}  // namespace oqs::accounts
