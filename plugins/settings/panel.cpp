// ［環境設定情報更新］ (SPEC.md §3.3): built at request time from the host's settings catalog, so a field any loaded
// plugin contributes appears with its section, label, choices, hint, caution and enabling rule — the plugin knows
// none of the fields by name. The client mirrors the host's rules; the host checks them all again on save.
#include "settings_plugin.hpp"

#include <oqs/rules.hpp>

#include <algorithm>

namespace settings_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;
namespace P = oqs::panel;

// The client evaluates rules over the form's values only, so a leaf over a host flag ("$ehr_available") is
// replaced by its value now: true becomes null (always true), false a test no value passes ("in": []).
Json bindFlags(const Json& rule, const Json& flags) {
    if (!rule.is_object()) return rule;
    Json out = rule;
    for (const char* list : {"all", "any"})
        if (auto it = rule.find(list); it != rule.end() && it->is_array()) {
            out[list] = Json::array();
            for (const auto& r : *it) out[list].push_back(bindFlags(r, flags));
            return out;
        }
    if (auto it = rule.find("not"); it != rule.end()) {
        Json inner = bindFlags(*it, flags);
        // not(always true) must stay "never": write it as the never-leaf rather than {"not": null}.
        return inner.is_null() ? Json{{"field", "$"}, {"in", Json::array()}} : Json{{"not", inner}};
    }
    std::string field = rule.value("field", "");
    if (field.empty() || field[0] != '$') return rule;
    return oqs::evalRule(rule, flags) ? Json() : Json{{"field", field}, {"in", Json::array()}};
}

// True when the (flag-bound) rule can never hold, so the client need not be given it.
bool never(const Json& rule) {
    if (!rule.is_object()) return false;
    if (auto it = rule.find("all"); it != rule.end() && it->is_array())
        return std::any_of(it->begin(), it->end(), [](const Json& r) { return never(r); });
    if (auto it = rule.find("any"); it != rule.end() && it->is_array())
        return !it->empty() && std::all_of(it->begin(), it->end(), [](const Json& r) { return never(r); });
    auto in = rule.find("in");
    return in != rule.end() && in->is_array() && in->empty();
}

// What the terms dialog (［利用規約同意確認］) shows: the current terms, then the manual's prompt.
Json termsDialog(const Terms& terms) {
    return L("［利用規約同意確認］\n\n" + terms.textJa + "\n\n" + kTermsPromptJa,
             "[Terms of use]\n\n" + terms.textEn + "\n\nAccept the terms of use and press OK.");
}

// One catalog field as a form field; terms fields also add the acceptance checkbox the save route reads.
void addField(std::vector<Json>& out, const Json& f, const Json& values, const Json& flags, const Terms& terms) {
    const std::string key = f.value("key", "");
    const std::string type = f.value("type", "text");
    // The catalog guarantees label, section, offValue (with a rule) and termsValue (with terms); value() keeps a
    // malformed entry from asserting all the same.
    const Json sectionLabel = f.value("section", Json::object()).value("label", L(""));
    P::Field field(key, type, f.value("label", L(key)));
    field.value(values.value(key, f.value("default", Json()))).section(sectionLabel);
    if (f.value("required", false)) field.required();
    if (int max = f.value("maxLength", 0); type == "text" && max > 0) field.max(max);
    for (const auto& c : f.value("choices", Json::array())) field.option(c["value"], c["label"]);
    if (f.contains("hint")) field.hint(f["hint"]);
    if (f.contains("caution")) field.caution(f["caution"]);
    if (f.contains("enabledWhen")) {
        Json rule = bindFlags(f["enabledWhen"], flags);
        if (!rule.is_null()) field.enabledWhen(rule).offValue(f.value("offValue", Json()));
    }
    if (!f.value("terms", false)) {
        // A field's own warning (e.g. subsidies at a non-pilot institution, OQ-32); cancel keeps the old value.
        if (auto c = f.find("confirmWhen"); c != f.end() && c->is_object()) {
            Json rule = bindFlags(c->value("rule", Json()), flags);
            Json stored = values.value(key, Json());
            Json revert =
                oqs::evalRule(rule, Json{{key, stored}}) ? f.value("offValue", f.value("default", Json())) : stored;
            if (!never(rule)) field.confirmWhen(rule, c->value("text", L("")), revert);
        }
        out.push_back(field);
        return;
    }
    // SET-R9 / OQ-33: choosing the terms value asks for consent; cancel puts the value back. Choosing it also
    // ticks the acceptance box (shown while the field has that value), which the host requires when it turns on.
    const Json on = f.value("termsValue", Json());
    Json stored = values.value(key, Json());
    Json revert = stored != on ? stored : f.value("offValue", f.value("default", Json()));
    Json whenOn = oqs::rule::equals(key, on);
    field.confirmWhen(whenOn, termsDialog(terms), revert);
    if (stored == on) {
        out.push_back(field);  // already accepted when it was turned on
        return;
    }
    const std::string acceptId = std::string(kAcceptPrefix) + key;
    Json j = field;
    for (auto& o : j["options"])
        if (o["value"] == on) o["fills"] = Json{{acceptId, true}};
    out.push_back(j);
    out.push_back(P::Field(acceptId, "checkbox", L("利用規約に同意する", "I accept the terms of use"))
                      .value(false)
                      .visibleWhen(whenOn)
                      .section(sectionLabel));
}

oqs::Result<Json> settingsPanel(oqs::Ctx& ctx, const oqs::Request&) {
    auto schema = ctx.call("settings.schema");
    if (!schema) return schema.error();
    auto terms = currentTerms(ctx);
    if (!terms) return terms.error();

    std::vector<Json> fields;
    for (const auto& f : (*schema)["fields"]) addField(fields, f, (*schema)["values"], (*schema)["flags"], *terms);

    using P::Action;
    return P::panel(
        "main", L("環境設定情報更新", "Environment settings"),
        {
            P::section("area_institution", L("医療機関情報", "Institution"),
                       {
                           P::readonly("code", L("医療機関コード", "Institution code"), ctx.institutionCode()),
                           P::readonly("name", L("医療機関名", "Institution name"), ctx.institutionName()),
                       }),
            P::text(L("＊の項目は必須入力です。", "Items marked * are required."), "note"),
            P::form("settings", fields),
            P::section("area_related", L("関連医療機関情報", "Related institutions"),
                       {
                           P::Table("related", "GET", "related")
                               .column("code", L("医療機関コード", "Institution code"))
                               .column("name", L("医療機関名", "Institution name"))
                               .column("established", L("新設年月日", "Established"))
                               .column("closed", L("廃止年月日", "Closed"))
                               .empty(L("関連医療機関はありません。", "No related institutions."))
                               .autoLoad(),
                       }),
            P::section("area_terms", L("利用規約表示", "Terms of use"),
                       {
                           P::actions({Action("terms", L("表示する", "Show")).call("GET", "terms")}),
                       }),
            P::text(
                L("本操作はシステム全体に係る環境設定変更のため、一般利用者、医療情報閲覧者が本システムを利用していない"
                  "状態で実施してください。更新すると、全ての利用者は再度ログインする必要があります。",
                  "This changes the whole institution's environment: do it while nobody else is using the system. "
                  "After the update everyone must log in again."),
                "caution"),
            P::actions({
                Action("update", L("更新", "Update"))
                    .call("PATCH", "values", "settings")
                    .confirm(L(kConfirmJa, "Update the environment settings?"))
                    .style("primary"),
                Action("menu", L("メニュー", "Menu")).gotoMenu(),
                Action("back", L("戻る", "Back")).gotoBack(),
            }),
        });
}

}  // namespace

void registerPanel(oqs::Plugin& p) {
    p.panel("main", {oqs::kAdmin}, settingsPanel);
    // Menu ⑩ 《環境設定情報管理》 → 《環境設定情報更新》, administrators only (§1.7.2), and one of the two
    // functions open before the usage start date (SET-02, HOST-MENU-10).
    p.menu({.groupId = "settings",
            .groupLabel = L("環境設定情報管理", "Environment settings"),
            .groupOrder = 100,
            .id = "update",
            .label = L("環境設定情報更新", "Update environment settings"),
            .order = 10,
            .panel = "main",
            .kinds = {oqs::kAdmin},
            .beforeUsageStart = true});
}

}  // namespace settings_plugin
