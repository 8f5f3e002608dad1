// The settings catalog's checks of contributed fields, as the loader applies them to every plugin's manifest.
#include "plugins/settings_catalog.hpp"

#include <gtest/gtest.h>

using nlohmann::json;

namespace {

// The refusal's one-line reason, or "" when the catalog accepts.
std::string reason(const oqs::Status& checked) { return checked ? std::string() : checked.error().message; }

json select(const std::string& key) {
    return {{"key", key},
            {"section", {{"id", "s"}, {"label", {{"ja", "節"}}}}},
            {"label", {{"ja", "項目"}}},
            {"type", "select"},
            {"choices",
             {{{"value", "use"}, {"label", {{"ja", "利用する"}}}},
              {{"value", "not_use"}, {"label", {{"ja", "利用しない"}}}}}},
            {"default", "not_use"}};
}

TEST(SettingsCatalog, ConfirmWhenIsCheckedLikeARule) {
    oqs::host::SettingsCatalog catalog;
    ASSERT_EQ(reason(catalog.add("base", json::array({select("base.switch")}))), "");

    json ok = select("vendor.a");
    ok["confirmWhen"] = {
        {"rule",
         {{"all", {{{"field", "base.switch"}, {"equals", "use"}}, {{"field", "$pmh_pilot"}, {"equals", false}}}}}},
        {"text", {{"ja", "よろしいですか？"}}}};
    EXPECT_EQ(reason(catalog.check("vendor", json::array({ok}))), "");

    json noText = ok;
    noText["confirmWhen"].erase("text");
    EXPECT_NE(reason(catalog.check("vendor", json::array({noText}))).find("confirmWhen needs a rule and a text"),
              std::string::npos);

    json badRule = ok;
    badRule["confirmWhen"]["rule"] = {{"field", "base.switch"}};
    EXPECT_NE(reason(catalog.check("vendor", json::array({badRule}))).find("confirmWhen: a rule needs exactly one of"),
              std::string::npos);

    json unknown = ok;
    unknown["confirmWhen"]["rule"] = {{"field", "nobody.field"}, {"equals", "use"}};
    EXPECT_NE(
        reason(catalog.check("vendor", json::array({unknown}))).find("confirmWhen names unknown field 'nobody.field'"),
        std::string::npos);

    json terms = ok;
    terms["terms"] = true;
    terms["termsValue"] = "use";
    EXPECT_NE(reason(catalog.check("vendor", json::array({terms}))).find("a terms field cannot have confirmWhen"),
              std::string::npos);
}

}  // namespace
