// The plugin loader: reads a plugin's descriptor before calling anything else, and refuses — with one log line
// naming the file and the reason — a file that is not a shared library, has no entry point, was built for an
// incompatible ABI, has an invalid manifest or a duplicate id, whose migration fails or touches what is not the
// plugin's (rolled back), or whose init fails or throws. The host goes on without it: no exception leaves the
// loader, whatever the plugin's JSON holds. At the end, shutdown runs in reverse load order.
#include "host.hpp"
#include "plugins/host_api.hpp"
#include "plugins/manifest_check.hpp"
#include "oqs/rules.hpp"
#include "plugins/sql_authorizer.hpp"

#include <boost/dll/shared_library.hpp>
#include <algorithm>
#include <cstddef>
#include <set>

namespace oqs::host {

namespace {
constexpr size_t kDescriptorV1Size = offsetof(oqs_plugin_descriptor, shutdown) + sizeof(void (*)());

// The settings keys a plugin contributes, and those of other plugins its enabling rules read.
struct SettingsKeys {
    std::set<std::string> own, needed;
};
SettingsKeys settingsKeys(const oqs_plugin_descriptor* d) {
    SettingsKeys k;
    // Anything admit() will refuse (wrong ABI, no manifest) is read no further here; admit() names the reason.
    if (!d || d->struct_size < kDescriptorV1Size || d->abi_major != OQS_ABI_MAJOR || !d->manifest_json) return k;
    auto manifest = Json::parse(d->manifest_json, nullptr, false);
    if (!manifest.is_object() || !manifest.contains("settings") || !manifest["settings"].is_array()) return k;
    std::vector<std::string> read;
    for (const auto& f : manifest["settings"]) {
        if (!f.is_object()) continue;
        if (f.contains("key") && f["key"].is_string()) k.own.insert(f["key"].get<std::string>());
        if (f.contains("enabledWhen")) ruleFields(f["enabledWhen"], read);
        if (auto c = f.find("confirmWhen"); c != f.end() && c->is_object() && c->contains("rule"))
            ruleFields((*c)["rule"], read);
    }
    for (const auto& key : read)
        if (!key.empty() && key[0] != '$' && !k.own.count(key)) k.needed.insert(key);
    return k;
}
// A plugin's migration refused at load (rolled back); the message says which step and why.
oqs::Error invalid(std::string why) { return {400, "plugin.migration", std::move(why), {}}; }

}  // namespace

void Host::loadPluginDir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        logLine("plugins: " + dir.string() + " is not a folder; no plugins loaded");
        return;
    }
    std::vector<std::filesystem::path> files;
    // Plugins are the folder's *.so files; anything else (a README, a build system's files) is not offered as one.
    // A *.so that is not a loadable library is refused with its reason.
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().filename().string().front() != '.' && e.path().extension() == ".so")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());  // a stable order decides which of two duplicate ids wins
    std::vector<Opened> pending;
    for (const auto& f : files)
        if (auto o = openPluginFile(f)) pending.push_back(std::move(*o));

    // A settings field may be enabled by another plugin's field (a vendor's switch that follows a built-in one),
    // and the catalog only accepts rules over fields it already holds. So admit in file order, except that a
    // plugin waits for the plugins contributing the fields it reads. A cycle or a missing field is admitted as is
    // and refused by the catalog with the field's name.
    std::vector<SettingsKeys> keys;
    for (const auto& o : pending) keys.push_back(settingsKeys(o.descriptor));
    std::vector<bool> done(pending.size(), false);
    for (size_t admitted = 0; admitted < pending.size(); ++admitted) {
        auto waits = [&](size_t i) {
            for (const auto& key : keys[i].needed)
                for (size_t j = 0; j < pending.size(); ++j)
                    if (j != i && !done[j] && keys[j].own.count(key)) return true;
            return false;
        };
        size_t next = pending.size();
        for (size_t i = 0; i < pending.size() && next == pending.size(); ++i)
            if (!done[i] && !waits(i)) next = i;
        for (size_t i = 0; i < pending.size() && next == pending.size(); ++i)
            if (!done[i]) next = i;
        done[next] = true;
        admit(pending[next].descriptor, pending[next].origin, std::move(pending[next].library));
    }
}

void Host::loadPluginFile(const std::filesystem::path& file) {
    if (auto o = openPluginFile(file)) admit(o->descriptor, o->origin, std::move(o->library));
}

std::optional<Host::Opened> Host::openPluginFile(const std::filesystem::path& file) {
    const std::string origin = file.string();
    auto lib = std::make_shared<boost::dll::shared_library>();
    try {
        // RTLD_LOCAL: two plugins never see each other's symbols.
        lib->load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        m_registry.refuse(origin, std::string("not a loadable shared library: ") + e.what());
        logLine("plugin refused: " + origin + ": not a loadable shared library");
        return std::nullopt;
    }
    if (!lib->has(OQS_ENTRY_SYMBOL)) {
        m_registry.refuse(origin, "no entry point " OQS_ENTRY_SYMBOL);
        logLine("plugin refused: " + origin + ": no entry point " OQS_ENTRY_SYMBOL);
        return std::nullopt;
    }
    auto& entry = lib->get<const oqs_plugin_descriptor*()>(OQS_ENTRY_SYMBOL);
    const oqs_plugin_descriptor* d = nullptr;
    try {
        d = entry();
    } catch (...) {
        d = nullptr;
    }
    return Opened{d, origin, std::move(lib)};
}

void Host::addStaticPlugin(const oqs_plugin_descriptor* d, const std::string& origin) { admit(d, origin, nullptr); }

void Host::admit(const oqs_plugin_descriptor* d, const std::string& origin,
                 std::shared_ptr<boost::dll::shared_library> lib) {
    try {
        admitChecked(d, origin, std::move(lib));
    } catch (...) {
        // A check that missed a case must cost the plugin, never the host.
        std::string reason = "could not be loaded: " + describeException(std::current_exception());
        m_registry.refuse(origin, reason);
        logLine("plugin refused: " + origin + ": " + reason);
    }
}

void Host::admitChecked(const oqs_plugin_descriptor* d, const std::string& origin,
                        std::shared_ptr<boost::dll::shared_library> lib) {
    auto refuse = [&](const std::string& reason) {
        m_registry.refuse(origin, reason);
        logLine("plugin refused: " + origin + ": " + reason);
    };
    if (!d) return refuse("the entry point returned no descriptor");
    if (d->struct_size < offsetof(oqs_plugin_descriptor, id))
        return refuse("descriptor too small to hold its ABI version");
    if (d->abi_major != OQS_ABI_MAJOR || d->abi_minor > OQS_ABI_MINOR)
        return refuse("built for plugin ABI " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
                      ", this host speaks " + std::to_string(OQS_ABI_MAJOR) + "." + std::to_string(OQS_ABI_MINOR) +
                      " (needs the same major and a minor no newer)");
    if (d->struct_size < kDescriptorV1Size) return refuse("descriptor smaller than ABI 1.0 requires");
    if (!d->id || !d->manifest_json || !d->handle) return refuse("descriptor lacks id, manifest or handle");
    auto p = std::make_unique<LoadedPlugin>();
    p->id = d->id;
    p->version = d->version ? d->version : "";
    p->origin = origin;
    p->descriptor = d;
    p->library = std::move(lib);
    const Json manifest = Json::parse(d->manifest_json, nullptr, false);
    if (manifest.is_discarded()) return refuse("manifest is not valid JSON");
    if (auto checked = checkManifest(p->id, manifest, *p); !checked)
        return refuse("invalid manifest: " + checked.error().message);
    // A plugin made for other environments is not loaded at all (no migrations, routes, panels or menu): a
    // production host never serves the connection-test screens, whatever rows a verification run left behind.
    if (const auto& envs = p->manifest.environments; !envs.empty()) {
        if (std::find(envs.begin(), envs.end(), m_config.environment) == envs.end()) {
            m_registry.skip(origin, p->id, "only for the " + Json(envs).dump() + " environment(s)");
            logLine("plugin skipped: " + origin + ": " + p->id + " is not for the " + m_config.environment +
                    " environment");
            return;
        }
    }
    if (const auto* other = m_registry.find(p->id))
        return refuse("duplicate plugin id '" + p->id + "' (already loaded from " + other->origin + ")");
    if (auto checked = m_settings.check(p->id, p->manifest.settings); !checked)
        return refuse("invalid settings field: " + checked.error().message);
    if (auto migrated = runMigrations(p->id, p->manifest.migrations); !migrated)
        return refuse(migrated.error().message);
    if (d->init) {
        auto lease = m_pool.lease();
        Caller none;
        none.remote = "init";
        oqs_ctx ctx(*this, *lease, p.get(), none);
        char* err = nullptr;
        oqs_status rc = OQS_ERR_INTERNAL;
        std::string threw;
        try {
            rc = d->init(&ctx, hostApi(), &err);
        } catch (...) {
            threw = describeException(std::current_exception());
        }
        std::string why = err ? err : "";
        std::free(err);
        if (!threw.empty()) return refuse("init threw an exception: " + threw);
        if (rc != OQS_OK) {
            auto j = Json::parse(why, nullptr, false);
            return refuse("init failed: " + (j.is_object() ? j.value("message", why) : why));
        }
    }
    (void)m_settings.add(p->id, p->manifest.settings);  // checked above, before init
    logLine("plugin loaded: " + p->id + " " + p->version + " from " + origin);
    m_registry.add(std::move(p));
}

oqs::Status Host::runMigrations(const std::string& id, const Json& migrations) {
    auto lease = m_pool.lease();
    Connection& c = *lease;
    int current = 0;
    {
        auto s = c.prepare("SELECT coalesce(max(version), 0) FROM plugin_migrations WHERE plugin = ?");
        s.bind(1, id);
        s.step();
        current = static_cast<int>(s.i64(0));
    }
    auto objects = [&] {
        std::vector<std::string> names;
        auto s = c.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
        while (s.step()) names.push_back(s.text(0));
        return names;
    };
    try {
        Transaction tx(c);  // all pending steps or none
        auto before = objects();
        for (const auto& m : migrations) {
            int v = m.value("version", 0);
            if (v <= current) continue;
            try {
                PluginSqlGuard guard(c, id, PluginSql::Migration);
                try {
                    c.execScript(m["sql"].get<std::string>());
                } catch (const std::exception& e) {
                    if (guard.denied().empty()) throw;
                    return invalid("migration " + std::to_string(v) + " refused (rolled back): it may not " +
                                   guard.denied() +
                                   "; a plugin's migrations touch only its own tables and indexes, named " + id + "_…");
                }
            } catch (const std::exception& e) {
                return invalid("migration " + std::to_string(v) + " failed (rolled back): " + e.what());
            }
            c.exec("INSERT INTO plugin_migrations(plugin, version, applied_ms) VALUES(?,?,?)", id, v, m_clock.nowMs());
        }
        for (const auto& name : objects())
            if (std::find(before.begin(), before.end(), name) == before.end() && name.rfind(id + "_", 0) != 0)
                return invalid("migration created '" + name + "', but a plugin's tables and indexes must be named " +
                               id + "_… (rolled back)");
        tx.commit();
    } catch (const std::exception& e) {
        return invalid(std::string("migration failed (rolled back): ") + e.what());
    }
    return oqs::Ok{};
}

void Host::shutdownPlugins() {
    if (m_shutDown) return;
    m_shutDown = true;
    // Newest first, so a plugin that depends on one loaded before it still finds it running.
    const auto& plugins = m_registry.plugins();
    for (auto it = plugins.rbegin(); it != plugins.rend(); ++it) {
        const auto* d = (*it)->descriptor;
        if (!d || !d->shutdown) continue;
        try {
            d->shutdown();
        } catch (...) {
            logLine("plugin " + (*it)->id + ": shutdown threw: " + describeException(std::current_exception()));
        }
    }
}

}  // namespace oqs::host
