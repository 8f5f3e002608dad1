// manifest_check.hpp — the loader's validation of a plugin manifest (the rules of oqs/manifest.hpp).
#pragma once

#include "registry.hpp"

#include <string>

namespace oqs::host {

// "" when valid (and fills routes and panel kinds into `out`), else one line saying what is wrong.
std::string checkManifest(const std::string& descriptorId, const Json& manifest, LoadedPlugin& out);

}  // namespace oqs::host
