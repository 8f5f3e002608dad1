// The accounts screens' date forms, now the SDK's (oqs/dates.hpp): one implementation for the host and every
// plugin. Kept as named here so the plugin's many callers read as before.
#include "dates.hpp"

#include <oqs/dates.hpp>

namespace oqs::accounts {

std::optional<std::string> normaliseDate(std::string_view text) { return oqs::dates::isoDate(text); }
std::string displayDate(std::string_view isoDate) { return oqs::dates::slashDate(isoDate); }
std::string jstDateTime(int64_t utcMs, bool withSeconds) { return oqs::dates::japanDateTime(utcMs, withSeconds); }
std::optional<int64_t> parseIsoUtc(std::string_view iso) { return oqs::dates::parseIsoUtc(iso); }

}  // namespace oqs::accounts
