// libFuzzer target: a raw HTTP/1.1 byte stream (one or more requests: method, path, query, headers, cookies, body
// framing) through the host's whole pipeline — the connection's budgets, httplib's parser, the request checks,
// authentication, CSRF, routing to the host's endpoints, the shipped plugins and the web root — exactly as an
// accepted connection (Server::serveConnection on one end of a socketpair, on this thread).
//
// The host must never crash, hang or answer 500. "$COOKIE" and "$CSRF" in the input stand for a logged-in
// administrator's session cookie and CSRF token, so the fuzzer reaches what lies behind the login.
#include "fuzz_host.hpp"
#include "http/server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_notes(void);

namespace {

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// Every status line of the answers on the connection (the answers are HTTP/1.1; bodies are JSON, so a "\r\n"
// inside one is escaped and cannot fake a status line).
bool answered500(const std::string& out) {
    for (size_t at = 0; (at = out.find("HTTP/1.1 5", at)) != std::string::npos; ++at)
        if ((at == 0 || out.compare(at - 2, 2, "\r\n") == 0) && out.compare(at, 12, "HTTP/1.1 500") == 0) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto& fh = oqs::fuzz::fuzzHost({oqs_plugin_entry_notes()});
    const auto& admin = fh.sessions[2];
    std::string in(reinterpret_cast<const char*>(data), size);
    replaceAll(in, "$COOKIE", admin.cookie);
    replaceAll(in, "$CSRF", admin.csrf);

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) oqs::fuzz::finding("socketpair failed");
    std::string out;
    // The client side: sends the bytes, says it is done sending, reads every answer until the host closes.
    std::thread peer([&] {
        for (size_t sent = 0; sent < in.size();) {
            auto n = ::send(fds[0], in.data() + sent, in.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) break;
            sent += size_t(n);
        }
        ::shutdown(fds[0], SHUT_WR);
        char buf[16384];
        for (ssize_t n; (n = ::recv(fds[0], buf, sizeof buf, 0)) > 0;) out.append(buf, size_t(n));
        ::close(fds[0]);
    });
    fh.host->server().serveConnection(fds[1]);  // closes fds[1]
    peer.join();
    static const bool echo = std::getenv("OQS_FUZZ_ECHO") != nullptr;  // shows the answers (checking a seed)
    if (echo) std::fprintf(stderr, "%s\n----\n", out.c_str());
    if (answered500(out)) oqs::fuzz::finding("the host answered 500:\n" + out.substr(0, 2000));
    return 0;
}
