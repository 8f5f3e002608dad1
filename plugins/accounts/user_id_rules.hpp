// user_id_rules.hpp — the user-ID rules of SPEC.md §2.4 (ACC-UID-01…05); uniqueness (ACC-UID-06) needs the
// host and lives in the register route.
#pragma once

#include "violation.hpp"

#include <string_view>

namespace oqs::accounts {

inline constexpr int kMaxUserIdLength = 8;
// 使用できる文字：半角英数字 (ACC-UID-01): what the form's pattern says and checkUserId() checks.
inline constexpr const char* kUserIdPattern = "^[0-9A-Za-z]*$";

// The prefix an ID of this kind must start with at this institution kind ("A0", "R1", "F0"…), or "".
std::string_view requiredPrefix(std::string_view kind, std::string_view institutionKind);
// 3 for system accounts (since manual v1.10), 2 for the others.
int minUserIdLength(std::string_view kind);
// Checks in this order: required, half-width alphanumerics, length, the mandatory or the forbidden prefix.
Check checkUserId(std::string_view kind, std::string_view institutionKind, std::string_view userId);

}  // namespace oqs::accounts
