#include "fuzz_host.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace oqs::fuzz {

std::vector<std::filesystem::path> shippedPlugins() {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(OQS_FUZZ_PLUGIN_DIR, ec))
        if (e.path().extension() == ".so") out.push_back(e.path());
    std::sort(out.begin(), out.end());  // the same route table, hence the same input meaning, on every run
    return out;
}

FuzzHost& fuzzHost(std::vector<const oqs_plugin_descriptor*> staticPlugins) {
    static FuzzHost* fh = [&] {
        auto* f = new FuzzHost;  // never freed: the process ends with the fuzzer
        test::Options o;
        o.environment = "verification";
        o.pluginFiles = shippedPlugins();
        o.publicPerMinute = 1u << 30;  // the rate limit would turn every later public call into a 429
        o.lockThreshold = 1 << 30;     // nor may a fuzzed wrong password lock the accounts out
        f->host = std::make_unique<test::TestHost>(std::move(staticPlugins), o);
        f->host->addInstitution(kInstitution, "ファズ医院", "medical");
        int n = 0;
        for (const char* kind : {"master", "master_reset", "admin", "general", "medinfo"}) {
            Session s;
            s.kind = kind;
            s.userId = "fz" + std::to_string(n++);
            f->host->addAccount(kInstitution, kind, s.userId);
            s.client = f->host->loginAs(kInstitution, s.userId);
            s.cookie = s.client->cookie;
            s.csrf = s.client->csrf;
            f->sessions.push_back(std::move(s));
        }
        return f;
    }();
    return *fh;
}

void finding(const std::string& what) {
    std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
    std::abort();
}

}  // namespace oqs::fuzz
