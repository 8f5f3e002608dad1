// messages.hpp — the host's own user-facing messages, by stable error code, in Japanese and English.
// Texts follow SPEC.md §9.1 where it suggests them (MSG-H01…H07).
#pragma once

#include "oqs/result.hpp"

#include <string>

namespace oqs::host {

// An Error with the host's Japanese message for `code` (and the given status).
oqs::Error hostError(int status, const std::string& code, nlohmann::json fields = nlohmann::json::object());
// Replaces the message of a host error with its English text when lang is "en" (plugin errors keep theirs).
void localize(oqs::Error& e, const std::string& lang);
// The text for a code in a language, or "" when the host has none.
std::string messageText(const std::string& code, const std::string& lang);

}  // namespace oqs::host
