// The 14 test qualification types and the answer each gives a device (SPEC.md §4.3; docs/testdata.md).
#include "testdata.hpp"

namespace testdata {

const std::vector<QualType>& qualTypes() {
    using T = Ticket;
    // id, label, en, insurance, assistance, valid, noAddress, withheld, noMedicalInfo, firstRegTimeout, ticket
    static const std::vector<QualType> kTypes{
        {1, "医療保険有効", "Medical insurance valid", true, false, true, false, false, false, false, T::None},
        {2, "医療保険有効（不開示該当）", "Medical insurance valid (non-disclosure)", true, false, true, true, false,
         false, false, T::None},
        {3, "医療保険有効（自己情報提供不可）", "Medical insurance valid (self-information withheld)", true, false,
         true, false, true, false, false, T::None},
        {4, "医療保険無効", "Medical insurance invalid", true, false, false, false, false, false, false, T::None},
        {5, "医療保険有効（薬剤、診療・薬剤、特健情報なし）",
         "Medical insurance valid (no drug, clinical or checkup information)", true, false, true, false, false, true,
         false, T::None},
        {6, "医療保険有効（初回登録タイムアウト）", "Medical insurance valid (first registration times out)", true,
         false, true, false, false, false, true, T::None},
        {7, "医療扶助有効（医科・歯科）", "Medical assistance valid (medical ticket)", false, true, true, false, false,
         false, false, T::Medical},
        {8, "医療扶助有効（薬局）", "Medical assistance valid (dispensing ticket)", false, true, true, false, false,
         false, false, T::Dispensing},
        {9, "医療扶助医療保険有効（併用）", "Assistance and insurance valid (combined)", true, true, true, false, false,
         false, false, T::Medical},
        {10, "医療扶助医療保険有効（併用医療券なし）", "Assistance and insurance valid (combined, no ticket)", true,
         true, true, false, false, false, false, T::None},
        {11, "医療扶助無効", "Medical assistance invalid", false, true, false, false, false, false, false, T::None},
        {12, "医療扶助有効（医療券なし）", "Medical assistance valid (no ticket: not commissioned)", false, true, true,
         false, false, false, false, T::Uncommissioned},
        {13, "医療扶助有効（不開示該当）", "Medical assistance valid (non-disclosure)", false, true, true, true, false,
         false, false, T::Medical},
        {14, "医療扶助有効（自己情報提供不可）", "Medical assistance valid (self-information withheld)", false, true,
         true, false, true, false, false, T::Medical},
    };
    return kTypes;
}

const QualType* qualType(int id) {
    for (const auto& t : qualTypes())
        if (t.id == id) return &t;
    return nullptr;
}

namespace {

const char* ticketName(Ticket t) {
    switch (t) {
        case Ticket::Medical:
            return "medical";
        case Ticket::Dispensing:
            return "dispensing";
        case Ticket::Uncommissioned:
            return "uncommissioned";
        case Ticket::None:
            break;
    }
    return "none";
}

}  // namespace

Json qualificationAnswer(const QualType& t, const Person& p, const Identifiers& ids) {
    Json q{{"type", t.id}, {"type_label", t.ja}, {"status", t.valid ? "valid" : "invalid"}};
    if (t.withheld) {
        // 自己情報提供不可: the insurer or welfare office stopped the provision; nothing about the person is shown.
        q["status"] = "withheld";
        q["message"] = "自己情報提供不可のため、資格情報を表示できません。";
        return q;
    }
    Json person{{"name", p.name}, {"kana", p.kana}, {"birth_date", p.birthDate}, {"sex", p.sex}};
    if (t.noAddress) {
        q["disclosure"] = "no_address";  // 不開示該当: postal code and address are left out, not blanked
    } else {
        q["disclosure"] = "full";
        person["postal_code"] = p.postalCode;
        person["address"] = p.address;
    }
    q["person"] = person;
    q["insurance"] = nullptr;
    q["assistance"] = nullptr;
    if (t.insurance)
        q["insurance"] = {{"valid", t.valid},
                          {"insurer_number", ids.insurerNumber},
                          {"symbol", ids.symbol},
                          {"number", ids.number},
                          {"branch", ids.branch}};
    if (t.assistance)
        q["assistance"] = {{"valid", t.valid},
                           {"payer_number", ids.payerNumber},
                           {"recipient_number", ids.recipientNumber},
                           {"ticket", ticketName(t.ticket)}};
    q["medical_info"] = {
        {"drug", !t.noMedicalInfo}, {"surgery_clinical_drug", !t.noMedicalInfo}, {"checkup", !t.noMedicalInfo}};
    return q;
}

}  // namespace testdata
