// Issue 11: one form spec for the screen and the API (plugins/accounts/forms.hpp). The route checks a body or a
// search against the very fields its panel shows, answering the manual's code and text where the manual has a
// rule and the form's own (form.invalid, oqs/form.hpp) where it has none; a refused request changes nothing. The
// bulk routes describe their CSV bodies and answers for GET /api/openapi.json.
#include "accounts_common.hpp"

using namespace oqs::test;

namespace {

class Forms : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addAccount(kMedCode, "admin", "adm01");
        admin = host.loginAs(kMedCode, "adm01");
    }
    // A field of the panel's form `form`, as the client receives it.
    Json panelField(const std::string& panel, const std::string& form, const std::string& id) {
        auto r = admin->get("/api/panels/accounts/" + panel);
        EXPECT_EQ(r.status, 200) << r.body;
        for (const auto& w : r.json["body"])
            if (w.value("type", "") == "form" && w.value("id", "") == form)
                for (const auto& f : w["fields"])
                    if (f.value("id", "") == id) return f;
        return nullptr;
    }
    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> admin;
};

// The manual's text for a user ID with a character it may not have is the field's message on the screen (the
// client shows it before sending) and the route's answer.
TEST_F(Forms, TheUserIdRuleIsStatedOnceForTheScreenAndTheRoute) {
    const std::string charset = "ユーザIDは半角英数字で入力してください。";
    Json field = panelField("register", "f", "user_id");
    EXPECT_EQ(field["message"]["ja"], charset);
    EXPECT_EQ(field["pattern"], "^[0-9A-Za-z]*$");
    EXPECT_EQ(field["max"], 8);
    auto r = admin->post("/api/accounts/accounts", newAccount("general", "ab-c"));
    EXPECT_EQ(r.errorCode(), "accounts.user_id.charset");
    EXPECT_EQ(r.json["error"]["fields"]["user_id"], charset);
    EXPECT_TRUE(storedAccount(host, kMedCode, "ab-c").is_null());
    // The search form holds its user ID to the same field: 8 characters, half-width letters and digits.
    EXPECT_EQ(panelField("search?searched=1", "q", "user_id")["message"]["ja"], charset);
}

// Conditions the manual gives no rule of their own were searched as sent, beyond what the form (and the OpenAPI
// document) allow; they are now refused by the form's rule with its message per field.
TEST_F(Forms, SearchConditionsAreHeldToTheSearchForm) {
    auto r = admin->get("/api/accounts/accounts?user_id=ab-c");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.errorCode(), "form.invalid");
    EXPECT_EQ(r.json["error"]["fields"]["user_id"], "ユーザIDは半角英数字で入力してください。");
    r = admin->get("/api/accounts/accounts?user_id=abcdefghi");
    EXPECT_EQ(r.json["error"]["fields"]["user_id"], "8文字以内で入力してください。") << r.body;
    std::string longName;
    for (int i = 0; i < 21; ++i) longName += "%E5%B1%B1";  // 山 ×21
    r = admin->get("/api/accounts/accounts?name=" + longName);
    EXPECT_EQ(r.json["error"]["fields"]["name"], "20文字以内で入力してください。") << r.body;
    EXPECT_EQ(admin->get("/api/accounts/search?user_id=ab-c").errorCode(), "form.invalid");
    // What the manual does rule keeps its code, and several bad conditions are answered at once.
    r = admin->get("/api/accounts/accounts?valid=maybe&user_id=ab-c&start_date=2027-13-01");
    EXPECT_EQ(r.errorCode(), "accounts.query.invalid");
    EXPECT_EQ(r.json["error"]["fields"].size(), 3u) << r.body;
    // The API's own spellings stay valid; paging and the keyset cursor are untouched.
    EXPECT_EQ(admin->get("/api/accounts/accounts?valid=true&locked=false&after=a&limit=5000").status, 200);
}

// A bad body to each route that reads one gets the per-field Japanese message and changes nothing.
TEST_F(Forms, EveryBodyRouteAnswersPerFieldAndChangesNothing) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "staff01")).status, 201);
    auto before = storedAccount(host, kMedCode, "staff01");

    Json bad = newAccount("general", "staff02");
    std::string longName;
    for (int i = 0; i < 21; ++i) longName += "山";  // 21 characters, 63 bytes
    bad["name"] = longName;
    bad["kana"] = "やまだ";
    auto r = admin->post("/api/accounts/accounts", bad);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.errorCode(), "accounts.name.length");
    EXPECT_EQ(r.json["error"]["fields"]["name"], "ユーザ名は全角20文字以内で入力してください。");
    EXPECT_EQ(r.json["error"]["fields"]["kana"],
              "ユーザ名（カナ）は全角カタカナ・英数字40文字以内で入力してください。");
    EXPECT_TRUE(storedAccount(host, kMedCode, "staff02").is_null());

    r = admin->patch("/api/accounts/accounts/staff01", {{"start_date", "2026/02/30"}, {"kana", ""}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json["error"]["fields"]["start_date"],
              "利用開始年月日はyyyy/mm/dd形式の正しい日付で入力してください。");
    EXPECT_EQ(r.json["error"]["fields"]["kana"], "＊の項目は必須入力です。");
    EXPECT_EQ(storedAccount(host, kMedCode, "staff01"), before);

    // The edit screen's form is the route's: the same fields, start date required there as on the screen.
    Json start = panelField("edit?user_id=staff01", "e", "start_date");
    EXPECT_EQ(start["required"], true);
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"start_date", ""}}).errorCode(), "accounts.required");
    // An API client may still send only what it changes, and a boolean lock.
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"locked", false}}).status, 200);
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"name", "試験　三郎"}}).status, 200);
}

// The manifest the plugin hands the host describes the bulk routes: the CSV body (text/csv) of upload and check,
// their JSON answers, the job list, and the two CSV files they answer.
TEST(FormsManifest, BulkRoutesDescribeTheirCsvBodiesAndAnswers) {
    Json m = Json::parse(oqs_plugin_entry_accounts()->manifest_json);
    auto route = [&](const std::string& method, const std::string& path) {
        for (const auto& r : m["routes"])
            if (r["method"] == method && r["path"] == "/api/accounts" + path) return r;
        return Json();
    };
    for (const char* path : {"/bulk", "/bulk/check"}) {
        Json r = route("POST", path);
        EXPECT_EQ(r["body"], "raw") << path;
        EXPECT_EQ(r["requestType"], "text/csv") << path;
        EXPECT_EQ(r["request"]["type"], "string") << path;
    }
    EXPECT_TRUE(route("POST", "/bulk")["answers"]["202"]["properties"].contains("receipt"));
    EXPECT_TRUE(route("POST", "/bulk/check")["answers"]["200"]["properties"].contains("problems"));
    EXPECT_TRUE(route("GET", "/bulk")["answers"]["200"]["properties"].contains("rows"));
    for (const char* path : {"/bulk/{id}/result.csv", "/bulk/template.csv"})
        EXPECT_EQ(route("GET", path)["files"]["200"]["type"], "text/csv") << path;
    EXPECT_EQ(route("GET", "/bulk/template.csv")["query"][0]["name"], "encoding");
}

}  // namespace
