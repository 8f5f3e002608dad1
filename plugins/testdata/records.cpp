// ③ データカテゴリ別テストデータ登録／削除: test records for qualification confirmation by insured-person number
// (SPEC.md §4.5). The categories are the contribution point "testdata.categories" (OQ-37), so another plugin adds
// one with no change here; each registration adds the category's number of records, with fictional people and
// well-formed identifiers the tester types into the receipt computer.
#include "testdata.hpp"

#include <oqs/dates.hpp>

#include <algorithm>
#include <cstdio>

namespace testdata {

namespace {

namespace P = oqs::panel;
using P::L;

bool validKey(const std::string& k) {
    if (k.empty() || k.size() > 64) return false;
    for (char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return false;
    return true;
}

// A contributed item, or nothing when it is malformed (a plugin's bad item never breaks the screen).
std::optional<Category> categoryOf(const Json& item) {
    if (!item.is_object()) return std::nullopt;
    Category c;
    c.key = item.value("key", "");
    if (!validKey(c.key)) return std::nullopt;
    const Json& label = item.value("label", Json());
    if (label.is_string()) c.label = L(label.get<std::string>());
    else if (label.is_object() && label.value("ja", Json()).is_string()) c.label = label;
    else return std::nullopt;
    c.needsSerial = item.value("needsSerial", false) == true;
    const Json& records = item.value("records", Json(1));
    if (!records.is_number_integer() || records.get<int64_t>() < 1 || records.get<int64_t>() > 20) return std::nullopt;
    c.records = int(records.get<int64_t>());
    for (const auto& t : item.value("types", Json::array())) {
        auto id = typeOf(t);
        if (!id) return std::nullopt;
        c.types.push_back(*id);
    }
    if (c.types.empty())
        for (const auto& t : qualTypes()) c.types.push_back(t.id);
    return c;
}

const Category* find(const std::vector<Category>& cats, const Json& key) {
    if (!key.is_string()) return nullptr;
    for (const auto& c : cats)
        if (c.key == key.get<std::string>()) return &c;
    return nullptr;
}

std::string digits8(int64_t v) {  // 番号: 8 digits
    char out[32];
    std::snprintf(out, sizeof out, "%08lld", (long long)v);
    return out;
}

oqs::Result<int64_t> countOf(const oqs::Ctx& ctx, const std::string& key) {
    auto n = ctx.db().queryOne("SELECT count(*) AS n FROM testdata_records WHERE institution = ? AND category = ?",
                               ctx.institutionCode(), key);
    if (!n) return n.error();
    return n->value("n", int64_t(0));
}

std::string countText(int64_t n) { return "テストデータ登録件数：" + std::to_string(n) + " 件"; }

oqs::Response listCategories(oqs::Ctx& ctx, const oqs::Request&) {
    auto cats = categories(ctx);
    if (!cats) return cats.error();
    Json rows = Json::array();
    for (const auto& c : *cats) {
        auto n = countOf(ctx, c.key);
        if (!n) return n.error();
        rows.push_back({{"key", c.key},
                        {"label", c.label.value("ja", "")},
                        {"needs_serial", c.needsSerial},
                        {"records_per_registration", c.records},
                        {"count", *n},
                        {"count_text", countText(*n)}});
    }
    return oqs::Response::json({{"rows", rows}, {"total", rows.size()}});
}

oqs::Response addRecords(oqs::Ctx& ctx, const oqs::Request& req) {
    auto cats = categories(ctx);
    if (!cats) return cats.error();
    auto body = oqs::checkedBody(req, categoryForm(*cats));
    if (!body) return body.error();
    const Category* cat = find(*cats, (*body)["category"]);
    const int type = *typeOf((*body)["type"]);
    if (std::find(cat->types.begin(), cat->types.end(), type) == cat->types.end())
        return oqs::badRequest(
            "form.invalid", "入力内容に誤りがあります。",
            {{"type", req.lang == "en" ? "This data category does not take that qualification type."
                                       : "このデータカテゴリでは選択したテスト用資格種類を登録できません。"}});
    std::optional<std::string> serial;
    if (cat->needsSerial) serial = (*body)["serial"].get<std::string>();

    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    // One registration is one insured family: the same insurer, symbol and number, branches 00, 01, … (本人 first).
    auto last = ctx.db().queryOne("SELECT coalesce(max(seq), 0) AS n FROM testdata_records WHERE institution = ?",
                                  ctx.institutionCode());
    if (!last) return last.error();
    const int64_t seq = last->value("n", int64_t(0)) + 1;
    const std::string number = digits8(seq);
    Json added = Json::array();
    for (int i = 0; i < cat->records; ++i) {
        char branch[16];
        std::snprintf(branch, sizeof branch, "%02d", i);
        Identifiers ids = identifiers(seedOf(ctx.institutionCode() + ":" + number), number, branch);
        Person who = person(seedOf(ctx.institutionCode() + ":" + number + ":" + branch));
        auto ins = ctx.db().exec(
            "INSERT INTO testdata_records(institution, seq, branch, category, type, serial, insurer_number, symbol, "
            "number, name, kana, birth_date, created_by, created_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ctx.institutionCode(), seq, std::string(branch), cat->key, type, serial, ids.insurerNumber, ids.symbol,
            number, who.name, who.kana, who.birthDate, ctx.userId(), ctx.nowMs());
        if (!ins) return ins.error();
        added.push_back({{"insurer_number", ids.insurerNumber},
                         {"symbol", ids.symbol},
                         {"number", number},
                         {"branch", branch},
                         {"name", who.name}});
    }
    auto n = countOf(ctx, cat->key);
    if (!n) return n.error();
    if (auto a = ctx.audit("testdata.records_registered", {{"category", cat->key},
                                                           {"type", type},
                                                           {"records", cat->records},
                                                           {"serial", serial ? Json(*serial) : Json()},
                                                           {"number", number}});
        !a)
        return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    // MSG-T06; the reloaded screen then shows the category's current total (OQ-37), as the manual draws it.
    return oqs::Response::json({{"message", L("テストデータを登録しました。", "The test data was registered.")},
                                {"count", *n},
                                {"count_text", countText(*n)},
                                {"added", added},
                                {"reload", true}});
}

oqs::Response listRecords(oqs::Ctx& ctx, const oqs::Request& req) {
    auto cats = categories(ctx);
    if (!cats) return cats.error();
    auto page = ctx.db().page(req,
                              "SELECT seq, category, type, serial, insurer_number, symbol, number, branch, name, kana, "
                              "birth_date, created_ms FROM testdata_records WHERE institution = ?",
                              "ORDER BY seq DESC, branch", ctx.institutionCode());
    if (!page) return page.error();
    for (auto& r : (*page)["rows"]) {
        const Category* c = find(*cats, r["category"]);
        const QualType* t = qualType(int(r.value("type", 0)));
        if (c) r["category"] = c->label.value("ja", "");
        r["type_label"] = t ? t->ja : "";
        if (!r["serial"].is_string()) r["serial"] = "";
        r["birth_date"] = oqs::dates::slashDate(r.value("birth_date", ""));
        r["created_at"] = oqs::dates::japanDateTime(r.value("created_ms", int64_t(0)));
    }
    return oqs::Response::json(*page);
}

oqs::Response deleteAll(oqs::Ctx& ctx, const oqs::Request&) {
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto n = ctx.db().exec("DELETE FROM testdata_records WHERE institution = ?", ctx.institutionCode());
    if (!n) return n.error();
    auto r = ctx.db().exec("DELETE FROM testdata_revocations WHERE institution = ? AND subject LIKE 'record:%'",
                           ctx.institutionCode());
    if (!r) return r.error();
    if (auto a = ctx.audit("testdata.records_deleted", {{"records", *n}}); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return oqs::Response::json({{"message", L("テストデータを削除しました。", "The test data was deleted.")},
                                {"deleted", *n},
                                {"reload", true}});
}

}  // namespace

Json categoryForm(const std::vector<Category>& cats) {
    P::Field category("category", "select", L("データカテゴリ", "Data category"));
    category.required().message(L("データカテゴリを選択してください。", "Choose a data category."));
    Json needSerial = Json::array();
    for (const auto& c : cats) {
        category.option(c.key, c.label);
        if (c.needsSerial) needSerial.push_back(c.key);
    }
    Json serial = serialField("serial");
    serial["visibleWhen"] = oqs::rule::in("category", needSerial);  // shown (and checked) only for such categories
    return P::form("category", {category, typeField("type", L("テスト用資格種類", "Test qualification type")), serial});
}

oqs::Result<std::vector<Category>> categories(const oqs::Ctx& ctx) {
    auto items = ctx.call("contributions.list", {{"point", "testdata.categories"}});
    if (!items) return items.error();
    std::vector<Category> out;
    for (const auto& entry : items->value("items", Json::array())) {
        auto c = categoryOf(entry.value("item", Json()));
        if (!c) {
            ctx.log(OQS_LOG_WARN, "testdata.categories: ignored a malformed item of plugin " +
                                      entry.value("plugin", std::string("?")));
            continue;
        }
        if (!find(out, c->key)) out.push_back(std::move(*c));
    }
    return out;
}

void registerRecords(oqs::Plugin& p) {
    namespace S = oqs::schema;
    const Json category = S::object({{"key", S::string()},
                                     {"label", S::string()},
                                     {"needs_serial", S::boolean()},
                                     {"records_per_registration", S::integer()},
                                     {"count", S::integer()},
                                     {"count_text", S::string()}});
    const Json record = S::object({{"seq", S::integer()},
                                   {"category", S::string("the category's label")},
                                   {"type", S::integer()},
                                   {"type_label", S::string()},
                                   {"serial", S::string()},
                                   {"insurer_number", S::string()},
                                   {"symbol", S::string()},
                                   {"number", S::string()},
                                   {"branch", S::string()},
                                   {"name", S::string()},
                                   {"kana", S::string()},
                                   {"birth_date", S::string("yyyy/mm/dd")},
                                   {"created_ms", S::integer()},
                                   {"created_at", S::string("Japan time")}});
    // The categories are contributed at run time (testdata.categories), so the body names a key in words.
    const Json add = S::object({{"category", S::string("a key of GET /api/testdata/categories")},
                                {"type", S::field(typeField("type", L("テスト用資格種類", "Test qualification type")))},
                                {"serial", S::field(serialField("serial"))}},
                               {"serial"});
    p.route("GET", "/categories", {oqs::kAdmin}, listCategories,
            "The data categories (testdata.categories) with the institution's record count of each")
        .answers(S::page(category));
    p.route("POST", "/records", {oqs::kAdmin}, addRecords, "Register test records of one data category")
        .acceptsSchema(add)
        .answers(S::object({{"message", S::message()},
                            {"count", S::integer()},
                            {"count_text", S::string()},
                            {"added", S::array(S::object({{"insurer_number", S::string()},
                                                          {"symbol", S::string()},
                                                          {"number", S::string()},
                                                          {"branch", S::string()},
                                                          {"name", S::string()}}))},
                            {"reload", S::boolean()}}));
    p.route("GET", "/records", {oqs::kAdmin}, listRecords, "The institution's registered test records, newest first")
        .query(S::paged(Json::array(), 500))
        .answers(S::page(record));
    p.route("DELETE", "/records", {oqs::kAdmin}, deleteAll, "Delete every registered test record of the institution")
        .answers(S::object({{"message", S::message()}, {"deleted", S::integer()}, {"reload", S::boolean()}}));
}

}  // namespace testdata
