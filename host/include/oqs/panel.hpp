// oqs/panel.hpp — panels: screens described as data (panel schema 1).
//
// A plugin describes each screen as JSON that the client renders; the client knows no plugin by name, so a new
// plugin appears in the browser with no rebuild. These builders only produce that JSON; the schema below is the
// contract (docs/panels.md has a worked example of every widget).
//
// Index
//   [SECTION] Schema 1 reference
//   [SECTION] Labels (ja/en)
//   [SECTION] Widgets: text, readonly, form fields, form, actions, table, chart, download, image, copy, section
//   [SECTION] Panel
//
// Breaking-changes log (newest first)
//   schema 1  2026-11-28  additions: field "message"; paths and panels relative to the plugin (resolved by
//                         the SDK before the panel leaves the plugin, so every client sees absolute ones).
//   schema 1  2026-11-28  addition (older clients ignore it): a table column's "actions":true holds the row actions.
//   schema 1  2026-11-28  additions (older clients ignore them): widget "chart"; a call's error fields show beside
//                         the fields of its query form too.
//   schema 1  2026-11-25  additions (older clients ignore them): field "offValue" and "section", goto "login".
//   schema 1  2026-11-25  first version.
//
// [SECTION] Schema 1 reference
//   panel    {"schema":1, "id":"<plugin>.<panel>", "title":L, "body":[widget…], "refreshSeconds"?:n}
//   L        {"ja":"…","en":"…"} (ja required; the client falls back to ja when en is missing)
//   text     {"type":"text","text":L,"style":"body|heading|caution|error|note"}
//   readonly {"type":"readonly","id","label":L,"value":"…"}
//   form     {"type":"form","id","fields":[field…]}
//   field    {"id","type":"text|password|number|date|datetime|select|checkbox|file|readonly|textarea","label":L,
//             "required"?, "min"?/"max"? (characters for text, value for number), "pattern"? (ECMAScript-ish,
//             checked by the server with std::regex), "hint"?:L, "value"? (initial), "options"?:[{"value","label":L,
//             "fills"?:{"field":"value"}}], "enabledWhen"?:rule, "visibleWhen"?:rule (oqs/rules.hpp, over the
//             form's values), "accept"? (file: ".csv"), "maxBytes"? (file), "confirmWhen"?:{"rule":rule,
//             "text":L,"revert":value} (a dialog when the new value matches; cancel puts "revert" back),
//             "caution"?:L, "offValue"? (the value the field shows and sends while enabledWhen is false, so a
//             disabled field never carries a value the server's rule refuses), "section"?:L (a heading drawn above
//             the first field of each run of fields with the same section), "message"?:L (what is wrong when
//             the field is missing, malformed or not a choice)}
//             The client and the plugin check a form with the same code: oqs/form.hpp, oqs::checkedBody().
//             A checkbox's value is true/false; a file's value is sent as the raw request body (see action).
//   actions  {"type":"actions","items":[action…]}
//   action   {"id","label":L, "call"?:{"method","path","body"?:"<form id>","query"?:"<form id>"},
//             "confirm"?:[L, L] (one or two dialogs), "enabledWhen"?:rule, "goto"?:"menu"|"back"|{"panel":"p.q",
//             "params":{…}}, "download"?:true (the answer is a file to save), "style"?:"primary|danger"}
//             A goto (of an action or of an answer) may also be "login": the session ended, show the login screen.
//             {name} in a path is replaced by the form value, row value or panel parameter of that name.
//             The JSON answer of a call may hold: "message":L|string, "show":[{"label":L,"value","secret"?:bool}],
//             "actions":[action…] (follow-ups, e.g. the PDF download), "goto", "reload":true, "values":{…}
//             (new form values). The client shows message/show/actions in a completion dialog.
//   table    {"type":"table","id","source":{"method":"GET","path","query"?:"<form id>"},"columns":[{"id","label":L,
//             "sub"?:"<second line column id>", "actions"?:true (the row actions are drawn in this column, after
//             its text, instead of in a trailing 「操作」 column)}], "page"?:n (rows per page; the client sends offset & limit),
//             "rowOpen"?:{"panel":"p.q","with":["col"]}, "rowActions"?:[action + "when"?:rule],
//             "greyWhen"?:rule, "refreshSeconds"?:n, "empty"?:L, "autoLoad"?:bool}
//             The source answers {"rows":[{…}], "total":n, "next"?:"<cursor>"}. With "next" (keyset paging) the
//             client asks for the following page with after=<cursor>&limit=n instead of offset, and for an earlier
//             one with the cursor it used then; the first page is offset=0&limit=n. The rows after the cursor must
//             be exactly the rows offset paging would give next (same order, a key unique in it), so a page costs
//             the same at any depth. Without "next" the client pages by offset. Other query conditions: page 1.
//   chart    {"type":"chart","id","source":{"method":"GET","path","query"?:"<form id>"},"xLabel":L,"yLabel":L,
//             "button"?:L, "autoLoad"?:bool, "height"?:px, "empty"?:L}
//             Vertical bars with labelled axes: the value axis shows 0 and the largest value, the category axis as
//             many bar labels as fit. The source answers {"bars":[{"label":"…","value":n}], "summary"?:L|string
//             (a line above the chart, e.g. a total), "xLabel"?:L (replaces the widget's), "note"?:L|string (a line
//             below)}. The button (default 《表示》) loads it again with the query form's values; autoLoad loads it
//             when the panel opens; an action whose call has the same query form reloads it when it succeeds.
//   download {"type":"download","id","label":L,"call":{…},"confirm"?:[L],"done"?:L}
//   image    {"type":"image","id","source":{"method":"GET","path"},"alt":L,"width"?:px}
//   copy     {"type":"copy","id","label":L,"value":"…"}
//   section  {"type":"section","id","title":L,"body":[widget…]}
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace oqs::panel {

using Json = nlohmann::json;
inline constexpr int kSchema = 1;

// [SECTION] Labels
inline Json L(std::string ja, std::string en = {}) {
    Json j{{"ja", std::move(ja)}};
    if (!en.empty()) j["en"] = std::move(en);
    return j;
}

// [SECTION] Widgets
inline Json text(Json label, std::string style = "body") {
    return {{"type", "text"}, {"text", std::move(label)}, {"style", std::move(style)}};
}
inline Json readonly(std::string id, Json label, std::string value) {
    return {{"type", "readonly"}, {"id", std::move(id)}, {"label", std::move(label)}, {"value", std::move(value)}};
}

// A form field; chain the setters, then put it in form().
class Field {
  public:
    Field(std::string id, std::string type, Json label)
        : m_j{{"id", std::move(id)}, {"type", std::move(type)}, {"label", std::move(label)}} {}
    Field& required(bool on = true) { return set("required", on); }
    Field& min(int v) { return set("min", v); }
    Field& max(int v) { return set("max", v); }
    Field& pattern(std::string re) { return set("pattern", std::move(re)); }
    // What is wrong, in the field's terms, when it is missing, malformed or not a choice (instead of the generic
    // 「＊の項目は必須入力です。」 / 「入力形式に誤りがあります。」); lengths and ranges keep their numbered texts.
    Field& message(Json l) { return set("message", std::move(l)); }
    Field& hint(Json l) { return set("hint", std::move(l)); }
    Field& value(Json v) { return set("value", std::move(v)); }
    Field& option(Json value, Json label, Json fills = nullptr) {
        Json o{{"value", std::move(value)}, {"label", std::move(label)}};
        if (!fills.is_null()) o["fills"] = std::move(fills);
        m_j["options"].push_back(std::move(o));
        return *this;
    }
    Field& enabledWhen(Json rule) { return set("enabledWhen", std::move(rule)); }
    Field& visibleWhen(Json rule) { return set("visibleWhen", std::move(rule)); }
    Field& accept(std::string ext) { return set("accept", std::move(ext)); }
    Field& maxBytes(long long n) { return set("maxBytes", n); }
    Field& caution(Json l) { return set("caution", std::move(l)); }
    Field& offValue(Json v) { return set("offValue", std::move(v)); }
    Field& section(Json l) { return set("section", std::move(l)); }
    Field& confirmWhen(Json rule, Json text, Json revert) {
        return set("confirmWhen",
                   Json{{"rule", std::move(rule)}, {"text", std::move(text)}, {"revert", std::move(revert)}});
    }
    operator Json() const { return m_j; }  // NOLINT(google-explicit-constructor): builders read like the schema
    const Json& json() const { return m_j; }

  private:
    Field& set(const char* k, Json v) {
        m_j[k] = std::move(v);
        return *this;
    }
    Json m_j;
};

inline Json form(std::string id, std::vector<Json> fields) {
    return {{"type", "form"}, {"id", std::move(id)}, {"fields", std::move(fields)}};
}

// An action button (also used as a row action and as a follow-up in an answer).
class Action {
  public:
    Action(std::string id, Json label) : m_j{{"id", std::move(id)}, {"label", std::move(label)}} {}
    Action& call(std::string method, std::string path, std::string bodyForm = {}, std::string queryForm = {}) {
        Json c{{"method", std::move(method)}, {"path", std::move(path)}};
        if (!bodyForm.empty()) c["body"] = std::move(bodyForm);
        if (!queryForm.empty()) c["query"] = std::move(queryForm);
        return set("call", std::move(c));
    }
    Action& confirm(Json first, Json second = nullptr) {
        Json list = Json::array({std::move(first)});
        if (!second.is_null()) list.push_back(std::move(second));
        return set("confirm", std::move(list));
    }
    Action& gotoMenu() { return set("goto", "menu"); }
    Action& gotoBack() { return set("goto", "back"); }
    Action& gotoPanel(std::string panel, Json params = Json::object()) {
        return set("goto", Json{{"panel", std::move(panel)}, {"params", std::move(params)}});
    }
    Action& download(bool on = true) { return set("download", on); }
    Action& enabledWhen(Json rule) { return set("enabledWhen", std::move(rule)); }
    Action& when(Json rule) { return set("when", std::move(rule)); }
    Action& style(std::string s) { return set("style", std::move(s)); }
    operator Json() const { return m_j; }  // NOLINT(google-explicit-constructor)
    const Json& json() const { return m_j; }

  private:
    Action& set(const char* k, Json v) {
        m_j[k] = std::move(v);
        return *this;
    }
    Json m_j;
};

inline Json actions(std::vector<Json> items) { return {{"type", "actions"}, {"items", std::move(items)}}; }

// The two buttons every screen has (HOST-UI-01): 《メニュー》 and 《戻る》.
inline Json menuAndBack() {
    return actions({Action("menu", L("メニュー", "Menu")).gotoMenu(), Action("back", L("戻る", "Back")).gotoBack()});
}

class Table {
  public:
    Table(std::string id, std::string method, std::string path, std::string queryForm = {})
        : m_j{{"type", "table"}, {"id", std::move(id)}, {"columns", Json::array()}} {
        Json s{{"method", std::move(method)}, {"path", std::move(path)}};
        if (!queryForm.empty()) s["query"] = std::move(queryForm);
        m_j["source"] = std::move(s);
    }
    Table& column(std::string id, Json label, std::string sub = {}) {
        Json c{{"id", std::move(id)}, {"label", std::move(label)}};
        if (!sub.empty()) c["sub"] = std::move(sub);
        m_j["columns"].push_back(std::move(c));
        return *this;
    }
    // A column that shows its text (if any) and then the row actions, e.g. 無効化状況: a button or 「無効化済み」.
    Table& actionsColumn(std::string id, Json label) {
        m_j["columns"].push_back(Json{{"id", std::move(id)}, {"label", std::move(label)}, {"actions", true}});
        return *this;
    }
    Table& page(int rows) { return set("page", rows); }
    Table& rowOpen(std::string panel, std::vector<std::string> with) {
        return set("rowOpen", Json{{"panel", std::move(panel)}, {"with", std::move(with)}});
    }
    Table& rowAction(Json action) {
        m_j["rowActions"].push_back(std::move(action));
        return *this;
    }
    Table& greyWhen(Json rule) { return set("greyWhen", std::move(rule)); }
    Table& refreshSeconds(int s) { return set("refreshSeconds", s); }
    Table& empty(Json l) { return set("empty", std::move(l)); }
    Table& autoLoad(bool on = true) { return set("autoLoad", on); }
    operator Json() const { return m_j; }  // NOLINT(google-explicit-constructor)

  private:
    Table& set(const char* k, Json v) {
        m_j[k] = std::move(v);
        return *this;
    }
    Json m_j;
};

// A bar chart over numbers the source computes (see "chart" above); any plugin may use it.
class Chart {
  public:
    Chart(std::string id, std::string method, std::string path, std::string queryForm = {})
        : m_j{{"type", "chart"}, {"id", std::move(id)}, {"xLabel", L("")}, {"yLabel", L("")}} {
        Json s{{"method", std::move(method)}, {"path", std::move(path)}};
        if (!queryForm.empty()) s["query"] = std::move(queryForm);
        m_j["source"] = std::move(s);
    }
    Chart& xLabel(Json l) { return set("xLabel", std::move(l)); }
    Chart& yLabel(Json l) { return set("yLabel", std::move(l)); }
    Chart& button(Json l) { return set("button", std::move(l)); }
    Chart& autoLoad(bool on = true) { return set("autoLoad", on); }
    Chart& height(int px) { return set("height", px); }
    Chart& empty(Json l) { return set("empty", std::move(l)); }
    operator Json() const { return m_j; }  // NOLINT(google-explicit-constructor)

  private:
    Chart& set(const char* k, Json v) {
        m_j[k] = std::move(v);
        return *this;
    }
    Json m_j;
};

inline Json download(std::string id, Json label, std::string method, std::string path, std::string queryForm = {}) {
    Json c{{"method", std::move(method)}, {"path", std::move(path)}};
    if (!queryForm.empty()) c["query"] = std::move(queryForm);
    return {{"type", "download"}, {"id", std::move(id)}, {"label", std::move(label)}, {"call", std::move(c)}};
}
inline Json image(std::string id, std::string path, Json alt) {
    return {{"type", "image"},
            {"id", std::move(id)},
            {"source", {{"method", "GET"}, {"path", std::move(path)}}},
            {"alt", std::move(alt)}};
}
inline Json copy(std::string id, Json label, std::string value) {
    return {{"type", "copy"}, {"id", std::move(id)}, {"label", std::move(label)}, {"value", std::move(value)}};
}
inline Json section(std::string id, Json title, std::vector<Json> body) {
    return {{"type", "section"}, {"id", std::move(id)}, {"title", std::move(title)}, {"body", std::move(body)}};
}

// [SECTION] Panel
inline Json panel(std::string id, Json title, std::vector<Json> body) {
    return {{"schema", kSchema}, {"id", std::move(id)}, {"title", std::move(title)}, {"body", std::move(body)}};
}

}  // namespace oqs::panel
