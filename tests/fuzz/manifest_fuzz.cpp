// libFuzzer target: the loader's manifest check (host/src/plugins/manifest_check.cpp). A manifest is a vendor's JSON text;
// the check must refuse what it does not accept with a reason and never crash or throw, and what it accepts the
// registry must then serve (its listing, and matching each declared route to itself) without throwing either.
#include "plugins/manifest_check.hpp"
#include "plugins/registry.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

using oqs::host::Json;

namespace {
[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    Json manifest = Json::parse(text, nullptr, false);  // as the loader reads the descriptor's manifest_json
    if (manifest.is_discarded()) return 0;
    // The descriptor's id as the manifest states it, so the fuzzer gets past "the ids differ" to the rest.
    std::string id = "fz";
    if (manifest.is_object() && manifest.contains("id") && manifest["id"].is_string()) id = manifest["id"];
    auto plugin = std::make_unique<oqs::host::LoadedPlugin>();
    plugin->id = id;
    bool valid = false;
    try {
        valid = oqs::host::checkManifest(id, manifest, *plugin).ok();
    } catch (const std::exception& e) {
        finding(std::string("checkManifest threw: ") + e.what());
    }
    if (!valid) return 0;
    try {
        oqs::host::Registry registry;
        std::vector<std::pair<std::string, std::string>> routes;
        for (const auto& r : plugin->routes) {
            std::string path;
            for (const auto& s : r.segments) path += "/" + s;
            routes.emplace_back(r.method, path);
        }
        registry.add(std::move(plugin));
        (void)registry.toJson().dump(-1, ' ', false, Json::error_handler_t::replace);
        for (const auto& [method, path] : routes)
            if (!registry.match(method, path).route)
                finding("an accepted route does not match itself: " + method + " " + path);
    } catch (const std::exception& e) {
        finding(std::string("an accepted manifest made the registry throw: ") + e.what());
    }
    return 0;
}
