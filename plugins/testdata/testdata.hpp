// testdata — テスト用データセットアップ (docs/testdata.md). The administrator sets up test qualifications in the
// connection-test environment; the institution's face-authentication card reader and WebAPI system then confirm
// them through credential routes, so a rehearsal exercises the real devices end to end.
#pragma once

#include <oqs/plugin.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace testdata {

using oqs::Json;

// [SECTION] The 14 test qualification types (SPEC.md §4.3, manual order).
enum class Ticket { None, Medical, Dispensing, Uncommissioned };
struct QualType {
    int id;
    const char* ja;
    const char* en;
    bool insurance;        // holds a medical-insurance qualification
    bool assistance;       // holds a medical-assistance (医療扶助) qualification
    bool valid;            // the qualification is valid
    bool noAddress;        // 不開示該当: no postal code, no address
    bool withheld;         // 自己情報提供不可: no qualification content at all
    bool noMedicalInfo;    // 薬剤、診療・薬剤、特健情報なし
    bool firstRegTimeout;  // 初回登録タイムアウト
    Ticket ticket;
};
const std::vector<QualType>& qualTypes();
const QualType* qualType(int id);

// [SECTION] Synthetic people and identifiers (synth.cpp): well formed, fictional, stable for one seed.
struct Person {
    std::string name, kana, birthDate, sex, postalCode, address;
};
struct Identifiers {
    std::string insurerNumber, symbol, number, branch;  // 保険者番号 (check digit), 記号, 番号, 枝番
    std::string payerNumber, recipientNumber;  // 医療扶助: 公費負担者番号 (check digit), 受給者番号
};
uint64_t seedOf(const std::string& text);
Person person(uint64_t seed);
Identifiers identifiers(uint64_t seed, const std::string& number, const std::string& branch);

// The answer a device gets for one test qualification (docs/testdata.md, "The answer").
Json qualificationAnswer(const QualType& t, const Person& p, const Identifiers& ids);

// [SECTION] Field specs and input checks (checks.cpp), shared by the panel and the routes.
Json serialField(const std::string& id);  // OQ-38: 1–40 half-width decimal digits, MSG-T11
// The serial of a device's path, checked by the same spec: the message in `lang`, or "".
std::string checkSerial(const std::string& serial, const std::string& lang);
// A select of the qualification types (all 14 in the manual's order, or those `allowed`).
Json typeField(const std::string& id, Json label, const std::vector<int>& allowed = {});
std::optional<int> typeOf(const Json& v);  // 1–14, as a number or a string of digits
Json linkForm();                           // ① (links.cpp)

// [SECTION] Categories (records.cpp): the contribution point "testdata.categories".
struct Category {
    std::string key;
    Json label;
    bool needsSerial = false;
    std::vector<int> types;  // allowed qualification types (all 14 when the item names none)
    int records = 1;         // records one registration adds
};
oqs::Result<std::vector<Category>> categories(const oqs::Ctx& ctx);
Json categoryForm(const std::vector<Category>& cats);  // ③

// [SECTION] Registration of each part's routes and the panel.
void registerLinks(oqs::Plugin& p);
void registerRecords(oqs::Plugin& p);
void registerConsents(oqs::Plugin& p);
void registerConfirm(oqs::Plugin& p);
void registerPanel(oqs::Plugin& p);

// Consent subjects: "link:<serial>" for a card linked in ①, "record:<id>" for a record of ③.
std::string linkSubject(const std::string& serial);
std::string recordSubject(int64_t seq, const std::string& branch);
oqs::Result<bool> revoked(const oqs::Ctx& ctx, const std::string& subject);

}  // namespace testdata
