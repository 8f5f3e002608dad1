// Kill -9 the real oqs-host while a bulk job runs (SPEC.md §2.15, issue 5): a crash before the job's commit point
// leaves no account registered (pending ones are invisible and discarded); after a restart it is run again and
// ends done, or — interrupted twice — as 登録失敗(システムエラー) with nothing registered.
#include "accounts_common.hpp"

#include "storage/sql.hpp"

#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace oqs::test;
using namespace std::chrono_literals;

namespace {

// Accounts that exist for users: registered, not deleted, not a bulk job's pending ones (schema step 3).
constexpr const char* kRegisteredAdmins = "SELECT count(*) FROM accounts WHERE kind = 'admin' AND deleted_ms IS NULL";

int64_t count(const std::string& db, const std::string& sql) {
    oqs::host::Connection c(db);
    auto s = c.prepare(sql);
    s.step();
    return s.i64(0);
}

// A port nothing listens on now, from the kernel (bind to port 0). A port derived from the pid could be one another
// test's host, or an outgoing connection's, already held: the host then refused it and the test saw no answer.
int freePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free port");
    ::close(fd);
    return ntohs(a.sin_port);
}

class RealHost {
  public:
    explicit RealHost(const std::filesystem::path& dir) : m_dir(dir), m_db((dir / "crash.db").string()) {
        std::string add = std::string(OQS_HOST_BIN) + " institution add --db " + m_db + " --code " + kMedCode +
                          " --name テスト医院 --kind medical --usage-start 2026-01-01 --json";
        std::FILE* out = popen(add.c_str(), "r");
        char buf[4096] = {};
        size_t n = std::fread(buf, 1, sizeof buf - 1, out);
        pclose(out);
        masterPassword = Json::parse(std::string(buf, n))["accounts"][0]["initial_password"];
        std::filesystem::create_directories(dir / "plugins");
        std::filesystem::copy_file(OQS_ACCOUNTS_SO, dir / "plugins" / "accounts.so");
        m_port = freePort();
    }
    ~RealHost() { stop(SIGTERM); }
    void start() {
        m_pid = fork();
        if (m_pid == 0) {
            std::freopen("/dev/null", "w", stdout);
            std::freopen((m_dir / "host.log").c_str(), "a", stderr);
            execl(OQS_HOST_BIN, OQS_HOST_BIN, "serve", "--db", m_db.c_str(), "--port", std::to_string(m_port).c_str(),
                  "--plugins", (m_dir / "plugins").c_str(), "--quiet", static_cast<char*>(nullptr));
            _exit(127);
        }
        httplib::Client probe("127.0.0.1", m_port);
        for (int i = 0; i < 400; ++i) {
            if (auto r = probe.Get("/healthz"); r && r->status == 200) return;
            std::this_thread::sleep_for(25ms);
        }
    }
    void stop(int signal) {
        if (m_pid <= 0) return;
        ::kill(m_pid, signal);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }
    std::unique_ptr<Client> login(const std::string& password) {
        auto c = std::make_unique<Client>("127.0.0.1", m_port);
        EXPECT_EQ(c->login(kMedCode, "master", password).status, 200);
        return c;
    }
    // Polls the results list until the newest job's status is one of `until`.
    // The budget is time, not tries: a 10,000-row job under the sanitizers on a busy 2-core machine (CI runs two
    // suites at once) has taken 50 s where it takes 12 s alone.
    std::string waitStatus(Client& c, const std::vector<std::string>& until,
                           std::chrono::seconds budget = std::chrono::seconds(180)) {
        std::string status;
        for (auto end = std::chrono::steady_clock::now() + budget; std::chrono::steady_clock::now() < end;) {
            auto r = c.get("/api/accounts/bulk");
            if (r.json.is_object() && !r.json["rows"].empty()) status = r.json["rows"][0]["status"];
            if (std::find(until.begin(), until.end(), status) != until.end()) break;
            std::this_thread::sleep_for(10ms);
        }
        return status;
    }
    const std::string& db() const { return m_db; }
    std::string masterPassword;

  private:
    std::filesystem::path m_dir;
    std::string m_db;
    int m_port = 0;
    pid_t m_pid = -1;
};

std::string adminsFile(int rows) {
    std::string file = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\n";
    for (int i = 0; i < rows; ++i)
        file += "管理者,k" + std::to_string(100000 + i) + ",管理　太郎,カンリ　タロウ,2026/11/01,\n";
    return file;
}

// Waits until a job is claimed (its row says running; its transaction is still open), reading the file directly
// so no login slows the watch down.
bool waitRunning(const std::string& db) {
    for (int i = 0; i < 2000; ++i) {
        if (count(db, "SELECT count(*) FROM jobs WHERE status = 'running'") > 0) return true;
        std::this_thread::sleep_for(2ms);
    }
    return false;
}

// Starts the host, sets the master's password to Abcdef12, uploads 10,000 administrators and kills the host
// while their job runs.
void killDuringATenThousandRowJob(RealHost& host) {
    host.start();
    auto c = host.login(host.masterPassword);
    ASSERT_EQ(
        c->post("/api/session/password", {{"current_password", host.masterPassword}, {"new_password", "Abcdef12"}})
            .status,
        200);
    ASSERT_EQ(c->postRaw("/api/accounts/bulk", adminsFile(10000), "text/csv").status, 202);
    ASSERT_TRUE(waitRunning(host.db()));
    host.stop(SIGKILL);
}

const std::vector<std::string> kFinal{"登録完了", "登録失敗(システムエラー)"};

TEST(BulkCrash, AKilledJobLeavesNothingAndFinishesAfterRestart) {
    TestHost scratch;  // for its temporary folder
    RealHost host(scratch.dir());
    ASSERT_NO_FATAL_FAILURE(killDuringATenThousandRowJob(host));
    EXPECT_EQ(count(host.db(), kRegisteredAdmins), 0);

    host.start();
    auto after = host.login("Abcdef12");
    EXPECT_EQ(host.waitStatus(*after, kFinal), "登録完了");
    EXPECT_EQ(count(host.db(), kRegisteredAdmins), 10000);  // exactly once
    EXPECT_EQ(count(host.db(), "SELECT count(*) FROM accounts WHERE pending_job IS NOT NULL"), 0);
}

// Killed after its commit point (the result file is stored, the accounts are being registered): after a restart
// the job carries on and registers every account — never a part of the file.
TEST(BulkCrash, AJobKilledAfterItsCommitPointFinishesAfterRestart) {
    TestHost scratch;
    RealHost host(scratch.dir());
    host.start();
    auto c = host.login(host.masterPassword);
    Json change{{"current_password", host.masterPassword}, {"new_password", "Abcdef12"}};
    ASSERT_EQ(c->post("/api/session/password", change).status, 200);
    ASSERT_EQ(c->postRaw("/api/accounts/bulk", adminsFile(10000), "text/csv").status, 202);
    bool committed = false;
    for (int i = 0; i < 20000 && !committed; ++i) {
        committed =
            count(host.db(), "SELECT count(*) FROM jobs WHERE checkpoint IS NOT NULL AND status = 'running'") > 0;
        if (!committed) std::this_thread::sleep_for(1ms);
    }
    ASSERT_TRUE(committed);
    host.stop(SIGKILL);
    EXPECT_LT(count(host.db(), kRegisteredAdmins), 10000);

    host.start();
    auto after = host.login("Abcdef12");
    EXPECT_EQ(host.waitStatus(*after, kFinal), "登録完了");
    EXPECT_EQ(count(host.db(), kRegisteredAdmins), 10000);
    EXPECT_EQ(count(host.db(), "SELECT count(*) FROM accounts WHERE pending_job IS NOT NULL"), 0);
    auto list = after->get("/api/accounts/bulk");
    EXPECT_EQ(list.json["rows"][0]["downloadable"], true);
}

TEST(BulkCrash, AJobInterruptedTwiceEndsAsASystemError) {
    TestHost scratch;
    RealHost host(scratch.dir());
    ASSERT_NO_FATAL_FAILURE(killDuringATenThousandRowJob(host));
    host.start();  // the job is run again at once
    ASSERT_TRUE(waitRunning(host.db()));
    ASSERT_EQ(count(host.db(), kRegisteredAdmins), 0);
    host.stop(SIGKILL);
    host.start();
    auto last = host.login("Abcdef12");
    EXPECT_EQ(host.waitStatus(*last, kFinal), "登録失敗(システムエラー)");
    EXPECT_EQ(count(host.db(), kRegisteredAdmins), 0);
    EXPECT_EQ(count(host.db(), "SELECT count(*) FROM accounts WHERE pending_job IS NOT NULL"), 0);  // IDs free again
    // The institution may upload again.
    EXPECT_EQ(last->postRaw("/api/accounts/bulk", adminsFile(3), "text/csv").status, 202);
}

}  // namespace
