#include "user_id_rules.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

bool isAsciiAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// ACC-UID-04: R0–R9, A0–A9, F0–F9 are kept for system accounts. OQ-12: compared ignoring case, so "a0x" is
// refused too — a lower-case look-alike would confuse the people who read IDs out to each other.
bool hasSystemPrefix(std::string_view id) {
    if (id.size() < 2) return false;
    char first = char(id[0] & ~0x20);  // ASCII upper case
    return (first == 'R' || first == 'A' || first == 'F') && id[1] >= '0' && id[1] <= '9';
}
}  // namespace

std::string_view requiredPrefix(std::string_view kind, std::string_view institutionKind) {
    bool pharmacy = institutionKind == kPha;
    if (kind == kWebapi) return pharmacy ? "A1" : "A0";
    if (kind == kLinkapp) return pharmacy ? "R1" : "R0";
    if (kind == kFace) return "F0";  // the same for both institution kinds
    return "";
}

int minUserIdLength(std::string_view kind) { return isSystemKind(kind) ? 3 : 2; }

Check checkUserId(std::string_view kind, std::string_view institutionKind, std::string_view userId) {
    if (userId.empty()) return Violation{"accounts.required", ""};
    // Every character must be ASCII alphanumeric, so from here on bytes and characters are the same thing; a
    // multi-byte (full-width) character fails here before its bytes could be counted as length.
    for (char c : userId)
        if (!isAsciiAlnum(c)) return Violation{"accounts.user_id.charset", ""};
    int min = minUserIdLength(kind);
    if (int(userId.size()) < min || int(userId.size()) > kMaxUserIdLength)
        return Violation{"accounts.user_id.length", std::to_string(min)};
    auto prefix = requiredPrefix(kind, institutionKind);
    if (!prefix.empty()) {
        // Mandatory prefixes are upper case exactly as the manual prints them (OQ-12).
        if (userId.substr(0, prefix.size()) != prefix) return Violation{"accounts.user_id.prefix", std::string(prefix)};
        return std::nullopt;
    }
    // OQ-13: the forbidden prefixes apply to administrators too.
    if (hasSystemPrefix(userId)) return Violation{"accounts.user_id.forbidden_prefix", ""};
    return std::nullopt;
}

}  // namespace oqs::accounts
