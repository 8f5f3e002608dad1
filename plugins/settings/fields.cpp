// The built-in fields of ［環境設定情報更新］ (SPEC.md §3.4–3.5), contributed through p.setting() exactly as a
// vendor plugin contributes its own: the host stores, defaults, normalises and validates them, and the panel is
// built from whatever the host's catalog holds. Labels, choices and their order are the manual's.
#include "settings_plugin.hpp"

namespace settings_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;
namespace rule = oqs::rule;

// The stored values of the 「利用する」/「利用しない」 selects; other plugins compare against these.
constexpr const char* kUse = "use";
constexpr const char* kNotUse = "not_use";

Json section(const char* id, const char* ja, const char* en, int order) {
    return {{"id", id}, {"label", L(ja, en)}, {"order", order}};
}
Json choice(const char* value, const char* ja, const char* en) { return {{"value", value}, {"label", L(ja, en)}}; }

// Most selects list 「利用する」 first; the pharmacy e-prescription pair lists 「利用しない」 first (manual order).
Json useChoices(bool notUseFirst = false) {
    Json use = choice(kUse, "利用する", "Use"), notUse = choice(kNotUse, "利用しない", "Do not use");
    return notUseFirst ? Json::array({notUse, use}) : Json::array({use, notUse});
}

Json select(const char* key, const Json& sec, int order, const char* ja, const char* en, Json choices,
            const char* def) {
    return {{"key", key},         {"section", sec},   {"order", order},
            {"label", L(ja, en)}, {"type", "select"}, {"choices", std::move(choices)},
            {"default", def},     {"required", true}};
}

// Section ids and orders: the manual's areas ②–⑨ (① and ⑩ are read-only and drawn by the panel itself).
const Json kEnv = section("environment", "環境依存項目", "Environment", 20);
const Json kConsent =
    section("consent", "閲覧同意の利用有無（情報の利用有無）", "Viewing consent (use of information)", 30);
const Json kEhr = section("ehr", "電子カルテ情報共有サービス関連項目", "EHR information-sharing service", 40);
const Json kEmergency = section("emergency", "救急時医療情報関連項目", "Emergency medical information", 50);
const Json kEp = section("eprescription", "電子処方箋管理サービス関連項目", "E-prescription management service", 60);
const Json kAid = section("medical_aid", "医療扶助関連項目", "Medical assistance", 70);
const Json kSubsidy = section("subsidy", "医療費助成利用関連項目", "Medical-expense subsidies", 80);
const Json kRemote = section("home_visit", "訪問診療等・オンライン診療等・外来診療等（通常とは異なる動線）関連項目",
                             "Home-visit, online and non-standard outpatient care", 90);

// SET-R2 / OQ-29: a clinical-information sub-part follows the EHR switch (and its parent's own rule).
Json ehrSubPart(const char* key, int order, const char* ja, const char* en, Json parentRule = nullptr) {
    Json f = select(key, kConsent, order, ja, en, useChoices(), kNotUse);
    Json ehrOn = rule::equals("settings.ehr", kUse);
    f["enabledWhen"] = parentRule.is_null() ? ehrOn : rule::all({ehrOn, parentRule});
    f["offValue"] = kNotUse;
    f["hint"] = L("電子カルテ情報共有サービスを「利用する」を選択した場合のみ選択可能です。",
                  "Selectable only while the EHR sharing service is used.");
    return f;
}

void consentFields(oqs::Plugin& p) {
    p.setting(select("settings.consent.surgery", kConsent, 10, "手術情報（傷病名・感染症情報）",
                     "Surgery information (diagnoses, infections)", useChoices(), kNotUse));
    p.setting(ehrSubPart("settings.consent.surgery_ehr", 11, "傷病名・感染症情報", "Diagnoses, infections"));
    p.setting(select("settings.consent.clinical", kConsent, 20,
                     "診療情報（その他アレルギー等・薬剤アレルギー等・検査情報）",
                     "Clinical information (allergies, drug allergies, test results)", useChoices(), kNotUse));
    p.setting(ehrSubPart("settings.consent.clinical_ehr", 21, "その他アレルギー等・薬剤アレルギー等・検査情報",
                         "Allergies, drug allergies, test results"));

    // SET-R1: drug information only while clinical information is not used (the clinical consent covers it).
    Json drugRule = rule::equals("settings.consent.clinical", kNotUse);
    Json drug = select("settings.consent.drug", kConsent, 30, "薬剤情報（処方情報）",
                       "Drug information (prescriptions)", useChoices(), kUse);
    drug["enabledWhen"] = drugRule;
    drug["offValue"] = kNotUse;
    drug["hint"] = L("「診療情報：利用しない」と設定されている場合のみ選択可能です。",
                     "Selectable only while clinical information is not used.");
    p.setting(drug);
    p.setting(ehrSubPart("settings.consent.drug_ehr", 31, "処方情報", "Prescriptions", drugRule));

    p.setting(select("settings.consent.checkup", kConsent, 40, "特定健診情報", "Specific health checkup information",
                     useChoices(), kUse));
    p.setting(select("settings.consent.specific_disease", kConsent, 50, "特定疾病療養受療証",
                     "Specified-disease treatment certificate", useChoices(), kUse));
}

void serviceFields(oqs::Plugin& p) {
    // SET-R3 / OQ-31: settable only once the institution's EHR service start date has come.
    Json ehr = select("settings.ehr", kEhr, 10, "電子カルテ情報共有サービス", "EHR information-sharing service",
                      useChoices(), kNotUse);
    ehr["enabledWhen"] = rule::equals("$ehr_available", true);
    ehr["offValue"] = kNotUse;
    ehr["hint"] = L("電子カルテ情報共有サービスの利用申請を行い、利用開始日を迎えると設定できるようになります。",
                    "Settable after applying for the EHR service, from its usage start date.");
    p.setting(ehr);

    p.setting(select("settings.emergency", kEmergency, 10, "救急時医療情報区分", "Emergency medical information",
                     useChoices(), kNotUse));

    // SET-R4: MED sees the usage category and timing, PHA the e-prescription and refill switches.
    Json useCategory =
        select("settings.eprescription.category", kEp, 10, "電子処方箋利用区分", "E-prescription usage",
               Json::array({choice(kNotUse, "利用しない", "Do not use"),
                            choice("electronic_only", "電子処方箋のみ", "E-prescriptions only"),
                            choice("electronic_and_paper", "電子処方箋＋紙の処方箋併用", "E-prescriptions and paper"),
                            choice("paper_only", "紙の処方箋のみ", "Paper prescriptions only")}),
               kNotUse);
    useCategory["institutionKinds"] = {"MED"};
    p.setting(useCategory);
    // SET-R5 / OQ-30: the timing matters only while e-prescriptions are used at all.
    Json timing = select(
        "settings.eprescription.timing", kEp, 20, "発行形態選択タイミング", "When to choose the form",
        Json::array({choice("outside_confirmation", "資格確認時以外で確認する", "Outside qualification confirmation"),
                     choice("at_confirmation", "資格確認時に確認する", "At qualification confirmation")}),
        "outside_confirmation");
    timing["institutionKinds"] = {"MED"};
    timing["enabledWhen"] = rule::notEquals("settings.eprescription.category", kNotUse);
    timing["offValue"] = "outside_confirmation";
    p.setting(timing);

    Json ep =
        select("settings.eprescription.pharmacy", kEp, 30, "電子処方箋", "E-prescriptions", useChoices(true), kNotUse);
    ep["institutionKinds"] = {"PHA"};
    p.setting(ep);
    // SET-R7: refill prescriptions only with e-prescriptions.
    Json refill = select("settings.eprescription.refill", kEp, 40, "リフィル処方箋", "Refill prescriptions",
                         useChoices(true), kNotUse);
    refill["institutionKinds"] = {"PHA"};
    refill["enabledWhen"] = rule::equals("settings.eprescription.pharmacy", kUse);
    refill["offValue"] = kNotUse;
    p.setting(refill);

    p.setting(select("settings.medical_aid", kAid, 10, "医療扶助情報", "Medical assistance information", useChoices(),
                     kNotUse));

    // SET-R8 / OQ-32: not enforced; the caution (MSG-S05) is always shown beside the field.
    Json subsidy = select("settings.subsidy", kSubsidy, 10, "医療費助成情報", "Medical-expense subsidy information",
                          useChoices(), kNotUse);
    subsidy["hint"] = L("PMH事業に参加している先行実施機関のみ利用可能です。",
                        "Only for pilot institutions taking part in the PMH programme.");
    subsidy["caution"] =
        L("医療費助成情報は、PMH（Public Medical Hub）先行実施事業に参加の自治体と連携している医療機関が"
          "対象となります。先行実施事業に参加していない医療機関は、医療費助成情報を「利用する」に設定しない"
          "ようお願いいたします。",
          "Subsidy information is only for institutions linked with municipalities in the PMH pilot. "
          "Other institutions must not set it to \"Use\".");
    // OQ-32's optional extra warning: choosing 「利用する」 at an institution the host does not list as a PMH pilot.
    subsidy["confirmWhen"] = {
        {"rule", rule::all({rule::equals("settings.subsidy", kUse), rule::equals("$pmh_pilot", false)})},
        {"text",
         L("この医療機関は、PMH（Public Medical Hub）先行実施事業の参加機関として登録されていません。"
           "先行実施事業に参加していない医療機関は、医療費助成情報を「利用する」に設定しないようお願いいたします。"
           "「利用する」に設定してよろしいですか？",
           "This institution is not registered as a PMH pilot institution. Institutions outside the pilot "
           "must not set subsidy information to \"Use\". Set it to \"Use\" anyway?")}};
    p.setting(subsidy);
}

void remoteCareFields(oqs::Plugin& p) {
    // SET-R9: turning either on needs the terms of use accepted (the host refuses otherwise: settings.terms).
    Json homeVisit = select("settings.home_visit", kRemote, 10, "訪問診療等機能", "Home-visit care functions",
                            useChoices(), kNotUse);
    homeVisit["terms"] = true;
    homeVisit["termsValue"] = kUse;
    // Public: whether a service is offered is what a patient's reception page must know (mynaurl's /p/ page
    // answers 410 while it is 利用しない), and it tells no more than that page does.
    homeVisit["public"] = true;
    p.setting(homeVisit);
    Json online = select("settings.online", kRemote, 20, "オンライン診療等・外来診療等（通常とは異なる動線）機能",
                         "Online consultation / non-standard outpatient functions", useChoices(), kNotUse);
    online["terms"] = true;
    online["termsValue"] = kUse;
    online["public"] = true;
    p.setting(online);

    // SET-R10 / OQ-34: empty means "use 医療機関名"; the host trims it and rejects control characters.
    p.setting({{"key", "settings.display_name"},
               {"section", kRemote},
               {"order", 30},
               {"label", L("訪問診療等・オンライン診療等・外来診療等（通常とは異なる動線）の医療機関名称等情報",
                           "Institution name shown by the web service")},
               {"type", "text"},
               {"default", ""},
               {"maxLength", 100},
               {"public", true},
               {"hint", L("未入力の場合、医療機関情報に表示されている医療機関名が表示されます。",
                          "When empty, the institution name above is shown.")}});
}

}  // namespace

void registerFields(oqs::Plugin& p) {
    // OQ-28: utf-8 when the manual states no default; it is also what the manual recommends without a HIS link.
    Json charset = select(
        "settings.charset", kEnv, 10, "利用文字コード", "Character encoding",
        Json::array({choice("utf-8", "utf-8", "utf-8"), choice("shift_jis", "Shift-JIS", "Shift-JIS")}), "utf-8");
    charset["hint"] = L("HIS等の連携システムを利用しない医療機関等は「utf-8」で利用してください。",
                        "Institutions without a linked system such as a HIS should use utf-8.");
    p.setting(charset);
    consentFields(p);
    serviceFields(p);
    remoteCareFields(p);
}

}  // namespace settings_plugin
