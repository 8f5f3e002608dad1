// A stand-in for a service that arrives later as a plugin (DESIGN.md's PMH example): it contributes one settings
// field whose enabling rule reads a built-in field, and nothing else. The settings plugin must show and enforce it
// without knowing it.
#include <oqs/plugin.hpp>

namespace {

void declare(oqs::Plugin& p) {
    using oqs::panel::L;
    p.id("pmhlink").name(L("PMH連携")).version("1.0.0");
    p.setting({{"key", "pmhlink.portal"},
               {"section", {{"id", "pmhlink"}, {"label", L("PMH連携関連項目", "PMH link")}, {"order", 85}}},
               {"order", 10},
               {"label", L("PMH連携ポータル", "PMH portal")},
               {"type", "select"},
               {"choices",
                {{{"value", "use"}, {"label", L("利用する")}}, {{"value", "not_use"}, {"label", L("利用しない")}}}},
               {"default", "not_use"},
               {"enabledWhen", {{"field", "settings.subsidy"}, {"equals", "use"}}},
               {"offValue", "not_use"}});
}

}  // namespace

OQS_PLUGIN(pmhlink, declare)
