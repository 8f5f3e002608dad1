// Shared by the host suites: the fixture plugins and a helper to call a host operation through the probe.
#pragma once

#include "test_host.hpp"

#include <gtest/gtest.h>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_notes(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_probe(void);

namespace oqs::test {

inline Reply op(Client& c, const std::string& name, const Json& in = Json::object()) {
    return c.post("/api/probe/call", {{"op", name}, {"in", in}});
}

inline std::string fixture(const std::string& file) { return std::string(OQS_FIXTURE_DIR) + "/" + file; }

constexpr const char* kCode = "1312345678";
constexpr const char* kOther = "2712345678";

}  // namespace oqs::test
