// violation.hpp — what a field rule answers: nothing when the value passes, else a stable code and its parameter.
#pragma once

#include <optional>
#include <string>

namespace oqs::accounts {

struct Violation {
    std::string code;   // "accounts.user_id.prefix"
    std::string param;  // fills "{p}" in the message: a prefix, a length, a field label
};
using Check = std::optional<Violation>;

}  // namespace oqs::accounts
