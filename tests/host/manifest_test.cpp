// Plugins that hand the loader bad JSON or bad migrations, and the end of a plugin's life (issue 10, items 18, 19,
// 20b). The descriptors are built here, in-process, so each case is one line of JSON.
#include "common.hpp"
#include "host.hpp"
#include "storage/sql.hpp"

#include <cstring>
#include <deque>
#include <mutex>

using namespace oqs::test;

namespace {

// [SECTION] Descriptors made from JSON
struct Fake {
    std::string id, manifest;
    oqs_plugin_descriptor d{};
};
std::deque<Fake>& fakes() {
    static std::deque<Fake> all;  // descriptors must outlive the hosts that hold them
    return all;
}
oqs_status noAnswer(oqs_ctx*, const oqs_host_api*, const oqs_request*, oqs_response* rs) {
    rs->status = 404;
    return OQS_OK;
}
using HandleFn = oqs_status (*)(oqs_ctx*, const oqs_host_api*, const oqs_request*, oqs_response*);
using InitFn = oqs_status (*)(oqs_ctx*, const oqs_host_api*, char**);
const oqs_plugin_descriptor* fake(const std::string& id, const std::string& manifest, HandleFn handle = noAnswer,
                                  void (*shutdown)() = nullptr, InitFn init = nullptr) {
    auto& f = fakes().emplace_back();
    f.id = id;
    f.manifest = manifest;
    f.d = {sizeof(oqs_plugin_descriptor),
           OQS_ABI_MAJOR,
           OQS_ABI_MINOR,
           f.id.c_str(),
           "1.0.0",
           f.manifest.c_str(),
           init,
           handle,
           nullptr,
           shutdown};
    return &f.d;
}
Json base(const std::string& id) {
    return {{"id", id},
            {"version", "1.0.0"},
            {"name", {{"ja", "不正"}}},
            {"routes", Json::array()},
            {"panels", Json::array()},
            {"menu", Json::array()}};
}
// The manifest of a plugin `id` with one member replaced.
std::string with(const std::string& id, const std::string& key, const Json& value) {
    Json m = base(id);
    m[key] = value;
    return m.dump();
}
std::string refusal(const Json& plugins, const std::string& origin) {
    for (const auto& r : plugins["refused"])
        if (r["file"] == origin) return r["reason"];
    return "";
}
bool loaded(const Json& plugins, const std::string& id) {
    for (const auto& p : plugins["loaded"])
        if (p["id"] == id) return true;
    return false;
}
int64_t count(const std::string& db, const std::string& sql) {
    oqs::host::Connection c(db);
    auto s = c.prepare(sql);
    s.step();
    return s.i64(0);
}

const Json kRoute = {{"method", "GET"}, {"path", "/api/bad/x"}, {"kinds", {"admin"}}};
Json route(const std::string& key, const Json& value) {
    Json r = kRoute;
    r[key] = value;
    return Json::array({r});
}
const Json kMenu = {{"id", "m"},
                    {"group", {{"id", "g"}, {"label", {{"ja", "群"}}}}},
                    {"label", {{"ja", "項目"}}},
                    {"panel", "main"},
                    {"kinds", {"admin"}}};
Json menu(const std::string& key, const Json& value) {
    Json e = kMenu;
    e[key] = value;
    return Json::array({e});
}
std::string withMenu(const Json& entries) {
    Json m = base("bad");
    m["panels"] = Json::array({{{"id", "main"}, {"kinds", {"admin"}}}});
    m["menu"] = entries;
    return m.dump();
}

}  // namespace

// Item 18: one plugin whose manifest had "routes": ["oops"] stopped oqs-host (value() on a string threw and nothing
// caught it). Every element of the manifest is type-checked; each bad one is refused with a reason, the host runs.
TEST(Manifest, EveryMalformedManifestIsRefusedWithAReasonAndTheHostRuns) {
    const std::vector<std::pair<const char*, std::string>> cases = {
        {"not an object", "[1, 2]"},
        {"not JSON", "{\"id\": "},
        {"id a number", with("bad", "id", 5)},
        {"name a string", with("bad", "name", "不正")},
        {"name.ja a number", with("bad", "name", {{"ja", 5}})},
        {"version a number", with("bad", "version", 1)},
        {"routes an object", with("bad", "routes", Json::object())},
        {"route a string", with("bad", "routes", {"oops"})},
        {"route method a number", with("bad", "routes", route("method", 5))},
        {"route path an array", with("bad", "routes", route("path", {"/api/bad/x"}))},
        {"route kinds a string", with("bad", "routes", route("kinds", "admin"))},
        {"route kind a number", with("bad", "routes", route("kinds", {5}))},
        {"route body a bool", with("bad", "routes", route("body", true))},
        {"route maxBytes a string", with("bad", "routes", route("maxBytes", "1MB"))},
        {"route summary an object", with("bad", "routes", route("summary", Json::object()))},
        {"route request a string", with("bad", "routes", route("request", "object"))},
        {"route query an object", with("bad", "routes", route("query", Json::object()))},
        {"route query without schema",
         with("bad", "routes", route("query", Json::array({{{"name", "q"}, {"in", "query"}}})))},
        {"route query in the path",
         with("bad", "routes",
              route("query", Json::array({{{"name", "q"}, {"in", "path"}, {"schema", Json::object()}}})))},
        {"route answers an array", with("bad", "routes", route("answers", Json::array()))},
        {"route answers not a status", with("bad", "routes", route("answers", {{"ok", Json::object()}}))},
        {"route answer a string", with("bad", "routes", route("answers", {{"200", "object"}}))},
        {"route requestType a number", with("bad", "routes", route("requestType", 5))},
        {"route requestType not a media type", with("bad", "routes", route("requestType", "csv\nX-Evil: 1"))},
        {"route files an array", with("bad", "routes", route("files", Json::array()))},
        {"route file without a type", with("bad", "routes", route("files", {{"200", {{"description", "x"}}}}))},
        {"route file not a status", with("bad", "routes", route("files", {{"ok", {{"type", "text/csv"}}}}))},
        {"panels a string", with("bad", "panels", "p")},
        {"panel a number", with("bad", "panels", {5})},
        {"panel id a number", with("bad", "panels", Json::array({{{"id", 5}, {"kinds", {"admin"}}}}))},
        {"panel kinds a string", with("bad", "panels", Json::array({{{"id", "p"}, {"kinds", "admin"}}}))},
        {"menu a number", with("bad", "menu", 5)},
        {"menu entry a string", withMenu({"m"})},
        {"menu id a number", withMenu(menu("id", 5))},
        {"menu group a string", withMenu(menu("group", "g"))},
        {"menu group id a number", withMenu(menu("group", {{"id", 5}, {"label", {{"ja", "群"}}}}))},
        {"menu group order a string",
         withMenu(menu("group", {{"id", "g"}, {"label", {{"ja", "群"}}}, {"order", "1"}}))},
        {"menu label a string", withMenu(menu("label", "項目"))},
        {"menu order a string", withMenu(menu("order", "1"))},
        {"menu panel a number", withMenu(menu("panel", 1))},
        {"menu verificationOnly a string", withMenu(menu("verificationOnly", "yes"))},
        {"menu beforeUsageStart a number", withMenu(menu("beforeUsageStart", 1))},
        {"menu kinds an object", withMenu(menu("kinds", Json::object()))},
        {"menu visibleWhen a string", withMenu(menu("visibleWhen", "always"))},
        {"menu both panel and builtin", withMenu(menu("builtin", "password"))},
        {"menu an unknown builtin screen", withMenu(Json::array({{{"id", "m"},
                                                                  {"group", {{"id", "g"}, {"label", {{"ja", "群"}}}}},
                                                                  {"label", {{"ja", "項目"}}},
                                                                  {"builtin", "format_disk"},
                                                                  {"kinds", {"admin"}}}}))},
        {"header a string", with("bad", "header", "h")},
        {"header link to an unknown panel",
         with("bad", "header", Json::array({{{"id", "h"}, {"label", {{"ja", "見出し"}}}, {"panel", "nosuch"}}}))},
        {"header link without a label", with("bad", "header", Json::array({{{"id", "h"}, {"panel", "main"}}}))},
        {"settings an object", with("bad", "settings", Json::object())},
        {"settings field a number", with("bad", "settings", {5})},
        {"settings key a number", with("bad", "settings", Json::array({{{"key", 5}}}))},
        {"settings label a number", with("bad", "settings", Json::array({{{"key", "bad.x"}, {"label", 5}}}))},
        {"settings type a number", with("bad", "settings",
                                        Json::array({{{"key", "bad.x"},
                                                      {"label", {{"ja", "x"}}},
                                                      {"section", {{"id", "s"}, {"label", {{"ja", "s"}}}}},
                                                      {"type", 5}}}))},
        {"jobs a string", with("bad", "jobs", "count")},
        {"job kind a number", with("bad", "jobs", {5})},
        {"jobModes an array", with("bad", "jobModes", Json::array())},
        {"jobModes of an unknown kind", with("bad", "jobModes", {{"count", "own"}})},
        {"migrations an object", with("bad", "migrations", Json::object())},
        {"migration a string", with("bad", "migrations", {"CREATE TABLE bad_t(id)"})},
        {"migration version a string",
         with("bad", "migrations", Json::array({{{"version", "1"}, {"sql", "SELECT 1"}}}))},
        {"migration sql a number", with("bad", "migrations", Json::array({{{"version", 1}, {"sql", 5}}}))},
        {"contributes an array", with("bad", "contributes", Json::array())},
        {"contribution a number", with("bad", "contributes", {{"history.categories", 5}})},
    };
    TestHost host({oqs_plugin_entry_probe()});
    for (size_t i = 0; i < cases.size(); ++i) {
        std::string origin = "case:" + std::string(cases[i].first);
        host.core().addStaticPlugin(fake("bad", cases[i].second), origin);
        auto p = host.plugins();
        EXPECT_FALSE(loaded(p, "bad")) << cases[i].first;
        EXPECT_FALSE(refusal(p, origin).empty()) << cases[i].first << ": no reason given";
    }
    // A jobModes value that is neither host nor own.
    Json m = base("bad");
    m["jobs"] = {"count"};
    m["jobModes"] = {{"count", "fast"}};
    host.core().addStaticPlugin(fake("bad", m.dump()), "case:jobModes value");
    EXPECT_NE(refusal(host.plugins(), "case:jobModes value").find("jobModes"), std::string::npos);
    EXPECT_NE(refusal(host.plugins(), "case:route a string").find("route 0"), std::string::npos);
    EXPECT_NE(refusal(host.plugins(), "case:route answers not a status").find("HTTP status"), std::string::npos);
    EXPECT_NE(refusal(host.plugins(), "case:menu verificationOnly a string").find("verificationOnly"),
              std::string::npos);
    // The built-in plugin's id is taken before any other plugin loads.
    host.core().addStaticPlugin(fake("console", base("console").dump()), "case:console");
    EXPECT_NE(refusal(host.plugins(), "case:console").find("duplicate plugin id"), std::string::npos);
    // Each case differs in one place from this manifest, which loads.
    host.core().addStaticPlugin(fake("bad", withMenu(menu("order", 3))), "case:valid");
    EXPECT_TRUE(loaded(host.plugins(), "bad")) << host.plugins().dump();

    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    EXPECT_EQ(host.loginAs(kCode, "adm1")->get("/api/menu").status, 200);
}

// Item 19: a migration may change only the plugin's own objects. UPDATE accounts …; DROP TABLE notices used to be
// admitted (only created names were checked), and the next --demo start failed.
TEST(Manifest, AMigrationThatTouchesWhatIsNotItsOwnIsRefusedAndRolledBack) {
    auto migration = [](const std::string& id, const std::string& sql) {
        Json m = base(id);
        m["migrations"] = Json::array({{{"version", 1}, {"sql", "CREATE TABLE " + id + "_items(id INTEGER); " + sql}}});
        return m.dump();
    };
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"mig", "UPDATE accounts SET name = 'x'; DROP TABLE notices", "UPDATE accounts"},
        {"mig", "DROP TABLE notices", "DROP TABLE notices"},
        {"mig", "DELETE FROM sessions", "DELETE FROM sessions"},
        {"mig", "INSERT INTO plugin_migrations(plugin, version, applied_ms) VALUES('x', 1, 0)", "plugin_migrations"},
        {"mig", "ALTER TABLE accounts ADD COLUMN mig_x TEXT", "ALTER TABLE accounts"},
        {"mig", "CREATE INDEX mig_i ON accounts(name)", "accounts"},
        {"mig", "CREATE TRIGGER mig_t AFTER INSERT ON sessions BEGIN SELECT 1; END", "sessions"},
        {"mig", "CREATE TABLE mig_copy AS SELECT password_hash FROM accounts", "accounts"},
        {"mig", "PRAGMA foreign_keys = OFF", "PRAGMA"},
        {"mig", "ATTACH DATABASE ':memory:' AS mig_db", "ATTACH"},
        {"mig", "COMMIT", "BEGIN/COMMIT"},
        // Host objects that carry a plugin's prefix are still the host's.
        {"settings", "DELETE FROM settings_values", "settings_values"},
        {"accounts", "DROP INDEX accounts_live", "accounts_live"},
    };
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    const int64_t accountsBefore = count(host.dbPath(), "SELECT count(*) FROM accounts WHERE name != 'x'");
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& [id, sql, named] = cases[i];
        std::string origin = "migration:" + std::to_string(i);
        host.core().addStaticPlugin(fake(id, migration(id, sql)), origin);
        auto p = host.plugins();
        EXPECT_FALSE(loaded(p, id)) << sql;
        std::string why = refusal(p, origin);
        EXPECT_NE(why.find("rolled back"), std::string::npos) << sql << " → " << why;
        EXPECT_NE(why.find(named), std::string::npos) << sql << " → " << why;
        EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM sqlite_master WHERE name = '" + id + "_items'"), 0) << sql;
    }
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts WHERE name != 'x'"), accountsBefore);
    for (const char* name : {"notices", "accounts_live", "settings_values"})
        EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM sqlite_master WHERE name = '" + std::string(name) + "'"),
                  1)
            << name;
    // A plugin's own schema, including a view and a trigger on its own table, is fine.
    Json fine = base("okmig");
    fine["migrations"] =
        Json::array({{{"version", 1},
                      {"sql",
                       "CREATE TABLE okmig_a(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX okmig_a_v ON "
                       "okmig_a(v); CREATE VIEW okmig_view AS SELECT v FROM okmig_a"}},
                     {{"version", 2},
                      {"sql",
                       "ALTER TABLE okmig_a ADD COLUMN w INTEGER; INSERT INTO okmig_a(v) VALUES('x'); "
                       "UPDATE okmig_a SET w = 1; DROP VIEW okmig_view"}}});
    host.core().addStaticPlugin(fake("okmig", fine.dump()), "migration:fine");
    EXPECT_TRUE(loaded(host.plugins(), "okmig")) << host.plugins().dump();

    // The host still starts on this database (as the next `serve --demo` does).
    oqs::host::ManualClock clock(1795564800000LL);
    oqs::host::HostConfig cfg;
    cfg.dbPath = host.dbPath();
    EXPECT_NO_THROW(oqs::host::Host again(cfg, clock));
}

// A trigger on the plugin's own table that writes a host table is created, but the plugin's insert that would
// fire it is refused when it is compiled.
namespace {
oqs_status fireTrigger(oqs_ctx* ctx, const oqs_host_api* api, const oqs_request*, oqs_response* rs) {
    oqs_stmt* s = nullptr;
    char* err = nullptr;
    bool prepared = api->db_prepare(ctx, "INSERT INTO trig_items DEFAULT VALUES", &s, &err) == OQS_OK;
    if (s) {
        api->db_step(s);
        api->db_finalize(s);
    }
    std::string body = Json{{"prepared", prepared}, {"error", err ? Json::parse(err) : Json()}}.dump();
    api->free(err);
    rs->status = 200;
    rs->body = static_cast<char*>(api->alloc(body.size()));
    std::memcpy(rs->body, body.data(), body.size());
    rs->body_size = body.size();
    return OQS_OK;
}
}  // namespace

TEST(Manifest, ATriggerCannotCarryAPluginsWriteIntoTheHostsTables) {
    Json m = base("trig");
    m["routes"] =
        Json::array({{{"method", "POST"}, {"path", "/api/trig/fire"}, {"kinds", {"admin"}}, {"body", "none"}}});
    m["migrations"] = Json::array({{{"version", 1},
                                    {"sql",
                                     "CREATE TABLE trig_items(id INTEGER PRIMARY KEY); "
                                     "CREATE TRIGGER trig_after AFTER INSERT ON trig_items "
                                     "BEGIN UPDATE accounts SET name = 'pwned'; END"}}});
    TestHost host({fake("trig", m.dump(), fireTrigger)});
    ASSERT_TRUE(loaded(host.plugins(), "trig")) << host.plugins().dump();
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto r = host.loginAs(kCode, "adm1")->post("/api/trig/fire", Json::object());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["prepared"], false);
    EXPECT_EQ(r.json["error"]["code"], "host.storage.denied");
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts WHERE name = 'pwned'"), 0);
}

// Item 20b: shutdown in the descriptor was never called. It runs once per admitted plugin, newest first, when the
// host stops (after its job workers).
namespace {
std::mutex g_shutdownMutex;
std::vector<std::string> g_shutdowns;
void shutdownFirst() {
    std::lock_guard l(g_shutdownMutex);
    g_shutdowns.push_back("first");
}
void shutdownSecond() {
    std::lock_guard l(g_shutdownMutex);
    g_shutdowns.push_back("second");
}
void shutdownRefused() {
    std::lock_guard l(g_shutdownMutex);
    g_shutdowns.push_back("refused");
}
oqs_status failInit(oqs_ctx*, const oqs_host_api*, char**) { return OQS_ERR_INTERNAL; }
}  // namespace

TEST(Lifecycle, ShutdownRunsOnceInReverseLoadOrder) {
    g_shutdowns.clear();
    {
        TestHost host({fake("first", base("first").dump(), noAnswer, shutdownFirst),
                       fake("refused", base("refused").dump(), noAnswer, shutdownRefused, failInit),
                       fake("second", base("second").dump(), noAnswer, shutdownSecond)});
        EXPECT_TRUE(loaded(host.plugins(), "first"));
        EXPECT_FALSE(loaded(host.plugins(), "refused"));
        EXPECT_TRUE(g_shutdowns.empty());
    }
    EXPECT_EQ(g_shutdowns, (std::vector<std::string>{"second", "first"}));
}

// Item 20b: a plugin's exception left no cause in the log; the caller still sees none.
TEST(Lifecycle, APluginsExceptionIsLoggedWithItsCause) {
    TestHost host({oqs_plugin_entry_probe()});
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto c = host.loginAs(kCode, "adm1");
    testing::internal::CaptureStderr();
    auto r = c->get("/api/probe/throws");
    std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("/etc/passwd"), std::string::npos);
    EXPECT_NE(log.find("secret internal detail /etc/passwd"), std::string::npos) << log;
    EXPECT_NE(log.find("GET /api/probe/throws"), std::string::npos) << log;
}
