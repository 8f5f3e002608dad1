#include "field_check.hpp"

#include "dates.hpp"
#include "forms.hpp"
#include "messages.hpp"
#include "name_rules.hpp"
#include "user_id_rules.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

// A string member: nothing when absent or null. A member of another type is recorded as accounts.type under its own
// name (never coerced, never thrown on), so the caller learns which field to fix.
std::optional<std::string> text(FieldErrors& errors, const Json& body, const char* key,
                                const char* expected = "string") {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();  // the caller's rule judges the value
    errors.add(key, Violation{"accounts.type", expected});
    return std::nullopt;
}

// A true/false member: nothing when absent or null; any other type is recorded as accounts.type.
std::optional<bool> flag(FieldErrors& errors, const Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return std::nullopt;
    errors.add(key, it->is_boolean() ? std::nullopt : Check(Violation{"accounts.type", "boolean"}));
    if (it->is_boolean()) return it->get<bool>();
    return std::nullopt;
}

const char* dateLabel(const std::string& field) { return field == "start_date" ? "利用開始年月日" : "利用終了年月日"; }

// A required or optional date → yyyy-mm-dd; records the failure under field.
std::optional<std::string> readDate(FieldErrors& errors, const std::string& field, const std::optional<std::string>& v,
                                    bool required) {
    if (!v || v->empty()) {
        errors.add(field, required ? Check(Violation{"accounts.required", ""}) : std::nullopt);
        return std::nullopt;
    }
    auto d = normaliseDate(*v);
    errors.add(field, d ? std::nullopt : Check(Violation{"accounts.dates.format", dateLabel(field)}));
    return d;
}

}  // namespace

void FieldErrors::add(const std::string& field, const Check& check) {
    m_judged.insert(field);
    if (!check || m_fields.contains(field)) return;
    Json text = Json::object();
    for (const std::string lang : {"ja", "en"}) {
        std::string param = check->param;
        if (check->code == "accounts.dates.format" && lang == "en")
            param = field == "start_date" ? "The start date" : "The end date";
        if (check->code == "accounts.type") param = message("accounts.type." + param, lang);
        text[lang] = message(check->code, lang, param);
    }
    if (m_firstCode.empty()) {
        m_firstCode = check->code;
        m_firstText = text;
    }
    m_fields[field] = text;
}

void FieldErrors::addForm(const Json& fields, const Json& values) {
    Json unjudged = Json::array();
    for (const auto& f : fields)
        if (!m_judged.contains(f.value("id", ""))) unjudged.push_back(f);
    const Json problems = oqs::form::checkForm(unjudged, values);
    for (const auto& [field, text] : problems.items()) {
        if (m_firstCode.empty()) {
            m_firstCode = "form.invalid";
            m_firstText = text;
        }
        m_fields[field] = text;
    }
}

oqs::Error FieldErrors::error() const {
    Json top = m_fields.size() == 1 ? m_firstText : label("accounts.invalid");
    return oqs::badRequest(m_firstCode, top["ja"].get<std::string>(), m_fields).english(top["en"].get<std::string>());
}

namespace {
// The register form is the same for every row of a bulk file: built once per institution kind, not per row (a
// 10,000-row file rebuilt it 10,000 times — labels, choices and all).
const Json& registerForm(std::string_view institutionKind) {
    static const Json med = forms::registerFields(forms::allKinds(), oqs::kMed);
    static const Json pha = forms::registerFields(forms::allKinds(), oqs::kPha);
    return institutionKind == oqs::kPha ? pha : med;
}
}  // namespace

oqs::Result<NewAccount> readNewAccount(const Json& body, std::string_view institutionKind) {
    FieldErrors errors;
    NewAccount a;
    a.kind = text(errors, body, "kind").value_or("");
    errors.add("kind", a.kind.empty()           ? Check(Violation{"accounts.required", ""})
                       : !isAccountKind(a.kind) ? Check(Violation{"accounts.kind.invalid", ""})
                                                : std::nullopt);
    // Values are checked as sent: a space around a user ID is a character the ID may not have (docs/accounts.md).
    a.userId = text(errors, body, "user_id").value_or("");
    errors.add("user_id", checkUserId(a.kind, institutionKind, a.userId));
    a.name = normaliseName(text(errors, body, "name").value_or(""));
    errors.add("name", checkUserName(a.name));
    a.kana = normaliseName(text(errors, body, "kana").value_or(""));
    errors.add("kana", checkKanaName(a.kana));
    auto start = readDate(errors, "start_date", text(errors, body, "start_date"), true);
    a.endDate = readDate(errors, "end_date", text(errors, body, "end_date", "string_or_null"), false);
    if (start) a.startDate = *start;
    if (start && a.endDate && *a.endDate < *start) errors.add("end_date", Violation{"accounts.dates.order", ""});
    errors.addForm(registerForm(institutionKind), body);
    if (!errors.empty()) return errors.error();
    return a;
}

oqs::Result<AccountPatch> readPatch(const Json& body, const Json& current) {
    FieldErrors errors;
    AccountPatch p;
    if (auto v = text(errors, body, "name")) {
        p.name = normaliseName(*v);
        errors.add("name", checkUserName(*p.name));
    }
    if (auto v = text(errors, body, "kana")) {
        p.kana = normaliseName(*v);
        errors.add("kana", checkKanaName(*p.kana));
    }
    if (auto v = flag(errors, body, "valid")) p.valid = *v;
    if (auto v = flag(errors, body, "invalid")) p.valid = !*v;
    bool locked = current.value("locked", false);
    if (auto it = body.find("locked"); it != body.end() && !it->is_null()) {
        // The select sends "none"/"locked"; an API client may send a boolean. Only ロック中 → なし is allowed (OQ-15).
        std::optional<bool> wantLocked;
        if (it->is_boolean()) wantLocked = it->get<bool>();
        else if (*it == "locked" || *it == "none") wantLocked = *it == "locked";
        else errors.add("locked", Violation{"accounts.type", "lock"});
        errors.add("locked",
                   wantLocked && *wantLocked && !locked ? Check(Violation{"accounts.lock.manual", ""}) : std::nullopt);
        if (wantLocked && !*wantLocked && locked) p.unlock = true;
    }
    if (flag(errors, body, "unlock").value_or(false) && locked) p.unlock = true;
    if (body.contains("start_date"))
        p.startDate = readDate(errors, "start_date", text(errors, body, "start_date"), true);
    if (body.contains("end_date"))
        p.endDate = readDate(errors, "end_date", text(errors, body, "end_date", "string_or_null"), false);
    // The order rule holds for the account as it will be, so a new start is checked against the kept end too.
    std::string start = p.startDate.value_or(current.value("start_date", ""));
    std::optional<std::string> end = p.endDate ? *p.endDate
                                     : current.contains("end_date") && current["end_date"].is_string()
                                         ? std::optional(current["end_date"].get<std::string>())
                                         : std::nullopt;
    if (!errors.has("start_date") && !errors.has("end_date") && end && !start.empty() && *end < start)
        errors.add("end_date", Violation{"accounts.dates.order", ""});
    errors.addForm(forms::patchFields(), body);
    if (!errors.empty()) return errors.error();
    return p;
}

Json AccountPatch::toHost(const std::string& userId) const {
    Json in{{"user_id", userId}};
    if (name) in["name"] = *name;
    if (kana) in["kana"] = *kana;
    if (valid) in["valid"] = *valid;
    if (unlock) in["unlock"] = true;
    if (startDate) in["start_date"] = *startDate;
    if (endDate) in["end_date"] = *endDate ? Json(**endDate) : Json();
    return in;
}

}  // namespace oqs::accounts
