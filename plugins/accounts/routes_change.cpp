// routes_change.cpp — update (ACC-UPD), delete (ACC-DEL) and password initialisation (ACC-PWI) of one account.
// The host checks the hierarchy on every operation and its refusal names the action and the kinds, so a route
// needs no account.rights call of its own: fromHost() words it (hierarchy.hpp).
#include "accounts.hpp"

#include "api_spec.hpp"

#include "field_check.hpp"
#include "forms.hpp"
#include "messages.hpp"
#include "sheet_token.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

using oqs::Request;
using oqs::Response;

Response updateAccount(Ctx& ctx, const Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    auto current = findAccount(ctx, req.param("user_id"));
    if (!current) return current.error();
    auto patch = readPatch(*body, *current);
    if (!patch) return patch.error();
    auto changed = ctx.call("account.update", patch->toHost(req.param("user_id")));
    if (!changed) return fromHost(changed.error());
    return Response::json(
        {{"message", label("done.update")}, {"account", accountRow((*changed)["after"])}, {"reload", true}});
}

Response deleteAccount(Ctx& ctx, const Request& req) {
    auto gone = ctx.call("account.delete", {{"user_id", req.param("user_id")}});
    if (!gone) return fromHost(gone.error());
    return Response::json({{"message", label("done.delete")}, {"goto", "menu"}});
}

Response resetPassword(Ctx& ctx, const Request& req) {
    std::string userId = req.param("user_id");
    auto tx = ctx.db().transaction();
    auto issued = ctx.call("account.reset_password", {{"user_id", userId}});
    if (!issued) return fromHost(issued.error());
    auto token =
        issueSheetToken(ctx, userId, {issued->value("initial_password", ""), issued->value("initial_expires_at", "")});
    if (!token) return token.error();
    if (auto c = tx.commit(); !c) return c.error();
    Json answer = credentialAnswer("done.reset", userId, *issued, *token);
    answer["reload"] = true;  // the lock shown on the screen is cleared too
    return Response::json(answer);
}

}  // namespace

void registerChangeRoutes(Plugin& p) {
    p.route("PATCH", "/accounts/{user_id}", {kMaster, kAdmin}, updateAccount,
            "Update name, kana, valid/invalid, unlock and dates (user ID and role never change)")
        .accepts(forms::patchFields())
        .answers(api::updateSchema());
    p.route("DELETE", "/accounts/{user_id}", {kMaster, kAdmin}, deleteAccount,
            "Delete an account; its user ID stays reserved for ever")
        .answers(api::messageSchema());
    p.route("POST", "/accounts/{user_id}/reset", {kMasterReset, kMaster, kAdmin}, resetPassword,
            "Initialise the password: a new initial password valid 30 days, the lock cleared", oqs::Body::None)
        .answers(api::credentialSchema());
}

}  // namespace oqs::accounts
