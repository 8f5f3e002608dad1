// The per-connection prepared-statement cache (sql.hpp): a statement comes back reset and without the previous
// use's values, holds nothing while idle, follows schema changes, and never hands one handle to two users.
#include "storage/sql.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>
#include <vector>

using oqs::host::Connection;
using oqs::host::SqlError;

namespace {

class HostStatementCache : public ::testing::Test {
  protected:
    HostStatementCache()
        : path((std::filesystem::temp_directory_path() / ("stmt-cache-" + std::to_string(::getpid()) + ".db"))
                   .string()) {
        std::filesystem::remove(path);
        c = std::make_unique<Connection>(path);
        c->execScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES('a'),('b'),('c');");
    }
    ~HostStatementCache() override {
        c.reset();
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    }
    // Statements of the connection that are mid-run (would hold a read snapshot or a lock).
    int busyStatements() {
        int n = 0;
        for (sqlite3_stmt* s = sqlite3_next_stmt(c->raw(), nullptr); s; s = sqlite3_next_stmt(c->raw(), s))
            n += sqlite3_stmt_busy(s) ? 1 : 0;
        return n;
    }
    std::string path;
    std::unique_ptr<Connection> c;
};

TEST_F(HostStatementCache, TheSameSqlIsPreparedOnce) {
    sqlite3_stmt* first = nullptr;
    {
        auto s = c->prepare("SELECT v FROM t WHERE id = ?");
        s.bind(1, 2);
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.text(0), "b");
        first = s.raw();
    }
    auto s = c->prepare("SELECT v FROM t WHERE id = ?");
    EXPECT_EQ(s.raw(), first);
    s.bind(1, 3);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), "c");
    EXPECT_EQ(c->cachedStatements(), 1u);
}

TEST_F(HostStatementCache, AReusedStatementHasNoValueOfItsLastUse) {
    {
        auto s = c->prepare("SELECT ?");
        s.bind(1, "secret");
        ASSERT_TRUE(s.step());
    }
    auto s = c->prepare("SELECT ?");
    ASSERT_TRUE(s.step());
    EXPECT_TRUE(s.isNull(0));
}

// The same SQL twice at once (a loop over rows that looks each one up again): two handles, each its own cursor.
TEST_F(HostStatementCache, TheSameSqlInUseTwiceGetsTwoStatements) {
    const std::string sql = "SELECT id FROM t WHERE id >= ? ORDER BY id";
    auto outer = c->prepare(sql);
    outer.bind(1, 1);
    std::vector<int64_t> pairs;
    while (outer.step()) {
        auto inner = c->prepare(sql);
        EXPECT_NE(inner.raw(), outer.raw());
        inner.bind(1, outer.i64(0));
        while (inner.step()) pairs.push_back(outer.i64(0) * 10 + inner.i64(0));
    }
    EXPECT_EQ(pairs, (std::vector<int64_t>{11, 12, 13, 22, 23, 33}));
}

// A statement dropped in the middle of its rows goes back reset: no read snapshot kept open on an idle connection
// (it would stop WAL checkpoints and pin old pages).
TEST_F(HostStatementCache, AnIdleStatementHoldsNothing) {
    {
        auto s = c->prepare("SELECT v FROM t ORDER BY id");
        ASSERT_TRUE(s.step());
        EXPECT_EQ(busyStatements(), 1);
    }
    EXPECT_EQ(busyStatements(), 0);
    Connection other(path);
    other.execScript("BEGIN IMMEDIATE; DELETE FROM t; COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
    auto s = c->prepare("SELECT v FROM t ORDER BY id");
    EXPECT_FALSE(s.step());
}

TEST_F(HostStatementCache, ACachedStatementFollowsASchemaChange) {
    {
        auto s = c->prepare("SELECT * FROM t");
        ASSERT_TRUE(s.step());
    }
    c->execScript("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'new'");
    auto s = c->prepare("SELECT * FROM t");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(sqlite3_column_count(s.raw()), 3);
    EXPECT_EQ(s.text(2), "new");
}

TEST_F(HostStatementCache, AFailedPrepareThrowsAndIsNotCached) {
    EXPECT_THROW(c->prepare("SELECT nothing FROM nowhere"), SqlError);
    EXPECT_THROW(c->prepare("SELECT nothing FROM nowhere"), SqlError);
    EXPECT_EQ(c->cachedStatements(), 0u);
}

// Generated SQL (a search with any mix of conditions) cannot grow the cache without bound.
TEST_F(HostStatementCache, TheCacheStaysBounded) {
    for (size_t i = 0; i < Connection::kCachedStatements * 3; ++i) {
        auto s = c->prepare("SELECT " + std::to_string(i));
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.i64(0), static_cast<int64_t>(i));
    }
    EXPECT_LE(c->cachedStatements(), Connection::kCachedStatements);
}

}  // namespace

namespace {

// 50 requests at once (the keep-alive benchmark's clients) hand their connections back and the next 50 get them
// again with their statements still compiled: the pool used to keep 16 and close the rest, so most requests under
// load opened a connection and compiled everything again.
TEST(HostPool, FiftyConcurrentConnectionsStayOpenWithTheirStatements) {
    auto path = (std::filesystem::temp_directory_path() / ("pool-" + std::to_string(::getpid()) + ".db")).string();
    {
        oqs::host::Pool pool(path);
        std::vector<oqs::host::Pool::Lease> held;
        for (int i = 0; i < 50; ++i) {
            held.push_back(pool.lease());
            auto s = held.back()->prepare("SELECT 1");
            ASSERT_TRUE(s.step());
        }
        held.clear();
        EXPECT_EQ(pool.idle(), 50u);
        for (int i = 0; i < 50; ++i) held.push_back(pool.lease());
        for (auto& c : held) EXPECT_EQ(c->cachedStatements(), 1u);
    }
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
}

}  // namespace
