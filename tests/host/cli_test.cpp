// The operator's CLI: scriptable output, clear refusals, exit codes.
#include "common.hpp"

#include <cstdio>
#include <sys/wait.h>

using namespace oqs::test;

namespace {
struct Run {
    int code;
    std::string out;
};
Run run(const std::string& args) {
    std::string cmd = std::string(OQS_HOST_BIN) + " " + args + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int status = pclose(p);
    return {WEXITSTATUS(status), out};
}
}  // namespace

TEST(Cli, InstitutionAddPrintsJsonOnceAndRefusesBadInput) {
    TestHost scratch;
    std::string db = (scratch.dir() / "cli.db").string();
    auto r = run("institution add --db " + db + " --code 1312345678 --name テスト医院 --kind medical --usage-start 2026-12-01 --json");
    ASSERT_EQ(r.code, 0) << r.out;
    auto j = Json::parse(r.out);
    EXPECT_EQ(j["institution"], "1312345678");
    EXPECT_EQ(j["accounts"][0]["kind"], "master");
    EXPECT_EQ(j["accounts"][1]["kind"], "master_reset");
    EXPECT_EQ(j["accounts"][0]["initial_password"].get<std::string>().size(), 20u);

    auto again = run("institution add --db " + db + " --code 1312345678 --name 重複 --kind medical --usage-start 2026-12-01");
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.out.find("institution.exists"), std::string::npos);
    auto bad = run("institution add --db " + db + " --code 4812345678 --name 誤り --kind pharmacy --usage-start 2026-13-01");
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.out.find("prefecture"), std::string::npos);
    EXPECT_NE(bad.out.find("usage_start"), std::string::npos);
    auto pharmacyDigit = run("institution add --db " + db + " --code 1312345678 --name 薬局 --kind pharmacy --usage-start 2026-12-01");
    EXPECT_NE(pharmacyDigit.out.find("third digit"), std::string::npos);
    EXPECT_EQ(run("institution add --db " + db + " --code 1").code, 2);  // missing flags
    EXPECT_EQ(run("institution add --db " + db + " --bogus x").code, 2);
    EXPECT_EQ(run("audit verify --db " + db).code, 0);
}

TEST(Cli, HelpDocumentsEveryServeFlag) {
    auto r = run("--help");
    EXPECT_EQ(r.code, 0);
    for (const char* flag : {"--db", "--port", "--bind", "--plugins", "--environment", "--demo", "--cert", "--key",
                             "--web-root", "--lock-threshold", "--idle-timeout"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
    EXPECT_EQ(run("frobnicate").code, 2);
    EXPECT_EQ(run("serve --port 70000").code, 2);
    EXPECT_EQ(run("serve --environment staging").code, 2);
}
