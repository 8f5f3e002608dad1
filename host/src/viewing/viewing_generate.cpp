// Synthetic viewing events for demos and benchmarks: fictional patients (common surnames and given names combined
// at random), insurer numbers with valid check digits, viewings spread over clinic hours (Japan time).
#include "viewing/viewing_generate.hpp"

#include "clock.hpp"

#include <oqs/insurer.hpp>

#include <array>
#include <random>

namespace oqs::host {

namespace {

struct Name {
    const char* kanji;
    const char* kana;
};
constexpr std::array<Name, 20> kSurnames{
    {{"佐藤", "サトウ"},   {"鈴木", "スズキ"},   {"高橋", "タカハシ"}, {"田中", "タナカ"},   {"伊藤", "イトウ"},
     {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
     {"吉田", "ヨシダ"},   {"山田", "ヤマダ"},   {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
     {"井上", "イノウエ"}, {"木村", "キムラ"},   {"林", "ハヤシ"},     {"清水", "シミズ"},   {"髙橋", "タカハシ"}}};
constexpr std::array<Name, 16> kGivenNames{{{"太郎", "タロウ"},
                                            {"花子", "ハナコ"},
                                            {"一郎", "イチロウ"},
                                            {"美咲", "ミサキ"},
                                            {"健太", "ケンタ"},
                                            {"陽子", "ヨウコ"},
                                            {"翔太", "ショウタ"},
                                            {"由美", "ユミ"},
                                            {"大輔", "ダイスケ"},
                                            {"恵子", "ケイコ"},
                                            {"誠", "マコト"},
                                            {"裕子", "ユウコ"},
                                            {"蓮", "レン"},
                                            {"結衣", "ユイ"},
                                            {"悠真", "ユウマ"},
                                            {"さくら", "サクラ"}}};
// 法別番号 of common insurers: 協会けんぽ, 組合健保, 共済組合, 後期高齢者医療.
constexpr std::array<const char*, 4> kLawNumbers{"01", "06", "31", "39"};

constexpr int64_t kDayMs = 86400000LL;
constexpr int64_t kJstMs = 9LL * 3600 * 1000;

std::string digits(std::mt19937_64& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += char('0' + rng() % 10);
    return s;
}
std::string twoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

std::vector<ViewingEvent> generateViewingEvents(const GenerateSpec& spec, std::mt19937_64& rng, size_t count) {
    std::vector<ViewingEvent> out;
    out.reserve(count);
    std::uniform_int_distribution<int64_t> day(0, spec.days - 1);
    // Most viewings in clinic hours (8:30–18:30 Japan time), a few at night (emergencies).
    std::uniform_int_distribution<int64_t> dayTime(8 * 3600 + 1800, 18 * 3600 + 1800), anyTime(0, 86399);
    const int64_t lastMidnight = ((spec.untilMs + kJstMs) / kDayMs) * kDayMs - kJstMs;
    for (size_t i = 0; i < count; ++i) {
        ViewingEvent e;
        int64_t secs = rng() % 10 == 0 ? anyTime(rng) : dayTime(rng);
        e.atMs = lastMidnight - day(rng) * kDayMs + secs * 1000 + int64_t(rng() % 1000);
        if (e.atMs > spec.untilMs) e.atMs -= kDayMs;
        e.institution = spec.institutions[rng() % spec.institutions.size()];
        const auto& viewers = spec.viewers;
        const auto& v = viewers[rng() % viewers.size()];
        e.userId = v.first;
        e.userName = v.second;
        e.category = spec.categories[rng() % spec.categories.size()];
        const auto& sur = kSurnames[rng() % kSurnames.size()];
        const auto& given = kGivenNames[rng() % kGivenNames.size()];
        e.patientName = std::string(sur.kanji) + "　" + given.kanji;
        e.patientKana = std::string(sur.kana) + "　" + given.kana;
        int year = 1930 + int(rng() % 95), month = 1 + int(rng() % 12), dom = 1 + int(rng() % 28);
        e.birthDate = std::to_string(year) + "-" + twoDigits(month) + "-" + twoDigits(dom);
        std::string pref = twoDigits(1 + int(rng() % 47));
        if (rng() % 4 == 0) {
            e.insurerNumber = withInsurerCheckDigit(pref + digits(rng, 3));  // 国民健康保険: 6 digits
        } else {
            e.insurerNumber =
                withInsurerCheckDigit(std::string(kLawNumbers[rng() % kLawNumbers.size()]) + pref + digits(rng, 3));
        }
        e.cardSymbol = digits(rng, 4 + int(rng() % 5));
        e.cardNumber = std::to_string(1 + rng() % 9999999);
        e.cardBranch = twoDigits(int(rng() % 4));
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace oqs::host
