// registry.hpp — the loaded plugins: their descriptors, manifests, routes and panels, and the refused files.
#pragma once

#include "oqs/oqs_plugin.h"

#include <boost/dll/shared_library.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace oqs::host {

using Json = nlohmann::json;

struct RouteSpec {
    std::string method;
    std::vector<std::string> segments;  // "/api/a/{id}" → {"api","a","{id}"}
    std::vector<std::string> kinds;
    std::string body = "json";  // json|raw|none
    long long maxBytes = 0;
    // Who may call: "session" (a console login, CSRF), "credential" (HTTP Basic per request, for devices and
    // systems) or "public" (anyone, under /p/<plugin id>/, rate-limited per address).
    std::string auth = "session";
    int index = 0;     // in the plugin's manifest
    std::string path;  // as declared, for the OpenAPI document
    // The route's OpenAPI description as declared (summary, request, query, answers): shapes checked at load.
    std::string summary;
    Json request, query = Json::array(), answers = Json::object();
    std::string requestType;      // a raw body's media type ("text/csv"); empty: application/octet-stream
    Json files = Json::object();  // "<status>": {"type", "description"}: a file answered instead of JSON
};

// One menu entry of a plugin, read at load so GET /api/menu reads fields rather than re-parsing JSON.
struct MenuItem {
    std::string id, panel;
    std::string builtin;  // instead of a panel: a screen the client has built in ("password")
    Json label;           // {"ja","en"}
    std::string groupId;
    Json groupLabel;
    int groupOrder = 100;
    int order = 0;
    std::vector<std::string> kinds;
    bool verificationOnly = false;
    bool beforeUsageStart = false;
    Json visibleWhen;  // a rule (oqs/rules.hpp), null: always
};

// A link above every console screen (manifest "header"): opens one of the plugin's panels.
struct HeaderLink {
    std::string id, panel;
    Json label;
    int order = 100;
};

// The manifest as the host uses it after load: everything a request, a job or the menu needs, typed, so nothing
// at request time re-reads (or copies) the vendor's JSON. checkManifest() fills it as it validates.
struct PluginManifest {
    Json name = Json::object();  // {"ja","en"}
    std::vector<MenuItem> menu;
    std::vector<HeaderLink> header;
    std::vector<std::string> environments;     // empty: every environment
    std::set<std::string> jobKinds;            // "jobs"
    std::set<std::string> ownTransactionJobs;  // "jobModes": kinds that run in their own transactions
    std::map<std::string, Json> contributes;   // extension point → its items (an array)
    Json settings = Json::array();             // read once at load by the settings catalog
    Json migrations = Json::array();           // run once at load
};

struct LoadedPlugin {
    std::string id, version, origin;  // origin: the file, or "static:<name>"
    const oqs_plugin_descriptor* descriptor = nullptr;
    PluginManifest manifest;
    std::vector<RouteSpec> routes;
    std::map<std::string, std::vector<std::string>> panelKinds;
    std::shared_ptr<boost::dll::shared_library> library;  // keeps the code mapped; null for static plugins
};

struct RouteMatch {
    const LoadedPlugin* plugin = nullptr;
    const RouteSpec* route = nullptr;
    Json params = Json::object();
    bool pathKnown = false;  // the path exists with another method
};

class Registry {
  public:
    void add(std::unique_ptr<LoadedPlugin> p) { m_plugins.push_back(std::move(p)); }
    void refuse(std::string origin, std::string reason) { m_refused.push_back({std::move(origin), std::move(reason)}); }
    // A valid plugin made for another environment (manifest "environments"): listed, never loaded.
    void skip(std::string origin, std::string id, std::string reason) {
        m_skipped.push_back({{"file", std::move(origin)}, {"id", std::move(id)}, {"reason", std::move(reason)}});
    }
    const LoadedPlugin* find(const std::string& id) const;
    RouteMatch match(const std::string& method, const std::string& path) const;
    const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return m_plugins; }
    Json toJson() const;  // GET /api/plugins

  private:
    std::vector<std::unique_ptr<LoadedPlugin>> m_plugins;
    std::vector<std::pair<std::string, std::string>> m_refused;
    Json m_skipped = Json::array();
};

std::vector<std::string> splitPath(const std::string& path);

}  // namespace oqs::host
