#include "plugins/settings_catalog.hpp"

#include "oqs/rules.hpp"

#include <algorithm>
#include <optional>
#include <regex>

namespace oqs::host {

using Json = nlohmann::json;

namespace {

size_t characters(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}
bool isLabel(const Json& l) { return l.is_object() && l.contains("ja") && l["ja"].is_string(); }
std::string labelOf(const Json& f) { return f.value("label", Json::object()).value("ja", f.value("key", "")); }
bool hasChoice(const Json& f, const Json& v) {
    for (const auto& c : f.value("choices", Json::array()))
        if (c.value("value", Json()) == v) return true;
    return false;
}
bool forKind(const Json& f, std::string_view kind) {
    if (!f.contains("institutionKinds")) return true;
    for (const auto& k : f["institutionKinds"])
        if (k == kind) return true;
    return false;
}
struct Problem {
    std::string code, message;
};
// Why a value does not fit the field, with the error code; nothing when it fits.
std::optional<Problem> valueProblem(const Json& f, const Json& v) {
    std::string type = f.value("type", "");
    std::string label = labelOf(f);
    if (type == "select" && !hasChoice(f, v))
        return Problem{"settings.choice", "「" + label + "」の値が正しくありません。"};
    if (type == "checkbox" && !v.is_boolean())
        return Problem{"settings.type", "「" + label + "」の値が正しくありません。"};
    if (type == "text") {
        if (!v.is_string()) return Problem{"settings.type", "「" + label + "」の値が正しくありません。"};
        const auto& s = v.get_ref<const std::string&>();
        for (unsigned char c : s)
            if (c < 0x20 || c == 0x7f) return Problem{"settings.type", "「" + label + "」に制御文字は使用できません。"};
        if (int max = f.value("maxLength", 0); max > 0 && characters(s) > size_t(max))
            return Problem{"settings.length",
                           "「" + label + "」は" + std::to_string(max) + "文字以内で入力してください。"};
    }
    return std::nullopt;
}
std::string trim(const std::string& s) {
    auto strip = [](std::string& x, bool front) {
        const std::string fw = "\xE3\x80\x80";  // U+3000
        bool changed = true;
        while (changed) {
            changed = false;
            if (front && x.rfind(fw, 0) == 0) {
                x.erase(0, 3);
                changed = true;
            }
            if (!front && x.size() >= 3 && x.compare(x.size() - 3, 3, fw) == 0) {
                x.erase(x.size() - 3);
                changed = true;
            }
            while (front && !x.empty() && (x.front() == ' ' || x.front() == '\t')) {
                x.erase(0, 1);
                changed = true;
            }
            while (!front && !x.empty() && (x.back() == ' ' || x.back() == '\t')) {
                x.pop_back();
                changed = true;
            }
        }
    };
    std::string t = s;
    strip(t, true);
    strip(t, false);
    return t;
}

// A vendor's settings field refused at load: the message names the field and the rule it breaks.
oqs::Error invalid(std::string why) { return {400, "plugin.settings", std::move(why), {}}; }

}  // namespace

oqs::Status SettingsCatalog::check(const std::string& pluginId, const Json& fields) const {
    if (!fields.is_array()) return invalid("\"settings\" must be an array");
    static const std::regex keyRe("^[a-z][a-z0-9_.]{0,63}$");
    std::set<std::string> keys;
    for (const auto& f : m_fields) keys.insert(f["key"].get<std::string>());
    std::set<std::string> mine;
    for (const auto& f : fields) {
        if (!f.is_object()) return invalid("a settings field must be an object");
        std::string key = f.value("key", "");
        std::string where = "settings field '" + key + "'";
        if (!std::regex_match(key, keyRe)) return invalid(where + ": key must match [a-z][a-z0-9_.]*");
        if (keys.count(key) || !mine.insert(key).second)
            return invalid(where + ": key already contributed by another field");
        if (!isLabel(f.value("label", Json()))) return invalid(where + ": needs a label {\"ja\": …}");
        const auto& sec = f.value("section", Json());
        if (!sec.is_object() || !sec.value("id", Json()).is_string() || !isLabel(sec.value("label", Json())))
            return invalid(where + ": needs a section with id and label");
        std::string type = f.value("type", "");
        if (type != "select" && type != "text" && type != "checkbox")
            return invalid(where + ": type must be select, text or checkbox");
        if (type == "select") {
            const auto& choices = f.value("choices", Json());
            if (!choices.is_array() || choices.empty()) return invalid(where + ": a select needs choices");
            for (const auto& c : choices)
                if (!c.is_object() || !c.contains("value") || !isLabel(c.value("label", Json())))
                    return invalid(where + ": each choice needs a value and a label");
        }
        if (!f.contains("default")) return invalid(where + ": needs a default");
        if (valueProblem(f, f["default"])) return invalid(where + ": the default does not fit the field");
        if (f.contains("institutionKinds")) {
            const auto& k = f["institutionKinds"];
            if (!k.is_array() || k.empty()) return invalid(where + ": institutionKinds must be a non-empty array");
            for (const auto& x : k)
                if (x != "MED" && x != "PHA") return invalid(where + ": institutionKinds are MED and/or PHA");
        }
        if (f.contains("enabledWhen")) {
            if (auto why = validateRule(f["enabledWhen"]); !why.empty())
                return invalid(where + ": enabledWhen: " + why);
            if (!f.contains("offValue")) return invalid(where + ": enabledWhen needs an offValue");
            if (valueProblem(f, f["offValue"])) return invalid(where + ": the offValue does not fit the field");
        }
        if (f.value("terms", false) && !f.contains("termsValue")) return invalid(where + ": terms needs termsValue");
        // A public field may be shown to patients (institution.public_profile), e.g. the display name.
        if (f.contains("public") && !f["public"].is_boolean()) return invalid(where + ": public must be true or false");
        if (f.contains("confirmWhen")) {
            const auto& c = f["confirmWhen"];
            if (!c.is_object() || !c.contains("rule") || !isLabel(c.value("text", Json())))
                return invalid(where + ": confirmWhen needs a rule and a text {\"ja\": …}");
            if (auto why = validateRule(c["rule"]); !why.empty()) return invalid(where + ": confirmWhen: " + why);
            // The terms dialog is the confirmation of a terms field; one field opens one dialog.
            if (f.value("terms", false)) return invalid(where + ": a terms field cannot have confirmWhen");
        }
    }
    // Rules may name fields of this plugin or of plugins already loaded, and the host's "$" flags.
    std::set<std::string> known = keys;
    known.insert(mine.begin(), mine.end());
    for (const auto& f : fields) {
        const std::pair<const char*, Json> rules[] = {
            {"enabledWhen", f.value("enabledWhen", Json())},
            {"confirmWhen", f.value("confirmWhen", Json::object()).value("rule", Json())}};
        for (const auto& [attr, rule] : rules) {
            std::vector<std::string> used;
            ruleFields(rule, used);
            for (const auto& u : used)
                if (u.empty() || (u[0] != '$' && !known.count(u)))
                    return invalid("settings field '" + f.value("key", "") + "': " + attr + " names unknown field '" +
                                   u + "'");
        }
    }
    (void)pluginId;
    return oqs::Ok{};
}

oqs::Status SettingsCatalog::add(const std::string& pluginId, const Json& fields) {
    if (auto checked = check(pluginId, fields); !checked) return checked;
    for (auto f : fields) {
        f["plugin"] = pluginId;
        m_fields.push_back(std::move(f));
    }
    return oqs::Ok{};
}

const Json* SettingsCatalog::find(const std::string& key) const {
    for (const auto& f : m_fields)
        if (f["key"] == key) return &f;
    return nullptr;
}

std::vector<const Json*> SettingsCatalog::applicable(std::string_view kind) const {
    std::vector<const Json*> out;
    for (const auto& f : m_fields)
        if (forKind(f, kind)) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](const Json* a, const Json* b) {
        int sa = (*a)["section"].value("order", 0), sb = (*b)["section"].value("order", 0);
        return sa != sb ? sa < sb : a->value("order", 0) < b->value("order", 0);
    });
    return out;
}

Json SettingsCatalog::fieldsFor(std::string_view kind) const {
    Json out = Json::array();
    for (const auto* f : applicable(kind)) out.push_back(*f);
    return out;
}

Json SettingsCatalog::normalise(Json values, const std::vector<const Json*>& fields, const Json& flags) const {
    // Rules chain (a sub-item follows its parent, which follows another), so repeat until nothing changes.
    for (size_t round = 0; round <= fields.size(); ++round) {
        bool changed = false;
        Json scope = values;
        scope.update(flags);
        for (const auto* f : fields) {
            if (!f->contains("enabledWhen") || evalRule((*f)["enabledWhen"], scope)) continue;
            const auto& key = (*f)["key"].get_ref<const std::string&>();
            if (values[key] != (*f)["offValue"]) {
                values[key] = (*f)["offValue"];
                changed = true;
            }
        }
        if (!changed) break;
    }
    return values;
}

Json SettingsCatalog::withDefaults(const Json& stored, std::string_view kind, const Json& flags) const {
    auto fields = applicable(kind);
    Json values = Json::object();
    for (const auto* f : fields) {
        const auto& key = (*f)["key"].get_ref<const std::string&>();
        auto it = stored.is_object() ? stored.find(key) : stored.end();
        bool usable = it != stored.end() && !valueProblem(*f, *it);
        values[key] = usable ? *it : (*f)["default"];
    }
    return normalise(values, fields, flags);
}

oqs::Result<Json> SettingsCatalog::apply(const Json& stored, const Json& requested, const Json& acceptedTerms,
                                         std::string_view kind, const Json& flags) const {
    auto fields = applicable(kind);
    Json before = withDefaults(stored, kind, flags);
    Json merged = before;
    Json errors = Json::object();
    std::string code;
    auto fail = [&](const std::string& key, const std::string& c, const std::string& message) {
        if (code.empty()) code = c;
        if (!errors.contains(key)) errors[key] = message;
    };
    if (!requested.is_object()) return oqs::Error{400, "settings.type", "設定値の形式が正しくありません。", {}};
    for (const auto& [key, value] : requested.items()) {
        const Json* f = find(key);
        if (!f || !forKind(*f, kind)) {
            fail(key, "settings.unknown_key", "設定項目「" + key + "」はありません。");
            continue;
        }
        Json v = value;
        if ((*f)["type"] == "text" && v.is_string()) v = trim(v.get<std::string>());  // OQ-34
        if (auto problem = valueProblem(*f, v)) {
            fail(key, problem->code, problem->message);
            continue;
        }
        merged[key] = v;
    }
    if (!errors.empty()) return oqs::Error{400, code, "入力内容に誤りがあります。", errors};

    // A field its rule disables may only be sent as its off value; anything else breaks the rule.
    Json scope = merged;
    scope.update(flags);
    for (const auto* f : fields) {
        const auto& key = (*f)["key"].get_ref<const std::string&>();
        if (!f->contains("enabledWhen") || evalRule((*f)["enabledWhen"], scope)) continue;
        if (requested.contains(key) && requested[key] != (*f)["offValue"]) {
            std::vector<std::string> deps;
            ruleFields((*f)["enabledWhen"], deps);
            std::string names;
            for (const auto& d : deps) {
                const Json* df = d.empty() || d[0] == '$' ? nullptr : find(d);
                std::string name = df                      ? labelOf(*df)
                                   : d == "$ehr_available" ? "電子カルテ情報共有サービスの利用開始"
                                                           : d;
                names += (names.empty() ? "「" : "、「") + name + "」";
            }
            fail(key, "settings.rule", "「" + labelOf(*f) + "」は、" + names + "の設定により選択できません。");
        }
    }
    if (!errors.empty()) return oqs::Error{400, code, "設定項目の組み合わせに誤りがあります。", errors};
    Json after = normalise(merged, fields, flags);

    for (const auto* f : fields) {
        if (!f->value("terms", false)) continue;
        const auto& key = (*f)["key"].get_ref<const std::string&>();
        bool turnedOn = after[key] == (*f)["termsValue"] && before[key] != (*f)["termsValue"];
        bool accepted = acceptedTerms.is_array() &&
                        std::find(acceptedTerms.begin(), acceptedTerms.end(), Json(key)) != acceptedTerms.end();
        if (turnedOn && !accepted)
            fail(key, "settings.terms", "「" + labelOf(*f) + "」を利用するには、利用規約への同意が必要です。");
    }
    if (!errors.empty()) return oqs::Error{400, code, "利用規約への同意が必要です。", errors};

    Json changed = Json::array();
    for (const auto& [key, value] : after.items())
        if (before.value(key, Json()) != value) changed.push_back(key);
    return Json{{"before", before}, {"after", after}, {"changed", changed}};
}

}  // namespace oqs::host
