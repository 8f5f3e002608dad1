// manifest_check.hpp — the loader's validation of a plugin manifest (the rules of oqs/manifest.hpp).
#pragma once

#include "oqs/result.hpp"
#include "registry.hpp"

#include <string>

namespace oqs::host {

// Ok when valid (and fills routes and panel kinds into `out`), else an error (code plugin.manifest) whose message
// says in one line what is wrong.
oqs::Status checkManifest(const std::string& descriptorId, const Json& manifest, LoadedPlugin& out);

}  // namespace oqs::host
