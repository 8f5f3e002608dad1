// manifest_check.hpp — the loader's validation of a plugin manifest (the rules of oqs/manifest.hpp).
#pragma once

#include "oqs/result.hpp"
#include "plugins/registry.hpp"

#include <string>

namespace oqs::host {

// Ok when valid — and then `out` holds the manifest read once into its typed form (routes, panel kinds, menu,
// jobs, contributions, environments) — else an error (code plugin.manifest) whose message says in one line what
// is wrong. Parsing and checking are one pass, so nothing the host reads later can differ from what was checked.
oqs::Status checkManifest(const std::string& descriptorId, const Json& manifest, LoadedPlugin& out);

}  // namespace oqs::host
