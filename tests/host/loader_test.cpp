// The loader refuses every bad plugin with a reason and goes on; good ones load whatever compiled them.
#include "common.hpp"
#include "host.hpp"
#include "storage/sql.hpp"

#include <filesystem>
#include <fstream>
#include <sys/wait.h>

using namespace oqs::test;
namespace fs = std::filesystem;

namespace {
std::string refusal(const Json& plugins, const std::string& fileEnd) {
    for (const auto& r : plugins["refused"]) {
        std::string f = r["file"];
        if (f.size() >= fileEnd.size() && f.compare(f.size() - fileEnd.size(), fileEnd.size(), fileEnd) == 0)
            return r["reason"];
    }
    return "";
}
bool loaded(const Json& plugins, const std::string& id) {
    for (const auto& p : plugins["loaded"])
        if (p["id"] == id) return true;
    return false;
}
bool tableExists(const std::string& db, const std::string& table) {
    oqs::host::Connection c(db);
    auto s = c.prepare("SELECT 1 FROM sqlite_master WHERE name = ?");
    s.bind(1, table);
    return s.step();
}
Options withFiles(std::initializer_list<const char*> files) {
    Options o;
    for (const auto* f : files) o.pluginFiles.push_back(fixture(f));
    return o;
}
}  // namespace

TEST(Loader, ACPluginLoadsAndAnswers) {
    TestHost host({}, withFiles({"c_valid.so"}));
    ASSERT_TRUE(loaded(host.plugins(), "cfix")) << host.plugins().dump();
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto r = host.loginAs(kCode, "adm1")->get("/api/cfix/hello");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json["hello"], "adm1");
    EXPECT_TRUE(tableExists(host.dbPath(), "cfix_items"));
}

TEST(Loader, AnAbi10PluginStillLoadsAndAnswers) {
    TestHost host({}, withFiles({"c_abi_1_0.so"}));
    ASSERT_TRUE(loaded(host.plugins(), "cfix")) << host.plugins().dump();
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto r = host.loginAs(kCode, "adm1")->get("/api/cfix/hello");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json["hello"], "adm1");
}

TEST(Loader, APluginBuiltWithClangLoadsIntoTheGccHost) {
    auto so = fixture("clang/notes_clang.so");
    if (!fs::exists(so)) GTEST_SKIP() << "clang++ not installed";
    Options o;
    o.pluginFiles.push_back(so);
    TestHost host({}, o);
    ASSERT_TRUE(loaded(host.plugins(), "notes")) << host.plugins().dump();
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto c = host.loginAs(kCode, "adm1");
    ASSERT_EQ(c->post("/api/notes/notes", {{"title", "クランで作成"}}).status, 201);
    auto list = c->get("/api/notes/notes");
    EXPECT_EQ(list.json["rows"][0]["title"], "クランで作成");
    EXPECT_EQ(c->post("/api/notes/notes", {{"title", ""}}).errorCode(), "notes.title.invalid");
}

TEST(Loader, RefusesEachBadPluginWithAReasonAndKeepsRunning) {
    // Order matters: init_fails is refused after its migration committed, which a later "cfix" then finds done.
    TestHost host({}, withFiles({"not_a_library.so", "c_no_entry.so", "c_abi_major.so", "c_abi_minor.so",
                                 "c_bad_manifest.so", "c_bad_types.so", "c_bad_migration.so", "c_wrong_prefix.so",
                                 "c_host_table.so", "c_init_throws.so", "c_init_fails.so", "notes.so", "c_valid.so"}));
    auto p = host.plugins();
    EXPECT_NE(refusal(p, "not_a_library.so").find("not a loadable shared library"), std::string::npos);
    EXPECT_NE(refusal(p, "c_no_entry.so").find("no entry point"), std::string::npos);
    EXPECT_NE(refusal(p, "c_abi_major.so").find("ABI 2.0"), std::string::npos);
    EXPECT_NE(refusal(p, "c_abi_minor.so").find("ABI 1." + std::to_string(OQS_ABI_MINOR + 1)), std::string::npos);
    EXPECT_NE(refusal(p, "c_init_fails.so").find("license file missing"), std::string::npos);
    EXPECT_NE(refusal(p, "c_init_throws.so").find("init threw an exception: init exploded"), std::string::npos);
    EXPECT_NE(refusal(p, "c_bad_manifest.so").find("must start with /api/cfix/"), std::string::npos);
    EXPECT_NE(refusal(p, "c_bad_types.so").find("route 0: must be an object"), std::string::npos);
    EXPECT_NE(refusal(p, "c_bad_migration.so").find("migration 2 failed"), std::string::npos);
    EXPECT_NE(refusal(p, "c_wrong_prefix.so").find("accounts_stolen"), std::string::npos);
    EXPECT_NE(refusal(p, "c_host_table.so").find("may not UPDATE accounts"), std::string::npos);
    // The failed migrations left nothing: step 1 of bad_migration was rolled back with step 2, and host_table's
    // DROP TABLE notices never happened.
    EXPECT_FALSE(tableExists(host.dbPath(), "accounts_stolen"));
    EXPECT_TRUE(tableExists(host.dbPath(), "notices"));
    // A valid plugin after all of them still loads.
    EXPECT_TRUE(loaded(p, "notes"));
    EXPECT_TRUE(loaded(p, "cfix"));
    EXPECT_EQ(p["refused"].size(), 11u) << p.dump(2);
}

// Item 18: the real binary with a folder holding a plugin whose manifest has "routes": ["oops"] used to exit 1.
TEST(Loader, TheHostServesWithAMalformedPluginInItsFolder) {
    TestHost scratch;  // for its temporary folder
    fs::path dir = scratch.dir() / "plugins";
    fs::create_directories(dir);
    fs::copy_file(fixture("c_bad_types.so"), dir / "c_bad_types.so");
    fs::copy_file(fixture("c_valid.so"), dir / "c_valid.so");
    std::string db = (scratch.dir() / "serve.db").string();
    std::string log = (scratch.dir() / "serve.log").string();
    int port = 21000 + ::getpid() % 19000;
    std::string cmd = "timeout 3 " + std::string(OQS_HOST_BIN) + " serve --db " + db + " --port " +
                      std::to_string(port) + " --plugins " + dir.string() + " --quiet > " + log + " 2>&1";
    // It must still be serving when timeout stops it (124), not have exited on its own.
    EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 124);
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("plugin refused"), std::string::npos) << text;
    EXPECT_NE(text.find("plugin loaded: cfix"), std::string::npos) << text;
}

TEST(Loader, ADuplicateIdIsRefused) {
    fs::path dir = fs::temp_directory_path() / ("oqs-dup-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy_file(fixture("notes.so"), dir / "a_notes.so", fs::copy_options::overwrite_existing);
    fs::copy_file(fixture("notes.so"), dir / "b_notes.so", fs::copy_options::overwrite_existing);
    TestHost host;
    host.core().loadPluginDir(dir);
    auto p = host.plugins();
    EXPECT_TRUE(loaded(p, "notes"));
    EXPECT_NE(refusal(p, "b_notes.so").find("duplicate plugin id 'notes'"), std::string::npos) << p.dump();
    fs::remove_all(dir);
}

// The folder's *.so files are the plugins: a README or a build system's files beside them are not offered as
// plugins (no refusal line), while a *.so that is not a library is refused.
TEST(Loader, OnlySharedLibraryFilesOfTheFolderAreOffered) {
    fs::path dir = fs::temp_directory_path() / ("oqs-files-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy_file(fixture("notes.so"), dir / "notes.so", fs::copy_options::overwrite_existing);
    fs::copy_file(fixture("not_a_library.so"), dir / "broken.so", fs::copy_options::overwrite_existing);
    std::ofstream(dir / "README.txt") << "plugins go here\n";
    std::ofstream(dir / "cmake_install.cmake") << "# generated\n";
    TestHost host;
    host.core().loadPluginDir(dir);
    auto p = host.plugins();
    EXPECT_TRUE(loaded(p, "notes"));
    ASSERT_EQ(p["refused"].size(), 1u) << p.dump();
    EXPECT_NE(refusal(p, "broken.so").find("not a loadable shared library"), std::string::npos);
    fs::remove_all(dir);
}

// A settings field enabled by another plugin's field loads whatever the files' names, and follows that rule.
TEST(Loader, APluginWhoseSettingsRuleReadsAnotherPluginsFieldWaitsForIt) {
    fs::path dir = fs::temp_directory_path() / ("oqs-order-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy_file(fixture("a_addon.so"), dir / "a_addon.so", fs::copy_options::overwrite_existing);
    fs::copy_file(fixture("notes.so"), dir / "notes.so", fs::copy_options::overwrite_existing);
    TestHost host({oqs_plugin_entry_probe()});
    host.core().loadPluginDir(dir);
    auto p = host.plugins();
    EXPECT_TRUE(loaded(p, "addon")) << p.dump();
    EXPECT_TRUE(loaded(p, "notes")) << p.dump();

    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto admin = host.loginAs(kCode, "adm1");
    auto refused = op(*admin, "settings.update", {{"values", {{"addon.extra", true}}}});
    EXPECT_EQ(refused.errorCode(), "settings.rule") << refused.body;
    auto ok = op(*admin, "settings.update", {{"values", {{"notes.enabled", "use"}, {"addon.extra", true}}}});
    EXPECT_EQ(ok.status, 200) << ok.body;
    fs::remove_all(dir);
}

// Without the plugin that contributes the field, the rule still names an unknown field and is refused.
TEST(Loader, ASettingsRuleOverAFieldNoPluginContributesIsRefused) {
    TestHost host({}, withFiles({"a_addon.so"}));
    EXPECT_NE(refusal(host.plugins(), "a_addon.so").find("enabledWhen names unknown field 'notes.enabled'"),
              std::string::npos)
        << host.plugins().dump();
}

TEST(Loader, PluginsAreListedForAdministrators) {
    TestHost host({oqs_plugin_entry_probe()}, withFiles({"c_abi_major.so"}));
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto r = host.loginAs(kCode, "adm1")->get("/api/plugins");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(loaded(r.json, "probe"));
    EXPECT_EQ(r.json["refused"].size(), 1u);
}

TEST(Loader, MigrationsRunOnceAcrossRestarts) {
    TestHost host({oqs_plugin_entry_notes()});
    oqs::host::ManualClock clock(1795564800000LL);
    oqs::host::HostConfig cfg;
    cfg.dbPath = host.dbPath();
    oqs::host::Host second(cfg, clock);  // a restart on the same database file
    second.addStaticPlugin(oqs_plugin_entry_notes(), "static:notes");
    EXPECT_TRUE(loaded(second.registry().toJson(), "notes")) << second.registry().toJson().dump();
    oqs::host::Connection c(host.dbPath());
    auto s = c.prepare("SELECT count(*) FROM plugin_migrations WHERE plugin = 'notes'");
    s.step();
    EXPECT_EQ(s.i64(0), 2);
}
