// The job runner when the database is busy, and jobs that run in their own transactions (issue 10, items 13, 23).
#include "common.hpp"
#include "db_lock.hpp"
#include "host.hpp"
#include "plugins/jobs.hpp"
#include "storage/sql.hpp"

#include <thread>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_store(void);

using namespace oqs::test;
using namespace std::chrono_literals;

namespace {

Options quick() {
    Options o;
    o.busyTimeoutMs = 200;
    return o;
}

Json jobRow(const std::string& db, int64_t id) {
    oqs::host::Connection c(db);
    auto s = c.prepare("SELECT status, result, attempts FROM jobs WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return nullptr;
    return {{"status", s.text(0)}, {"result", s.isNull(1) ? Json() : Json::parse(s.text(1))}, {"attempts", s.i64(2)}};
}

Json waitFinished(const std::string& db, int64_t id) {
    Json row;
    for (int i = 0; i < 600; ++i) {
        row = jobRow(db, id);
        if (row.is_object() && (row["status"] == "done" || row["status"] == "failed")) break;
        std::this_thread::sleep_for(10ms);
    }
    return row;
}

class BusyJobs : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        admin = host.loginAs(kCode, "adm1");
    }
    TestHost host{{oqs_plugin_entry_store(), oqs_plugin_entry_notes()}, quick()};
    std::unique_ptr<Client> admin;
};

// Item 23: "jobs: worker error: database is locked" — a worker that met another writer's lock while claiming a
// job gave up with an error. It waits (or tries again) instead, and the job ends done.
TEST_F(BusyJobs, AWorkerThatMeetsALockedDatabaseWaitsForIt) {
    host.core().stopJobs();
    auto q = admin->post("/api/notes/count", {{"n", 3}});
    ASSERT_EQ(q.status, 202) << q.body;
    int64_t id = q.json["id"];
    testing::internal::CaptureStderr();
    {
        WriteLock lock(host.dbPath(), 1000);  // five busy timeouts long
        host.core().startJobs();
        std::this_thread::sleep_for(700ms);
        EXPECT_EQ(jobRow(host.dbPath(), id)["status"], "queued");
    }
    auto done = waitFinished(host.dbPath(), id);
    std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(done["status"], "done") << done.dump();
    EXPECT_EQ(done["result"]["inserted"], 3);
    EXPECT_EQ(log.find("worker error"), std::string::npos) << log;
}

// A job in its own transactions that finds the database locked at its begin is queued again, not failed, and
// its one write happens once.
TEST_F(BusyJobs, AnOwnTransactionJobThatFindsTheLockTakenRunsAgainLater) {
    auto q = admin->post("/api/store/touch", {{"sleep_ms", 150}});
    ASSERT_EQ(q.status, 202) << q.body;
    int64_t id = q.json["id"];
    for (int i = 0; i < 200 && jobRow(host.dbPath(), id)["status"] != "running"; ++i) std::this_thread::sleep_for(2ms);
    {
        WriteLock lock(host.dbPath(), 800);  // taken while the job sleeps, kept past its begin's busy timeout
        std::this_thread::sleep_for(500ms);
        EXPECT_NE(jobRow(host.dbPath(), id)["status"], "failed");
    }
    auto done = waitFinished(host.dbPath(), id);
    EXPECT_EQ(done["status"], "done") << done.dump();
    EXPECT_EQ(done["result"]["touched"], 1);
    EXPECT_EQ(done["attempts"], 1);  // a busy database is not counted as an interrupted attempt
    EXPECT_EQ(admin->get("/api/store/items").json["items"], 1);
}

// A job of mode "own" does not hold the write lock while it works, and records its outcome with its writes.
TEST(OwnTransactionJobs, HoldTheWriteLockOnlyForTheirWrites) {
    TestHost host({oqs_plugin_entry_store()});
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto admin = host.loginAs(kCode, "adm1");
    auto q = admin->post("/api/store/touch", {{"sleep_ms", 400}});
    ASSERT_EQ(q.status, 202);
    int64_t id = q.json["id"];
    for (int i = 0; i < 200 && jobRow(host.dbPath(), id)["status"] != "running"; ++i) std::this_thread::sleep_for(2ms);
    ASSERT_EQ(jobRow(host.dbPath(), id)["status"], "running");
    EXPECT_TRUE(writeLockFree(host.dbPath()));  // the job is sleeping, outside any transaction
    auto done = waitFinished(host.dbPath(), id);
    EXPECT_EQ(done["status"], "done");
    EXPECT_EQ(done["result"], (Json{{"touched", 1}}));  // as job.complete wrote it
    EXPECT_EQ(admin->get("/api/store/items").json["items"], 1);
}

}  // namespace
