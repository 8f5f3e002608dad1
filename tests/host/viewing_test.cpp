// The viewing-event log: append with validation, per-institution reads, keyset paging, the keyed chain, the
// generator and the CLI.
#include "clock.hpp"
#include "common.hpp"
#include "host.hpp"
#include "storage/sql.hpp"
#include "viewing/viewing_generate.hpp"

#include <oqs/insurer.hpp>

#include <cstdio>

using namespace oqs::test;

namespace {

Json event(const std::string& at, const std::string& name = "山田　太郎",
           const std::string& category = "medical.drug") {
    return {{"at", at},
            {"category", category},
            {"patient", {{"name", name}, {"kana", "ヤマダ　タロウ"}, {"birth_date", "1960-04-01"}}},
            {"insurer_number", "01130012"},
            {"card_symbol", "1234"},
            {"card_number", "5678"},
            {"card_branch", "00"}};
}

struct ViewingFixture : ::testing::Test {
    TestHost host{{oqs_plugin_entry_probe()}};
    std::unique_ptr<Client> viewer, other;
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution(kOther, "他院", "medical");
        host.addAccount(kCode, "medinfo", "doc01", "Passw0rd!x", "医師 一郎");
        host.addAccount(kOther, "medinfo", "doc99");
        viewer = host.loginAs(kCode, "doc01");
        other = host.loginAs(kOther, "doc99");
    }
    Json page(Client& c, const Json& in) { return op(c, "viewing.page", in).json; }
};

}  // namespace

TEST(Insurer, CheckDigit) {
    EXPECT_EQ(oqs::insurerCheckDigit("0113001"), 2);  // 協会けんぽ 東京支部 01130012
    EXPECT_TRUE(oqs::validInsurerNumber("01130012"));
    EXPECT_FALSE(oqs::validInsurerNumber("01130013"));
    EXPECT_EQ(oqs::withInsurerCheckDigit("13800"), "138008");
    EXPECT_TRUE(oqs::validInsurerNumber("138008"));
    EXPECT_EQ(oqs::insurerCheckDigit("12a45"), -1);
    EXPECT_EQ(oqs::insurerCheckDigit("123456"), -1);
}

TEST(Rfc3339, ParsesOffsetsAndRefusesNonsense) {
    using oqs::host::parseRfc3339Ms;
    EXPECT_EQ(parseRfc3339Ms("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parseRfc3339Ms("1970-01-01T09:00:00+09:00"), 0);
    EXPECT_EQ(parseRfc3339Ms("2026-11-28T12:55:59.250+09:00"), int64_t(1795838159250));
    for (const char* bad : {"2026-02-30T00:00:00Z", "2026-11-28 12:55:59Z", "2026-11-28T24:00:00Z",
                            "2026-11-28T12:55:59", "2026-11-28T12:55:59+9:00", "2026-11-28T12:55:59Zjunk", ""})
        EXPECT_FALSE(parseRfc3339Ms(bad).has_value()) << bad;
}

TEST_F(ViewingFixture, AnEventIsRecordedForTheCallersInstitutionAndAccount) {
    auto r = op(*viewer, "viewing.append", {{"events", {event("2026-11-24T12:55:59+09:00")}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json.value("recorded", 0), 1);
    auto rows = page(*viewer, {{"from_ms", 0}, {"to_ms", host.nowMs()}})["rows"];
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["user_id"], "doc01");
    EXPECT_EQ(rows[0]["user_name"], "医師 一郎");
    EXPECT_EQ(rows[0]["institution"], kCode);
    EXPECT_EQ(rows[0]["at"], "2026/11/24 12:55:59");
    // Another institution sees nothing of it.
    EXPECT_EQ(page(*other, {{"from_ms", 0}, {"to_ms", host.nowMs()}})["rows"].size(), 0u);
    EXPECT_EQ(op(*other, "viewing.count", {{"from_ms", 0}, {"to_ms", host.nowMs()}}).json.value("count", -1), 0);
}

TEST_F(ViewingFixture, BadEventsAreRefusedByFieldAndNothingIsWritten) {
    struct Case {
        const char* field;
        Json change;
    };
    std::vector<Case> cases = {
        {"events[1].at", {{"at", "2026-02-30T00:00:00Z"}}},
        {"events[1].at", {{"at", "2099-01-01T00:00:00Z"}}},  // the future
        {"events[1].at_ms", {{"at_ms", "12"}}},
        {"events[1].category", {{"category", "DRUG"}}},
        {"events[1].category", {{"category", "medical.unknown"}}},  // not contributed
        {"events[1].patient.name", {{"patient", {{"name", ""}, {"birth_date", "1960-04-01"}}}}},
        {"events[1].patient.name", {{"patient", {{"name", "a\x01b"}, {"birth_date", "1960-04-01"}}}}},
        {"events[1].patient.birth_date", {{"patient", {{"name", "山田"}, {"birth_date", "1960-02-30"}}}}},
        {"events[1].patient", {{"patient", "山田"}}},
        {"events[1].insurer_number", {{"insurer_number", "0113001"}}},
        {"events[1].insurer_number", {{"insurer_number", 1130012}}},
        {"events[1].card_branch", {{"card_branch", "001"}}},
        {"events[1].card_number", {{"card_number", ""}}},
        {"events[1].user_id", {{"user_id", "doc02"}}},  // a viewing account records only its own viewings
        {"events[1].institution", {{"institution", kOther}}},
    };
    for (const auto& c : cases) {
        Json bad = event("2026-11-24T10:00:00+09:00");
        for (const auto& [k, v] : c.change.items()) bad[k] = v;
        if (c.change.contains("at_ms")) bad.erase("at");
        auto r = op(*viewer, "viewing.append", {{"events", {event("2026-11-24T09:00:00+09:00"), bad}}});
        EXPECT_EQ(r.status, 400) << c.change.dump();
        EXPECT_TRUE(r.json["error"]["fields"].contains(c.field)) << c.change.dump() << " " << r.body;
    }
    EXPECT_EQ(op(*viewer, "viewing.count", {{"from_ms", 0}, {"to_ms", host.nowMs()}}).json.value("count", -1), 0);
    EXPECT_EQ(op(*viewer, "viewing.append", {{"events", Json::array()}}).status, 400);
    Json many = Json::array();
    for (int i = 0; i < 1001; ++i) many.push_back(event("2026-11-24T09:00:00+09:00"));
    EXPECT_EQ(op(*viewer, "viewing.append", {{"events", many}}).json["error"]["code"], "viewing.batch_too_large");
}

TEST_F(ViewingFixture, PeriodBoundsAreInclusiveAndCategoriesFilter) {
    ASSERT_EQ(op(*viewer, "viewing.append",
                 {{"events",
                   {event("2026-11-24T12:55:59.999+09:00"), event("2026-11-24T12:56:00+09:00"),
                    event("2026-11-24T12:00:00+09:00", "佐藤　花子", "medical.checkup")}}})
                  .status,
              200);
    auto from = *oqs::host::parseRfc3339Ms("2026-11-24T12:00:00+09:00");
    auto to = *oqs::host::parseRfc3339Ms("2026-11-24T12:55:59.999+09:00");
    auto count = [&](Json extra) {
        Json in{{"from_ms", from}, {"to_ms", to}};
        if (extra.is_object()) in.update(extra);
        return op(*viewer, "viewing.count", in).json.value("count", -1);
    };
    EXPECT_EQ(count(Json::object()), 2);
    EXPECT_EQ(count({{"category", "medical.drug"}}), 1);
    EXPECT_EQ(count({{"category", "medical.checkup"}}), 1);
    EXPECT_EQ(count({{"category", "medical.clinical"}}), 0);
    EXPECT_EQ(op(*viewer, "viewing.count", {{"from_ms", to}, {"to_ms", from}}).json["error"]["code"], "viewing.period");
    auto h = op(*viewer, "viewing.histogram", {{"from_ms", from}, {"to_ms", to + 3600000}, {"bucket", "hour"}}).json;
    ASSERT_EQ(h["buckets"].size(), 2u);
    EXPECT_EQ(h["buckets"][0]["count"], 3);  // 12:00–12:59 Japan time
    EXPECT_EQ(h["buckets"][1]["count"], 0);
}

TEST_F(ViewingFixture, KeysetPagesCoverEveryRowOnceInTimeOrder) {
    Json batch = Json::array();
    for (int i = 0; i < 25; ++i)  // equal times across a page boundary test the id tie-break
        batch.push_back(
            event(i % 5 == 0 ? "2026-11-24T10:00:00+09:00" : "2026-11-24T1" + std::to_string(i % 10) + ":30:00+09:00"));
    ASSERT_EQ(op(*viewer, "viewing.append", {{"events", batch}}).status, 200);
    Json after;
    std::vector<int64_t> ids;
    int64_t lastAt = 0;
    for (int guard = 0; guard < 10; ++guard) {
        auto p = page(*viewer, {{"from_ms", 0}, {"to_ms", host.nowMs()}, {"limit", 4}, {"after", after}});
        for (const auto& r : p["rows"]) {
            EXPECT_GE(r["at_ms"].get<int64_t>(), lastAt);
            lastAt = r["at_ms"];
            ids.push_back(r["id"]);
        }
        after = p["next"];
        if (after.is_null()) break;
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids.size(), 25u);
    EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
}

TEST_F(ViewingFixture, APageAsArraysHoldsTheSameValuesInColumnOrder) {
    ASSERT_EQ(
        op(*viewer, "viewing.append", {{"events", {event("2026-11-24T12:55:59+09:00", "山田, \"花子\"")}}}).status,
        200);
    const Json q{{"from_ms", 0}, {"to_ms", host.nowMs()}};
    Json objects = page(*viewer, q);
    Json in = q;
    in["shape"] = "arrays";
    Json arrays = page(*viewer, in);
    ASSERT_EQ(arrays["rows"].size(), 1u);
    ASSERT_TRUE(arrays["columns"].is_array());
    ASSERT_EQ(arrays["rows"][0].size(), arrays["columns"].size());
    for (size_t i = 0; i < arrays["columns"].size(); ++i)
        EXPECT_EQ(arrays["rows"][0][i], objects["rows"][0][arrays["columns"][i].get<std::string>()])
            << arrays["columns"][i];
    in["shape"] = "csv";
    auto bad = op(*viewer, "viewing.page", in);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.errorCode(), "viewing.shape");
}

// ABI 1.3: a plugin reads viewing.page as rows from the host's cursor (ctx.rows), as the history download does.
// The rows are the caller's institution's only, in the order and with the values of the JSON page; the plugin may
// not bind values into them (the institution is one of the host's conditions); an unknown or JSON-only
// operation is refused.
TEST_F(ViewingFixture, APluginReadsAPageAsRowsOfItsOwnInstitutionOnly) {
    ASSERT_EQ(op(*viewer, "viewing.append",
                 {{"events", {event("2026-11-24T10:00:00+09:00", "山田　花子"), event("2026-11-24T11:00:00+09:00")}}})
                  .status,
              200);
    ASSERT_EQ(op(*other, "viewing.append", {{"events", {event("2026-11-24T10:30:00+09:00", "他院　患者")}}}).status,
              200);
    const Json q{{"from_ms", 0}, {"to_ms", host.nowMs()}};
    auto rows = viewer->post("/api/probe/rows", {{"op", "viewing.page"}, {"in", q}});
    ASSERT_EQ(rows.status, 200) << rows.body;
    Json objects = page(*viewer, q);
    ASSERT_EQ(rows.json["rows"].size(), 2u);
    ASSERT_EQ(objects["rows"].size(), 2u);
    const Json& columns = rows.json["columns"];
    for (size_t r = 0; r < 2; ++r)
        for (size_t c = 0; c < columns.size(); ++c) {
            const Json& want = objects["rows"][r][columns[c].get<std::string>()];
            EXPECT_EQ(rows.json["rows"][r][c], want.is_string() || want.is_null() ? want : Json(want.dump()))
                << columns[c];
        }
    EXPECT_EQ(rows.body.find("他院"), std::string::npos);
    // The other institution reads its one event, through the same route.
    EXPECT_EQ(other->post("/api/probe/rows", {{"op", "viewing.page"}, {"in", q}}).json["rows"].size(), 1u);

    auto bound = viewer->post("/api/probe/rows", {{"op", "viewing.page"}, {"in", q}, {"bind", true}});
    EXPECT_EQ(bound.status, 500);
    EXPECT_EQ(bound.errorCode(), "host.rows.bind") << bound.body;
    EXPECT_EQ(bound.body.find("山田"), std::string::npos);
    for (const char* name : {"viewing.count", "no.such.op"}) {
        auto refused = viewer->post("/api/probe/rows", {{"op", name}, {"in", q}});
        EXPECT_GE(refused.status, 400) << name;
        EXPECT_LT(refused.status, 500) << name << " " << refused.body;
    }
}

TEST(ViewingChain, VerifiesAfterTenThousandAndFindsAnEditedRow) {
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    auto& core = host.core();
    auto n = oqs::host::generateViewing(core, kCode, 10000, 30, 7);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 10000);
    oqs::host::Connection db(host.dbPath());
    auto v = core.viewing().verify(db);
    EXPECT_TRUE(v.ok) << v.reason;
    EXPECT_EQ(v.rows, 10000);
    // Someone with the file but not the key edits a patient's name (after dropping the guard trigger).
    db.execScript("DROP TRIGGER viewing_no_update; UPDATE viewing_events SET patient_name = '改ざん' WHERE id = 4321;");
    v = core.viewing().verify(db);
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.brokenId.value_or(0), 4321);
}

TEST(ViewingChain, ARowForgedWithAnUnkeyedHashIsFound) {
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    ASSERT_TRUE(oqs::host::generateViewing(host.core(), kCode, 10, 5, 1).ok());
    oqs::host::Connection db(host.dbPath());
    db.execScript(
        "INSERT INTO viewing_events SELECT id + 1, at_ms, institution, user_id, user_name, category, "
        "patient_name, patient_kana, birth_date, insurer_number, card_symbol, card_number, card_branch, "
        "recorded_ms, source, hash, hash FROM viewing_events WHERE id = 10;");
    auto v = host.core().viewing().verify(db);
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.brokenId.value_or(0), 11);
}

TEST(ViewingCli, GenerateSpreadsOverInstitutionsAndVerifyPasses) {
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addInstitution(kOther, "他院", "medical");
    std::string cmd = std::string(OQS_HOST_BIN) + " viewing generate --db " + host.dbPath() +
                      " --institution all --rows 1001 --days 3 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[512] = {};
    std::string out;
    while (fgets(buf, sizeof buf, p)) out += buf;
    EXPECT_EQ(pclose(p), 0) << out;
    EXPECT_NE(out.find("1001 events"), std::string::npos) << out;
    oqs::host::Connection db(host.dbPath());
    auto s = db.prepare(
        "SELECT institution, count(*), min(at_ms), max(at_ms) FROM viewing_events GROUP BY institution "
        "ORDER BY institution");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.i64(1), 501);  // the remainder goes to the first institution
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.i64(1), 500);
    EXPECT_EQ(
        std::system((std::string(OQS_HOST_BIN) + " viewing verify --db " + host.dbPath() + " >/dev/null").c_str()), 0);
    EXPECT_NE(std::system((std::string(OQS_HOST_BIN) + " viewing generate --db " + host.dbPath() +
                           " --institution 9999999999 >/dev/null 2>&1")
                              .c_str()),
              0);
}
