#include "cli/provision.hpp"

#include "audit/audit.hpp"

#include <algorithm>

namespace oqs::host {

Json NewInstitution::toJson() const {
    return {{"institution", institution.code},
            {"name", institution.name},
            {"accounts",
             {{{"kind", "master"}, {"user_id", masterId}, {"initial_password", masterPassword}},
              {{"kind", "master_reset"}, {"user_id", resetId}, {"initial_password", resetPassword}}}}};
}

oqs::Result<NewInstitution> provisionInstitution(Host& host, const std::string& code, const std::string& name,
                                                 const std::string& kind, const std::string& usageStart,
                                                 std::optional<std::string> ehrStart, bool pmhPilot,
                                                 const std::string& masterId, const std::string& resetId) {
    auto lease = host.pool().lease();
    Transaction tx(*lease);
    auto inst = host.identity().addInstitution(*lease, code, name, kind, usageStart, ehrStart, pmhPilot);
    if (!inst) return inst.error();
    // The master logs in before the usage start to set up the institution's accounts (HOST-MENU-10: the restricted
    // menu), so the two master accounts are usable from the day they are created, not from the usage start.
    std::string today = jstDate(host.clock().nowMs());
    std::string accountsStart = std::min(today, usageStart);
    auto master = host.identity().createAccount(*lease, *inst, "master", masterId, "マスタ", "マスタ", accountsStart,
                                                std::nullopt);
    if (!master) return master.error();
    auto reset = host.identity().createAccount(*lease, *inst, "master_reset", resetId, "マスタリセット",
                                               "マスタリセット", accountsStart, std::nullopt);
    if (!reset) return reset.error();
    appendAudit(*lease, host.clock().nowMs(),
                {code,
                 "",
                 "operator",
                 "cli",
                 "host",
                 "institution.add",
                 {{"name", name}, {"kind", kind}, {"usage_start", usageStart}}});
    tx.commit();
    return NewInstitution{*inst, masterId, master->second, resetId, reset->second};
}

}  // namespace oqs::host
