// hierarchy.hpp — who may act on whom (SPEC.md §2.2). The table lives in the host, which enforces it on every
// identity operation; the plugin reads the caller's rights from it (account.rights) to offer only what will be
// allowed, and words each refusal the host answers with the rule that stopped the user.
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

// The message key explaining a refusal of each action (messages.hpp).
std::string registerRefusal(std::string_view actor);
std::string updateRefusal(std::string_view target);
std::string resetRefusal(std::string_view target);

}  // namespace oqs::accounts
