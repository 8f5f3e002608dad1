// Change / revert-to-previous / revert-to-first (SPEC.md §6.5–6.8, OQ-45–47) as a state table: first the pure
// transition function, then the same table over HTTP with the audit rows each operation leaves.
#include "mynaurl_fixture.hpp"

#include "../../plugins/mynaurl/mynaurl.hpp"

#include <algorithm>
#include <set>
#include <thread>

namespace mynaurl_test {
namespace {

using mynaurl::Operation;
using mynaurl::UrlState;

TEST(MynaurlTransitions, StateTable) {
    // F = first, A/B = fresh tokens. Each row: state before, operation, state after (nullopt = refused, no-op).
    const UrlState fresh{"F", "F", std::nullopt};
    EXPECT_FALSE(mynaurl::apply(fresh, Operation::RevertPrevious, ""));  // OQ-46: nothing to go back to
    EXPECT_FALSE(mynaurl::apply(fresh, Operation::RevertFirst, ""));     // OQ-47: already the first

    auto a = mynaurl::apply(fresh, Operation::Change, "A");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->current, "A");
    EXPECT_EQ(a->previous, "F");
    EXPECT_EQ(a->first, "F");

    auto back = mynaurl::apply(*a, Operation::RevertPrevious, "");  // swap
    ASSERT_TRUE(back);
    EXPECT_EQ(back->current, "F");
    EXPECT_EQ(back->previous, "A");
    auto again = mynaurl::apply(*back, Operation::RevertPrevious, "");  // twice comes back
    ASSERT_TRUE(again);
    EXPECT_EQ(again->current, "A");
    EXPECT_EQ(again->previous, "F");

    auto b = mynaurl::apply(*a, Operation::Change, "B");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->current, "B");
    EXPECT_EQ(b->previous, "A");  // one slot: F is no longer "previous"

    auto first = mynaurl::apply(*b, Operation::RevertFirst, "");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->current, "F");   // reactivated, not regenerated (OQ-45)
    EXPECT_EQ(first->previous, "B");  // OQ-47: previous is the one current just before
    EXPECT_FALSE(mynaurl::apply(*first, Operation::RevertFirst, ""));
    auto undo = mynaurl::apply(*first, Operation::RevertPrevious, "");
    ASSERT_TRUE(undo);
    EXPECT_EQ(undo->current, "B");
}

TEST(MynaurlTransitions, TokensAreLongRandomAndUrlSafe) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto t = mynaurl::newToken();
        ASSERT_TRUE(t);
        EXPECT_TRUE(mynaurl::wellFormedToken(*t)) << *t;
        EXPECT_EQ(t->size(), 32u);  // 24 bytes = 192 bits, base64url
        seen.insert(*t);
    }
    EXPECT_EQ(seen.size(), 1000u);
    EXPECT_FALSE(mynaurl::wellFormedToken("short"));
    EXPECT_FALSE(mynaurl::wellFormedToken(std::string(32, '.')));
    EXPECT_FALSE(mynaurl::wellFormedToken(std::string(31, 'a') + "/"));
}

using MynaurlState = MynaurlHost;

TEST_F(MynaurlState, HttpStateTableEveryEarlierUrlGoneAtOnce) {
    auto code = institution();
    auto c = admin(code);
    const std::string first = url(*c, "home_visit");
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(url(*c, "home_visit"), first);  // made once, then kept
    EXPECT_EQ(state(*c)["home_visit"]["can_revert_previous"], false);
    EXPECT_EQ(state(*c)["home_visit"]["can_revert_first"], false);
    EXPECT_EQ(operate(*c, "home_visit", "revert-previous").errorCode(), "mynaurl.nothing_to_do");
    EXPECT_EQ(operate(*c, "home_visit", "revert-first").errorCode(), "mynaurl.nothing_to_do");
    EXPECT_EQ(url(*c, "home_visit"), first);

    std::vector<std::string> all = {first};
    // Each step: the operation, then the URL expected current ("" = a new one).
    struct Step {
        const char* path;
        int expect;
    };  // index into `all`, or -1 for a new URL
    const Step steps[] = {{"change", -1},      {"revert-previous", 0}, {"revert-previous", 1}, {"change", -1},
                          {"revert-first", 0}, {"revert-previous", 2}, {"revert-first", 0},    {"change", -1}};
    for (const auto& step : steps) {
        auto r = operate(*c, "home_visit", step.path);
        ASSERT_EQ(r.status, 200) << step.path << " " << r.body;
        std::string now = url(*c, "home_visit");
        EXPECT_EQ(r.json["url"], now);
        EXPECT_EQ(r.json["reload"], true);
        if (step.expect < 0) {
            EXPECT_EQ(std::count(all.begin(), all.end(), now), 0) << "a change makes a new URL";
            all.push_back(now);
        } else {
            EXPECT_EQ(now, all[size_t(step.expect)]) << step.path;
        }
        // URL-R2: the current URL answers, every other one of the service is gone — at once.
        for (const auto& u : all) EXPECT_EQ(pageStatus(u), u == now ? 200 : 410) << step.path << " " << u;
    }
    EXPECT_EQ(state(*c)["home_visit"]["can_revert_first"], true);
}

TEST_F(MynaurlState, EveryChangeAuditedWithFingerprintsNeverTokens) {
    auto code = institution();
    auto c = admin(code);
    const std::string first = url(*c, "online");
    ASSERT_EQ(operate(*c, "online", "change").status, 200);
    const std::string second = url(*c, "online");
    ASSERT_EQ(operate(*c, "online", "revert-first").status, 200);

    auto created = audit(code, "mynaurl.url.create");
    ASSERT_EQ(created.size(), 2u);  // one per service, when each was first needed
    auto changes = audit(code, "mynaurl.url.change");
    ASSERT_EQ(changes.size(), 1u);
    auto token = [](const std::string& u) { return u.substr(u.rfind('/') + 1); };
    EXPECT_EQ(changes[0]["service"], "online");
    EXPECT_EQ(changes[0]["before"], mynaurl::fingerprint(token(first)));
    EXPECT_EQ(changes[0]["after"], mynaurl::fingerprint(token(second)));
    auto reverts = audit(code, "mynaurl.url.revert_first");
    ASSERT_EQ(reverts.size(), 1u);
    EXPECT_EQ(reverts[0]["before"], mynaurl::fingerprint(token(second)));
    EXPECT_EQ(reverts[0]["after"], mynaurl::fingerprint(token(first)));
    for (const auto& action : {"mynaurl.url.create", "mynaurl.url.change", "mynaurl.url.revert_first"})
        for (const auto& row : audit(code, action)) {
            EXPECT_EQ(row.dump().find(token(first)), std::string::npos) << row;
            EXPECT_EQ(row.dump().find(token(second)), std::string::npos) << row;
        }
}

TEST_F(MynaurlState, UntickedCheckboxOrBadInputChangesNothing) {
    auto code = institution();
    auto c = admin(code);
    const std::string first = url(*c, "home_visit");
    EXPECT_EQ(c->post("/api/mynaurl/home_visit/change", Json::object()).errorCode(), "mynaurl.not_confirmed");
    EXPECT_EQ(c->post("/api/mynaurl/home_visit/change", {{"home_visit_change", "true"}}).errorCode(),
              "mynaurl.not_confirmed");
    // Another section's or another operation's box does not count.
    EXPECT_EQ(c->post("/api/mynaurl/home_visit/change", {{"online_change", true}}).errorCode(),
              "mynaurl.not_confirmed");
    EXPECT_EQ(c->post("/api/mynaurl/home_visit/change", {{"home_visit_revert_first", true}}).errorCode(),
              "mynaurl.not_confirmed");
    EXPECT_EQ(c->post("/api/mynaurl/nosuch/change", {{"nosuch_change", true}}).status, 404);
    EXPECT_EQ(c->postRaw("/api/mynaurl/home_visit/change", "[1]", "application/json").status, 400);
    EXPECT_EQ(url(*c, "home_visit"), first);
    EXPECT_EQ(pageStatus(first), 200);
    EXPECT_TRUE(audit(code, "mynaurl.url.change").empty());
}

TEST_F(MynaurlState, TwoServicesIndependent) {
    auto code = institution();
    auto c = admin(code);
    const std::string home = url(*c, "home_visit"), online = url(*c, "online");
    EXPECT_NE(home, online);
    ASSERT_EQ(operate(*c, "home_visit", "change").status, 200);
    EXPECT_EQ(url(*c, "online"), online);  // URL-R1
    EXPECT_EQ(pageStatus(online), 200);
    EXPECT_EQ(pageStatus(home), 410);
    EXPECT_EQ(state(*c)["online"]["can_revert_previous"], false);
    ASSERT_EQ(operate(*c, "online", "change").status, 200);
    ASSERT_EQ(operate(*c, "online", "revert-previous").status, 200);
    EXPECT_EQ(url(*c, "online"), online);
    EXPECT_NE(url(*c, "home_visit"), home);  // still the changed one
    EXPECT_EQ(pageStatus(url(*c, "home_visit")), 200);
}

TEST_F(MynaurlState, ConcurrentChangesLoseNothing) {
    // Four administrators' sessions press 《URLを変更する》 at the same moment (a double click, two offices).
    auto code = institution();
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 4; ++i) clients.push_back(admin(code));
    const std::string first = url(*clients[0], "home_visit");
    std::vector<Reply> replies(clients.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < clients.size(); ++i)
        threads.emplace_back([&, i] { replies[i] = operate(*clients[i], "home_visit", "change"); });
    for (auto& t : threads) t.join();
    int done = 0;
    for (const auto& r : replies) {
        if (r.status == 200) ++done;
        else EXPECT_TRUE(r.errorCode() == "mynaurl.changed_meanwhile" || r.errorCode() == "host.busy") << r.body;
    }
    EXPECT_GE(done, 1);
    // Every change that answered 200 is in the audit log, and the chain of fingerprints is unbroken.
    auto rows = audit(code, "mynaurl.url.change");
    ASSERT_EQ(rows.size(), size_t(done));
    auto token = [](const std::string& u) { return u.substr(u.rfind('/') + 1); };
    std::string expect = mynaurl::fingerprint(token(first));
    for (const auto& row : rows) {
        EXPECT_EQ(row["before"], expect);
        expect = row["after"];
    }
    const std::string now = url(*clients[0], "home_visit");
    EXPECT_EQ(mynaurl::fingerprint(token(now)), expect);
    EXPECT_EQ(pageStatus(now), 200);
    EXPECT_EQ(pageStatus(first), 410);
    for (const auto& r : replies)
        if (r.status == 200 && r.json["url"] != now) {
            EXPECT_EQ(pageStatus(r.json["url"]), 410);
        }
}

}  // namespace
}  // namespace mynaurl_test
