// Reading and saving the institution's settings (SET-UPD, SPEC.md §3.6), and the related-institutions table.
//
// Saving is one logical operation in one transaction: the host validates and stores the values (every rule,
// choice and terms check is the host's, so a field another plugin contributes is enforced the same way) and
// writes the before/after audit row; this plugin records which terms version was accepted; then every session
// of the institution ends, the administrator's own included, because sessions keep the settings they were
// created with (HOST-SES-02) and the manual has everyone log in again (HOST-SET-02/03).
#include "settings_plugin.hpp"

#include <oqs/dates.hpp>

namespace settings_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;

oqs::Response readValues(oqs::Ctx& ctx, const oqs::Request&) {
    auto schema = ctx.call("settings.schema");
    if (!schema) return schema.error();
    return oqs::Response::json({{"values", (*schema)["values"]}, {"fields", (*schema)["fields"]}});
}

// The panel's form sends the settings values and, for each terms field, the checkbox "accept_terms.<key>".
struct SaveRequest {
    Json values = Json::object();
    Json acceptedTerms = Json::array();
};
SaveRequest splitForm(const Json& body) {
    SaveRequest out;
    const std::string prefix = kAcceptPrefix;
    for (const auto& [key, value] : body.items()) {
        if (key.rfind(prefix, 0) == 0) {
            if (value == true) out.acceptedTerms.push_back(key.substr(prefix.size()));
        } else {
            out.values[key] = value;
        }
    }
    return out;
}

// The terms fields this change turned on (the ones whose acceptance the host just required).
Json termsTurnedOn(const Json& fields, const Json& change) {
    Json keys = Json::array();
    for (const auto& f : fields) {
        if (!f.value("terms", false)) continue;
        const std::string key = f.value("key", "");
        const Json on = f.value("termsValue", Json());
        if (change["after"].value(key, Json()) == on && change["before"].value(key, Json()) != on) keys.push_back(key);
    }
    return keys;
}

oqs::Response saveValues(oqs::Ctx& ctx, const oqs::Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    SaveRequest save = splitForm(*body);

    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();  // the database stayed locked: 503, nothing saved
    auto schema = ctx.call("settings.schema");
    if (!schema) return schema.error();
    auto change = ctx.call("settings.update", {{"values", save.values}, {"accepted_terms", save.acceptedTerms}});
    if (!change) return change.error();
    const Json& changed = (*change)["changed"];
    if (changed.empty()) {
        // Nothing to take effect, so nobody is sent back to the login screen.
        if (auto c = tx.commit(); !c) return c.error();
        return oqs::Response::json({{"changed", changed},
                                    {"sessions_ended", 0},
                                    {"message", L("変更された設定項目はありません。", "No setting was changed.")}});
    }
    if (Json accepted = termsTurnedOn((*schema)["fields"], *change); !accepted.empty()) {
        auto terms = currentTerms(ctx);
        if (!terms) return terms.error();
        if (auto a = ctx.audit("settings.terms_accepted", {{"keys", accepted}, {"terms_version", terms->version}}); !a)
            return a.error();
    }
    auto ended = ctx.call("sessions.end_institution", {{"keep_current", false}});
    if (!ended) return ended.error();
    if (auto c = tx.commit(); !c) return c.error();
    return oqs::Response::json({{"changed", changed},
                                {"sessions_ended", (*ended)["ended"]},
                                {"message", L(kDoneJa,
                                              "The settings were updated. Log in again for them to take "
                                              "effect; every user must log in again, and a face-authentication "
                                              "card reader that is on must be switched off and on.")},
                                {"goto", "login"}});
}

// OQ-35: dates as yyyy/mm/dd, an empty 廃止年月日 while the institution is open.
std::string slashDate(const Json& iso) { return iso.is_string() ? oqs::dates::slashDate(iso.get<std::string>()) : ""; }

oqs::Response relatedInstitutions(oqs::Ctx& ctx, const oqs::Request&) {
    auto inst = ctx.call("institution.get");
    if (!inst) return inst.error();
    Json rows = Json::array();
    for (const auto& r : inst->value("related", Json::array()))
        rows.push_back({{"code", r.value("code", "")},
                        {"name", r.value("name", "")},
                        {"established", slashDate(r.value("established", Json()))},
                        {"closed", slashDate(r.value("closed", Json()))}});
    return oqs::Response::json({{"rows", rows}, {"total", rows.size()}});
}

}  // namespace

void registerRoutes(oqs::Plugin& p) {
    namespace S = oqs::schema;
    // Management accounts only (SET-01: 「（管理者のみ使用可能）」).
    p.route("GET", "/values", {oqs::kAdmin}, readValues, "The institution's settings and the fields that hold them")
        .answers(S::object({{"values", S::anyObject("{key: value}")}, {"fields", S::array(S::anyObject("a field"))}}));
    p.route("PATCH", "/values", {oqs::kAdmin}, saveValues,
            "Save the settings; ends every session of the institution so the new values apply from the next login")
        .acceptsSchema(S::anyObject("{\"<key>\": value, …, \"accept_terms.<key>\": true}; docs/settings.md"))
        .answers(S::object({{"changed", S::array(S::string())},
                            {"sessions_ended", S::integer()},
                            {"message", S::message()},
                            {"goto", S::oneOf({"login"})}},
                           {"goto"}));
    p.route("GET", "/related", {oqs::kAdmin}, relatedInstitutions, "The related institutions (関連医療機関情報)")
        .answers(S::page(S::object({{"code", S::string()},
                                    {"name", S::string()},
                                    {"established", S::string("yyyy/mm/dd")},
                                    {"closed", S::string("yyyy/mm/dd or empty")}})));
}

}  // namespace settings_plugin
