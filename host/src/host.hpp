// host.hpp — the host's core: the database, identity, sessions, settings, jobs and the loaded plugins.
// The HTTP server (server.hpp) and the CLI (cli.cpp) sit on top of it; tests start it in-process.
#pragma once

#include "clock.hpp"
#include "identity/crypto.hpp"
#include "identity/identity.hpp"
#include "plugins/registry.hpp"
#include "identity/sessions.hpp"
#include "plugins/settings_catalog.hpp"
#include "storage/sql.hpp"
#include "viewing/viewing.hpp"

#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>

namespace oqs::host {

class Jobs;

struct HostConfig {
    std::string dbPath = "oqs.db";
    std::string keyFile;                     // default: dbPath + ".key"
    std::string environment = "production";  // or "verification"
    // The console's address as patients and devices reach it (links, QR codes); "" until serve knows its address.
    std::string publicUrl;
    IdentityConfig identity;
    SessionConfig sessions;
    PasswordParams password;
    int workers = 2;
    // How long a statement waits for another writer before the request answers 503 host.busy (a job retries).
    int busyTimeoutMs = Connection::kDefaultBusyTimeoutMs;
    // The operator's options per plugin ({"<plugin id>": {…}}, serve --plugin-config FILE); each plugin sees only
    // its own object, as ctx.options().
    nlohmann::json pluginOptions = nlohmann::json::object();
};

class Host {
  public:
    Host(HostConfig config, const Clock& clock);
    ~Host();
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    // Plugins (loader.cpp). Each refusal is logged in one line and listed by GET /api/plugins.
    void loadPluginDir(const std::filesystem::path& dir);
    void loadPluginFile(const std::filesystem::path& file);
    void addStaticPlugin(const oqs_plugin_descriptor* d, const std::string& origin);
    // The plugins linked into the host (host/builtin): the host's own screens. A serving host loads them before
    // any other (the operator's commands serve nothing and load no plugin).
    void addBuiltinPlugins();

    void startJobs();
    void stopJobs();
    // Calls each plugin's shutdown once, newest first; the job workers must be stopped (the destructor does both).
    void shutdownPlugins();

    // The institution's settings with defaults, and the "$…" flags rules may read.
    Json settingsValues(Connection& c, const Institution& inst);
    Json settingsFlags(const Institution& inst) const;

    Pool& pool() { return m_pool; }
    Identity& identity() { return m_identity; }
    Sessions& sessions() { return m_sessions; }
    Registry& registry() { return m_registry; }
    SettingsCatalog& settings() { return m_settings; }
    Jobs& jobs() { return *m_jobs; }
    Crypto& crypto() { return m_crypto; }
    ViewingLog& viewing() { return m_viewing; }
    const Clock& clock() const { return m_clock; }
    const HostConfig& config() const { return m_config; }
    // serve sets it once it knows the address it serves, unless --public-url named one (before any request).
    void setPublicUrl(std::string url) { m_config.publicUrl = std::move(url); }

  private:
    // A shared library opened and its descriptor read, not yet admitted (loader.cpp).
    struct Opened {
        const oqs_plugin_descriptor* descriptor;
        std::string origin;
        std::shared_ptr<boost::dll::shared_library> library;
    };
    std::optional<Opened> openPluginFile(const std::filesystem::path& file);
    void admit(const oqs_plugin_descriptor* d, const std::string& origin,
               std::shared_ptr<boost::dll::shared_library> lib);
    void admitChecked(const oqs_plugin_descriptor* d, const std::string& origin,
                      std::shared_ptr<boost::dll::shared_library> lib);
    // All pending steps in one transaction, or none (the refusal says which step and why).
    oqs::Status runMigrations(const std::string& id, const Json& migrations);

    HostConfig m_config;
    const Clock& m_clock;
    Pool m_pool;
    Crypto m_crypto;
    Identity m_identity;
    Sessions m_sessions;
    Registry m_registry;
    SettingsCatalog m_settings;
    ViewingLog m_viewing{m_crypto};
    std::unique_ptr<Jobs> m_jobs;
    bool m_shutDown = false;
};

void logLine(const std::string& line);  // stderr, one line, timestamped
// What an exception caught with catch (...) says: what() of a std::exception, else a placeholder. For the log
// line of a plugin that threw (it may be built by another compiler, so anything can arrive).
std::string describeException(std::exception_ptr e);

}  // namespace oqs::host
