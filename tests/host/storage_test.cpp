// The storage boundary: what a plugin's statements may touch, how a refused commit or a failed begin ends, and
// what a caller hears while another writer holds the database (issue 10, items 17, 19, 20b, 26).
#include "common.hpp"
#include "db_lock.hpp"
#include "storage/sql.hpp"

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_store(void);

using namespace oqs::test;

namespace {

int64_t count(const std::string& db, const std::string& sql) {
    oqs::host::Connection c(db);
    auto s = c.prepare(sql);
    s.step();
    return s.i64(0);
}

class Storage : public ::testing::Test {
  protected:
    explicit Storage(Options o = {}) : host({oqs_plugin_entry_store(), oqs_plugin_entry_notes()}, o) {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kCode, "admin", "adm2");
        admin = host.loginAs(kCode, "adm1");
    }
    Reply sql(const std::string& statement) { return admin->post("/api/store/sql", {{"sql", statement}}); }
    TestHost host;
    std::unique_ptr<Client> admin;
};

// Item 17: COMMIT refused by a deferred foreign key. The pool used to take the connection back still inside the
// transaction: every later request on it failed ("cannot start a transaction within a transaction") and it held
// the write lock.
TEST_F(Storage, ARefusedCommitLeavesNoConnectionInsideATransaction) {
    auto r = admin->post("/api/store/orphan", Json::object());
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_EQ(r.errorCode(), "host.storage");
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM store_children"), 0);
    EXPECT_TRUE(writeLockFree(host.dbPath()));
    for (int i = 0; i < 4; ++i) {  // whichever pooled connection each request gets
        auto other = host.client();
        EXPECT_EQ(other->login(kCode, "adm2", "Passw0rd!x").status, 200);
        EXPECT_EQ(admin->post("/api/notes/notes", {{"title", "後続 " + std::to_string(i)}}).status, 201);
    }
}

// Item 19, at run time: a plugin's statements read and write its own tables only.
TEST_F(Storage, APluginsStatementsCannotTouchTheHostsTables) {
    const char* refused[] = {
        "UPDATE accounts SET name = 'x'",
        "DELETE FROM sessions",
        "INSERT INTO settings_values(institution_id, key, value) VALUES(1, 'k', '1')",
        "SELECT password_hash FROM accounts",
        "DROP TABLE notices",
        "INSERT INTO notes_items(institution, title, author, created_ms) VALUES('x', 'x', 'x', 0)",  // another plugin
        "CREATE TABLE store_later(id INTEGER)",  // schema changes are migrations
        "PRAGMA foreign_keys = OFF",
        "ATTACH DATABASE ':memory:' AS elsewhere",
        "BEGIN",
        "COMMIT",
        "SAVEPOINT x",
    };
    for (const char* statement : refused) {
        auto r = sql(statement);
        EXPECT_EQ(r.errorCode(), "host.storage.denied") << statement << " → " << r.body;
    }
    EXPECT_EQ(sql("INSERT INTO store_items(v) VALUES('mine')").status, 200);
    EXPECT_EQ(sql("SELECT v FROM store_items").status, 200);
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts WHERE name = 'x'"), 0);
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM sqlite_master WHERE name = 'notices'"), 1);
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM sessions"), 1);
    EXPECT_EQ(admin->get("/api/menu").status, 200);  // the connection is fine afterwards
}

// Item 20b: an extra argument used to be dropped and the statement run anyway.
TEST_F(Storage, ABindThatFailsRunsNothing) {
    auto sdk = admin->post("/api/store/extra-bind", Json::object());
    EXPECT_EQ(sdk.status, 500) << sdk.body;
    EXPECT_EQ(sdk.errorCode(), "host.storage");
    auto raw = admin->post("/api/store/extra-bind-raw", Json::object());  // a C plugin ignoring the bind's status
    ASSERT_EQ(raw.status, 200) << raw.body;
    EXPECT_EQ(raw.json["bind"], int(OQS_ERR_STORAGE));
    EXPECT_EQ(raw.json["step"], -1);
    EXPECT_EQ(admin->get("/api/store/items").json["items"], 0);
}

class BusyStorage : public Storage {
  protected:
    static Options quick() {
        Options o;
        o.busyTimeoutMs = 200;
        return o;
    }
    BusyStorage() : Storage(quick()) {}
};

// Item 26: past the busy timeout a request answers 503 host.busy with Retry-After — never 500 — and changes
// nothing; once the other writer is done, everything works.
TEST_F(BusyStorage, ALockedDatabaseAnswers503AndChangesNothing) {
    {
        WriteLock lock(host.dbPath(), 1500);
        ASSERT_TRUE(lock.held());
        auto login = host.client()->login(kCode, "adm2", "Passw0rd!x");
        EXPECT_EQ(login.status, 503) << login.body;
        EXPECT_EQ(login.errorCode(), "host.busy");
        EXPECT_FALSE(login.header("Retry-After").empty());
        auto note = admin->post("/api/notes/notes", {{"title", "待たされる"}});
        EXPECT_EQ(note.status, 503) << note.body;
        EXPECT_EQ(note.errorCode(), "host.busy");
        EXPECT_FALSE(note.header("Retry-After").empty());
        auto en = Client("127.0.0.1", host.port(), "en").login(kCode, "adm2", "Passw0rd!x");
        EXPECT_NE(en.json["error"]["message"].get<std::string>().find("busy"), std::string::npos);
    }
    EXPECT_EQ(admin->get("/api/notes/notes").json["total"], 0);
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM audit WHERE action = 'notes.create'"), 0);
    EXPECT_EQ(host.client()->login(kCode, "adm2", "Passw0rd!x").status, 200);
    EXPECT_EQ(admin->post("/api/notes/notes", {{"title", "通常"}}).status, 201);
}

// Item 26: a plugin that goes on after its begin failed used to write outside any transaction (and then hear
// "transaction not open"): the host refuses what follows a failed begin.
TEST_F(BusyStorage, NothingRunsAfterAFailedBegin) {
    {
        // Held a little longer than the busy timeout: the begin fails, the insert after it would have got the lock.
        WriteLock lock(host.dbPath(), 350);
        auto r = admin->post("/api/store/ignore-begin", Json::object());
        EXPECT_EQ(r.status, 503) << r.body;
        EXPECT_EQ(r.errorCode(), "host.busy");
    }
    EXPECT_EQ(admin->get("/api/store/items").json["items"], 0);
    EXPECT_EQ(admin->post("/api/store/ignore-begin", Json::object()).status, 200);  // free again
    EXPECT_EQ(admin->get("/api/store/items").json["items"], 1);
}

}  // namespace
