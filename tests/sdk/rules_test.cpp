// oqs/rules.hpp: the one rule language the client, the server and the menu share.
#include <oqs/rules.hpp>

#include <gtest/gtest.h>

using nlohmann::json;

TEST(Rules, EvaluateEveryShape) {
    json v{{"clinical", "use"}, {"ehr", "not_use"}, {"name", ""}, {"$ehr_available", true}};
    EXPECT_TRUE(oqs::evalRule(nullptr, v));
    EXPECT_TRUE(oqs::evalRule({{"field", "clinical"}, {"equals", "use"}}, v));
    EXPECT_TRUE(oqs::evalRule({{"field", "ehr"}, {"notEquals", "use"}}, v));
    EXPECT_TRUE(oqs::evalRule({{"field", "ehr"}, {"in", {"a", "not_use"}}}, v));
    EXPECT_FALSE(oqs::evalRule({{"field", "name"}, {"notEmpty", true}}, v));
    EXPECT_FALSE(oqs::evalRule({{"field", "missing"}, {"notEmpty", true}}, v));
    EXPECT_TRUE(oqs::evalRule(
        {{"all", {{{"field", "clinical"}, {"equals", "use"}}, {{"field", "$ehr_available"}, {"equals", true}}}}}, v));
    EXPECT_FALSE(oqs::evalRule({{"any", {{{"field", "clinical"}, {"equals", "x"}}}}}, v));
    EXPECT_TRUE(oqs::evalRule({{"not", {{"field", "clinical"}, {"equals", "x"}}}}, v));
}

TEST(Rules, MalformedRulesAreInvalidAndNeverTrue) {
    for (const json& bad : {json("text"), json{{"field", "x"}}, json{{"field", "x"}, {"equals", 1}, {"in", {1}}},
                            json{{"all", json::array()}}, json{{"field", "x"}, {"in", 3}}}) {
        EXPECT_NE(oqs::validateRule(bad), "") << bad.dump();
        EXPECT_FALSE(oqs::evalRule(bad, json{{"x", 1}})) << bad.dump();
    }
    std::vector<std::string> used;
    oqs::ruleFields({{"all", {{{"field", "a"}, {"equals", 1}}, {{"not", {{"field", "b"}, {"equals", 2}}}}}}}, used);
    EXPECT_EQ(used, (std::vector<std::string>{"a", "b"}));
}
