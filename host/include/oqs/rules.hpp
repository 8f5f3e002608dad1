// oqs/rules.hpp — the small rule language shared by panels, settings fields and menu entries.
//
// A rule is JSON evaluated against an object of values (form fields, settings, or context flags). One rule is
// written once and checked in three places: the client greys or hides a field, the server re-checks the request,
// and the menu decides what to show. Header-only and exception-free, so the WebAssembly client can include it.
//
//   null                                   always true (no rule)
//   {"field": "f", "equals": v}            values[f] == v
//   {"field": "f", "notEquals": v}         values[f] != v
//   {"field": "f", "in": [v1, v2]}         values[f] is one of them
//   {"field": "f", "notEmpty": true}       values[f] is present and not "" / null
//   {"all": [r1, r2]}  {"any": [r1, r2]}  {"not": r}
//
// A rule that is not one of these shapes is invalid: validateRule() says why; evalRule() treats it as false so a
// malformed rule never enables something by accident.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace oqs {

// Names the fields a rule reads, so a validator can check that they exist.
inline void ruleFields(const nlohmann::json& rule, std::vector<std::string>& out) {
    if (!rule.is_object()) return;
    if (auto it = rule.find("field"); it != rule.end() && it->is_string()) out.push_back(it->get<std::string>());
    for (const char* key : {"all", "any"})
        if (auto it = rule.find(key); it != rule.end() && it->is_array())
            for (const auto& r : *it) ruleFields(r, out);
    if (auto it = rule.find("not"); it != rule.end()) ruleFields(*it, out);
}

// Returns "" for a valid rule, else a short English reason (used in manifest validation messages).
inline std::string validateRule(const nlohmann::json& rule) {
    if (rule.is_null()) return "";
    if (!rule.is_object()) return "a rule must be an object";
    if (rule.contains("all") || rule.contains("any")) {
        const auto& list = rule.contains("all") ? rule["all"] : rule["any"];
        if (!list.is_array() || list.empty()) return "all/any needs a non-empty array";
        for (const auto& r : list)
            if (auto why = validateRule(r); !why.empty()) return why;
        return "";
    }
    if (rule.contains("not")) return rule["not"].is_null() ? "not needs a rule" : validateRule(rule["not"]);
    if (!rule.contains("field") || !rule["field"].is_string()) return "a rule needs \"field\"";
    int ops = int(rule.contains("equals")) + int(rule.contains("notEquals")) + int(rule.contains("in")) +
              int(rule.contains("notEmpty"));
    if (ops != 1) return "a rule needs exactly one of equals, notEquals, in, notEmpty";
    if (rule.contains("in") && !rule["in"].is_array()) return "\"in\" needs an array";
    return "";
}

inline bool evalRule(const nlohmann::json& rule, const nlohmann::json& values) {
    if (rule.is_null()) return true;
    if (!rule.is_object()) return false;
    if (auto it = rule.find("all"); it != rule.end()) {
        if (!it->is_array() || it->empty()) return false;
        for (const auto& r : *it)
            if (!evalRule(r, values)) return false;
        return true;
    }
    if (auto it = rule.find("any"); it != rule.end()) {
        if (!it->is_array()) return false;
        for (const auto& r : *it)
            if (evalRule(r, values)) return true;
        return false;
    }
    if (auto it = rule.find("not"); it != rule.end()) return !it->is_null() && !evalRule(*it, values);
    auto f = rule.find("field");
    if (f == rule.end() || !f->is_string()) return false;
    if (int(rule.contains("equals")) + int(rule.contains("notEquals")) + int(rule.contains("in")) +
            int(rule.contains("notEmpty")) !=
        1)
        return false;
    static const nlohmann::json kNull;
    const nlohmann::json* v = &kNull;
    if (values.is_object())
        if (auto vi = values.find(f->get<std::string>()); vi != values.end()) v = &*vi;
    if (auto it = rule.find("equals"); it != rule.end()) return *v == *it;
    if (auto it = rule.find("notEquals"); it != rule.end()) return *v != *it;
    if (auto it = rule.find("in"); it != rule.end()) {
        if (!it->is_array()) return false;
        for (const auto& c : *it)
            if (*v == c) return true;
        return false;
    }
    if (auto it = rule.find("notEmpty"); it != rule.end())
        return !v->is_null() && !(v->is_string() && v->get_ref<const std::string&>().empty());
    return false;
}

// Builders, so a rule reads as what it says: rule::all({rule::equals("kind", "admin"), rule::notEmpty("name")}).
namespace rule {
using Json = nlohmann::json;
inline Json equals(std::string field, Json v) { return {{"field", std::move(field)}, {"equals", std::move(v)}}; }
inline Json notEquals(std::string field, Json v) { return {{"field", std::move(field)}, {"notEquals", std::move(v)}}; }
inline Json in(std::string field, Json values) { return {{"field", std::move(field)}, {"in", std::move(values)}}; }
inline Json notEmpty(std::string field) { return {{"field", std::move(field)}, {"notEmpty", true}}; }
inline Json all(std::vector<Json> rules) { return {{"all", std::move(rules)}}; }
inline Json any(std::vector<Json> rules) { return {{"any", std::move(rules)}}; }
inline Json negate(Json r) { return {{"not", std::move(r)}}; }
}  // namespace rule

}  // namespace oqs
