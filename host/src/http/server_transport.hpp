// server_transport.hpp — the connections under the HTTP pipeline (plain and TLS).
//
// httplib parses requests and routes them; this file owns what happens on the socket around that, because
// httplib 0.11.4 gets it wrong for a server facing browsers and the internet:
//   - every byte a request makes the host read is counted against a budget (request line and headers, then the
//     body limit the pipeline grants), so no framing — chunked, a header line without end — can make it keep more;
//   - a request refused before its body was read closes its connection (or, for a modest declared length, the
//     body is read past without being kept), so the unread body is never parsed as the next request;
//   - TCP_NODELAY on every connection, keep-alive for 1000 requests, an idle connection closed when another
//     waits for a thread, a listen backlog of SOMAXCONN, SO_REUSEADDR only (no second process on the port).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <string>

namespace oqs::host::http {

struct TransportConfig {
    size_t headBytes = 32 * 1024;       // request line and headers
    size_t discardBytes = 64ULL << 20;  // a refused body up to this declared length is read past, not kept
    size_t keepAliveRequests = 1000;
    int keepAliveSeconds = 5;
    int readTimeoutSeconds = 30;
    int writeTimeoutSeconds = 60;
    size_t threads = 128;  // connections served at once (an idle keep-alive one holds a thread)
};

// The request being served on this thread's connection, as the pipeline and the connection loop share it.
struct Exchange {
    size_t budget = 0;         // bytes the connection may still read for this request
    bool overflow = false;     // the budget ran out mid-request
    bool routed = false;       // the pipeline saw the request (httplib's own parse errors never reach it)
    bool bodyPending = false;  // the request has a body not read to its end
    bool chunked = false;      // …framed as chunks (cannot be read past safely: close instead)
    uint64_t declared = 0;     // Content-Length, when given
    bool close = false;        // close the connection after this answer
};

// The current thread's exchange, or null outside a connection (httplib's own threads, tests calling handlers).
Exchange* exchange();

// Whether the connection ends after this answer; the Connection header of the answer says the same.
bool closesAfterAnswer(const Exchange& ex, const TransportConfig& config);

// An httplib server (TLS when cert and key are given) whose connections are served as above.
class Transport {
  public:
    virtual ~Transport() = default;
    virtual httplib::Server& http() = 0;
    virtual bool valid() const = 0;
    // Binds and listens (port 0: any free port); answers the port, or -1 with the reason in `error`.
    virtual int bind(const std::string& host, int port, std::string& error) = 0;
    // Serves one connected socket on the calling thread exactly as an accepted connection (budgets, keep-alive,
    // the pipeline), then closes it. Fuzzers feed raw requests through one end of a socketpair this way.
    virtual void serveConnection(int fd) = 0;
};

std::unique_ptr<Transport> makeTransport(const TransportConfig& config, const std::string& certFile,
                                         const std::string& keyFile);

}  // namespace oqs::host::http
