// fuzz_host.hpp — the one real host a fuzzer keeps alive across its iterations (tests/support/test_host: a real
// SQLite file, the host's HTTP server on loopback), with an institution, an account of every kind that logs in
// through the console, and a logged-in session per kind.
#pragma once

#include "test_host.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace oqs::fuzz {

constexpr const char* kInstitution = "1312345678";

struct Session {
    std::string kind, userId, cookie, csrf;
    std::unique_ptr<test::Client> client;
};

struct FuzzHost {
    std::unique_ptr<test::TestHost> host;
    std::vector<Session> sessions;  // one per console account kind
};

// The shipped plugins as the host loads them (--plugins): every .so in OQS_FUZZ_PLUGIN_DIR, in the verification
// environment so that plugins made only for it load too.
std::vector<std::filesystem::path> shippedPlugins();

// Builds the host once per process (libFuzzer calls the target millions of times).
FuzzHost& fuzzHost(std::vector<const oqs_plugin_descriptor*> staticPlugins = {});

// Ends the process with a message a crash report shows (libFuzzer saves the input that led here).
[[noreturn]] void finding(const std::string& what);

}  // namespace oqs::fuzz
