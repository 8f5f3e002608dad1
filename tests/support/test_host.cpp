#include "test_host.hpp"

#include "host.hpp"
#include "cli/provision.hpp"
#include "http/server.hpp"
#include "storage/sql.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace oqs::test {

std::string basicAuth(const std::string& user, const std::string& password) {
    std::string raw = user + ":" + password;
    std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return "Basic " + out;
}

std::string Reply::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string Reply::errorCode() const {
    if (!json.is_object() || !json.contains("error")) return "";
    return json["error"].value("code", "");
}

struct Client::Impl {
    httplib::Client http;
    std::string lang;
    Impl(const std::string& host, int port, std::string l) : http(host, port), lang(std::move(l)) {
        http.set_read_timeout(120, 0);
        http.set_write_timeout(120, 0);
    }
};

Client::Client(std::string host, int port, std::string lang) : m(std::make_unique<Impl>(host, port, std::move(lang))) {}
Client::~Client() = default;

Reply Client::send(const std::string& method, const std::string& path, const std::string& body, const std::string& ct) {
    httplib::Headers h{{"Accept-Language", m->lang}};
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    if (method != "GET" && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    httplib::Result r = method == "GET"     ? m->http.Get(path.c_str(), h)
                        : method == "POST"  ? m->http.Post(path.c_str(), h, body, ct.c_str())
                        : method == "PATCH" ? m->http.Patch(path.c_str(), h, body, ct.c_str())
                        : method == "PUT"   ? m->http.Put(path.c_str(), h, body, ct.c_str())
                                            : m->http.Delete(path.c_str(), h, body, ct.c_str());
    Reply out;
    if (!r) {
        ADD_FAILURE() << method << " " << path << ": no answer (" << httplib::to_string(r.error()) << ")";
        return out;
    }
    out.status = r->status;
    out.body = r->body;
    for (const auto& [k, v] : r->headers) out.headers.emplace(k, v);
    out.json = Json::parse(r->body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    return out;
}

Reply Client::get(const std::string& path) { return send("GET", path, "", ""); }
Reply Client::post(const std::string& path, const Json& body) {
    return send("POST", path, body.dump(), "application/json");
}
Reply Client::patch(const std::string& path, const Json& body) {
    return send("PATCH", path, body.dump(), "application/json");
}
Reply Client::put(const std::string& path, const Json& body) {
    return send("PUT", path, body.dump(), "application/json");
}
Reply Client::del(const std::string& path) { return send("DELETE", path, "", "application/json"); }
Reply Client::postRaw(const std::string& path, const std::string& body, const std::string& ct) {
    return send("POST", path, body, ct);
}

Reply Client::login(const std::string& institution, const std::string& userId, const std::string& password) {
    auto r = post("/api/session", {{"institution", institution}, {"user_id", userId}, {"password", password}});
    if (r.status == 200) {
        auto sc = r.header("Set-Cookie");
        cookie = sc.substr(0, sc.find(';'));
        csrf = r.json.value("csrf_token", "");
    }
    return r;
}

struct TestHost::Impl {
    std::filesystem::path dir;
    std::unique_ptr<host::ManualClock> clock;
    std::unique_ptr<host::Host> host;
    std::unique_ptr<host::Server> server;
};

TestHost::TestHost(std::vector<const oqs_plugin_descriptor*> plugins, Options options) : m(std::make_unique<Impl>()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "oqs-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m->dir = tmpl;
    m->clock = std::make_unique<host::ManualClock>(1795564800000LL);  // 2026-11-25T00:00:00Z
    host::HostConfig cfg;
    cfg.dbPath = (m->dir / "oqs.db").string();
    cfg.environment = options.environment;
    cfg.identity.lockThreshold = options.lockThreshold;
    cfg.busyTimeoutMs = options.busyTimeoutMs;
    cfg.workers = options.workers;
    cfg.pluginOptions = options.pluginOptions;
    // Lighter Argon2id than production keeps hundreds of test logins fast; the code path is the same.
    if (!options.productionHashing) {
        cfg.password.opsLimit = 1;
        cfg.password.memLimitBytes = 8 * 1024 * 1024;
    }
    m->host = std::make_unique<host::Host>(cfg, *m->clock);
    m->host->addBuiltinPlugins();  // as oqs-host serve does
    for (const auto* d : plugins) m->host->addStaticPlugin(d, std::string("static:") + (d && d->id ? d->id : "?"));
    for (const auto& f : options.pluginFiles) m->host->loadPluginFile(f);
    m->host->startJobs();
    host::ServerConfig sc;
    sc.bind = "127.0.0.1";
    sc.port = 0;
    sc.maxBodyBytes = options.maxBodyBytes;
    sc.webRoot = options.webRoot;
    sc.publicPerMinute = options.publicPerMinute;
    sc.accessLog = std::getenv("OQS_TEST_ACCESS_LOG") != nullptr;
    m->server = std::make_unique<host::Server>(*m->host, sc);
    if (!m->server->start()) throw std::runtime_error("test host could not listen");
    m->host->setPublicUrl(options.publicUrl.empty() ? "http://127.0.0.1:" + std::to_string(m->server->port())
                                                    : options.publicUrl);
}

TestHost::~TestHost() {
    m->server->stop();
    m->host->stopJobs();
    m->server.reset();
    m->host.reset();
    std::error_code ec;
    std::filesystem::remove_all(m->dir, ec);
}

int TestHost::port() const { return m->server->port(); }
std::string TestHost::dbPath() const { return (m->dir / "oqs.db").string(); }
std::filesystem::path TestHost::dir() const { return m->dir; }
void TestHost::advance(std::chrono::seconds s) { m->clock->advanceMs(int64_t(s.count()) * 1000); }
int64_t TestHost::nowMs() const { return m->clock->nowMs(); }
Json TestHost::plugins() const { return m->host->registry().toJson(); }
host::Host& TestHost::core() { return *m->host; }
host::Server& TestHost::server() { return *m->server; }

namespace {
// A test's own setup writes through the host's pool, whose busy timeout may be the 1 ms a race test runs with;
// the job workers' polls then make a setup write fail now and then. Setup is not what those tests measure: it
// waits its turn (at most ~10 s), as an administrator's tool would.
template <class Fn>
auto patiently(Fn fn) {
    for (int attempt = 1;; ++attempt) {
        try {
            return fn();
        } catch (const host::BusyError&) {
            if (attempt == 500) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}
}  // namespace

InstitutionLogins TestHost::addInstitution(const std::string& code, const std::string& name, const std::string& kind,
                                           const std::string& usageStart) {
    auto n = patiently([&] { return host::provisionInstitution(*m->host, code, name, kind, usageStart); });
    if (!n) throw std::runtime_error("addInstitution: " + n.error().code + " " + n.error().fields.dump());
    return {code, n->masterId, n->masterPassword, n->resetId, n->resetPassword};
}

std::string TestHost::addAccount(const std::string& code, const std::string& kind, const std::string& userId,
                                 const std::string& password, const std::string& name, const std::string& kana) {
    auto r = patiently([&] {
        auto lease = m->host->pool().lease();
        auto inst = m->host->identity().institutionByCode(*lease, code);
        if (!inst) throw std::runtime_error("addAccount: no institution " + code);
        return m->host->identity().createAccount(*lease, *inst, kind, userId, name, kana, "2026-01-01", std::nullopt,
                                                 password);
    });
    if (!r) throw std::runtime_error("addAccount: " + r.error().code + " " + r.error().fields.dump());
    return password;
}

std::unique_ptr<Client> TestHost::client(std::string lang) {
    return std::make_unique<Client>("127.0.0.1", port(), std::move(lang));
}

std::unique_ptr<Client> TestHost::loginAs(const std::string& code, const std::string& userId,
                                          const std::string& password) {
    auto c = client();
    auto r = c->login(code, userId, password);
    // Setup, not the measured request: a 503 host.busy under a test's 1 ms busy timeout (the WAL's checkpoint can
    // hold the lock that long) is tried again, as addInstitution/addAccount do, for up to ~10 s.
    for (int i = 0; i < 1000 && r.status == 503; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        r = c->login(code, userId, password);
    }
    EXPECT_EQ(r.status, 200) << "login of " << code << "/" << userId << " failed: " << r.body;
    return c;
}

}  // namespace oqs::test
