// The operator's CLI: scriptable output, clear refusals, exit codes.
#include "common.hpp"

using namespace oqs::test;

TEST(Cli, InstitutionAddPrintsJsonOnceAndRefusesBadInput) {
    TestHost scratch;
    std::string db = (scratch.dir() / "cli.db").string();
    auto r = runHost("institution add --db " + db +
                     " --code 1312345678 --name テスト医院 --kind medical --usage-start 2026-12-01 --json");
    ASSERT_EQ(r.code, 0) << r.out;
    auto j = Json::parse(r.out);
    EXPECT_EQ(j["institution"], "1312345678");
    EXPECT_EQ(j["accounts"][0]["kind"], "master");
    EXPECT_EQ(j["accounts"][1]["kind"], "master_reset");
    EXPECT_EQ(j["accounts"][0]["initial_password"].get<std::string>().size(), 20u);

    auto again = runHost("institution add --db " + db +
                         " --code 1312345678 --name 重複 --kind medical --usage-start 2026-12-01");
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.out.find("institution.exists"), std::string::npos);
    auto bad = runHost("institution add --db " + db +
                       " --code 4812345678 --name 誤り --kind pharmacy --usage-start 2026-13-01");
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.out.find("prefecture"), std::string::npos);
    EXPECT_NE(bad.out.find("usage_start"), std::string::npos);
    auto pharmacyDigit = runHost("institution add --db " + db +
                                 " --code 1312345678 --name 薬局 --kind pharmacy --usage-start 2026-12-01");
    EXPECT_NE(pharmacyDigit.out.find("third digit"), std::string::npos);
    EXPECT_EQ(runHost("institution add --db " + db + " --code 1").code, 2);  // missing flags
    EXPECT_EQ(runHost("institution add --db " + db + " --bogus x").code, 2);
    EXPECT_EQ(runHost("audit verify --db " + db).code, 0);
}

TEST(Cli, HelpDocumentsEveryServeFlag) {
    auto r = runHost("--help");
    EXPECT_EQ(r.code, 0);
    for (const char* flag : {"--db", "--port", "--bind", "--plugins", "--environment", "--demo", "--cert", "--key",
                             "--web-root", "--lock-threshold", "--idle-timeout"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
    EXPECT_EQ(runHost("frobnicate").code, 2);
    EXPECT_EQ(runHost("serve --port 70000").code, 2);
    EXPECT_EQ(runHost("serve --environment staging").code, 2);
}
