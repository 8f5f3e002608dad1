// The job queue, including a job interrupted by killing the host (the audit chain: audit_test.cpp).
#include "common.hpp"
#include "host.hpp"
#include "real_host.hpp"
#include "storage/sql.hpp"

#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace oqs::test;
using namespace std::chrono_literals;

namespace {
Reply waitJob(Client& c, int64_t id, const std::string& until = "done") {
    Reply r;
    for (int i = 0; i < 300; ++i) {
        r = c.get("/api/notes/jobs/" + std::to_string(id));
        if (r.json.is_object() && (r.json.value("status", "") == until || r.json.value("status", "") == "failed"))
            break;
        std::this_thread::sleep_for(50ms);
    }
    return r;
}
int64_t count(const std::string& db, const std::string& sql) {
    oqs::host::Connection c(db);
    auto s = c.prepare(sql);
    s.step();
    return s.i64(0);
}
}  // namespace

TEST(Jobs, RunInTheBackgroundWithProgressAndExclusivity) {
    TestHost host({oqs_plugin_entry_notes()});
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto c = host.loginAs(kCode, "adm1");
    auto q = c->post("/api/notes/count", {{"n", 6}, {"sleep_ms", 100}});
    ASSERT_EQ(q.status, 202) << q.body;
    int64_t id = q.json["id"];
    EXPECT_EQ(c->post("/api/notes/count", {{"n", 1}}).errorCode(), "job.busy");
    auto running = waitJob(*c, id, "running");
    EXPECT_EQ(running.json["status"], "running");
    auto done = waitJob(*c, id);
    ASSERT_EQ(done.json["status"], "done") << done.body;
    EXPECT_EQ(done.json["result"]["inserted"], 6);
    EXPECT_EQ(done.json["progress"]["done"], 6);
    EXPECT_EQ(done.json["user_id"], "adm1");
    EXPECT_EQ(c->get("/api/notes/notes").json["total"], 6);
    EXPECT_EQ(c->post("/api/notes/count", {{"n", 1}}).status, 202);  // free again
}

// Kill -9 the real host while a job runs; after a restart the job is finished, never half-applied.
TEST(Jobs, AJobInterruptedByACrashIsFinishedAfterRestart) {
    TestHost scratch;  // only for a temporary folder
    std::string db = (scratch.dir() / "crash.db").string();
    std::string bin = OQS_HOST_BIN;
    std::string add = bin + " institution add --db " + db + " --code " + kCode +
                      " --name テスト --kind medical --usage-start 2026-01-01 --json";
    std::FILE* out = popen(add.c_str(), "r");
    char buf[4096] = {};
    size_t n = std::fread(buf, 1, sizeof buf - 1, out);
    pclose(out);
    auto created = Json::parse(std::string(buf, n));
    std::string password = created["accounts"][0]["initial_password"];

    std::string pluginDir = (scratch.dir() / "plugins").string();
    std::filesystem::create_directories(pluginDir);
    std::filesystem::copy_file(fixture("notes.so"), pluginDir + "/notes.so");
    const std::vector<std::string> args{"--plugins", pluginDir, "--quiet"};
    auto host = std::make_unique<RealHost>(scratch.dir(), 0, args, "crash");
    const int port = host->port();
    ASSERT_NE(port, 0) << host->output();
    Client c("127.0.0.1", port);
    ASSERT_EQ(c.login(kCode, "master", password).status, 200) << host->output();
    ASSERT_EQ(c.post("/api/session/password", {{"current_password", password}, {"new_password", "Abcdef12"}}).status,
              200);
    auto q = c.post("/api/notes/count", {{"n", 30}, {"sleep_ms", 100}});
    ASSERT_EQ(q.status, 202) << q.body;
    int64_t id = q.json["id"];
    auto running = waitJob(c, id, "running");
    ASSERT_EQ(running.status, 200) << running.body << host->output();
    std::this_thread::sleep_for(600ms);  // some rows are written, none committed
    host->crash();
    EXPECT_EQ(count(db, "SELECT count(*) FROM notes_items"), 0);
    EXPECT_EQ(count(db, "SELECT count(*) FROM jobs WHERE status = 'running'"), 1);

    host = std::make_unique<RealHost>(scratch.dir(), port, args, "crash");
    ASSERT_EQ(host->port(), port) << host->output();
    Client after("127.0.0.1", port);
    ASSERT_EQ(after.login(kCode, "master", "Abcdef12").status, 200) << host->output();
    auto done = waitJob(after, id);
    EXPECT_EQ(done.json["status"], "done") << done.body << host->output();
    EXPECT_EQ(count(db, "SELECT count(*) FROM notes_items"), 30);  // exactly once
}
