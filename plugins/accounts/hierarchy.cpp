#include "hierarchy.hpp"

#include "messages.hpp"

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

oqs::Error refusal(const oqs::Error& hostRefusal) {
    const Json& p = hostRefusal.params;
    const std::string action = p.value("action", ""), actor = p.value("actor", ""), kind = p.value("kind", "");
    std::string key;
    if (action == "register" && (actor == kMaster || actor == kAdmin)) key = registerRefusal(actor);
    else if (action == "update" && (kind == kMaster || kind == kMasterReset)) key = "forbidden.update_master";
    else if (action == "reset" && kind == kMasterReset) key = "forbidden.reset_master_reset";
    oqs::Error e = key.empty() ? hostRefusal : error(403, key);
    e.status = 403;
    e.code = "accounts.forbidden";
    e.params = p;
    e.fields = Json::object();
    return e;
}

}  // namespace oqs::accounts
