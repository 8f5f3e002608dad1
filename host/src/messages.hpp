// messages.hpp — the host's own user-facing messages, by stable error code, in Japanese and English.
// Texts follow SPEC.md §9.1 where it suggests them (MSG-H01…H07). Every Error the host makes carries both
// languages (oqs/result.hpp); the envelope shows the caller's (sendError, and plugin answers in callPlugin).
#pragma once

#include "oqs/result.hpp"

#include <string>

namespace oqs::host {

// An Error with the host's Japanese and English message for `code` (and the given status).
oqs::Error hostError(int status, const std::string& code, nlohmann::json fields = nlohmann::json::object());
// The error as the caller reads it: the host's text for its code where the error has no English of its own, then
// message and field texts in `lang` (oqs::Error::localized).
void localize(oqs::Error& e, const std::string& lang);
// The text for a code in a language, or "" when the host has none.
std::string messageText(const std::string& code, const std::string& lang);
// {"ja","en"} of a code, for a per-field text the envelope localises.
nlohmann::json bilingual(const std::string& code);

// 403 identity.forbidden for a refusal by the hierarchy of SPEC.md §2.2, naming who was refused (actor kind),
// which action (register, update, delete, reset) and on which kind of account, in both languages:
// 「管理アカウントは、管理アカウントを更新できません。」. params carry the three as codes and words.
oqs::Error hierarchyRefusal(const std::string& action, const std::string& actorKind, const std::string& targetKind);

}  // namespace oqs::host
