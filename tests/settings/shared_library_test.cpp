// The settings plugin as it ships: settings.so, loaded from its file next to nothing else, serves its screen.
#include "test_host.hpp"

#include <gtest/gtest.h>

namespace {

TEST(SettingsSharedLibrary, LoadsFromItsFileAndServesTheScreen) {
    oqs::test::Options options;
    options.pluginFiles.push_back(OQS_SETTINGS_SO);
    oqs::test::TestHost host({}, options);
    auto plugins = host.plugins();
    ASSERT_EQ(plugins["loaded"].size(), 2u) << plugins.dump();  // the built-in console, then the file
    EXPECT_EQ(plugins["loaded"][1]["id"], "settings");

    host.addInstitution("1312345678", "テスト医院", "medical");
    host.addAccount("1312345678", "admin", "admin01");
    auto admin = host.loginAs("1312345678", "admin01");
    auto panel = admin->get("/api/panels/settings/main");
    ASSERT_EQ(panel.status, 200) << panel.body;
    EXPECT_EQ(panel.json["title"]["ja"], "環境設定情報更新");
    auto saved = admin->patch("/api/settings/values", {{"settings.emergency", "use"}});
    EXPECT_EQ(saved.status, 200) << saved.body;
}

}  // namespace
