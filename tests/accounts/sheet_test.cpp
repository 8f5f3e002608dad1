// The account settings sheet (アカウント設定情報): a real PDF, read back with poppler's pdftotext and pdffonts.
#include "accounts_common.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace oqs::test;

namespace {

std::string run(const std::string& command) {
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

class Sheet : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addAccount(kMedCode, "admin", "adm01");
        host.addAccount(kMedCode, "admin", "adm02");
        admin = host.loginAs(kMedCode, "adm01");
    }
    std::string save(const std::string& bytes) {
        auto path = (host.dir() / "sheet.pdf").string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> admin;
};

TEST_F(Sheet, HoldsTheAccountAndEmbedsTheJapaneseFont) {
    auto r = admin->post("/api/accounts/accounts", newAccount("general", "staff01"));
    ASSERT_EQ(r.status, 201) << r.body;
    std::string url = r.json["actions"][0]["call"]["path"];
    auto pdf = admin->get(url);
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
    EXPECT_NE(pdf.header("Content-Disposition").find("filename*=UTF-8''"), std::string::npos);
    ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    auto path = save(pdf.body);
    auto text = run("pdftotext -enc UTF-8 '" + path + "' -");
    EXPECT_NE(text.find("アカウント設定情報"), std::string::npos) << text;
    EXPECT_NE(text.find("staff01"), std::string::npos);
    EXPECT_NE(text.find(kMedCode), std::string::npos);
    EXPECT_NE(text.find("テスト医院"), std::string::npos);
    EXPECT_NE(text.find("一般利用者"), std::string::npos);
    EXPECT_NE(text.find(r.json["initial_password"].get<std::string>()), std::string::npos);
    EXPECT_NE(text.find("2026/11/01"), std::string::npos);
    auto fonts = run("pdffonts '" + path + "'");
    // Every font line (after the two header lines) says "yes" in the emb column.
    std::istringstream lines(fonts);
    std::string line;
    int fontLines = 0;
    for (int i = 0; std::getline(lines, line); ++i) {
        if (i < 2 || line.empty()) continue;
        ++fontLines;
        EXPECT_NE(line.find(" yes "), std::string::npos) << line;
    }
    EXPECT_GT(fontLines, 0) << fonts;
}

TEST_F(Sheet, TheLinkWorksOnceForItsIssuerOnly) {
    auto r = admin->post("/api/accounts/accounts", newAccount("general", "staff01"));
    std::string url = r.json["actions"][0]["call"]["path"];
    auto other = host.loginAs(kMedCode, "adm02");
    EXPECT_EQ(other->get(url).errorCode(), "accounts.sheet.expired");
    // The other administrator's try does not burn the issuer's link.
    EXPECT_EQ(admin->get(url).status, 200);
    EXPECT_EQ(admin->get(url).errorCode(), "accounts.sheet.expired");
    EXPECT_EQ(admin->get("/api/accounts/accounts/staff01/sheet.pdf").errorCode(), "accounts.sheet.expired");
}

TEST_F(Sheet, TheLinkExpiresAfterTenMinutes) {
    auto reg = admin->post("/api/accounts/accounts", newAccount("general", "staff02"));
    std::string url = reg.json["actions"][0]["call"]["path"];
    host.advance(std::chrono::minutes(11));
    admin = host.loginAs(kMedCode, "adm01");
    EXPECT_EQ(admin->get(url).errorCode(), "accounts.sheet.expired");
    // A password reset issues a new sheet.
    auto reset = admin->post("/api/accounts/accounts/staff02/reset", Json::object());
    ASSERT_EQ(reset.status, 200);
    EXPECT_EQ(admin->get(reset.json["actions"][0]["call"]["path"]).status, 200);
}

}  // namespace
