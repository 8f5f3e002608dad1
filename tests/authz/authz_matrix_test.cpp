// The authorization matrix, generated (issue 19, item 2): every route the loaded plugins declare — read from GET
// /api/openapi.json, so a new route or panel is covered without a new test — × every account kind × own / other
// institution × the session's own, no, or another session's CSRF token, for session, credential and public routes.
// Each cell's expected outcome is derived from what the route declares (docs/testing.md): 0 unexpected successes,
// and a refused request leaves every table of the real SQLite file as it was.
#include "matrix_support.hpp"

#include <oqs/kinds.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <tuple>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_testdata(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_history(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_mynaurl(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_activation(void);

using namespace authz;
using oqs::test::basicAuth;
using oqs::test::Client;
using oqs::test::TestHost;

namespace {

constexpr const char* kOwn = "1312345678";    // the callers' institution
constexpr const char* kOther = "2712345678";  // the one whose data they must never reach
constexpr const char* kPassword = "Passw0rd!x";

oqs::test::Options verification() {
    oqs::test::Options o;
    o.environment = "verification";  // testdata exists only there
    o.publicPerMinute = 100000;      // the matrix is not a flood; tests/host tests the public limit
    return o;
}

// A caller of the matrix: an account kind of the own institution, or nobody.
struct Caller {
    std::string kind;    // "" for an anonymous caller
    std::string userId;  // of the own institution
    std::string cookie, csrf;
};

struct Cell {
    const Route* route;
    std::string institution;  // own | other
    std::string caller;       // kind, or "anonymous", "cookie only", "foreign basic"
    std::string csrf;         // own | none | another session's | n/a
    std::string describe() const {
        return route->name() + " [" + route->kind + " route] as " + caller + ", " + institution +
               " institution, CSRF " + csrf;
    }
};

class AuthzMatrix : public ::testing::Test {
  protected:
    TestHost host{{oqs_plugin_entry_settings(), oqs_plugin_entry_accounts(), oqs_plugin_entry_testdata(),
                   oqs_plugin_entry_history(), oqs_plugin_entry_mynaurl(), oqs_plugin_entry_activation()},
                  verification()};
    Json samples = readJsonFile(OQS_AUTHZ_SAMPLES);
    std::map<std::string, Json> params;     // own | other → {param: value}
    std::map<std::string, Caller> callers;  // console kinds of the own institution, by kind
    std::string strangerCsrf;               // the CSRF token of the other institution's administrator
    std::set<std::string> otherMarkers;     // strings that only the other institution's data contains

    void SetUp() override {
        seedInstitution(kOwn, "a");
        seedInstitution(kOther, "b");
        for (const auto& kind : oqs::kAccountKinds)
            callers[std::string(kind)] = {std::string(kind), userOf("a", std::string(kind)), "", ""};
        loginCallers();
    }

    static std::string userOf(const std::string& prefix, const std::string& kind) {
        if (kind == "master") return "master";
        if (kind == "master_reset") return "mreset";
        return prefix + kind.substr(0, 5);  // "aadmin", "ageneral" is too long: "agener"
    }

    // An institution with one account of every kind (passwords already chosen), a target account for the routes
    // that name one, and the data the sample file's seed requests make (activation codes, URLs, test cards …).
    void seedInstitution(const std::string& code, const std::string& prefix) {
        auto logins = host.addInstitution(code, prefix == "a" ? "自院" : "他院", "medical");
        for (auto [id, initial] :
             {std::pair{logins.masterId, logins.masterPassword}, {logins.resetId, logins.resetPassword}}) {
            Client c("127.0.0.1", host.port());
            ASSERT_EQ(c.login(code, id, initial).status, 200);
            auto r = c.post("/api/session/password", {{"current_password", initial}, {"new_password", kPassword}});
            ASSERT_EQ(r.status, 200) << r.body;
        }
        for (const auto& kind : oqs::kAccountKinds)
            if (kind != oqs::kMaster && kind != oqs::kMasterReset)
                host.addAccount(code, std::string(kind), userOf(prefix, std::string(kind)), kPassword);
        host.addAccount(code, "general", prefix + "tgt", kPassword, prefix == "a" ? "対象" : "他院対象");
        Json values = Json::object();
        for (const auto& [k, v] : samples["params"].items())
            values[k] = v.is_object() ? v[prefix].get<std::string>() : substitute(v.get<std::string>(), prefix);
        for (const auto& s : samples["seed"]) {
            // A fresh login each time: saving settings ends the institution's sessions.
            auto admin = host.loginAs(code, userOf(prefix, "admin"), kPassword);
            const std::string path = fill(s["path"].get<std::string>(), prefix, values);
            Reply r;
            if (s.contains("raw")) r = admin->postRaw(path, s["raw"].get<std::string>(), "text/csv");
            else {
                Json body = Json::parse(fill(s.value("body", Json::object()).dump(), prefix, values));
                r = s.value("method", "POST") == "PATCH" ? admin->patch(path, body) : admin->post(path, body);
            }
            ASSERT_TRUE(r.status >= 200 && r.status < 300) << "seed " << path << " in " << code << ": " << r.body;
            settleJobs(host.dbPath());
            const Json capture = s.contains("capture") ? s["capture"] : Json::object();
            for (const auto& [name, pointer] : capture.items()) {
                const Json& v = r.json.at(Json::json_pointer(pointer.get<std::string>()));
                values[name] = v.is_string() ? v.get<std::string>() : v.dump();
            }
        }
        params[prefix == "a" ? "own" : "other"] = values;
        if (prefix == "b") strangerCsrf = host.loginAs(code, userOf(prefix, "admin"), kPassword)->csrf;
        if (prefix == "b") {
            otherMarkers.insert(code);
            for (const auto& kind : oqs::kAccountKinds)
                if (kind != oqs::kMaster && kind != oqs::kMasterReset)
                    otherMarkers.insert(userOf("b", std::string(kind)));
            otherMarkers.insert("btgt");
            for (const auto& [k, v] : values.items())
                if (v.get<std::string>().size() >= 6 && v != params["own"].value(k, ""))
                    otherMarkers.insert(v.get<std::string>());
        }
    }
    static std::string substitute(std::string s, const std::string& prefix) {
        for (size_t i = s.find("{p}"); i != std::string::npos; i = s.find("{p}", i)) s.replace(i, 3, prefix);
        return s;
    }
    // {p} → the institution's prefix, {name} → the value of that parameter.
    static std::string fill(std::string s, const std::string& prefix, const Json& values) {
        s = substitute(std::move(s), prefix);
        for (const auto& [k, v] : values.items()) {
            const std::string key = "{" + k + "}";
            for (size_t i = s.find(key); i != std::string::npos; i = s.find(key, i))
                s.replace(i, key.size(), v.get<std::string>());
        }
        return s;
    }
    // Logs every console kind in again (an allowed write may have ended their sessions: a settings save does).
    void loginCallers() {
        for (auto& [kind, c] : callers) {
            if (oqs::isSystemKind(kind)) continue;
            Client cl("127.0.0.1", host.port());
            auto r = cl.login(kOwn, c.userId, kPassword);
            ASSERT_EQ(r.status, 200) << kind << ": " << r.body;
            c.cookie = cl.cookie;
            c.csrf = cl.csrf;
        }
    }

    // "METHOD /path" → the body of the form a panel's action sends to it, read from every panel as one of the
    // kinds that may open it (the panels that need a query parameter, such as an account's edit screen, give none).
    std::map<std::string, Json> formBodies() {
        std::map<std::string, Json> out;
        for (const auto& r : routeTable(host.client()->get("/api/openapi.json").json)) {
            if (!r.panel) continue;
            for (const auto& kind : {std::string("admin"), std::string("master"), std::string("master_reset")}) {
                if (!r.allows(kind)) continue;
                auto p = call(host.port(), "GET", r.path, {{"Cookie", callers.at(kind).cookie}}, "", "");
                std::map<std::string, Json> forms;
                if (p.status == 200) collectFormBodies(p.json, forms, out);
                break;
            }
        }
        return out;
    }

    struct Request {
        std::string body, type, query;
    };
    // The panel's form (its initial values), with the sample file's values on top; a raw body from the file.
    Request requestFor(const Route& r, const std::map<std::string, Json>& forms, const std::string& place) {
        const Json& values = params[place];
        const Json& samplesOf = samples["bodies"];
        Request out{r.body == "json" ? "{}" : "", "application/json", ""};
        if (const Json& q = samples["query"]; q.contains(r.name()))
            out.query = "?" + fill(q[r.name()].get<std::string>(), "a", values);
        Json body = Json::object();
        if (auto it = forms.find(r.name()); it != forms.end()) body = it->second;
        if (samplesOf.contains(r.name())) {
            const Json& b = samplesOf[r.name()];
            if (b.is_string()) return {b.get<std::string>(), "text/csv", out.query};
            body.update(Json::parse(fill(b.dump(), "a", values)));
        }
        if (r.body == "json") out.body = body.dump();
        return out;
    }
};

TEST_F(AuthzMatrix, TheRouteTableListsEveryKindOfRoute) {
    auto routes = routeTable(host.client()->get("/api/openapi.json").json);
    std::set<std::string> kinds, plugins;
    size_t panels = 0;
    for (const auto& r : routes) {
        kinds.insert(r.kind);
        plugins.insert(r.plugin);
        panels += r.panel;
    }
    EXPECT_EQ(kinds, (std::set<std::string>{"session", "credential", "public"}));
    EXPECT_EQ(plugins, (std::set<std::string>{"accounts", "settings", "testdata", "history", "mynaurl", "activation",
                                              "host", "console"}));
    EXPECT_GE(panels, 10u);
    for (const auto& r : routes) EXPECT_EQ(r.kind == "public", r.path.rfind("/p/", 0) == 0) << r.name();
}

TEST_F(AuthzMatrix, SystemAccountsNeverGetAConsoleSession) {
    for (const auto& kind : oqs::kAccountKinds) {
        if (!oqs::isSystemKind(kind)) continue;
        Client c("127.0.0.1", host.port());
        auto r = c.login(kOwn, userOf("a", std::string(kind)), kPassword);
        EXPECT_EQ(r.status, 403) << kind << ": " << r.body;
        EXPECT_TRUE(c.cookie.empty()) << kind;
    }
}

TEST_F(AuthzMatrix, EveryRouteRefusesEveryCallerItDoesNotDeclare) {
    const auto started = std::chrono::steady_clock::now();
    const auto routes = routeTable(host.client()->get("/api/openapi.json").json);
    const auto forms = formBodies();
    size_t cells = 0, refused = 0, allowedOk = 0, allowedCells = 0;
    std::set<std::string> routesWithSuccess;

    for (const auto& route : routes) {
        // The other institution's identifiers in the path, query and body; when the route names none, the own
        // cells cover it. The other institution first: those cells are refusals whatever the caller, so a
        // successful own write (a deletion) never changes what they meet.
        const Request own = requestFor(route, forms, "own"), other = requestFor(route, forms, "other");
        const std::string ownPath = fillPath(route.path, params["own"]) + own.query;
        const std::string otherPath = fillPath(route.path, params["other"]) + other.query;
        std::vector<std::tuple<std::string, std::string, Request>> places;
        if (otherPath != ownPath || other.body != own.body) places.emplace_back("other", otherPath, other);
        places.emplace_back("own", ownPath, own);

        for (const auto& [place, path, rq] : places) {
            struct Attempt {
                Cell cell;
                httplib::Headers headers;
                int expect;                // 0: allowed; else the status a refusal must have (-1: any non-2xx)
                std::string code;          // the refusal's error code, when the host decides it
                std::string session = {};  // a console kind: its current cookie, and the token of cell.csrf
            };
            auto headersOf = [&](const Attempt& a) {
                if (a.session.empty()) return a.headers;
                const Caller& c = callers.at(a.session);
                // A colleague: another account of the same institution, logged in too.
                const Caller& colleague = callers.at(a.session == "admin" ? "master" : "admin");
                httplib::Headers h{{"Cookie", c.cookie}};
                if (a.cell.csrf == "own") h.emplace("X-CSRF-Token", c.csrf);
                if (a.cell.csrf == "another institution's session's") h.emplace("X-CSRF-Token", strangerCsrf);
                if (a.cell.csrf == "a colleague's session's") h.emplace("X-CSRF-Token", colleague.csrf);
                return h;
            };
            std::vector<Attempt> attempts;
            if (route.kind == "session") {
                attempts.push_back({{&route, place, "anonymous", "n/a"}, {}, 401, "session.required"});
                for (const auto& [kind, c] : callers) {
                    if (oqs::isSystemKind(kind)) continue;  // no session (SystemAccountsNeverGetAConsoleSession)
                    std::vector<std::string> csrfCases =
                        route.writes() ? std::vector<std::string>{"none", "another institution's session's",
                                                                  "a colleague's session's", "own"}
                                       : std::vector<std::string>{"n/a"};
                    for (const auto& csrf : csrfCases) {
                        Attempt a{{&route, place, kind, csrf}, {}, 0, ""};
                        a.session = kind;  // the headers are made when sent: an allowed write may log everyone in anew
                        if (route.writes() && csrf != "own") a.expect = 403, a.code = "session.csrf";
                        else if (!route.allows(kind)) a.expect = 403, a.code = "auth.forbidden";
                        else if (place == "other") a.expect = -1;
                        attempts.push_back(a);
                    }
                }
            } else if (route.kind == "credential") {
                attempts.push_back({{&route, place, "anonymous", "n/a"}, {}, 401, "session.credentials_required"});
                const Caller& admin = callers.at("admin");
                attempts.push_back({{&route, place, "admin's session cookie (no Basic)", "own"},
                                    {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}},
                                    401,
                                    "session.credentials_required"});
                if (place == "own")  // one wrong credential a route: the address throttle counts them
                    attempts.push_back(
                        {{&route, place, "own admin named under the other institution", "n/a"},
                         {{"Authorization", basicAuth(std::string(kOther) + "/" + admin.userId, kPassword)}},
                         401,
                         "session.invalid_credentials"});
                for (const auto& [kind, c] : callers) {
                    Attempt a{{&route, place, kind + " (Basic)", "n/a"},
                              {{"Authorization", basicAuth(std::string(kOwn) + "/" + c.userId, kPassword)}},
                              0,
                              ""};
                    if (!route.allows(kind)) a.expect = 403, a.code = "auth.forbidden";
                    else if (place == "other") a.expect = -1;
                    attempts.push_back(a);
                }
            } else {  // public: anyone, and nothing a caller carries changes the answer
                const Caller& admin = callers.at("admin");
                attempts.push_back({{&route, place, "anonymous", "n/a"}, {}, 0, ""});
                attempts.push_back({{&route, place, "admin's session", "own"},
                                    {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}},
                                    0,
                                    ""});
                attempts.push_back({{&route, place, "admin (Basic)", "n/a"},
                                    {{"Authorization", basicAuth(std::string(kOwn) + "/" + admin.userId, kPassword)}},
                                    0,
                                    ""});
            }
            // Refusals first, so an allowed write cannot hide what a refusal changed.
            std::stable_partition(attempts.begin(), attempts.end(), [](const Attempt& a) { return a.expect != 0; });

            Digest before = digest(host.dbPath());
            int publicStatus = 0;
            for (const auto& a : attempts) {
                ++cells;
                auto r = call(host.port(), route.method, path, headersOf(a), route.writes() ? rq.body : "", rq.type);
                ASSERT_NE(r.status, 0) << a.cell.describe() << ": no answer";
                EXPECT_LT(r.status, 500) << a.cell.describe() << ": " << r.status << " " << r.body.substr(0, 300);
                const bool success = r.status >= 200 && r.status < 300;
                if (route.kind == "public") {
                    // The handler decides alone; a cookie, CSRF token or Basic credentials must not change it.
                    if (publicStatus == 0) publicStatus = r.status;
                    EXPECT_EQ(r.status, publicStatus) << a.cell.describe() << ": a public answer depends on the caller";
                    before = digest(host.dbPath());
                    continue;
                }
                if (a.expect != 0) {
                    ++refused;
                    EXPECT_FALSE(success) << "UNEXPECTED SUCCESS " << r.status << ": " << a.cell.describe()
                                          << " — the route declares kinds " << Json(route.kinds).dump() << "; answer "
                                          << r.body.substr(0, 300);
                    if (a.expect > 0) {
                        EXPECT_EQ(r.status, a.expect) << a.cell.describe() << ": " << r.body.substr(0, 300);
                    }
                    if (!a.code.empty()) {
                        EXPECT_EQ(r.errorCode(), a.code) << a.cell.describe() << ": " << r.body.substr(0, 300);
                    }
                    auto after = digest(host.dbPath());
                    if (a.code.empty() && samples["refusalRecords"].contains(route.name()))  // the plugin refused
                        for (const auto& t : samples["refusalRecords"][route.name()]["tables"]) before[t] = after[t];
                    EXPECT_EQ(changedTables(before, after), "")
                        << "a refused request changed the database: " << a.cell.describe();
                    before = std::move(after);
                } else {
                    ++allowedCells;
                    // What the host must let through: the plugin decides from here (its own hierarchy and checks).
                    EXPECT_NE(r.errorCode(), "session.csrf") << a.cell.describe();
                    EXPECT_NE(r.errorCode(), "session.required") << a.cell.describe();
                    EXPECT_NE(r.status, 401) << a.cell.describe() << ": " << r.body.substr(0, 300);
                    if (success) {
                        ++allowedOk;
                        routesWithSuccess.insert(route.name());
                        for (const auto& m : otherMarkers)
                            EXPECT_EQ(r.body.find(m), std::string::npos)
                                << a.cell.describe() << ": the answer names the other institution's " << m;
                    } else if (std::getenv("AUTHZ_VERBOSE")) {
                        std::printf("allowed but refused by the plugin: %s: %d %s\n", a.cell.describe().c_str(),
                                    r.status, r.body.substr(0, 200).c_str());
                    }
                    if (success && route.writes()) {
                        settleJobs(host.dbPath());
                        loginCallers();
                    }
                    before = digest(host.dbPath());
                }
            }
        }
    }
    // A refusal proves authorization only when the same request succeeds for a caller the route allows: each
    // route that takes a body or names a resource must have succeeded at least once.
    for (const auto& route : routes)
        if (route.kind != "public" && !samples["notExpectedToSucceed"].contains(route.name())) {
            EXPECT_TRUE(routesWithSuccess.count(route.name()))
                << route.name()
                << ": no allowed caller succeeded, so its refusals may be validation, not authorization "
                   "(add a sample body or parameter to tests/authz/samples.json)";
        }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("authz matrix: %zu routes, %zu cells, %zu refusals checked, %zu/%zu allowed cells succeeded, %.1f s\n",
                routes.size(), cells, refused, allowedOk, allowedCells, seconds);
}

}  // namespace
