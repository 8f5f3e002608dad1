// plugin.cpp — the accounts plugin (SPEC.md §2): its manifest, menu entries and the pieces of accounts.hpp.
#include "accounts.hpp"

#include "bulk.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

void registerMenu(Plugin& p) {
    // ⑧ アカウント情報管理 (HOST-MENU-01a: 管理者のみ使用可能 also admits the master, and the master-reset
    // account on the update item so it can reach the master's password initialisation).
    auto item = [&](std::string id, Json label, int order, std::string panel, Kinds kinds) {
        // Accounts are set up before the institution starts using the System, hence beforeUsageStart.
        p.menu({.groupId = "accounts",
                .groupLabel = panel::L("アカウント情報管理", "Account management"),
                .groupOrder = 80,
                .id = std::move(id),
                .label = std::move(label),
                .order = order,
                .panel = std::move(panel),
                .kinds = std::move(kinds),
                .beforeUsageStart = true});
    };
    item("register", panel::L("アカウント管理（登録）", "Register accounts"), 10, "register", {kMaster, kAdmin});
    item("update", panel::L("アカウント管理（更新）", "Update accounts"), 20, "search",
         {kMaster, kMasterReset, kAdmin});
}

}  // namespace oqs::accounts

OQS_PLUGIN(accounts) {
    using namespace oqs::accounts;
    p.name(oqs::panel::L("アカウント情報管理", "Account management")).version("1.0.0");
    registerMigrations(p);
    registerMenu(p);
    registerRoutes(p);
    registerChangeRoutes(p);
    registerPanels(p);
    bulk::registerMenu(p);
    bulk::registerRoutes(p);
    bulk::registerPanels(p);
}
