// oqs/api_schema.hpp and the route descriptions of oqs/plugin.hpp: a form spec becomes the request schema and
// query parameters of GET /api/openapi.json with the same rules oqs/form.hpp checks. tests/api runs the document
// of a real host through a standard validator and ajv; this pins the mapping itself.
#include <oqs/api_schema.hpp>
#include <oqs/form.hpp>
#include <oqs/panel.hpp>
#include <oqs/plugin.hpp>

#include <gtest/gtest.h>

namespace {

using Json = nlohmann::json;
using oqs::panel::Field;
using oqs::panel::L;
namespace S = oqs::schema;

Json readerForm() {
    return Json::array({
        Field("serial", "text", L("シリアル番号", "Serial number")).required().min(4).max(10).pattern("^[0-9]+$"),
        Field("room", "select", L("設置場所", "Room")).option("desk", L("受付")).option("lab", L("検査室")),
        Field("since", "date", L("利用開始日", "Since")).required(),
        Field("note", "text", L("メモ", "Note")).max(20).pattern("^[a-z]+$"),
        Field("count", "number", L("台数", "Count")).min(1).max(9),
        Field("agree", "checkbox", L("同意", "Agree")).required(),
        Field("extra", "text", L("追加", "Extra")).required().visibleWhen(Json{{"field", "room"}, {"equals", "lab"}}),
        Field("shown", "readonly", L("表示", "Shown")),
    });
}

TEST(ApiSchema, AFormSpecBecomesTheBodySchemaWithTheSameRules) {
    Json s = S::fromFields(oqs::panel::form("f", readerForm().get<std::vector<Json>>()));
    EXPECT_EQ(s["type"], "object");
    // Required as form.hpp requires: present and not empty; a field a rule may hide is never required.
    EXPECT_EQ(s["required"], Json::array({"serial", "since", "agree"}));
    const Json& serial = s["properties"]["serial"];
    EXPECT_EQ(serial["minLength"], 4);
    EXPECT_EQ(serial["maxLength"], 10);
    EXPECT_EQ(serial["pattern"], "^[0-9]+$");
    EXPECT_FALSE(serial.contains("nullable"));
    EXPECT_EQ(serial["description"], "シリアル番号 / Serial number");
    // Optional: may be absent, null or "" (form.hpp's empty), so the pattern admits "" too.
    const Json& note = s["properties"]["note"];
    EXPECT_EQ(note["nullable"], true);
    EXPECT_EQ(note["pattern"], "^$|(?:^[a-z]+$)");
    EXPECT_FALSE(note.contains("minLength"));
    EXPECT_EQ(s["properties"]["room"]["enum"], Json::array({"desk", "lab", nullptr}));
    EXPECT_EQ(s["properties"]["count"]["minimum"], 1);
    EXPECT_EQ(s["properties"]["count"]["maximum"], 9);
    EXPECT_EQ(s["properties"]["agree"]["enum"], Json::array({true}));
    EXPECT_EQ(s["properties"]["since"]["pattern"], "^[0-9]{4}[-/]?[0-9]{2}[-/]?[0-9]{2}$");
    EXPECT_FALSE(s["properties"].contains("shown"));  // read-only fields are never sent
}

// What the schema lets through, form.hpp accepts: the example of a date passes checkField; the empty optional too.
TEST(ApiSchema, TheSchemasExamplesPassTheFormChecks) {
    Json form = readerForm();
    Json s = S::fromFields(form);
    EXPECT_TRUE(oqs::form::checkField(form[2], s["properties"]["since"]["example"]).empty());
    EXPECT_TRUE(oqs::form::checkField(form[3], "").empty());
    EXPECT_TRUE(oqs::form::checkField(form[3], nullptr).empty());
    EXPECT_FALSE(oqs::form::checkField(form[0], "").empty());
}

TEST(ApiSchema, QueryParametersAreStringsWithTheirChoices) {
    Json params = S::queryParameters(S::paged(readerForm(), 500));
    auto find = [&](const std::string& name) {
        for (const auto& p : params)
            if (p["name"] == name) return p;
        return Json();
    };
    EXPECT_EQ(find("serial")["in"], "query");
    EXPECT_EQ(find("serial")["required"], true);
    EXPECT_EQ(find("serial")["description"], "シリアル番号 / Serial number");
    EXPECT_EQ(find("room")["schema"]["enum"], Json::array({"desk", "lab"}));  // no null in a query string
    EXPECT_EQ(find("agree")["schema"]["enum"], Json::array({"true"}));
    EXPECT_EQ(find("count")["schema"]["type"], "string");
    EXPECT_EQ(find("limit")["required"], false);
    EXPECT_TRUE(find("shown").is_null());
}

TEST(ApiSchema, AnswerBuildersListRequiredMembersExceptTheOptionalOnes) {
    Json row = S::object({{"id", S::integer()}, {"note", S::nullable(S::string())}}, {"note"});
    EXPECT_EQ(row["required"], Json::array({"id"}));
    EXPECT_EQ(row["properties"]["note"]["nullable"], true);
    Json page = S::page(row);
    EXPECT_EQ(page["required"], Json::array({"rows", "total"}));
    EXPECT_EQ(page["properties"]["rows"]["items"], row);
    EXPECT_EQ(S::label()["required"], Json::array({"ja"}));
}

TEST(ApiSchema, ARouteCarriesItsDescriptionIntoTheManifest) {
    oqs::Plugin p;
    p.id("readers");
    p.route("POST", "/readers", {oqs::kAdmin}, nullptr, "Add").accepts(readerForm()).answers(S::anyObject(), 201);
    p.route("GET", "/readers", {oqs::kAdmin}, nullptr, "List").query(readerForm()).answers(S::page(S::anyObject()));
    p.route("DELETE", "/readers/{id}", {oqs::kAdmin}, nullptr, "Delete");
    Json routes = p.manifest()["routes"];
    EXPECT_EQ(routes[0]["request"], S::fromFields(readerForm()));
    EXPECT_TRUE(routes[0]["answers"].contains("201"));
    EXPECT_EQ(routes[1]["query"], S::queryParameters(readerForm()));
    EXPECT_FALSE(routes[1].contains("request"));
    // Undescribed routes stay as ABI 1.0 hosts know them.
    EXPECT_FALSE(routes[2].contains("answers"));
    EXPECT_FALSE(routes[2].contains("query"));
    // A description with no route before it is a declaration error, not a silent no-op.
    oqs::Plugin empty;
    EXPECT_THROW(empty.answers(S::anyObject()), std::logic_error);
}

}  // namespace
