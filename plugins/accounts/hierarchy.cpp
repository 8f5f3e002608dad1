#include "hierarchy.hpp"

#include <oqs/kinds.hpp>

#include <algorithm>

namespace oqs::accounts {

namespace {
bool has(const std::vector<std::string>& kinds, std::string_view k) {
    return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}
std::vector<std::string> strings(const Json& list) {
    std::vector<std::string> out;
    if (list.is_array())
        for (const auto& k : list)
            if (k.is_string()) out.push_back(k.get<std::string>());
    return out;
}
}  // namespace

bool Rights::mayRegister(std::string_view kind) const { return has(registers, kind); }
bool Rights::mayUpdate(std::string_view kind) const { return has(updates, kind); }
bool Rights::mayReset(std::string_view kind) const { return has(resets, kind); }

std::vector<std::string> Rights::searchScope() const {
    std::vector<std::string> out;
    for (auto k : kAccountKinds)
        if (mayUpdate(k) || mayReset(k)) out.emplace_back(k);
    return out;
}

oqs::Result<Rights> rightsOf(oqs::Ctx& ctx) {
    auto r = ctx.call("account.rights");
    if (!r) return r.error();
    return Rights{strings((*r)["register"]), strings((*r)["update"]), strings((*r)["reset"])};
}

std::string registerRefusal(std::string_view actor) {
    if (actor == kMaster) return "forbidden.register_by_master";
    if (actor == kAdmin) return "forbidden.register_by_admin";
    return "forbidden.register";
}

std::string updateRefusal(std::string_view target) {
    return target == kMaster || target == kMasterReset ? "forbidden.update_master" : "forbidden.update";
}

std::string resetRefusal(std::string_view target) {
    return target == kMasterReset ? "forbidden.reset_master_reset" : "forbidden.reset";
}

}  // namespace oqs::accounts
