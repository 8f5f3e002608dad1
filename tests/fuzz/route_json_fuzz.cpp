// libFuzzer target: a body (or, for GET, a query string) sent to every route of the shipped plugins, taken from the
// route table of a real host that loaded them — so a route added tomorrow is fuzzed without a line here — by a
// logged-in console account of each kind, or for a credential route an account of its kind over HTTP Basic.
//
// Input: byte 0 picks the route, byte 1 the account, byte 2 the value of the path's parameters, the rest is the
// body. The host must never crash and never answer 500 (an exception a handler did not turn into an error).
#include "fuzz_host.hpp"
#include "host.hpp"
#include "plugins/registry.hpp"

#include <httplib.h>

#include <string>
#include <vector>

namespace {

struct Target {
    const oqs::host::RouteSpec* route;
    std::string plugin;
};

const char* const kParamValues[] = {"1",   "0",  "-1",         "9223372036854775808", "abc", "%E3%81%82", "1312345678",
                                    "%00", "..", "2026-11-25", "%2Fapi%2Fsession",    "1e3"};

struct Device {
    std::string kind, authorization;
};

std::string percentEncoded(const std::string& raw) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : raw) {
        if (std::isalnum(c) || c == '=' || c == '&' || c == '-' || c == '_' || c == '.') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto& fh = oqs::fuzz::fuzzHost();
    static std::vector<Target> targets;
    static std::vector<Device> devices;
    static httplib::Client* http = nullptr;
    if (!http) {
        for (const auto& p : fh.host->core().registry().plugins())
            for (const auto& r : p->routes) targets.push_back({&r, p->id});
        if (targets.empty()) oqs::fuzz::finding("no plugin route loaded from " OQS_FUZZ_PLUGIN_DIR);
        int n = 0;
        for (const char* kind : {"webapi", "linkapp", "face"}) {
            std::string user = "fzd" + std::to_string(n++);
            auto pw = fh.host->addAccount(oqs::fuzz::kInstitution, kind, user);
            devices.push_back({kind, oqs::test::basicAuth(std::string(oqs::fuzz::kInstitution) + "/" + user, pw)});
        }
        http = new httplib::Client("127.0.0.1", fh.host->port());
        http->set_keep_alive(true);
        http->set_read_timeout(30, 0);
        std::fprintf(stderr, "route_json_fuzzer: %zu routes of %zu plugins\n", targets.size(),
                     fh.host->core().registry().plugins().size());
    }
    if (size < 3) return 0;
    const Target& t = targets[data[0] % targets.size()];
    const auto& route = *t.route;
    std::string payload(reinterpret_cast<const char*>(data) + 3, size - 3);

    httplib::Request req;
    req.method = route.method;
    for (const auto& seg : route.segments)
        req.path +=
            "/" +
            (seg.size() > 1 && seg.front() == '{' ? std::string(kParamValues[data[2] % std::size(kParamValues)]) : seg);
    req.headers.emplace("Accept-Language", data[1] & 0x80 ? "en" : "ja");
    if (route.auth == "credential") {
        std::vector<const Device*> fit;
        for (const auto& d : devices)
            for (const auto& k : route.kinds)
                if (k == d.kind) fit.push_back(&d);
        const Device& d = fit.empty() ? devices[data[1] % devices.size()] : *fit[data[1] % fit.size()];
        req.headers.emplace("Authorization", d.authorization);
    } else if (route.auth == "session") {
        const auto& s = fh.sessions[data[1] % fh.sessions.size()];
        req.headers.emplace("Cookie", s.cookie);
        req.headers.emplace("X-CSRF-Token", s.csrf);
    }
    if (route.method == "GET") {
        if (!payload.empty()) req.path += "?" + percentEncoded(payload);
    } else if (route.body != "none") {
        req.body = payload;
        req.headers.emplace("Content-Type", route.body == "json" ? "application/json" : "text/csv");
    }
    auto res = http->send(req);
    if (!res) oqs::fuzz::finding(req.method + " " + req.path + ": no answer (" + httplib::to_string(res.error()) + ")");
    if (res->status == 401 && route.auth == "session") {  // a route ended the session (say, a settings change)
        auto& s = fh.sessions[data[1] % fh.sessions.size()];
        if (s.client->login(oqs::fuzz::kInstitution, s.userId, "Passw0rd!x").status == 200) {
            s.cookie = s.client->cookie;
            s.csrf = s.client->csrf;
        }
    }
    if (res->status >= 500 && res->status != 503)
        oqs::fuzz::finding(req.method + " " + req.path + " answered " + std::to_string(res->status) + ": " + res->body);
    return 0;
}
