#include "forms.hpp"

#include "messages.hpp"
#include "name_rules.hpp"
#include "user_id_rules.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts::forms {

namespace {

namespace P = oqs::panel;
using P::L;

std::string kindLabelEn(std::string_view k) {
    if (k == kAdmin) return "Administrator";
    if (k == kGeneral) return "General user";
    if (k == kMedinfo) return "Medical information viewer";
    if (k == kWebapi) return "WebAPI";
    if (k == kLinkapp) return "Linked application";
    if (k == kFace) return "Face-authentication card reader";
    if (k == kMaster) return "Master";
    return "Master reset";
}

P::Field select(const std::string& id, Json label, const Choices& choices) {
    P::Field f(id, "select", std::move(label));
    for (const auto& [v, l] : choices) f.option(v, l);
    return f;
}

// The pattern's message is the manual's (accounts.user_id.charset), on the screen and from the route alike; the
// length and prefix rules that depend on the role are checkUserId()'s (user_id_rules.hpp).
P::Field userId() {
    return P::Field("user_id", "text", L("ユーザID", "User ID"))
        .max(kMaxUserIdLength)
        .pattern(kUserIdPattern)
        .message(label("accounts.user_id.charset"));
}
P::Field name() {
    return P::Field("name", "text", L("ユーザ名", "User name"))
        .max(kMaxNameLength)
        .hint(L("全角20文字以内", "Up to 20 full-width characters"));
}
P::Field kana() {
    return P::Field("kana", "text", L("ユーザ名（カナ）", "User name (kana)"))
        .max(kMaxKanaLength)
        .hint(L("全角カタカナ・英数字40文字以内", "Up to 40 full-width katakana"));
}
P::Field startDate() { return P::Field("start_date", "date", L("利用開始年月日", "Start date")); }
P::Field endDate() { return P::Field("end_date", "date", L("利用終了年月日", "End date")); }
P::Field invalid() {
    return P::Field("invalid", "checkbox", L("無効にする", "Invalid"))
        .hint(L("チェックするとアカウントが無効になります", "Checked: the account cannot be used"));
}
P::Field lock() {
    return select("locked", L("アカウントロック", "Account lock"),
                  {{"none", L("なし", "Not locked")}, {"locked", L("ロック中", "Locked")}});
}

}  // namespace

Json kindLabel(std::string_view k) { return L(std::string(kindLabelJa(k)), kindLabelEn(k)); }

std::vector<std::string> allKinds() {
    std::vector<std::string> out;
    for (auto k : kAccountKinds) out.emplace_back(k);
    return out;
}

Json registerFields(const std::vector<std::string>& kinds, std::string_view institutionKind) {
    P::Field kind("kind", "select", L("権限区分", "Role"));
    kind.required().hint(L("※権限によって選択可否、内容が異なります。", "The roles offered depend on your rights."));
    for (const auto& k : kinds) {
        auto prefix = requiredPrefix(k, institutionKind);
        kind.option(k, kindLabel(k), prefix.empty() ? Json() : Json{{"user_id", std::string(prefix)}});
    }
    return Json::array({kind,
                        userId().required().min(2).hint(L("半角英数字2～8桁（システムアカウントは3～8桁）",
                                                          "2-8 half-width letters and digits (3-8 for system "
                                                          "accounts, with their prefix)")),
                        name().required(), kana().required(), startDate().required(), endDate()});
}

Json searchFields(const std::vector<std::string>& kinds) {
    Choices roles{{"all", L("全て", "All")}};
    for (const auto& k : kinds) roles.emplace_back(k, kindLabel(k));
    return Json::array({
        select("kind", L("権限区分", "Role"), roles),
        userId(),
        name().hint(L("部分一致", "Partial match")),
        kana().hint(L("部分一致", "Partial match")),
        select("valid", L("有効／無効", "Valid / invalid"),
               {{"all", L("全て", "All")},
                {"valid", L("有効のみ", "Valid only")},
                {"invalid", L("無効のみ", "Invalid only")}}),
        select("locked", L("アカウントロック", "Account lock"),
               {{"all", L("全て", "All")}, {"none", L("なし", "Not locked")}, {"locked", L("ロック中", "Locked")}}),
        startDate(),
        endDate(),
    });
}

Json updateFields(bool locked) {
    P::Field lockField = lock();
    // OQ-15: ロック中 → なし only, so the select is enabled only while the account is locked.
    if (!locked) lockField.enabledWhen(rule::equals("locked", "locked"));
    return Json::array({name().required(), kana().required(), invalid(), lockField, startDate().required(), endDate()});
}

Json patchFields() {
    return Json::array({
        name(),
        kana(),
        invalid(),
        P::Field("valid", "checkbox", L("有効", "Valid")).hint(L("", "For API clients: the opposite of invalid")),
        P::Field("unlock", "checkbox", L("ロック解除", "Unlock")).hint(L("", "For API clients: true clears a lock")),
        lock().hint(L("", "Only locked → none (unlock) is allowed")),
        startDate(),
        endDate(),
    });
}

Json withValues(Json fields, const Json& values) {
    for (auto& f : fields)
        if (auto it = values.find(f.value("id", "")); it != values.end() && !it->is_null()) f["value"] = *it;
    return fields;
}

}  // namespace oqs::accounts::forms
