// raw_http.hpp — HTTP/1.1 over a bare loopback socket, for the tests and benchmarks that must control the bytes on
// the wire: invalid bytes in the request line, chunked bodies of any size, keep-alive, a client that stops reading.
// httplib's client would normalise or buffer exactly the things these tests are about.
#pragma once

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>

namespace oqs::test::raw {

struct Answer {
    int status = 0;                                   // 0: no answer (connection closed or timed out first)
    std::multimap<std::string, std::string> headers;  // names in lower case
    std::string body;
    bool closes = false;  // the server announced Connection: close

    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? "" : it->second;
    }
    std::string errorCode() const {
        auto j = nlohmann::json::parse(body, nullptr, false);
        if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return "";
        return j["error"].value("code", "");
    }
};

class Conn {
  public:
    // Connects to 127.0.0.1:port; timeoutMs bounds the connect (Linux applies SO_SNDTIMEO to it), each send and
    // each wait for answer bytes.
    explicit Conn(int port, int timeoutMs = 20000) : m_timeoutMs(timeoutMs) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as browsers do
        timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~Conn() { close(); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    bool ok() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    void close() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }
    // Stops both directions without closing the descriptor (unblocks a thread sending on it).
    void shutdown() {
        if (m_fd >= 0) ::shutdown(m_fd, SHUT_RDWR);
    }

    // Sends every byte, or answers false (the server closed or reset the connection).
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            auto n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }

    // Reads one answer: status line, headers, and a body framed by Content-Length, chunked, or the close.
    Answer read() {
        Answer a;
        size_t headEnd;
        while ((headEnd = m_buf.find("\r\n\r\n")) == std::string::npos)
            if (!fill()) return a;
        std::string head = m_buf.substr(0, headEnd);
        m_buf.erase(0, headEnd + 4);
        size_t lineEnd = head.find("\r\n");
        std::string statusLine = head.substr(0, lineEnd);
        if (statusLine.size() < 12) return a;
        int status = std::atoi(statusLine.c_str() + 9);
        size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
        while (pos < head.size()) {
            size_t end = head.find("\r\n", pos);
            if (end == std::string::npos) end = head.size();
            std::string line = head.substr(pos, end - pos);
            pos = end + 2;
            size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon), value = line.substr(colon + 1);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            a.headers.emplace(name, value);
        }
        a.closes = a.header("connection") == "close";
        if (auto cl = a.header("content-length"); !cl.empty()) {
            size_t n = std::stoull(cl);
            while (m_buf.size() < n)
                if (!fill()) return a;
            a.body = m_buf.substr(0, n);
            m_buf.erase(0, n);
        } else if (a.header("transfer-encoding") == "chunked") {
            for (;;) {
                size_t eol;
                while ((eol = m_buf.find("\r\n")) == std::string::npos)
                    if (!fill()) return a;
                size_t n = std::stoull(m_buf.substr(0, eol), nullptr, 16);
                while (m_buf.size() < eol + 2 + n + 2)
                    if (!fill()) return a;
                a.body += m_buf.substr(eol + 2, n);
                m_buf.erase(0, eol + 2 + n + 2);
                if (n == 0) break;
            }
        } else if (status != 204 && status != 304) {
            while (fill()) {
            }
            a.body = std::move(m_buf);
            m_buf.clear();
        }
        a.status = status;
        return a;
    }

    // True when the server has closed its side within waitMs (nothing more to read).
    bool closedByPeer(int waitMs) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, waitMs) <= 0) return false;
        char c;
        return ::recv(m_fd, &c, 1, MSG_PEEK) <= 0;
    }

  private:
    bool fill() {
        pollfd p{m_fd, POLLIN, 0};
        int r;
        do r = ::poll(&p, 1, m_timeoutMs);
        while (r < 0 && errno == EINTR);
        if (r <= 0) return false;
        char buf[16384];
        auto n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        m_buf.append(buf, static_cast<size_t>(n));
        return true;
    }

    int m_fd = -1;
    int m_timeoutMs;
    std::string m_buf;
};

// One request on a new connection; `target` is sent exactly as given (no encoding, no normalising).
inline Answer get(int port, const std::string& target, const std::string& extraHeaders = "") {
    Conn c(port);
    if (!c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "Connection: close\r\n\r\n"))
        return {};
    return c.read();
}

}  // namespace oqs::test::raw
