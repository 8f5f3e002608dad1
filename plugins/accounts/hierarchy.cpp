#include "hierarchy.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {
bool isManagedByAdmin(std::string_view k) {
    return k == kGeneral || k == kMedinfo || k == kWebapi || k == kLinkapp || k == kFace;
}
}  // namespace

bool mayRegister(std::string_view actor, std::string_view target) {
    if (actor == kMaster) return target == kAdmin;
    if (actor == kAdmin) return isManagedByAdmin(target);
    return false;
}

bool mayUpdate(std::string_view actor, std::string_view target) { return mayRegister(actor, target); }

bool mayResetPassword(std::string_view actor, std::string_view target) {
    return (actor == kMasterReset && target == kMaster) || mayRegister(actor, target);
}

std::vector<std::string> searchScope(std::string_view actor) {
    std::vector<std::string> out;
    for (auto k : kAccountKinds)
        if (mayUpdate(actor, k) || mayResetPassword(actor, k)) out.emplace_back(k);
    return out;
}

std::vector<std::string> registrableKinds(std::string_view actor) {
    std::vector<std::string> out;
    for (auto k : kAccountKinds)
        if (mayRegister(actor, k)) out.emplace_back(k);
    return out;
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
