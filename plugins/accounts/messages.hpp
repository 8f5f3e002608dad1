// messages.hpp — every error and completion text of the accounts plugin, by stable code (SPEC.md §9.2).
//
// Rules return codes; the routes turn a code into the caller's language here, so a text is written once and tests
// assert on the code, never on the wording.
#pragma once

#include <nlohmann/json.hpp>
#include <oqs/result.hpp>
#include <string>
#include <string_view>

namespace oqs::accounts {

// The text of a code in "ja" (default) or "en"; "{p}" in the text is replaced by param (a prefix or a length).
std::string message(std::string_view code, std::string_view lang, std::string_view param = {});
// The {"ja","en"} label of a code, for panels and answers the client renders in either language.
nlohmann::json label(std::string_view code, std::string_view param = {});
// An error with the code's texts in both languages; the host shows the caller's (oqs/result.hpp).
oqs::Error error(int status, std::string_view code, std::string_view param = {});

}  // namespace oqs::accounts
