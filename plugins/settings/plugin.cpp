// settings — ［環境設定情報更新］: how the whole institution uses the System (SPEC.md §3). The built-in fields are
// contributions to the host's settings catalog like any other plugin's; the screen and the save route work on
// whatever the catalog holds, so a service that arrives as a plugin adds its own switch without touching this one.
#include "settings_plugin.hpp"

OQS_PLUGIN(settings) {
    p.name(oqs::panel::L("環境設定情報管理", "Environment settings")).version("1.0.0");
    settings_plugin::registerFields(p);
    settings_plugin::registerTerms(p);
    settings_plugin::registerRoutes(p);
    settings_plugin::registerPanel(p);
}
