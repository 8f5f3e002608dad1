// hierarchy.hpp — who may act on whom (SPEC.md §2.2). The table lives in the host, which enforces it on every
// identity operation and names the action, the actor's kind and the target's kind in its refusal; the plugin reads
// the caller's rights (account.rights) only to offer what will be allowed on its screens and in a bulk file.
#pragma once

#include <oqs/ctx.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oqs::accounts {

struct Rights {
    std::vector<std::string> registers, updates, resets;  // kinds, in the order of the 権限区分 dropdown
    bool mayRegister(std::string_view kind) const;
    bool mayUpdate(std::string_view kind) const;  // also delete (ACC-PERM-01)
    bool mayReset(std::string_view kind) const;
    // §2.2.3: the kinds the caller may update or reset, which search and read show.
    std::vector<std::string> searchScope() const;
};
oqs::Result<Rights> rightsOf(oqs::Ctx& ctx);

// The message key explaining why that kind may not register an account of a kind (messages.hpp).
std::string registerRefusal(std::string_view actor);
// The host's refusal (identity.forbidden with params action/actor/kind) as 403 accounts.forbidden: in the
// manual's words where SPEC.md §2.2 gives them (the master registers administrators only, the master account is
// never updated, the master-reset account's password is reset by the operator), else the host's text, which names
// the action and the kind (「管理アカウントは、管理アカウントを更新できません。」).
oqs::Error refusal(const oqs::Error& hostRefusal);

}  // namespace oqs::accounts
