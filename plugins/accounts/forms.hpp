// forms.hpp — every field of the accounts screens, stated once. The panels show these specs, the routes check
// request bodies and search conditions against them with the SDK's checker (oqs/form.hpp: the code the client
// runs before it sends) and GET /api/openapi.json describes the routes from them. Where the manual's rule is richer
// than a field can say (user IDs, names, dates, the lock: user_id_rules.hpp, name_rules.hpp, field_check.cpp), the
// field takes its limits and its message from that rule, and the route answers the rule's own code.
#pragma once

#include <oqs/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oqs::accounts::forms {

// A select's choices: value and label, in the order shown.
using Choices = std::vector<std::pair<std::string, Json>>;

// 権限区分 as the screens show it, in both languages.
Json kindLabel(std::string_view kind);
// Every account kind, for the API: the host refuses a kind the caller may not use, naming the rule.
std::vector<std::string> allKinds();

// The register form (SPEC.md §2.6): kinds offered in this order; a system kind fills in its mandatory prefix for
// the institution kind (ACC-UID-05).
Json registerFields(const std::vector<std::string>& kinds, std::string_view institutionKind);
// The search conditions (§2.7): kinds are the caller's scope ("all" comes first).
Json searchFields(const std::vector<std::string>& kinds);
// The update form (§2.8) as the screen sends it: name, kana, 無効にする, the lock (ロック中 → なし only, OQ-15),
// the dates. `locked`: the account is locked now (the lock select is enabled only then).
Json updateFields(bool locked);
// The PATCH body an API client may send: the update form with every member optional (what is sent is changed),
// plus "valid" and "unlock", the API's spellings of 無効にする and ロック解除.
Json patchFields();

// The fields with the values of `values` (a search's query, an account row) as their initial values.
Json withValues(Json fields, const Json& values);

}  // namespace oqs::accounts::forms
