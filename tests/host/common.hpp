// Shared by the host suites: the fixture plugins and a helper to call a host operation through the probe.
#pragma once

#include "test_host.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sys/wait.h>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_notes(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_probe(void);

namespace oqs::test {

inline Reply op(Client& c, const std::string& name, const Json& in = Json::object()) {
    return c.post("/api/probe/call", {{"op", name}, {"in", in}});
}

inline std::string fixture(const std::string& file) { return std::string(OQS_FIXTURE_DIR) + "/" + file; }

// The real oqs-host binary (the operator's CLI) with these arguments: exit code and output (stdout and stderr).
struct Run {
    int code;
    std::string out;
};
inline Run runHost(const std::string& args) {
    std::string cmd = std::string(OQS_HOST_BIN) + " " + args + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int status = pclose(p);
    return {WEXITSTATUS(status), out};
}

constexpr const char* kCode = "1312345678";
constexpr const char* kOther = "2712345678";

}  // namespace oqs::test
