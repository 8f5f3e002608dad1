#include "identity/identity.hpp"

#include "messages.hpp"
#include "oqs/kinds.hpp"
#include "identity/sessions.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace oqs::host {

const char* const kAccountColumns =
    "id, institution_id, user_id, kind, name, kana, valid, locked, failed_count, start_date, end_date, "
    "password_hash, password_initial, password_set_ms, deleted_ms, created_ms, updated_ms";

Account readAccount(Statement& s) {
    Account a;
    a.id = s.i64(0);
    a.institutionId = s.i64(1);
    a.userId = s.text(2);
    a.kind = s.text(3);
    a.name = s.text(4);
    a.kana = s.text(5);
    a.valid = s.i64(6) != 0;
    a.locked = s.i64(7) != 0;
    a.failedCount = static_cast<int>(s.i64(8));
    a.startDate = s.text(9);
    a.endDate = s.optText(10);
    a.passwordHash = s.text(11);
    a.initial = s.i64(12) != 0;
    a.passwordSetMs = s.i64(13);
    if (!s.isNull(14)) a.deletedMs = s.i64(14);
    a.createdMs = s.i64(15);
    a.updatedMs = s.i64(16);
    return a;
}

// [SECTION] Hierarchy (SPEC.md §2.2)
namespace {
bool isStaffKind(const std::string& k) {
    return k == kGeneral || k == kMedinfo || k == kWebapi || k == kLinkapp || k == kFace;
}
}  // namespace

bool mayRegister(const std::string& actor, const std::string& target) {
    return (actor == kMaster && target == kAdmin) || (actor == kAdmin && isStaffKind(target));
}
bool mayUpdate(const std::string& actor, const std::string& target) { return mayRegister(actor, target); }
bool mayResetPassword(const std::string& actor, const std::string& target) {
    return (actor == kMasterReset && target == kMaster) || mayRegister(actor, target);
}
std::vector<std::string> searchScope(const std::string& actor) {
    std::vector<std::string> out;
    for (auto k : kAccountKinds)
        if (mayUpdate(actor, std::string(k)) || mayResetPassword(actor, std::string(k))) out.emplace_back(k);
    return out;
}

oqs::Status checkPasswordPolicy(const std::string& userId, const std::string& current, const std::string& next) {
    // OQ-04: 8–16 half-width printable characters, at least one letter and one digit.
    auto refuse = [](const char* code) { return hostError(400, code, {{"new_password", bilingual(code)}}); };
    bool letter = false, digit = false;
    for (unsigned char c : next) {
        if (c < 0x21 || c > 0x7e) return refuse("password.policy");
        if (std::isalpha(c)) letter = true;
        if (std::isdigit(c)) digit = true;
    }
    if (next.size() < 8 || next.size() > 16 || !letter || !digit) return refuse("password.policy");
    if (next == userId) return refuse("password.same_as_user_id");
    if (next == current) return refuse("password.same_as_current");
    return oqs::Ok{};
}

// [SECTION] Institutions
Json Institution::toJson(Connection& c) const {
    Json related = Json::array();
    auto s = c.prepare(
        "SELECT code, name, established, closed FROM related_institutions WHERE institution_id = ? "
        "ORDER BY established, code");
    s.bind(1, id);
    while (s.step())
        related.push_back(Json{{"code", s.text(0)},
                               {"name", s.text(1)},
                               {"established", s.isNull(2) ? Json() : Json(s.text(2))},
                               {"closed", s.isNull(3) ? Json() : Json(s.text(3))}});
    return {{"code", code},
            {"name", name},
            {"kind", kind},
            {"subkind", subkind},
            {"usage_start", usageStart},
            {"ehr_start", ehrStart ? Json(*ehrStart) : Json()},
            {"pmh_pilot", pmhPilot},
            {"related", related}};
}

oqs::Result<Institution> Identity::addInstitution(Connection& c, const std::string& code, const std::string& name,
                                                  const std::string& subkind, const std::string& usageStart,
                                                  std::optional<std::string> ehrStart, bool pmhPilot) {
    Json fields = Json::object();
    static const std::map<std::string, char> kFeeDigit = {
        {"medical", '1'}, {"dental", '3'}, {"nursing", '6'}, {"pharmacy", '4'}};
    auto digit = kFeeDigit.find(subkind);
    if (digit == kFeeDigit.end()) fields["kind"] = "kind must be medical, dental, nursing or pharmacy";
    if (code.size() != 10 || code.find_first_not_of("0123456789") != std::string::npos) {
        fields["code"] = "the institution code is exactly 10 digits";
    } else {
        int pref = std::stoi(code.substr(0, 2));
        if (pref < 1 || pref > 47) fields["code"] = "the first two digits (prefecture) must be 01–47";
        else if (digit != kFeeDigit.end() && code[2] != digit->second)
            fields["code"] =
                std::string("the third digit (fee table) of a ") + subkind + " institution is " + digit->second;
    }
    if (name.empty() || name.size() > 200) fields["name"] = "the name is required (at most 200 bytes)";
    if (!validDate(usageStart)) fields["usage_start"] = "usage start must be a date yyyy-mm-dd";
    if (ehrStart && !validDate(*ehrStart)) fields["ehr_start"] = "EHR start must be a date yyyy-mm-dd";
    if (!fields.empty()) return oqs::Error{400, "institution.invalid", "invalid institution", fields};
    if (institutionByCode(c, code)) return oqs::Error{409, "institution.exists", "institution " + code + " exists", {}};
    Institution i;
    i.code = code;
    i.name = name;
    i.subkind = subkind;
    i.kind = subkind == "pharmacy" ? "PHA" : "MED";
    i.usageStart = usageStart;
    i.ehrStart = ehrStart;
    i.pmhPilot = pmhPilot;
    c.exec(
        "INSERT INTO institutions(code, name, kind, subkind, usage_start, ehr_start, pmh_pilot, created_ms) "
        "VALUES(?,?,?,?,?,?,?,?)",
        i.code, i.name, i.kind, i.subkind, i.usageStart, i.ehrStart, i.pmhPilot ? 1 : 0, m_clock.nowMs());
    i.id = c.lastInsertId();
    return i;
}

namespace {
std::optional<Institution> readInstitution(Statement& s) {
    if (!s.step()) return std::nullopt;
    Institution i;
    i.id = s.i64(0);
    i.code = s.text(1);
    i.name = s.text(2);
    i.kind = s.text(3);
    i.subkind = s.text(4);
    i.usageStart = s.text(5);
    i.ehrStart = s.optText(6);
    i.pmhPilot = s.i64(7) != 0;
    return i;
}
constexpr const char* kInstitutionSelect =
    "SELECT id, code, name, kind, subkind, usage_start, ehr_start, pmh_pilot FROM institutions ";
}  // namespace

std::optional<Institution> Identity::institutionByCode(Connection& c, const std::string& code) {
    auto s = c.prepare(std::string(kInstitutionSelect) + "WHERE code = ?");
    s.bind(1, code);
    return readInstitution(s);
}

std::optional<Institution> Identity::institutionById(Connection& c, int64_t id) {
    auto s = c.prepare(std::string(kInstitutionSelect) + "WHERE id = ?");
    s.bind(1, id);
    return readInstitution(s);
}

// [SECTION] Accounts
Json newAccountProblems(const std::string& kind, const std::string& userId, const std::string& startDate,
                        const std::optional<std::string>& endDate) {
    Json fields = Json::object();
    if (!isAccountKind(kind)) fields["kind"] = bilingual("identity.kind");
    if (userId.empty() || userId.size() > 8 ||
        userId.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != std::string::npos)
        fields["user_id"] = bilingual("identity.user_id");
    if (!validDate(startDate)) fields["start_date"] = bilingual("identity.start_date");
    if (endDate && !validDate(*endDate)) fields["end_date"] = bilingual("identity.end_date");
    else if (endDate && *endDate < startDate) fields["end_date"] = bilingual("identity.dates.order");
    return fields;
}

void addNameProblems(Json& fields, const std::string& name, const std::string& kana) {
    auto characters = [](const std::string& s) {
        return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    };
    if (characters(name) > 512) fields["name"] = bilingual("identity.name.length");
    if (characters(kana) > 512) fields["kana"] = bilingual("identity.kana.length");
}

std::optional<Account> Identity::accountById(Connection& c, int64_t id) {
    auto s = c.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return readAccount(s);
}

std::optional<Account> Identity::findAccount(Connection& c, int64_t institutionId, const std::string& userId) {
    auto s = c.prepare(std::string("SELECT ") + kAccountColumns +
                       " FROM accounts WHERE institution_id = ? AND user_id = ? AND deleted_ms IS NULL");
    s.bindAll(institutionId, userId);
    if (!s.step()) return std::nullopt;
    return readAccount(s);
}

oqs::Result<std::pair<Account, std::string>> Identity::createAccount(Connection& c, const Institution& inst,
                                                                     const std::string& kind, const std::string& userId,
                                                                     const std::string& name, const std::string& kana,
                                                                     const std::string& startDate,
                                                                     const std::optional<std::string>& endDate,
                                                                     const std::optional<std::string>& chosenPassword) {
    auto fields = newAccountProblems(kind, userId, startDate, endDate);
    addNameProblems(fields, name, kana);
    if (!fields.empty()) return hostError(400, "identity.invalid", fields);
    auto taken = c.prepare("SELECT 1 FROM accounts WHERE institution_id = ? AND user_id = ?");
    taken.bindAll(inst.id, userId);
    if (taken.step())
        return hostError(409, "identity.user_id.taken", {{"user_id", bilingual("identity.user_id.taken")}});

    std::string password = chosenPassword ? *chosenPassword : Crypto::generateInitialPassword();
    std::string hash = chosenPassword ? m_crypto.hashPassword(password) : m_crypto.hashInitialPassword(password);
    int64_t now = m_clock.nowMs();
    c.exec(
        "INSERT INTO accounts(institution_id, user_id, kind, name, kana, start_date, end_date, password_hash, "
        "password_initial, password_set_ms, created_ms, updated_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
        inst.id, userId, kind, name, kana, startDate, endDate, hash, chosenPassword ? 0 : 1, now, now, now);
    auto a = accountById(c, c.lastInsertId());
    return std::make_pair(*a, password);
}

std::string Identity::resetPassword(Connection& c, const Account& a) {
    std::string password = Crypto::generateInitialPassword();
    int64_t now = m_clock.nowMs();
    c.exec(
        "UPDATE accounts SET password_hash = ?, password_initial = 1, password_set_ms = ?, locked = 0, "
        "failed_count = 0, updated_ms = ? WHERE id = ?",
        m_crypto.hashInitialPassword(password), now, now, a.id);
    endAccountSessions(c, a.id);
    return password;
}

void Identity::saveAccount(Connection& c, const Account& before, const Account& after) {
    // Unlocking clears the failure count too, so the next wrong password does not lock again at once.
    c.exec(
        "UPDATE accounts SET name = ?, kana = ?, valid = ?, locked = ?, failed_count = ?, start_date = ?, "
        "end_date = ?, updated_ms = ? WHERE id = ?",
        after.name, after.kana, after.valid ? 1 : 0, after.locked ? 1 : 0, after.locked ? before.failedCount : 0,
        after.startDate, after.endDate, m_clock.nowMs(), before.id);
    if (!usableToday(after)) endAccountSessions(c, before.id);
}

void Identity::deleteAccount(Connection& c, const Account& a) {
    int64_t now = m_clock.nowMs();
    c.exec("UPDATE accounts SET deleted_ms = ?, updated_ms = ? WHERE id = ?", now, now, a.id);
    endAccountSessions(c, a.id);
}

bool Identity::usableToday(const Account& a) const {
    std::string today = jstDate(m_clock.nowMs());
    return !a.deletedMs && a.valid && !a.locked && today >= a.startDate && (!a.endDate || today <= *a.endDate);
}

void Identity::lock(Connection& c, int64_t accountId) {
    if (c.exec("UPDATE accounts SET locked = 1 WHERE id = ? AND locked = 0", accountId) > 0)
        endAccountSessions(c, accountId);
}

Json Identity::accountJson(const Account& a) const {
    return {{"user_id", a.userId},
            {"kind", a.kind},
            {"name", a.name},
            {"kana", a.kana},
            {"valid", a.valid},
            {"locked", a.locked},
            {"start_date", a.startDate},
            {"end_date", a.endDate ? Json(*a.endDate) : Json()},
            {"initial_password", a.initial},
            {"initial_expires_at", a.initial ? Json(isoUtc(initialExpiresMs(a))) : Json()},
            {"created_at", isoUtc(a.createdMs)},
            {"updated_at", isoUtc(a.updatedMs)}};
}

}  // namespace oqs::host
