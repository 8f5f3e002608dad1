// Synthetic, fictional people and well-formed identifiers for test data. Everything derives from one seed, so the
// same card or record always answers the same person, and nothing here resembles a real patient.
#include "testdata.hpp"

#include <oqs/insurer.hpp>

#include <array>
#include <cstdio>

namespace testdata {

namespace {

struct NamePart {
    const char* kanji;
    const char* kana;
};
constexpr std::array<NamePart, 8> kFamily{{{"試験", "シケン"},
                                           {"検証", "ケンショウ"},
                                           {"接続", "セツゾク"},
                                           {"模擬", "モギ"},
                                           {"仮野", "カリノ"},
                                           {"例田", "レイダ"},
                                           {"見本", "ミホン"},
                                           {"確認", "カクニン"}}};
constexpr std::array<NamePart, 4> kGivenMale{
    {{"一郎", "イチロウ"}, {"健太", "ケンタ"}, {"翔", "ショウ"}, {"誠", "マコト"}}};
constexpr std::array<NamePart, 4> kGivenFemale{
    {{"花子", "ハナコ"}, {"美咲", "ミサキ"}, {"葵", "アオイ"}, {"陽菜", "ヒナ"}}};
constexpr std::array<const char*, 4> kTowns{"千代田区試験町", "港区検証町", "新宿区接続町", "中央区模擬町"};

// splitmix64: a small, well-mixed step so neighbouring seeds give unrelated people.
uint64_t mix(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string digits(uint64_t v, int width) {
    std::string out(size_t(width), '0');
    for (int i = width - 1; i >= 0; --i, v /= 10) out[size_t(i)] = char('0' + v % 10);
    return out;
}

}  // namespace

uint64_t seedOf(const std::string& text) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
    return h;
}

Person person(uint64_t seed) {
    uint64_t s = seed;
    Person p;
    const auto& family = kFamily[mix(s) % kFamily.size()];
    bool male = mix(s) % 2 == 0;
    const auto& given = male ? kGivenMale[mix(s) % kGivenMale.size()] : kGivenFemale[mix(s) % kGivenFemale.size()];
    p.name = std::string(family.kanji) + "　" + given.kanji;
    p.kana = std::string(family.kana) + "　" + given.kana;
    p.sex = male ? "1" : "2";  // the insurance card's 性別 code: 1 male, 2 female
    int year = 1940 + int(mix(s) % 80), month = 1 + int(mix(s) % 12), day = 1 + int(mix(s) % 28);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
    p.birthDate = date;
    p.postalCode = "100-" + digits(mix(s) % 10000, 4);
    p.address = std::string("東京都") + kTowns[mix(s) % kTowns.size()] + std::to_string(1 + mix(s) % 9) + "-" +
                std::to_string(1 + mix(s) % 20);
    return p;
}

Identifiers identifiers(uint64_t seed, const std::string& number, const std::string& branch) {
    uint64_t s = seed ^ 0x5bd1e995ULL;
    Identifiers ids;
    // 法別番号 06 (health insurance society) + 都道府県 13 (Tokyo) + a society number, then the check digit.
    ids.insurerNumber = oqs::withInsurerCheckDigit("0613" + digits(mix(s) % 1000, 3));
    ids.symbol = "テスト" + digits(mix(s) % 100, 2);
    ids.number = number;
    ids.branch = branch;
    // 法別番号 12 (生活保護) + 13 + a welfare-office number, with the same check digit rule.
    ids.payerNumber = oqs::withInsurerCheckDigit("1213" + digits(mix(s) % 1000, 3));
    ids.recipientNumber = digits(mix(s) % 10000000, 7);
    return ids;
}

}  // namespace testdata
