// Every rule between fields (SPEC.md §3.5), table-driven: each combination is sent to a fresh institution by its
// administrator and is either saved (with the dependent fields normalised, OQ-30) or refused with settings.rule,
// the refused field in "fields", and a message naming it and the field(s) it depends on.
#include "settings_fixture.hpp"

namespace settings_test {
namespace {

struct RuleCase {
    const char* name;
    const char* kind;  // MED or PHA
    bool ehrAvailable;
    Json form;                       // what the administrator sends
    const char* refused;             // the field refused, or nullptr when the change is saved
    std::vector<std::string> named;  // labels the refusal names; or the values expected after saving
    Json saved = nullptr;
};

// gtest names a case by its name rather than dumping its bytes.
void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

const char* kDrug = "薬剤情報（処方情報）";
const char* kClinical = "診療情報（その他アレルギー等・薬剤アレルギー等・検査情報）";
const char* kEhr = "電子カルテ情報共有サービス";

std::vector<RuleCase> cases() {
    return {
        // SET-R1: drug information only while clinical information is not used.
        {"drug_with_clinical_refused",
         "MED",
         false,
         {{"settings.consent.clinical", "use"}, {"settings.consent.drug", "use"}},
         "settings.consent.drug",
         {kDrug, kClinical}},
        {"drug_off_with_clinical_saved",
         "MED",
         false,
         {{"settings.consent.clinical", "use"}, {"settings.consent.drug", "not_use"}},
         nullptr,
         {},
         {{"settings.consent.clinical", "use"}, {"settings.consent.drug", "not_use"}}},
        {"clinical_alone_turns_drug_off",
         "MED",
         false,
         {{"settings.consent.clinical", "use"}},
         nullptr,
         {},
         {{"settings.consent.clinical", "use"}, {"settings.consent.drug", "not_use"}}},
        {"drug_without_clinical_saved",
         "PHA",
         false,
         {{"settings.consent.clinical", "not_use"},
          {"settings.consent.drug", "use"},
          {"settings.consent.checkup", "not_use"}},
         nullptr,
         {},
         {{"settings.consent.drug", "use"}, {"settings.consent.checkup", "not_use"}}},
        // SET-R2: the sub-parts only while EHR sharing is used (and their parent is selectable).
        {"surgery_part_without_ehr_refused",
         "MED",
         true,
         {{"settings.consent.surgery_ehr", "use"}},
         "settings.consent.surgery_ehr",
         {"傷病名・感染症情報", kEhr}},
        {"surgery_part_with_ehr_saved",
         "MED",
         true,
         {{"settings.ehr", "use"}, {"settings.consent.surgery", "use"}, {"settings.consent.surgery_ehr", "use"}},
         nullptr,
         {},
         {{"settings.ehr", "use"}, {"settings.consent.surgery_ehr", "use"}}},
        {"clinical_part_without_ehr_refused",
         "PHA",
         true,
         {{"settings.ehr", "not_use"}, {"settings.consent.clinical_ehr", "use"}},
         "settings.consent.clinical_ehr",
         {"その他アレルギー等・薬剤アレルギー等・検査情報", kEhr}},
        {"clinical_part_with_ehr_saved",
         "PHA",
         true,
         {{"settings.ehr", "use"}, {"settings.consent.clinical_ehr", "use"}},
         nullptr,
         {},
         {{"settings.consent.clinical_ehr", "use"}}},
        {"drug_part_with_clinical_refused",
         "MED",
         true,
         {{"settings.ehr", "use"},
          {"settings.consent.clinical", "use"},
          {"settings.consent.drug", "not_use"},
          {"settings.consent.drug_ehr", "use"}},
         "settings.consent.drug_ehr",
         {"処方情報", kEhr, kClinical}},
        {"drug_part_with_ehr_saved",
         "MED",
         true,
         {{"settings.ehr", "use"}, {"settings.consent.drug_ehr", "use"}},
         nullptr,
         {},
         {{"settings.consent.drug", "use"}, {"settings.consent.drug_ehr", "use"}}},
        {"ehr_off_turns_parts_off",
         "MED",
         true,
         {{"settings.ehr", "not_use"}},
         nullptr,
         {},
         {{"settings.consent.surgery_ehr", "not_use"}, {"settings.consent.drug_ehr", "not_use"}}},
        // SET-R3: the EHR switch only once the institution's EHR start date has come.
        {"ehr_before_its_start_refused",
         "MED",
         false,
         {{"settings.ehr", "use"}},
         "settings.ehr",
         {kEhr, "電子カルテ情報共有サービスの利用開始"}},
        {"ehr_after_its_start_saved", "MED", true, {{"settings.ehr", "use"}}, nullptr, {}, {{"settings.ehr", "use"}}},
        // SET-R5: the issuance timing only while e-prescriptions are used at all (MED).
        {"timing_without_eprescription_refused",
         "MED",
         false,
         {{"settings.eprescription.category", "not_use"}, {"settings.eprescription.timing", "at_confirmation"}},
         "settings.eprescription.timing",
         {"発行形態選択タイミング", "電子処方箋利用区分"}},
        {"timing_with_eprescription_saved",
         "MED",
         false,
         {{"settings.eprescription.category", "electronic_and_paper"},
          {"settings.eprescription.timing", "at_confirmation"}},
         nullptr,
         {},
         {{"settings.eprescription.timing", "at_confirmation"}}},
        {"paper_only_allows_timing",
         "MED",
         false,
         {{"settings.eprescription.category", "paper_only"}, {"settings.eprescription.timing", "at_confirmation"}},
         nullptr,
         {},
         {{"settings.eprescription.category", "paper_only"}}},
        // SET-R7: refill only with e-prescriptions (PHA).
        {"refill_without_eprescription_refused",
         "PHA",
         false,
         {{"settings.eprescription.pharmacy", "not_use"}, {"settings.eprescription.refill", "use"}},
         "settings.eprescription.refill",
         {"リフィル処方箋", "電子処方箋"}},
        {"refill_with_eprescription_saved",
         "PHA",
         false,
         {{"settings.eprescription.pharmacy", "use"}, {"settings.eprescription.refill", "use"}},
         nullptr,
         {},
         {{"settings.eprescription.refill", "use"}}},
        // A vendor plugin's field follows its own rule over a built-in field.
        {"vendor_field_without_subsidy_refused",
         "MED",
         false,
         {{"pmhlink.portal", "use"}},
         "pmhlink.portal",
         {"PMH連携ポータル", "医療費助成情報"}},
        {"vendor_field_with_subsidy_saved",
         "PHA",
         false,
         {{"settings.subsidy", "use"}, {"pmhlink.portal", "use"}},
         nullptr,
         {},
         {{"pmhlink.portal", "use"}}},
    };
}

class Rules : public SettingsHost, public ::testing::WithParamInterface<RuleCase> {};

TEST_P(Rules, SavedOrRefusedNamingBothFields) {
    const RuleCase& c = GetParam();
    std::string code = institution(c.kind, c.ehrAvailable);
    // The EHR-off case starts from sub-parts that are on, so turning EHR off has something to normalise.
    if (std::string(c.name) == "ehr_off_turns_parts_off") {
        ASSERT_EQ(save(code, {{"settings.ehr", "use"},
                              {"settings.consent.surgery_ehr", "use"},
                              {"settings.consent.drug_ehr", "use"}})
                      .status,
                  200);
    }
    Json before = values(code);
    auto r = save(code, c.form);
    if (!c.refused) {
        ASSERT_EQ(r.status, 200) << r.body;
        Json after = values(code);
        for (const auto& [key, value] : c.saved.items()) EXPECT_EQ(after[key], value) << key;
        return;
    }
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.errorCode(), "settings.rule");
    const Json& fields = r.json["error"]["fields"];
    ASSERT_TRUE(fields.contains(c.refused)) << r.body;
    std::string message = fields[c.refused];
    for (const auto& label : c.named) EXPECT_NE(message.find("「" + label + "」"), std::string::npos) << message;
    EXPECT_EQ(values(code), before) << "a refused change must save nothing";
}

INSTANTIATE_TEST_SUITE_P(Settings, Rules, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

// Values that break a field on its own, not a rule between fields.
TEST_F(SettingsHost, ValuesOutsideAFieldAreRefusedWithTheirCodes) {
    std::string med = institution("MED"), pha = institution("PHA");
    EXPECT_EQ(save(med, {{"settings.charset", "euc-jp"}}).errorCode(), "settings.choice");
    EXPECT_EQ(save(med, {{"settings.eprescription.pharmacy", "use"}}).errorCode(), "settings.unknown_key");
    EXPECT_EQ(save(pha, {{"settings.eprescription.category", "paper_only"}}).errorCode(), "settings.unknown_key");
    EXPECT_EQ(save(med, {{"settings.nonexistent", "use"}}).errorCode(), "settings.unknown_key");
    EXPECT_EQ(save(med, {{"settings.display_name", std::string(101, 'a')}}).errorCode(), "settings.length");
    EXPECT_EQ(save(med, {{"settings.display_name", "医院\x01"}}).errorCode(), "settings.type");

    // OQ-34: up to 100 characters (not bytes), trimmed.
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "訪";
    ASSERT_EQ(save(med, {{"settings.display_name", "  " + hundred + "\xE3\x80\x80"}}).status, 200);
    EXPECT_EQ(values(med)["settings.display_name"], hundred);
    ASSERT_EQ(save(med, {{"settings.charset", "shift_jis"}}).status, 200);
    EXPECT_EQ(values(med)["settings.charset"], "shift_jis");
}

}  // namespace
}  // namespace settings_test
