// Codes, device tokens and the small text rules every route shares.
#include "activation.hpp"

#include <oqs/text.hpp>

#include <sodium.h>

#include <cstdio>
#include <ctime>

namespace activation {

namespace {
// libsodium must be initialised once before its generator is used; sodium_init is safe to call again and from
// several threads (it answers 1 when already done).
bool sodiumReady() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}
}  // namespace

std::string newCode() {
    if (!sodiumReady()) return {};
    // Two independent draws of 0…999,999: randombytes_uniform rejects the values that would bias the remainder,
    // so each of the 10^12 codes is equally likely.
    char out[kCodeDigits + 1];
    std::snprintf(out, sizeof out, "%06u%06u", randombytes_uniform(1000000), randombytes_uniform(1000000));
    return out;
}

bool isCode(std::string_view s) {
    if (s.size() != size_t(kCodeDigits)) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string newDeviceToken() {
    if (!sodiumReady()) return {};
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char hex[sizeof raw * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return hex;
}

std::string tokenHash(std::string_view token) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string japanTime(int64_t ms) {
    std::time_t t = std::time_t(ms / 1000) + 9 * 3600;  // JST has no daylight saving
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y/%m/%d %H:%M:%S", &tm);
    return out;
}

bool acceptableText(std::string_view s, size_t maxChars) {
    if (!oqs::text::validUtf8(s) || oqs::text::chars(s) > maxChars) return false;
    for (uint32_t cp : oqs::text::codepoints(s))
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) return false;
    return true;
}

std::string maskedCode(std::string_view code) {
    if (code.size() <= 4) return std::string(code.size(), '*');
    return std::string(code.size() - 4, '*') + std::string(code.substr(code.size() - 4));
}

bool homeVisitOn(oqs::Ctx& ctx) {
    // Read now, not from the session's snapshot: the switch may have been turned off since this login.
    auto s = ctx.call("settings.get");
    if (!s) return false;
    return s->value("values", Json::object()).value("settings.home_visit", "") == "use";
}

int64_t activationDelayMs(oqs::Ctx& ctx) {
    const Json& o = ctx.options();
    auto it = o.find("activationDelayMinutes");
    if (it == o.end() || !it->is_number_integer()) return 0;
    int64_t minutes = it->get<int64_t>();
    return minutes > 0 && minutes <= 24 * 60 ? minutes * 60000 : 0;  // a day at most; nonsense means none
}

}  // namespace activation
