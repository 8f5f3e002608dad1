// test_host.hpp — a real oqs-host in-process for tests: a fresh SQLite file in a temporary folder, an ephemeral
// loopback port, a manual clock, the plugins the test names (static descriptors), and an HTTP client that keeps
// the session cookie and CSRF token like a browser.
#pragma once

#include "oqs/oqs_plugin.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace oqs::host {
class Host;
class Server;
}  // namespace oqs::host

namespace oqs::test {

using Json = nlohmann::json;

struct Reply {
    int status = 0;
    Json json;         // parsed body (null when not JSON)
    std::string body;  // raw body
    std::multimap<std::string, std::string> headers;
    std::string header(const std::string& name) const;
    std::string errorCode() const;  // json["error"]["code"] or ""
};

// "Basic …" for an Authorization header: a credential route's caller ("<institution code>/<user ID>", password).
std::string basicAuth(const std::string& user, const std::string& password);

class Client {
  public:
    Client(std::string host, int port, std::string lang = "ja");
    ~Client();
    Reply get(const std::string& path);
    Reply post(const std::string& path, const Json& body);
    Reply patch(const std::string& path, const Json& body);
    Reply put(const std::string& path, const Json& body);
    Reply del(const std::string& path);
    Reply postRaw(const std::string& path, const std::string& body, const std::string& contentType);
    // Logs in (POST /api/session) and keeps cookie + CSRF token for later calls.
    Reply login(const std::string& institution, const std::string& userId, const std::string& password);
    std::string csrf;    // sent as X-CSRF-Token on state-changing calls (tests may clear it)
    std::string cookie;  // "oqs_session=…" (tests may replace it)

  private:
    Reply send(const std::string& method, const std::string& path, const std::string& body, const std::string& ct);
    struct Impl;
    std::unique_ptr<Impl> m;
};

struct Options {
    std::string environment = "production";  // or "verification"
    int lockThreshold = 5;
    size_t maxBodyBytes = 64 * 1024 * 1024;
    std::vector<std::filesystem::path> pluginFiles;  // shared libraries to load as if from --plugins
    std::filesystem::path webRoot;                   // the web client's files, as --web-root
    bool productionHashing = false;       // Argon2id at the production cost (benchmarks); tests use a lighter one
    std::string publicUrl;                // as serve --public-url; default: the test host's own address
    size_t publicPerMinute = 120;         // as serve --public-rate
    int busyTimeoutMs = 10000;            // how long a statement waits for another writer (tests of a busy database)
    int workers = 2;                      // job worker threads
    Json pluginOptions = Json::object();  // as serve --plugin-config: {"<plugin id>": {…}}
};

struct InstitutionLogins {
    std::string code, masterId, masterPassword, resetId, resetPassword;
};

class TestHost {
  public:
    explicit TestHost(std::vector<const oqs_plugin_descriptor*> plugins = {}, Options options = {});
    ~TestHost();
    int port() const;
    std::string dbPath() const;
    std::filesystem::path dir() const;  // the temporary folder (deleted with the host)

    // The clock every part of the host reads. Starts at 2026-11-25T00:00:00Z.
    void advance(std::chrono::seconds s);
    int64_t nowMs() const;

    // As the operator's CLI does: an institution with its master and master-reset accounts (initial passwords).
    InstitutionLogins addInstitution(const std::string& code, const std::string& name, const std::string& kind,
                                     const std::string& usageStart = "2026-01-01");
    // Test setup only: an account of any kind with a password already changed (no forced change), bypassing the
    // hierarchy. Returns the password.
    std::string addAccount(const std::string& code, const std::string& kind, const std::string& userId,
                           const std::string& password = "Passw0rd!x", const std::string& name = "テスト",
                           const std::string& kana = "テスト");
    // A client logged in as that account (asserts the login succeeded).
    std::unique_ptr<Client> loginAs(const std::string& code, const std::string& userId,
                                    const std::string& password = "Passw0rd!x");
    std::unique_ptr<Client> client(std::string lang = "ja");

    // The refusals and loads the loader reported.
    Json plugins() const;
    // The host core, for tests that look behind the HTTP surface (jobs, audit, the database).
    oqs::host::Host& core();
    // The HTTP server, for tests and fuzzers that hand it a connection themselves (Server::serveConnection).
    oqs::host::Server& server();

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace oqs::test
