// The audit log: a keyed hash chain with its head anchored beside the server key, checked by the real
// `oqs-host audit verify` (docs/architecture.md, "The audit log").
#include "audit/audit.hpp"
#include "common.hpp"
#include "identity/crypto.hpp"
#include "host.hpp"
#include "cli/provision.hpp"
#include "storage/sql.hpp"

#include <filesystem>

using namespace oqs::test;
using oqs::host::Connection;

namespace {

Json verify(const std::string& db, const std::string& extra = "") {
    auto r = runHost("audit verify --db " + db + " --json " + extra);
    auto j = Json::parse(r.out, nullptr, false);
    if (!j.is_object()) return {{"ok", false}, {"problem", "cli: " + r.out}};
    EXPECT_EQ(r.code, j.value("ok", false) ? 0 : 1) << r.out;
    return j;
}

int64_t lastId(Connection& db) {
    auto s = db.prepare("SELECT max(id) FROM audit");
    s.step();
    return s.i64(0);
}

// What a forger who has the database but not the key file can do: rewrite rows and recompute the unkeyed SHA-256
// chain the log used before it was keyed (the row format is public: audit.cpp).
void rechainUnkeyed(Connection& db, int64_t fromId, int64_t toId = INT64_MAX) {
    db.execScript("DROP TRIGGER IF EXISTS audit_no_update");
    std::string prev(64, '0');
    if (fromId > 1) {
        auto p = db.prepare("SELECT hash FROM audit WHERE id = ?");
        p.bind(1, fromId - 1);
        p.step();
        prev = p.text(0);
    }
    struct Row {
        int64_t id;
        std::string canonicalWithoutPrev;
    };
    std::vector<Row> rows;
    auto s = db.prepare(
        "SELECT id, at_ms, institution, user_id, account_kind, remote, source, action, detail "
        "FROM audit WHERE id >= ? AND id <= ? ORDER BY id");
    s.bindAll(fromId, toId);
    while (s.step()) {
        std::string out;
        auto put = [&](const std::string& v) { out += std::to_string(v.size()) + ":" + v + ";"; };
        put(std::to_string(s.i64(0)));
        put(std::to_string(s.i64(1)));
        for (int c = 2; c <= 8; ++c) put(s.text(c));
        rows.push_back({s.i64(0), out});
    }
    for (const auto& r : rows) {
        std::string hash =
            oqs::host::Crypto::sha256Hex(r.canonicalWithoutPrev + std::to_string(prev.size()) + ":" + prev + ";");
        db.exec("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", prev, hash, r.id);
        prev = hash;
    }
}

// A host with a few audited changes: the institution, a login, two notes.
class Audit : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        auto c = host.loginAs(kCode, "adm1");
        ASSERT_EQ(c->post("/api/notes/notes", {{"title", "一"}}).status, 201);
        ASSERT_EQ(c->post("/api/notes/notes", {{"title", "二"}}).status, 201);
    }
    TestHost host{{oqs_plugin_entry_notes()}};
};

}  // namespace

TEST_F(Audit, EveryChangeIsChainedKeyedAndAnchored) {
    Connection db(host.dbPath());
    auto v = verify(host.dbPath());
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_GE(v["rows"].get<int>(), 4);       // institution, login, two notes
    EXPECT_EQ(v["anchored_id"], lastId(db));  // the anchor follows every commit
    auto who = db.prepare("SELECT user_id, institution, source, hash FROM audit WHERE action = 'notes.create'");
    ASSERT_TRUE(who.step());
    EXPECT_EQ(who.text(0), "adm1");
    EXPECT_EQ(who.text(1), kCode);
    EXPECT_EQ(who.text(2), "notes");
    EXPECT_EQ(who.text(3).rfind("hmac-sha256:", 0), 0u);
    who.reset();
    // Inside the product the log is append-only.
    EXPECT_THROW(db.exec("UPDATE audit SET detail = '{}' WHERE id = 2"), oqs::host::SqlError);
    EXPECT_THROW(db.exec("DELETE FROM audit WHERE id = 2"), oqs::host::SqlError);
}

TEST_F(Audit, AnEditedByteIsFound) {
    Connection db(host.dbPath());
    db.execScript("DROP TRIGGER audit_no_update");
    db.exec("UPDATE audit SET detail = replace(detail, '一', '二') WHERE action = 'notes.create'");
    auto v = verify(host.dbPath());
    EXPECT_EQ(v["problem"], "edited") << v.dump();
    EXPECT_EQ(v["broken_id"], lastId(db) - 1);
}

TEST_F(Audit, ADeletedMiddleRowIsFound) {
    Connection db(host.dbPath());
    db.execScript("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;");
    auto v = verify(host.dbPath());
    EXPECT_EQ(v["problem"], "removed") << v.dump();
    EXPECT_EQ(v["broken_id"], 3);
}

// Issue 10 item 8: deleting the last rows left a chain that verified.
TEST_F(Audit, ATruncatedTailWentUnnoticed) {
    Connection db(host.dbPath());
    int64_t last = lastId(db);
    db.execScript("DROP TRIGGER audit_no_delete");
    db.exec("DELETE FROM audit WHERE id >= ?", last - 1);
    auto v = verify(host.dbPath());
    EXPECT_FALSE(v["ok"].get<bool>());
    EXPECT_EQ(v["problem"], "truncated") << v.dump();
    EXPECT_EQ(v["broken_id"], last - 1);
    EXPECT_EQ(v["anchored_id"], last);
    // Appending after the truncation does not bless it: the anchor stays where it was.
    auto c = host.loginAs(kCode, "adm1");
    EXPECT_FALSE(verify(host.dbPath())["ok"].get<bool>());
}

// Issue 10 item 8: a row rewritten with its chain recomputed (plain SHA-256, as anyone can) verified.
TEST_F(Audit, AForgedRowWithARecomputedChainWentUnnoticed) {
    Connection db(host.dbPath());
    db.execScript("DROP TRIGGER audit_no_update");
    db.exec("UPDATE audit SET user_id = 'someone' WHERE id = 2");
    rechainUnkeyed(db, 2);
    auto v = verify(host.dbPath());
    EXPECT_EQ(v["problem"], "unkeyed") << v.dump();
    EXPECT_EQ(v["broken_id"], 2);
    // Without the key, a row that claims to be keyed does not fit either.
    db.exec("UPDATE audit SET hash = ? WHERE id = 2", "hmac-sha256:" + oqs::host::Crypto::sha256Hex("a guess"));
    v = verify(host.dbPath());
    EXPECT_EQ(v["problem"], "edited") << v.dump();
    EXPECT_EQ(v["broken_id"], 2);
}

TEST_F(Audit, AMissingAnchorOrKeyIsReportedAndAnchorAcceptsTheLogAsItIs) {
    std::string anchor = host.dbPath() + ".key.audit-head";
    ASSERT_TRUE(std::filesystem::exists(anchor));
    auto noKey = verify(host.dbPath(), "--server-key " + (host.dir() / "absent.key").string());
    EXPECT_EQ(noKey["problem"], "no_key") << noKey.dump();

    std::filesystem::remove(anchor);
    EXPECT_EQ(verify(host.dbPath())["problem"], "no_anchor");
    host.loginAs(kCode, "adm1");  // an append does not re-create it behind the operator's back
    EXPECT_FALSE(std::filesystem::exists(anchor));

    auto r = runHost("audit anchor --db " + host.dbPath());
    EXPECT_EQ(r.code, 0) << r.out;
    auto v = verify(host.dbPath());
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    host.loginAs(kCode, "adm1");
    Connection db(host.dbPath());
    EXPECT_EQ(verify(host.dbPath())["anchored_id"], lastId(db));
}

// The CLI (another process) and the server append to one chain and one anchor.
TEST_F(Audit, TheCliAndTheServerShareOneChain) {
    auto r = runHost("account add --db " + host.dbPath() + " --institution " + kCode +
                     " --kind general --user-id gen9 --name 一般 --json");
    ASSERT_EQ(r.code, 0) << r.out;
    host.loginAs(kCode, "adm1");
    Connection db(host.dbPath());
    auto v = verify(host.dbPath());
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_EQ(v["anchored_id"], lastId(db));
}

// A database written before the chain was keyed keeps verifying; its unkeyed rows are pinned by the first anchor.
TEST(AuditUpgrade, AnUnkeyedLogKeepsVerifyingAndStaysProtected) {
    TestHost scratch;
    std::string path = (scratch.dir() / "old.db").string();
    oqs::host::ManualClock clock(1795564800000LL);
    oqs::host::HostConfig cfg;
    cfg.dbPath = path;
    cfg.password.opsLimit = 1;
    cfg.password.memLimitBytes = 8 * 1024 * 1024;
    {
        oqs::host::Host old(cfg, clock);
        for (const char* code : {"1312345678", "2712345678", "4712345678"})
            ASSERT_TRUE(oqs::host::provisionInstitution(old, code, "旧", "medical", "2026-01-01").ok());
    }
    {  // as the host before keyed chains wrote them: plain SHA-256, no anchor
        Connection db(path);
        rechainUnkeyed(db, 1);
        std::filesystem::remove(path + ".key.audit-head");
    }
    EXPECT_TRUE(verify(path)["ok"].get<bool>());
    {
        oqs::host::Host upgraded(cfg, clock);  // anchors the unkeyed head at start
        ASSERT_TRUE(oqs::host::provisionInstitution(upgraded, "1412345678", "新", "medical", "2026-01-01").ok());
    }
    auto v = verify(path);
    EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_EQ(v["rows"], 4);

    Connection db(path);
    db.exec("UPDATE audit SET detail = '{}' WHERE id = 2");  // the trigger went with the rechaining above
    rechainUnkeyed(db, 2, 3);  // the unkeyed prefix made consistent again, as the forger would
    v = verify(path);
    EXPECT_EQ(v["problem"], "relinked") << v.dump();  // the first keyed row's link (covered by its key) no longer fits
    EXPECT_EQ(v["broken_id"], 4);
    rechainUnkeyed(db, 2);  // and rewriting the keyed rows too
    EXPECT_EQ(verify(path)["problem"], "unkeyed");
}
