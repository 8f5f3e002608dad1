// The notes fixture is the plugin docs/plugins.md offers as the model: it must do what the docs ask of a plugin
// (issue 10, item 20b).
#include "common.hpp"

#include <oqs/csv.hpp>

using namespace oqs::test;

namespace {

class NotesModel : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        c = host.loginAs(kCode, "adm1");
    }
    TestHost host{{oqs_plugin_entry_notes()}};
    std::unique_ptr<Client> c;
};

// Its CSV download went out unquoted and unneutralised: a title with a comma split the row, and a title starting
// with = ran as a formula in a spreadsheet.
TEST_F(NotesModel, TheDownloadIsRealCsvWithFormulasNeutralised) {
    const std::string titles[] = {"議事録, 第1回", "=HYPERLINK(\"http://evil.example/\",\"開く\")", "引用\"符\"",
                                  "@SUM(1)"};
    for (const auto& t : titles) ASSERT_EQ(c->post("/api/notes/notes", {{"title", t}}).status, 201) << t;
    auto r = c->get("/api/notes/export");
    ASSERT_EQ(r.status, 200);
    auto table = oqs::csv::read(r.body);
    ASSERT_TRUE(table) << table.error().message;
    ASSERT_EQ(table->rows.size(), 5u);
    EXPECT_EQ(table->rows[0], (std::vector<std::string>{"id", "title"}));
    for (size_t i = 0; i < 4; ++i) {
        ASSERT_EQ(table->rows[i + 1].size(), 2u) << i;
        EXPECT_EQ(table->rows[i + 1][1], oqs::csv::neutralised(titles[i]));
    }
    EXPECT_EQ(table->rows[2][1].front(), '\'');
}

// The form allows 60 characters (the client counts characters); the plugin counted bytes, so 21 Japanese
// characters were refused.
TEST_F(NotesModel, TheTitleLimitCountsCharactersLikeTheClient) {
    std::string sixty;
    for (int i = 0; i < 60; ++i) sixty += i % 2 ? "あ" : "い";  // (one character repeated is its own rule)
    EXPECT_EQ(c->post("/api/notes/notes", {{"title", sixty}}).status, 201);
    EXPECT_EQ(c->post("/api/notes/notes", {{"title", sixty + "a"}}).errorCode(), "notes.title.invalid");
    EXPECT_EQ(c->post("/api/notes/notes", {{"title", std::string(30, 'a') + std::string(30, 'b')}}).status, 201);
    EXPECT_EQ(c->post("/api/notes/notes", {{"title", std::string(30, 'a')}}).errorCode(), "notes.title.invalid");
}

}  // namespace
