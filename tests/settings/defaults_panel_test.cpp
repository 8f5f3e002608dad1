// What an administrator sees before changing anything: the defaults of a new institution of each kind, the screen
// built from the host's catalog (a vendor's field included), the menu entry, and who may open it at all.
#include "settings_fixture.hpp"

#include <algorithm>

namespace settings_test {
namespace {

// The manual's 「各情報に対する設定の初期値」 (SPEC.md §3.5), plus OQ-28 (utf-8), OQ-29 (sub-parts off) and the empty
// display name; only the kind's own e-prescription fields exist.
const Json kCommonDefaults = {
    {"settings.charset", "utf-8"},
    {"settings.consent.surgery", "not_use"},
    {"settings.consent.surgery_ehr", "not_use"},
    {"settings.consent.clinical", "not_use"},
    {"settings.consent.clinical_ehr", "not_use"},
    {"settings.consent.drug", "use"},
    {"settings.consent.drug_ehr", "not_use"},
    {"settings.consent.checkup", "use"},
    {"settings.consent.specific_disease", "use"},
    {"settings.ehr", "not_use"},
    {"settings.emergency", "not_use"},
    {"settings.medical_aid", "not_use"},
    {"settings.subsidy", "not_use"},
    {"settings.home_visit", "not_use"},
    {"settings.online", "not_use"},
    {"settings.display_name", ""},
    {"pmhlink.portal", "not_use"},
};

TEST_F(SettingsHost, DefaultsOfANewMedicalInstitution) {
    Json expected = kCommonDefaults;
    expected["settings.eprescription.category"] = "not_use";
    expected["settings.eprescription.timing"] = "outside_confirmation";
    EXPECT_EQ(values(institution("MED")), expected);
}

TEST_F(SettingsHost, DefaultsOfANewPharmacy) {
    Json expected = kCommonDefaults;
    expected["settings.eprescription.pharmacy"] = "not_use";
    expected["settings.eprescription.refill"] = "not_use";
    EXPECT_EQ(values(institution("PHA")), expected);
}

// The form's fields, in screen order (acceptance checkboxes included).
std::vector<std::string> fieldIds(const Json& panel) {
    std::vector<std::string> ids;
    for (const auto& w : panel["body"])
        if (w["type"] == "form")
            for (const auto& f : w["fields"]) ids.push_back(f["id"]);
    return ids;
}
Json field(const Json& panel, const std::string& id) {
    for (const auto& w : panel["body"])
        if (w["type"] == "form")
            for (const auto& f : w["fields"])
                if (f["id"] == id) return f;
    return nullptr;
}
// Every widget of the panel, sections opened, in order.
void flatten(const Json& body, std::vector<Json>& out) {
    for (const auto& w : body) {
        out.push_back(w);
        if (w.contains("body")) flatten(w["body"], out);
    }
}

TEST_F(SettingsHost, PanelShowsTheKindsFieldsInTheManualsOrderWithTheVendorsField) {
    auto med = admin(institution("MED"));
    auto panel = med->get("/api/panels/settings/main");
    ASSERT_EQ(panel.status, 200) << panel.body;
    EXPECT_EQ(panel.json["title"]["ja"], "環境設定情報更新");
    std::vector<std::string> expected = {"settings.charset",
                                         "settings.consent.surgery",
                                         "settings.consent.surgery_ehr",
                                         "settings.consent.clinical",
                                         "settings.consent.clinical_ehr",
                                         "settings.consent.drug",
                                         "settings.consent.drug_ehr",
                                         "settings.consent.checkup",
                                         "settings.consent.specific_disease",
                                         "settings.ehr",
                                         "settings.emergency",
                                         "settings.eprescription.category",
                                         "settings.eprescription.timing",
                                         "settings.medical_aid",
                                         "settings.subsidy",
                                         "pmhlink.portal",
                                         "settings.home_visit",
                                         "accept_terms.settings.home_visit",
                                         "settings.online",
                                         "accept_terms.settings.online",
                                         "settings.display_name"};
    EXPECT_EQ(fieldIds(panel.json), expected);

    auto pha = admin(institution("PHA"))->get("/api/panels/settings/main");
    auto ids = fieldIds(pha.json);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "settings.eprescription.refill"), ids.end());
    EXPECT_EQ(std::find(ids.begin(), ids.end(), "settings.eprescription.category"), ids.end());

    // The vendor's field comes with its own section, label and rule, mirrored for the client.
    Json portal = field(panel.json, "pmhlink.portal");
    EXPECT_EQ(portal["section"]["ja"], "PMH連携関連項目");
    EXPECT_EQ(portal["label"]["ja"], "PMH連携ポータル");
    EXPECT_EQ(portal["enabledWhen"], (Json{{"field", "settings.subsidy"}, {"equals", "use"}}));
    EXPECT_EQ(portal["offValue"], "not_use");
}

TEST_F(SettingsHost, PanelMirrorsTheRulesLabelsAndChoices) {
    auto panel = admin(institution("MED"))->get("/api/panels/settings/main").json;
    Json drug = field(panel, "settings.consent.drug");
    EXPECT_EQ(drug["label"]["ja"], "薬剤情報（処方情報）");
    EXPECT_EQ(drug["section"]["ja"], "閲覧同意の利用有無（情報の利用有無）");
    EXPECT_EQ(drug["enabledWhen"], (Json{{"field", "settings.consent.clinical"}, {"equals", "not_use"}}));
    EXPECT_EQ(drug["offValue"], "not_use");
    EXPECT_EQ(drug["value"], "use");

    Json category = field(panel, "settings.eprescription.category");
    std::vector<std::string> labels;
    for (const auto& o : category["options"]) labels.push_back(o["label"]["ja"]);
    EXPECT_EQ(labels, (std::vector<std::string>{"利用しない", "電子処方箋のみ", "電子処方箋＋紙の処方箋併用",
                                                "紙の処方箋のみ"}));

    // Without an EHR start date the EHR switch and its sub-parts can never be enabled in the client either.
    Json never{{"field", "$ehr_available"}, {"in", Json::array()}};
    EXPECT_EQ(field(panel, "settings.ehr")["enabledWhen"], never);
    EXPECT_EQ(field(panel, "settings.consent.surgery_ehr")["enabledWhen"],
              (Json{{"field", "settings.ehr"}, {"equals", "use"}}));

    // The PMH caution (MSG-S05) is always beside the subsidy field.
    EXPECT_NE(field(panel, "settings.subsidy")["caution"]["ja"].get<std::string>().find("PMH（Public Medical Hub）"),
              std::string::npos);

    // Choosing 「利用する」 for home-visit asks for the terms, ticks the acceptance, and cancel reverts.
    Json home = field(panel, "settings.home_visit");
    EXPECT_EQ(home["confirmWhen"]["rule"], (Json{{"field", "settings.home_visit"}, {"equals", "use"}}));
    EXPECT_EQ(home["confirmWhen"]["revert"], "not_use");
    EXPECT_NE(home["confirmWhen"]["text"]["ja"].get<std::string>().find("利用規約に同意のうえ、OKを押してください。"),
              std::string::npos);
    EXPECT_EQ(home["options"][0]["fills"], (Json{{"accept_terms.settings.home_visit", true}}));
}

// OQ-32: subsidies are never blocked, but outside the PMH pilot choosing 「利用する」 asks once more.
TEST_F(SettingsHost, SubsidyAsksForConfirmationOnlyOutsideThePmhPilot) {
    std::string outside = institution("MED"), pilot = institution("MED");
    sql("UPDATE institutions SET pmh_pilot = 1 WHERE code = ?", pilot);
    Json warn = field(admin(outside)->get("/api/panels/settings/main").json, "settings.subsidy")["confirmWhen"];
    EXPECT_EQ(warn["rule"], (Json{{"all", {{{"field", "settings.subsidy"}, {"equals", "use"}}, nullptr}}}));
    EXPECT_EQ(warn["revert"], "not_use");
    EXPECT_NE(warn["text"]["ja"].get<std::string>().find("先行実施事業"), std::string::npos);
    EXPECT_FALSE(
        field(admin(pilot)->get("/api/panels/settings/main").json, "settings.subsidy").contains("confirmWhen"));
    EXPECT_EQ(save(outside, {{"settings.subsidy", "use"}}).status, 200);
    EXPECT_EQ(values(outside)["settings.subsidy"], "use");
}

TEST_F(SettingsHost, PanelWithEhrAvailableLeavesTheEhrSwitchEnabled) {
    auto panel = admin(institution("MED", true))->get("/api/panels/settings/main").json;
    EXPECT_FALSE(field(panel, "settings.ehr").contains("enabledWhen"));
}

TEST_F(SettingsHost, PanelShowsInstitutionRelatedInstitutionsTermsAndTheUpdateFlow) {
    std::string code = institution("MED");
    auto c = admin(code);
    auto panel = c->get("/api/panels/settings/main").json;
    std::vector<Json> widgets;
    flatten(panel["body"], widgets);
    auto find = [&](const std::string& id) {
        for (const auto& w : widgets)
            if (w.value("id", "") == id) return w;
        for (const auto& w : widgets)
            for (const auto& a : w.value("items", Json::array()))
                if (a.value("id", "") == id) return a;
        return Json();
    };
    EXPECT_EQ(find("code")["label"]["ja"], "医療機関コード");
    EXPECT_EQ(find("code")["value"], code);
    EXPECT_EQ(find("name")["value"], "テスト医院");
    EXPECT_EQ(find("related")["source"]["path"], "/api/settings/related");
    EXPECT_EQ(find("terms")["label"]["ja"], "表示する");
    Json update = find("update");
    EXPECT_EQ(update["call"]["method"], "PATCH");
    EXPECT_EQ(update["confirm"][0]["ja"], "環境設定情報を更新します。よろしいですか？");

    auto terms = c->get("/api/settings/terms");
    ASSERT_EQ(terms.status, 200);
    EXPECT_EQ(terms.json["version"], "1");
    EXPECT_NE(terms.json["message"]["ja"].get<std::string>().find("オンライン資格等システム利用規約"),
              std::string::npos);
}

TEST_F(SettingsHost, RelatedInstitutionsAreListedReadOnlyWithSlashDates) {
    std::string code = institution("MED");
    sql("INSERT INTO related_institutions(institution_id, code, name, established, closed) "
        "SELECT id, '1319999999', '旧医院', '2001-04-01', '2020-03-31' FROM institutions WHERE code = ?",
        code);
    sql("INSERT INTO related_institutions(institution_id, code, name, established, closed) "
        "SELECT id, '1339999999', '併設歯科', '2020-04-01', NULL FROM institutions WHERE code = ?",
        code);
    auto r = admin(code)->get("/api/settings/related");
    ASSERT_EQ(r.status, 200);
    Json expected = Json::array(
        {{{"code", "1319999999"}, {"name", "旧医院"}, {"established", "2001/04/01"}, {"closed", "2020/03/31"}},
         {{"code", "1339999999"}, {"name", "併設歯科"}, {"established", "2020/04/01"}, {"closed", ""}}});
    EXPECT_EQ(r.json["rows"], expected);
    EXPECT_EQ(admin(institution("MED"))->get("/api/settings/related").json["rows"], Json::array());
}

bool menuHasSettings(Client& c) {
    auto menu = c.get("/api/menu");
    for (const auto& g : menu.json["groups"])
        for (const auto& i : g["items"])
            if (i.value("panel", "") == "settings/main") return g["label"]["ja"] == "環境設定情報管理";
    return false;
}

TEST_F(SettingsHost, MenuEntryForAdministratorsOnlyAlsoBeforeTheUsageStart) {
    std::string code = institution("MED");
    host.addAccount(code, "general", "user01");
    EXPECT_TRUE(menuHasSettings(*admin(code)));
    EXPECT_FALSE(menuHasSettings(*host.loginAs(code, "user01")));
    std::string early = institution("MED", false, "2027-04-01");
    EXPECT_TRUE(menuHasSettings(*admin(early)));
}

TEST_F(SettingsHost, OnlyAdministratorsMayReadOrSave) {
    std::string code = institution("MED");
    host.addAccount(code, "master", "master01");
    host.addAccount(code, "general", "user01");
    host.addAccount(code, "medinfo", "view01");
    for (const char* user : {"master01", "user01", "view01"}) {
        auto c = host.loginAs(code, user);
        EXPECT_EQ(c->get("/api/settings/values").status, 403) << user;
        EXPECT_EQ(c->get("/api/panels/settings/main").status, 403) << user;
        EXPECT_EQ(c->get("/api/settings/terms").status, 403) << user;
        auto r = c->patch("/api/settings/values", {{"settings.emergency", "use"}});
        EXPECT_EQ(r.status, 403) << user;
        EXPECT_EQ(r.errorCode(), "auth.forbidden") << user;
    }
    EXPECT_EQ(values(code)["settings.emergency"], "not_use");
}

}  // namespace
}  // namespace settings_test
