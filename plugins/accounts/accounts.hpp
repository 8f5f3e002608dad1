// accounts.hpp — the parts of the accounts plugin the entry file assembles, and what its routes share.
#pragma once

#include <oqs/plugin.hpp>

#include <string>

namespace oqs::accounts {

// Table of contents (plugin.cpp calls these; each lives in its own file).
void registerMigrations(oqs::Plugin& p);    // migrations.cpp
void registerRoutes(oqs::Plugin& p);        // routes.cpp: register, search, read, the sheet (PDF)
void registerChangeRoutes(oqs::Plugin& p);  // routes_change.cpp: update, delete, password reset
void registerPanels(oqs::Plugin& p);        // panels.cpp: register, search, edit
void registerMenu(oqs::Plugin& p);          // plugin.cpp

// [SECTION] Shared by the routes and panels (routes_common.cpp)
// The account as a result row: raw values plus the labels the screens show (yyyy/mm/dd dates, 有効/ロック中…).
Json accountRow(const Json& account);
// account.get as the caller; 404 accounts.not_found outside the caller's scope.
oqs::Result<Json> findAccount(oqs::Ctx& ctx, const std::string& userId);
// A host identity error in the plugin's vocabulary (identity.user_id.taken → accounts.user_id.taken, a hierarchy
// refusal → accounts.forbidden naming the rule …), in both languages: the host shows the caller's.
oqs::Error fromHost(const oqs::Error& e);
// Gives an accounts.* error both texts of its code (messages.hpp).
oqs::Error inBothLanguages(oqs::Error e);
// "MED" or "PHA" of the caller's institution.
std::string institutionKind(oqs::Ctx& ctx);
// The completion answer that shows a user ID and a fresh initial password, with the PDF as a follow-up.
Json credentialAnswer(const std::string& messageKey, const std::string& userId, const Json& issued,
                      const std::string& token);
std::string sheetPath(const std::string& userId);

}  // namespace oqs::accounts
