// Issue 11 item 4: one bilingual message mechanism. The host's own identity and session errors exist in Japanese
// and English and the envelope carries the caller's language (Accept-Language); a hierarchy refusal names the
// action and both kinds, in words and as parameters; an error a plugin returns with both texts is localised by
// the host the same way. Each case is asked twice over a real host, once per language.
#include "common.hpp"

using namespace oqs::test;

namespace {

class BilingualMessages : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kCode, "master", "mst1");
        host.addAccount(kCode, "master_reset", "rst1");
        host.addAccount(kCode, "general", "gen1");
    }
    // A client in that language, logged in as userId.
    std::unique_ptr<Client> as(const std::string& userId, const std::string& lang) {
        auto c = host.client(lang);
        EXPECT_EQ(c->login(kCode, userId, "Passw0rd!x").status, 200) << userId;
        return c;
    }
    TestHost host{{oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}};
};

TEST_F(BilingualMessages, LoginErrorsInEitherLanguage) {
    auto ja = host.client("ja")->login(kCode, "adm1", "Wrong0000");
    auto en = host.client("en")->login(kCode, "adm1", "Wrong0000");
    EXPECT_EQ(ja.errorCode(), "session.invalid_credentials");
    EXPECT_EQ(en.errorCode(), "session.invalid_credentials");  // the code never depends on the language
    EXPECT_EQ(ja.json["error"]["message"], "機関コード、ユーザIDまたはパスワードが正しくありません。");
    EXPECT_EQ(en.json["error"]["message"], "The institution code, user ID or password is wrong.");

    // The login form's own field checks: before, an English text could sit inside a Japanese envelope.
    Json bad{{"institution", "12"}, {"user_id", ""}, {"password", ""}};
    auto fieldsJa = host.client("ja")->post("/api/session", bad).json["error"];
    auto fieldsEn = host.client("en")->post("/api/session", bad).json["error"];
    EXPECT_EQ(fieldsJa["message"], "入力内容に誤りがあります。");
    EXPECT_EQ(fieldsJa["fields"]["institution"], "機関コードは半角数字10桁で入力してください。");
    EXPECT_EQ(fieldsJa["fields"]["user_id"], "ユーザIDを入力してください。");
    EXPECT_EQ(fieldsEn["message"], "The input is not valid.");
    EXPECT_EQ(fieldsEn["fields"]["institution"], "Enter the 10-digit institution code.");
    EXPECT_EQ(fieldsEn["fields"]["password"], "Enter your password.");
}

TEST_F(BilingualMessages, SessionErrorsInEitherLanguage) {
    auto ja = host.client("ja")->get("/api/menu");
    auto en = host.client("en")->get("/api/menu");
    EXPECT_EQ(ja.status, 401);
    EXPECT_EQ(ja.errorCode(), "session.required");
    EXPECT_EQ(ja.json["error"]["message"], "ログインしてください。");
    EXPECT_EQ(en.json["error"]["message"], "Please log in.");
    // A wrong current password names the field, in the caller's language.
    for (const std::string lang : {"ja", "en"}) {
        auto c = as("gen1", lang);
        auto r = c->post("/api/session/password", {{"current_password", "Wrong0000"}, {"new_password", "Neww0rd!x"}});
        EXPECT_EQ(r.errorCode(), "password.current_wrong") << r.body;
        EXPECT_EQ(r.json["error"]["fields"]["current_password"],
                  lang == "en" ? "The current password is wrong." : "現在のパスワードが正しくありません。");
    }
}

TEST_F(BilingualMessages, IdentityFieldErrorsInEitherLanguage) {
    Json in{{"kind", "general"}, {"user_id", "waytoolong9"},   {"name", "名前"},
            {"kana", "ナマエ"},  {"start_date", "2026-11-25"}, {"end_date", "2026-11-01"}};
    auto ja = op(*as("adm1", "ja"), "account.create", in);
    auto en = op(*as("adm1", "en"), "account.create", in);
    EXPECT_EQ(ja.errorCode(), "identity.invalid");
    EXPECT_EQ(en.errorCode(), "identity.invalid");
    EXPECT_EQ(ja.json["error"]["fields"]["user_id"], "ユーザIDは半角英数字8文字以内で入力してください。");
    EXPECT_EQ(ja.json["error"]["fields"]["end_date"], "利用終了年月日は利用開始年月日以降の日付を入力してください。");
    EXPECT_EQ(en.json["error"]["fields"]["user_id"], "The user ID must be 1 to 8 half-width letters and digits.");
    EXPECT_EQ(en.json["error"]["fields"]["end_date"], "The end date must be on or after the start date.");
    // A value of the wrong JSON type, and an attempt to lock by hand.
    auto typeJa = op(*as("adm1", "ja"), "account.update", {{"user_id", "gen1"}, {"valid", "yes"}});
    auto typeEn = op(*as("adm1", "en"), "account.update", {{"user_id", "gen1"}, {"locked", true}});
    EXPECT_EQ(typeJa.json["error"]["fields"]["valid"], "true または false で指定してください。");
    EXPECT_EQ(typeEn.json["error"]["fields"]["locked"], "An account cannot be locked by hand.");
    // A taken user ID: the message and the field, in English too.
    host.addAccount(kCode, "general", "gen2");
    Json again{
        {"kind", "general"}, {"user_id", "gen2"}, {"name", "名前"}, {"kana", "ナマエ"}, {"start_date", "2026-11-25"}};
    auto taken = op(*as("adm1", "en"), "account.create", again);
    EXPECT_EQ(taken.errorCode(), "identity.user_id.taken");
    EXPECT_EQ(taken.json["error"]["fields"]["user_id"],
              "That user ID is registered or was deleted, and cannot be used.");
}

TEST_F(BilingualMessages, AHierarchyRefusalNamesTheActionAndTheKinds) {
    Json newAdmin{
        {"kind", "admin"}, {"user_id", "adm9"}, {"name", "名前"}, {"kana", "ナマエ"}, {"start_date", "2026-11-25"}};
    auto ja = op(*as("adm1", "ja"), "account.create", newAdmin);
    EXPECT_EQ(ja.status, 403);
    EXPECT_EQ(ja.errorCode(), "identity.forbidden");
    EXPECT_EQ(ja.json["error"]["message"], "管理アカウントは、管理アカウントを登録できません。");
    EXPECT_EQ(ja.json["error"]["params"], (Json{{"action", "register"}, {"actor", "admin"}, {"kind", "admin"}}));
    auto en = op(*as("adm1", "en"), "account.create", newAdmin);
    EXPECT_EQ(en.errorCode(), "identity.forbidden");
    EXPECT_EQ(en.json["error"]["message"], "An administrator account cannot register administrator accounts.");

    // The master-reset account sees the master but may only reset its password (SPEC.md §2.2.4).
    auto update = op(*as("rst1", "ja"), "account.update", {{"user_id", "mst1"}, {"name", "変更"}});
    EXPECT_EQ(update.json["error"]["message"],
              "マスタアカウントリセット用アカウントは、マスタアカウントを更新できません。");
    EXPECT_EQ(update.json["error"]["params"]["action"], "update");
    auto del = op(*as("rst1", "en"), "account.delete", {{"user_id", "mst1"}});
    EXPECT_EQ(del.errorCode(), "identity.forbidden");
    EXPECT_EQ(del.json["error"]["message"], "The master-reset account cannot delete the master account.");
    EXPECT_EQ(del.json["error"]["params"], (Json{{"action", "delete"}, {"actor", "master_reset"}, {"kind", "master"}}));
    // A kind that does not exist is a wrong input, not a refusal.
    auto unknown =
        op(*as("mst1", "en"), "account.create", {{"kind", "root"}, {"user_id", "x1"}, {"start_date", "2026-11-25"}});
    EXPECT_EQ(unknown.errorCode(), "identity.invalid");
    EXPECT_EQ(unknown.json["error"]["fields"]["kind"], "Unknown account kind.");
    // Nothing was written by any refused call.
    EXPECT_EQ(op(*as("mst1", "ja"), "account.search").json["total"], 1);  // adm1 only
}

}  // namespace
