// oqs/api_schema.hpp — JSON Schemas (the OpenAPI 3.0 dialect) for GET /api/openapi.json, so a client generator
// knows what each route takes and answers.
//
// Requests are described by the form spec the panel already sends to the client and oqs/form.hpp checks (required,
// min/max characters, pattern, choices, dates): fromFields() and queryParameters() turn that spec into a schema, so
// the document cannot drift from the checks. Answers have no such spec, so a route states its answer with the
// small builders below. A plugin attaches both to a route on the builder (oqs/plugin.hpp):
//
//   p.route("POST", "/readers", {kAdmin}, addReader, "Register a card reader")
//       .accepts(readerFields()).answers(schema::object({{"id", schema::integer()}}), 201);
//   p.route("GET", "/readers", {kAdmin}, listReaders, "The readers").query(schema::paged({}, 100))
//       .answers(schema::page(readerRow()));
//
// The schemas are what a client should send: where the server is more lenient (a number sent as a string, a date
// as 20201010) the schema names the canonical form. Header-only, no exceptions.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace oqs::schema {

using Json = nlohmann::json;
using Properties = std::vector<std::pair<std::string, Json>>;

// [SECTION] Answer builders
inline Json described(Json s, const std::string& description) {
    if (!description.empty()) s["description"] = description;
    return s;
}
inline Json string(const std::string& description = {}) { return described({{"type", "string"}}, description); }
inline Json integer(const std::string& description = {}) { return described({{"type", "integer"}}, description); }
inline Json number(const std::string& description = {}) { return described({{"type", "number"}}, description); }
inline Json boolean(const std::string& description = {}) { return described({{"type", "boolean"}}, description); }
inline Json oneOf(std::vector<std::string> values, const std::string& description = {}) {
    return described({{"type", "string"}, {"enum", values}}, description);
}
inline Json nullable(Json s) {
    s["nullable"] = true;
    return s;
}
inline Json array(Json items, const std::string& description = {}) {
    return described({{"type", "array"}, {"items", std::move(items)}}, description);
}
// An object whose properties are all present unless named in `optional`; other members may follow (a newer host
// or plugin may add some, and a generated client must not break on them).
inline Json object(const Properties& properties, const std::vector<std::string>& optional = {}) {
    Json props = Json::object(), required = Json::array();
    for (const auto& [name, s] : properties) {
        props[name] = s;
        if (std::find(optional.begin(), optional.end(), name) == optional.end()) required.push_back(name);
    }
    Json o{{"type", "object"}, {"properties", props}};
    if (!required.empty()) o["required"] = required;
    return o;
}
// Any JSON object (a panel, a plugin's free-form answer).
inline Json anyObject(const std::string& description = {}) { return described({{"type", "object"}}, description); }
// A label L("ja", "en") (oqs/panel.hpp).
inline Json label() { return object({{"ja", string()}, {"en", string()}}, {"en"}); }
// A message: a label or a plain string, as the answers' "message" may be.
inline Json message() { return {{"oneOf", Json::array({string(), label()})}}; }
// A table source's answer (oqs/panel.hpp table): {"rows":[row…], "total":n}.
inline Json page(Json row) {
    return object({{"rows", array(std::move(row))}, {"total", integer("matching rows in all pages")}});
}
// The answer of a source that pages by key (oqs/panel.hpp table "next"): a page plus, when rows may follow, the
// cursor the client sends back as `after` for the next page (keysetPaged below).
inline Json cursorPage(Json row) {
    Json s = page(std::move(row));
    s["properties"]["next"] = string("cursor of the page after this one: send it as after (absent: no next page)");
    return s;
}

// [SECTION] From form fields
namespace detail {
inline const Json& member(const Json& j, const char* k) {
    static const Json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(k);
    return it == j.end() ? kNull : *it;
}
inline std::string typeOf(const Json& field) {
    const Json& t = member(field, "type");
    return t.is_string() ? t.get<std::string>() : "text";
}
// Shown and checked always: no rule may hide or disable it (oqs/form.hpp checks only what the rules show).
inline bool unconditional(const Json& field) {
    return member(field, "visibleWhen").is_null() && member(field, "enabledWhen").is_null();
}
inline bool isRequired(const Json& field) { return member(field, "required") == true && unconditional(field); }
inline std::string describe(const Json& field) {
    std::string d;
    const Json& l = member(field, "label");
    for (const char* k : {"ja", "en"})
        if (member(l, k).is_string()) d += (d.empty() ? "" : " / ") + l[k].get<std::string>();
    const Json& hint = member(field, "hint");
    if (member(hint, "en").is_string()) d += ". " + hint["en"].get<std::string>();
    else if (member(hint, "ja").is_string()) d += ". " + hint["ja"].get<std::string>();
    return d;
}
// An optional field may also be sent empty (""), which oqs/form.hpp treats as absent.
inline std::string emptyOr(const std::string& pattern, bool required) {
    return required ? pattern : "^$|(?:" + pattern + ")";
}
}  // namespace detail

// The value one field takes in a JSON body (asQuery: in a query string, where every value is a string).
// Read-only and file fields take none: answers null.
inline Json field(const Json& f, bool asQuery = false) {
    using detail::member;
    const std::string type = detail::typeOf(f);
    const bool required = detail::isRequired(f);
    Json s;
    if (type == "readonly" || type == "file") return nullptr;
    if (type == "checkbox") {
        s = asQuery ? Json{{"type", "string"}, {"enum", {"true", "false"}}} : Json{{"type", "boolean"}};
        if (required) s["enum"] = asQuery ? Json::array({"true"}) : Json::array({true});
    } else if (type == "select") {
        Json values = Json::array();
        for (const auto& o : member(f, "options"))
            if (!member(o, "value").is_null())
                values.push_back(asQuery && !o["value"].is_string() ? Json(o["value"].dump()) : o["value"]);
        bool strings = std::all_of(values.begin(), values.end(), [](const Json& v) { return v.is_string(); });
        s = strings ? Json{{"type", "string"}} : Json::object();
        if (!values.empty()) s["enum"] = values;
    } else if (type == "number" && !asQuery) {
        s = {{"type", "number"}};
        if (member(f, "min").is_number()) s["minimum"] = f["min"];
        if (member(f, "max").is_number()) s["maximum"] = f["max"];
    } else if (type == "number") {
        s = {{"type", "string"}, {"pattern", detail::emptyOr("^-?[0-9]+(\\.[0-9]+)?$", required)}};
    } else if (type == "date") {
        // oqs/form.hpp normaliseDate(): yyyy/mm/dd, yyyy-mm-dd or yyyymmdd, and a real calendar day.
        s = {{"type", "string"},
             {"pattern", detail::emptyOr("^[0-9]{4}[-/]?[0-9]{2}[-/]?[0-9]{2}$", required)},
             {"example", "2026/04/01"}};
    } else if (type == "datetime") {
        s = {{"type", "string"},
             {"pattern", detail::emptyOr("^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}$", required)},
             {"example", "2026/04/01 09:30"}};
    } else {
        // Characters, as oqs/form.hpp counts them (JSON Schema counts code points too). A minimum binds a field that
        // is given: an optional one may still be sent empty.
        s = {{"type", "string"}};
        if (member(f, "max").is_number_integer()) s["maxLength"] = f["max"];
        int min = member(f, "min").is_number_integer() ? f["min"].get<int>() : 0;
        if (required) s["minLength"] = std::max(1, min);
        if (const Json& p = member(f, "pattern"); p.is_string() && !p.get<std::string>().empty())
            s["pattern"] = detail::emptyOr(p.get<std::string>(), required);
    }
    if (!required && !asQuery) {
        s["nullable"] = true;
        if (s.contains("enum")) s["enum"].push_back(nullptr);  // OpenAPI 3.0.3: nullable needs null in an enum
    }
    if (auto d = detail::describe(f); !d.empty()) s["description"] = d;
    return s;
}

// A JSON request body from a form spec (a form widget {"fields":[…]} or the fields themselves).
inline Json fromFields(const Json& form) {
    const Json& fields = form.is_object() && form.contains("fields") ? form["fields"] : form;
    Json props = Json::object(), required = Json::array();
    if (fields.is_array())
        for (const auto& f : fields) {
            const Json& id = detail::member(f, "id");
            Json s = field(f);
            if (!id.is_string() || s.is_null()) continue;
            props[id.get<std::string>()] = std::move(s);
            if (detail::isRequired(f)) required.push_back(id);
        }
    Json o{{"type", "object"}, {"properties", props}};
    if (!required.empty()) o["required"] = required;
    return o;
}

// OpenAPI query parameters from a form spec (a table's or a search's query form).
inline Json queryParameters(const Json& form) {
    const Json& fields = form.is_object() && form.contains("fields") ? form["fields"] : form;
    Json out = Json::array();
    if (fields.is_array())
        for (const auto& f : fields) {
            const Json& id = detail::member(f, "id");
            Json s = field(f, true);
            if (!id.is_string() || s.is_null()) continue;
            Json p{{"name", id}, {"in", "query"}, {"required", detail::isRequired(f)}};
            if (s.contains("description")) {
                p["description"] = s["description"];
                s.erase("description");
            }
            p["schema"] = std::move(s);
            out.push_back(std::move(p));
        }
    return out;
}

// A query form plus the offset and limit a table sends for its pages (oqs/panel.hpp table "page").
inline Json paged(Json fields, int maxLimit) {
    const Json& list = fields.is_object() && fields.contains("fields") ? fields["fields"] : fields;
    Json out = list.is_array() ? list : Json::array();
    out.push_back({{"id", "offset"},
                   {"type", "number"},
                   {"min", 0},
                   {"label", {{"ja", "offset"}}},
                   {"hint", {{"ja", "rows to skip (default 0)"}}}});
    out.push_back({{"id", "limit"},
                   {"type", "number"},
                   {"min", 1},
                   {"max", maxLimit},
                   {"label", {{"ja", "limit"}}},
                   {"hint", {{"ja", "rows per page (1–" + std::to_string(maxLimit) + ")"}}}});
    return out;
}

// paged() plus the cursor `after` a table sends for the page after one whose answer carried `next` (cursorPage).
inline Json keysetPaged(Json fields, int maxLimit) {
    Json out = paged(std::move(fields), maxLimit);
    out.push_back({{"id", "after"},
                   {"type", "text"},
                   {"label", {{"ja", "after"}}},
                   {"hint", {{"ja", "the previous answer's next: the page after it (instead of offset)"}}}});
    return out;
}

}  // namespace oqs::schema
