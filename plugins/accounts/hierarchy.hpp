// hierarchy.hpp — who may act on whom (SPEC.md §2.2). The host enforces the same table on every identity
// operation; the plugin checks first so the user reads which rule stopped them (defence in depth, not trust).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace oqs::accounts {

// §2.2.1: master → admin; admin → general, medinfo, webapi, linkapp, face.
bool mayRegister(std::string_view actor, std::string_view target);
// §2.2.2 and ACC-PERM-01: the same pairs as register; nobody updates or deletes master or master_reset.
bool mayUpdate(std::string_view actor, std::string_view target);
// §2.2.4: master_reset → master, master → admin, admin → the five others; nobody resets master_reset.
bool mayResetPassword(std::string_view actor, std::string_view target);
// §2.2.3: the kinds the actor may update or reset, in the order of the 権限区分 dropdown.
std::vector<std::string> searchScope(std::string_view actor);
// The kinds the actor may register, in the dropdown's order.
std::vector<std::string> registrableKinds(std::string_view actor);
// The message key explaining a refusal of each action (messages.hpp).
std::string registerRefusal(std::string_view actor);
std::string updateRefusal(std::string_view target);
std::string resetRefusal(std::string_view target);

}  // namespace oqs::accounts
