#include "viewing/viewing.hpp"

#include "clock.hpp"
#include "messages.hpp"

#include <oqs/text.hpp>

#include <algorithm>
#include <map>

namespace oqs::host {

const std::vector<std::string> kViewingBaseCategories = {"medical.checkup", "medical.drug", "medical.surgery_drug",
                                                         "medical.clinical"};

namespace {

const std::string kGenesis(64, '0');
constexpr int64_t kJstMs = 9LL * 3600 * 1000;

oqs::Error fieldError(const std::string& field, const std::string& code, const std::string& ja) {
    return oqs::Error{400, code, ja, {{field, ja}}};
}

// Printable text of at most `max` characters; `required` refuses the empty string.
bool plainText(const std::string& s, size_t max, bool required) {
    if (!text::validUtf8(s) || (required && s.empty()) || text::chars(s) > max) return false;
    for (uint32_t cp : text::codepoints(s))
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return false;
    return true;
}
bool digitsOnly(const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; }

bool validCategory(const std::string& k) {
    if (k.size() < 3 || k.size() > 64 || k.find('.') == std::string::npos || k.front() == '.' || k.back() == '.')
        return false;
    for (size_t i = 0; i < k.size(); ++i) {
        char ch = k[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || (ch == '.' && k[i - 1] != '.');
        if (!ok) return false;
    }
    return true;
}

std::string canonical(int64_t id, const ViewingEvent& e, int64_t recordedMs, const std::string& source,
                      const std::string& prev) {
    std::string out;
    auto put = [&](const std::string& s) { out += std::to_string(s.size()) + ":" + s + ";"; };
    put(std::to_string(id));
    put(std::to_string(e.atMs));
    put(std::to_string(recordedMs));
    for (const auto* s : {&e.institution, &e.userId, &e.userName, &e.category, &e.patientName, &e.patientKana,
                          &e.birthDate, &e.insurerNumber, &e.cardSymbol, &e.cardNumber, &e.cardBranch, &source, &prev})
        put(*s);
    return out;
}

constexpr const char* kColumns =
    "id, at_ms, institution, user_id, user_name, category, patient_name, patient_kana, birth_date, insurer_number, "
    "card_symbol, card_number, card_branch";

ViewingEvent readRow(const Statement& s, int first) {
    ViewingEvent e;
    e.atMs = s.i64(first);
    e.institution = s.text(first + 1);
    e.userId = s.text(first + 2);
    e.userName = s.text(first + 3);
    e.category = s.text(first + 4);
    e.patientName = s.text(first + 5);
    e.patientKana = s.text(first + 6);
    e.birthDate = s.text(first + 7);
    e.insurerNumber = s.text(first + 8);
    e.cardSymbol = s.text(first + 9);
    e.cardNumber = s.text(first + 10);
    e.cardBranch = s.text(first + 11);
    return e;
}

// The WHERE clause of a query and its binding, shared by count, page and histogram.
std::string whereOf(const ViewingQuery& q) {
    return std::string(" WHERE institution = ? AND at_ms >= ? AND at_ms <= ?") +
           (q.category ? " AND category = ?" : "");
}
int bindWhere(Statement& s, const ViewingQuery& q) {
    s.bind(1, q.institution).bind(2, q.fromMs).bind(3, q.toMs);
    if (q.category) s.bind(4, *q.category);
    return q.category ? 5 : 4;
}

}  // namespace

oqs::Result<ViewingEvent> viewingEventFromJson(const Json& j, const std::string& where, int64_t nowMs) {
    if (!j.is_object()) return fieldError(where, "viewing.event", "閲覧記録の形式が正しくありません。");
    ViewingEvent e;
    auto str = [&](const Json& obj, const char* key, std::string& out) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return true;
        if (!it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    // When: RFC 3339 text or UTC milliseconds; from 2000 to five minutes from now (a terminal's clock drifts).
    if (auto it = j.find("at_ms"); it != j.end()) {
        if (!it->is_number_integer())
            return fieldError(where + ".at_ms", "viewing.at", "閲覧日時の形式が正しくありません。");
        e.atMs = it->get<int64_t>();
    } else if (auto at = j.find("at"); at != j.end() && at->is_string()) {
        auto ms = parseRfc3339Ms(at->get<std::string>());
        if (!ms)
            return fieldError(where + ".at", "viewing.at",
                              "閲覧日時の形式が正しくありません（例: 2026-11-28T12:55:30+09:00）。");
        e.atMs = *ms;
    } else {
        return fieldError(where + ".at", "viewing.at", "閲覧日時を指定してください。");
    }
    if (e.atMs < 946684800000LL || e.atMs > nowMs + 5 * 60 * 1000)
        return fieldError(where + ".at", "viewing.at_range",
                          "閲覧日時が正しくありません（未来の日時は指定できません）。");

    if (!str(j, "user_id", e.userId))
        return fieldError(where + ".user_id", "viewing.user_id", "ユーザIDの形式が正しくありません。");
    if (!str(j, "category", e.category) || !validCategory(e.category))
        return fieldError(where + ".category", "viewing.category", "照会情報区分が正しくありません。");

    auto patient = j.find("patient");
    if (patient == j.end() || !patient->is_object())
        return fieldError(where + ".patient", "viewing.patient", "患者情報を指定してください。");
    if (!str(*patient, "name", e.patientName) || !plainText(e.patientName, 100, true))
        return fieldError(where + ".patient.name", "viewing.patient_name", "患者氏名は100文字以内で入力してください。");
    if (!str(*patient, "kana", e.patientKana) || !plainText(e.patientKana, 100, false))
        return fieldError(where + ".patient.kana", "viewing.patient_kana",
                          "患者氏名（カナ）は100文字以内で入力してください。");
    std::string birth;
    if (!str(*patient, "birth_date", birth) || (e.birthDate = normaliseDate(birth)).empty())
        return fieldError(where + ".patient.birth_date", "viewing.birth_date", "生年月日の形式が正しくありません。");

    // 保険者番号: 6 digits (national health insurance) or 8 (the others).
    if (!str(j, "insurer_number", e.insurerNumber) || !digitsOnly(e.insurerNumber) ||
        (e.insurerNumber.size() != 6 && e.insurerNumber.size() != 8))
        return fieldError(where + ".insurer_number", "viewing.insurer_number",
                          "保険者番号は6桁または8桁の数字で入力してください。");
    if (!str(j, "card_symbol", e.cardSymbol) || !plainText(e.cardSymbol, 20, false))
        return fieldError(where + ".card_symbol", "viewing.card_symbol",
                          "被保険者証記号は20文字以内で入力してください。");
    if (!str(j, "card_number", e.cardNumber) || !plainText(e.cardNumber, 20, true))
        return fieldError(where + ".card_number", "viewing.card_number",
                          "被保険者証番号は20文字以内で入力してください。");
    if (!str(j, "card_branch", e.cardBranch) || !digitsOnly(e.cardBranch) || e.cardBranch.size() > 2)
        return fieldError(where + ".card_branch", "viewing.card_branch",
                          "被保険者証枝番は2桁以内の数字で入力してください。");
    return e;
}

Json viewingEventJson(int64_t id, const ViewingEvent& e) {
    return {{"id", id},
            {"at_ms", e.atMs},
            {"at", jstDateTime(e.atMs)},
            {"institution", e.institution},
            {"user_id", e.userId},
            {"user_name", e.userName},
            {"category", e.category},
            {"patient_name", e.patientName},
            {"patient_kana", e.patientKana},
            {"birth_date", e.birthDate},
            {"insurer_number", e.insurerNumber},
            {"card_symbol", e.cardSymbol},
            {"card_number", e.cardNumber},
            {"card_branch", e.cardBranch}};
}

std::string ViewingLog::rowHash(int64_t id, const ViewingEvent& e, int64_t recordedMs, const std::string& source,
                                const std::string& prev) const {
    return Crypto::hmacSha256Hex(m_key, canonical(id, e, recordedMs, source, prev));
}

void ViewingLog::append(Connection& c, const std::vector<ViewingEvent>& events, int64_t recordedMs,
                        const std::string& source) {
    if (events.empty()) return;
    Transaction tx(c);
    std::string prev = kGenesis;
    int64_t id = 1;
    auto last = c.prepare("SELECT id, hash FROM viewing_events ORDER BY id DESC LIMIT 1");
    if (last.step()) {
        id = last.i64(0) + 1;
        prev = last.text(1);
    }
    auto ins = c.prepare(
        "INSERT INTO viewing_events(id, at_ms, institution, user_id, user_name, category, patient_name, "
        "patient_kana, birth_date, insurer_number, card_symbol, card_number, card_branch, recorded_ms, source, "
        "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& e : events) {
        std::string hash = rowHash(id, e, recordedMs, source, prev);
        ins.bindAll(id, e.atMs, e.institution, e.userId, e.userName, e.category, e.patientName, e.patientKana,
                    e.birthDate, e.insurerNumber, e.cardSymbol, e.cardNumber, e.cardBranch, recordedMs, source, prev,
                    hash);
        while (ins.step()) {
        }
        ins.reset();
        prev = std::move(hash);
        ++id;
    }
    tx.commit();
}

int64_t ViewingLog::count(Connection& c, const ViewingQuery& q) {
    auto s = c.prepare("SELECT count(*) FROM viewing_events" + whereOf(q));
    bindWhere(s, q);
    return s.step() ? s.i64(0) : 0;
}

namespace {
// Keyset paging on (at_ms, id): the same cost at the first page and the hundredth.
std::string pageSql(const ViewingQuery& q) {
    return std::string("SELECT ") + kColumns + " FROM viewing_events" + whereOf(q) +
           " AND (at_ms > ? OR (at_ms = ? AND id > ?)) ORDER BY at_ms, id LIMIT ?";
}
void bindPage(Statement& s, const ViewingQuery& q, int64_t afterAtMs, int64_t afterId, int limit) {
    int i = bindWhere(s, q);
    s.bind(i, afterAtMs).bind(i + 1, afterAtMs).bind(i + 2, afterId).bind(i + 3, limit);
}
}  // namespace

std::vector<std::pair<int64_t, ViewingEvent>> ViewingLog::page(Connection& c, const ViewingQuery& q, int64_t afterAtMs,
                                                               int64_t afterId, int limit) {
    auto s = c.prepare(pageSql(q));
    bindPage(s, q, afterAtMs, afterId, limit);
    std::vector<std::pair<int64_t, ViewingEvent>> out;
    while (s.step()) out.emplace_back(s.i64(0), readRow(s, 1));
    return out;
}

Statement ViewingLog::pageStatement(Connection& c, const ViewingQuery& q, int64_t afterAtMs, int64_t afterId,
                                    int limit) {
    Statement s(c.raw(), pageSql(q));
    bindPage(s, q, afterAtMs, afterId, limit);
    return s;
}

Json ViewingLog::histogram(Connection& c, const ViewingQuery& q, int64_t bucketMs) {
    // Buckets start at Japan-time midnights (or hours); integer division runs the same on PostgreSQL.
    auto s = c.prepare("SELECT (at_ms + ?) / ? AS b, count(*) FROM viewing_events" + whereOf(q) + " GROUP BY b");
    s.bind(1, kJstMs).bind(2, bucketMs);
    int i = 3;
    s.bind(i, q.institution).bind(i + 1, q.fromMs).bind(i + 2, q.toMs);
    if (q.category) s.bind(i + 3, *q.category);
    std::map<int64_t, int64_t> counts;
    while (s.step()) counts[s.i64(0)] = s.i64(1);
    Json out = Json::array();
    int64_t first = (q.fromMs + kJstMs) / bucketMs, last = (q.toMs + kJstMs) / bucketMs;
    for (int64_t b = first; b <= last && out.size() < 10000; ++b) {
        auto it = counts.find(b);
        out.push_back({{"start_ms", b * bucketMs - kJstMs}, {"count", it == counts.end() ? 0 : it->second}});
    }
    return out;
}

ViewingLog::Verdict ViewingLog::verify(Connection& c) const {
    Verdict v;
    std::string prev = kGenesis;
    int64_t expectId = 0;
    auto s = c.prepare(std::string("SELECT ") + kColumns +
                       ", recorded_ms, source, prev_hash, hash FROM viewing_events "
                       "ORDER BY id");
    while (s.step()) {
        ++v.rows;
        int64_t id = s.i64(0);
        auto fail = [&](std::string why) {
            v.ok = false;
            v.brokenId = id;
            v.reason = std::move(why);
        };
        ViewingEvent e = readRow(s, 1);
        if (id != expectId + 1) fail("row(s) before " + std::to_string(id) + " were removed");
        else if (s.text(15) != prev) fail("prev_hash does not match the previous row");
        else if (rowHash(id, e, s.i64(13), s.text(14), s.text(15)) != s.text(16))
            fail("the row's content does not match its keyed hash (edited or forged)");
        if (!v.ok) return v;
        prev = s.text(16);
        expectId = id;
    }
    return v;
}

}  // namespace oqs::host
