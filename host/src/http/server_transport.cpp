// The connection loop under httplib's request parser: byte budgets, keep-alive, closing after an unread body, TLS.
// httplib's Server::process_and_close_socket is virtual; overriding it lets the host own the socket while still
// using httplib's process_request (parsing, routing, writing the answer) unchanged.
#include "http/server_transport.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace oqs::host::http {

namespace {

thread_local Exchange* t_exchange = nullptr;

using Clock = std::chrono::steady_clock;

bool waitFor(int fd, short events, int timeoutMs) {
    pollfd p{fd, events, 0};
    for (;;) {
        int r = ::poll(&p, 1, timeoutMs);
        if (r < 0 && errno == EINTR) continue;
        return r > 0;
    }
}

// httplib's thread pool has a fixed, small number of threads and queues connections behind busy ones; this one
// grows to `max` threads as connections arrive, and tells idle keep-alive connections when others are waiting.
class WorkerPool final : public httplib::TaskQueue {
  public:
    explicit WorkerPool(size_t max) : m_max(std::max<size_t>(max, 1)) {}
    ~WorkerPool() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(fn));
        if (m_jobs.size() > m_idle && m_threads.size() < m_max) m_threads.emplace_back([this] { work(); });
        updateStarved();
        m_ready.notify_one();
    }
    // Runs what is queued, then joins every thread (httplib calls it when the server stops).
    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_ready.notify_all();
        for (auto& t : m_threads)
            if (t.joinable()) t.join();
    }
    // Connections wait for a thread and no thread can be added: idle keep-alive connections should make room.
    bool starved() const { return m_starved; }

  private:
    void work() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            ++m_idle;
            m_ready.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            --m_idle;
            if (m_jobs.empty()) return;
            auto fn = std::move(m_jobs.front());
            m_jobs.pop_front();
            updateStarved();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    void updateStarved() { m_starved = m_threads.size() >= m_max && m_jobs.size() > m_idle; }

    const size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    size_t m_idle = 0;
    bool m_stop = false;
    std::atomic<bool> m_starved{false};
};

// One connection's byte stream (plain or TLS), buffered because httplib reads request lines a byte at a time.
// Every byte handed to httplib is taken from the current exchange's budget; past it, reads fail.
class ConnStream final : public httplib::Stream {
  public:
    ConnStream(int fd, SSL* ssl, int readTimeoutMs, int writeTimeoutMs)
        : m_fd(fd), m_ssl(ssl), m_readMs(readTimeoutMs), m_writeMs(writeTimeoutMs) {}

    bool buffered() const { return m_pos < m_len || (m_ssl && SSL_pending(m_ssl) > 0); }

    bool is_readable() const override { return buffered() || waitFor(m_fd, POLLIN, m_readMs); }
    bool is_writable() const override { return waitFor(m_fd, POLLOUT, m_writeMs); }

    ssize_t read(char* ptr, size_t size) override {
        Exchange* ex = t_exchange;
        if (ex) {
            if (ex->budget == 0) {
                ex->overflow = true;
                return -1;
            }
            size = std::min(size, ex->budget);
        }
        ssize_t n;
        if (m_pos < m_len) {
            n = static_cast<ssize_t>(std::min(size, m_len - m_pos));
            std::memcpy(ptr, m_buf + m_pos, static_cast<size_t>(n));
            m_pos += static_cast<size_t>(n);
        } else if (size >= sizeof m_buf) {
            n = receive(ptr, size);
        } else {
            n = receive(m_buf, sizeof m_buf);
            if (n <= 0) return n;
            m_len = static_cast<size_t>(n);
            n = static_cast<ssize_t>(std::min(size, m_len));
            std::memcpy(ptr, m_buf, static_cast<size_t>(n));
            m_pos = static_cast<size_t>(n);
        }
        if (n > 0 && ex) ex->budget -= static_cast<size_t>(n);
        return n;
    }

    // The socket is blocking with httplib's timeouts (SO_RCVTIMEO, SO_SNDTIMEO set at accept), so reads and writes
    // go straight to the kernel: a poll() first would cost a system call per read and write for nothing.
    ssize_t write(const char* ptr, size_t size) override {
        if (m_ssl) {
            ERR_clear_error();
            int n = SSL_write(m_ssl, ptr, static_cast<int>(std::min<size_t>(size, INT_MAX)));
            return n > 0 ? n : -1;
        }
        for (;;) {
            auto n = ::send(m_fd, ptr, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            return n;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address(::getpeername, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address(::getsockname, ip, port); }
    socket_t socket() const override { return m_fd; }

  private:
    ssize_t receive(char* ptr, size_t size) {
        if (m_ssl) {
            for (int tries = 0; tries < 1000; ++tries) {
                ERR_clear_error();
                int n = SSL_read(m_ssl, ptr, static_cast<int>(std::min<size_t>(size, INT_MAX)));
                if (n > 0) return n;
                int err = SSL_get_error(m_ssl, n);
                if (err == SSL_ERROR_ZERO_RETURN) return 0;
                if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) return -1;
            }
            return -1;
        }
        for (;;) {
            auto n = ::recv(m_fd, ptr, size, 0);
            if (n < 0 && errno == EINTR) continue;
            return n;
        }
    }
    template <class Fn>
    void address(Fn fn, std::string& ip, int& port) const {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        ip.clear();
        port = 0;
        if (fn(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) return;
        char text[INET6_ADDRSTRLEN] = {};
        if (a.ss_family == AF_INET) {
            auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
            ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            port = ntohs(v4->sin_port);
        } else if (a.ss_family == AF_INET6) {
            auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
            ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            port = ntohs(v6->sin6_port);
        }
        ip = text;
    }

    int m_fd;
    SSL* m_ssl;
    int m_readMs, m_writeMs;
    char m_buf[16 * 1024];
    size_t m_pos = 0, m_len = 0;
};

// Sets the thread's exchange for the life of one connection.
class ExchangeScope {
  public:
    explicit ExchangeScope(Exchange* ex) { t_exchange = ex; }
    ~ExchangeScope() { t_exchange = nullptr; }
    ExchangeScope(const ExchangeScope&) = delete;
    ExchangeScope& operator=(const ExchangeScope&) = delete;
};

// Before closing a connection whose client may still be sending, say we are done writing and read (and drop) a
// little of what still comes: closing with unread bytes makes the kernel send a reset, and a reset can destroy the
// answer before the client has read it.
void lingerThenClose(int fd) {
    ::shutdown(fd, SHUT_WR);
    char buf[16 * 1024];
    size_t drained = 0;
    auto until = Clock::now() + std::chrono::seconds(1);
    while (drained < (1u << 20) && Clock::now() < until) {
        if (!waitFor(fd, POLLIN, 200)) break;
        auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        drained += static_cast<size_t>(n);
    }
}

template <class Base>
class GuardedServer final : public Base, public Transport {
  public:
    static constexpr bool kTls = std::is_base_of_v<httplib::SSLServer, Base>;

    template <class... A>
    explicit GuardedServer(const TransportConfig& config, A&&... args)
        : Base(std::forward<A>(args)...), m_config(config) {
        httplib::Server& h = *this;
        h.set_tcp_nodelay(true);
        // SO_REUSEADDR lets a restarted host bind while its old connections sit in TIME_WAIT. httplib's default
        // options add SO_REUSEPORT, with which a second process binds the same port and takes half the requests.
        h.set_socket_options([](socket_t fd) {
            int yes = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        h.set_keep_alive_max_count(config.keepAliveRequests);  // what the Keep-Alive header announces
        h.set_keep_alive_timeout(config.keepAliveSeconds);
        h.set_read_timeout(config.readTimeoutSeconds, 0);
        h.set_write_timeout(config.writeTimeoutSeconds, 0);
        h.set_payload_max_length(config.discardBytes);
        h.new_task_queue = [this] {
            auto* pool = new WorkerPool(m_config.threads);
            m_pool = pool;
            return pool;
        };
        // Runs once the answer's headers are settled, just before they are written.
        h.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
            Exchange* ex = t_exchange;
            if (!ex || !closesAfterAnswer(*ex, m_config)) return;
            res.headers.erase("Keep-Alive");
            res.headers.erase("Connection");
            res.set_header("Connection", "close");
        });
    }

    httplib::Server& http() override { return *this; }
    bool valid() const override { return this->is_valid(); }

    int bind(const std::string& host, int port, std::string& error) override {
        errno = 0;
        int bound = port == 0 ? this->bind_to_any_port(host) : (this->bind_to_port(host, port) ? port : -1);
        if (bound <= 0) {
            int e = errno;
            std::string where = host + ":" + std::to_string(port);
            error = e == EADDRINUSE ? "port " + std::to_string(port) + " is already in use on " + host +
                                          " (another oqs-host or another server listens there)"
                    : e == EACCES ? "not allowed to listen on " + where
                                  : "cannot listen on " + where + (e ? std::string(" (") + std::strerror(e) + ")" : "");
            return -1;
        }
        // httplib listens with a backlog of 5; a burst of connecting browsers overflows it and each dropped SYN
        // costs its client a 1 s (then 3 s, 7 s) retransmission. Linux takes a second listen() as a new backlog,
        // capped by net.core.somaxconn.
        ::listen(this->svr_sock_, SOMAXCONN);
        return bound;
    }

    void serveConnection(int fd) override { process_and_close_socket(fd); }

  private:
    bool process_and_close_socket(socket_t sock) override {
        // Answers are written as headers then body; with Nagle the body waits for the client's delayed ACK.
        int one = 1;
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SSL* ssl = nullptr;
        if constexpr (kTls) {
            ssl = acceptTls(sock);
            if (!ssl) {
                ::close(sock);
                return false;
            }
        }
        bool lingering;
        {
            ConnStream stream(sock, ssl, m_config.readTimeoutSeconds * 1000, m_config.writeTimeoutSeconds * 1000);
            lingering = serve(stream);
        }
        if (ssl) {
            if (!lingering) SSL_shutdown(ssl);
            std::lock_guard lock(m_tlsMutex);
            SSL_free(ssl);
        }
        if (lingering) lingerThenClose(sock);
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
        return true;
    }

    // Serves requests until the client, the pipeline or the keep-alive rules end the connection. Answers whether
    // the client may still be sending (a body the host did not read).
    bool serve(ConnStream& stream) {
        Exchange ex;
        ExchangeScope scope(&ex);
        for (size_t served = 0;;) {
            if (!stream.buffered() && !awaitRequest(stream.socket(), served > 0)) return false;
            ex = Exchange{};
            ex.budget = m_config.headBytes;
            bool last = ++served >= m_config.keepAliveRequests || stopping();
            bool clientCloses = false;
            bool written = this->process_request(stream, last, clientCloses, nullptr);
            bool unread = !ex.routed || ex.bodyPending || ex.overflow;
            if (!written || closesAfterAnswer(ex, m_config)) return unread;
            if (ex.bodyPending && !readPast(stream, ex)) return true;
            if (clientCloses || last) return false;
        }
    }

    // A refused body of a modest declared length is read and dropped, so the connection (and the browser's
    // view of the answer) survives.
    static bool readPast(ConnStream& stream, Exchange& ex) {
        char buf[16 * 1024];
        uint64_t left = ex.declared;
        ex.budget = static_cast<size_t>(ex.declared);
        while (left > 0) {
            auto n = stream.read(buf, static_cast<size_t>(std::min<uint64_t>(left, sizeof buf)));
            if (n <= 0) return false;
            left -= static_cast<uint64_t>(n);
        }
        return true;
    }

    // Waits for the next request, in short steps so a stopping server or a queue of waiting connections is
    // noticed: an idle keep-alive connection then gives its thread up (the browser simply reconnects).
    bool awaitRequest(int fd, bool idle) {
        auto until = Clock::now() + std::chrono::seconds(m_config.keepAliveSeconds);
        while (Clock::now() < until) {
            if (stopping()) return false;
            WorkerPool* pool = m_pool;
            if (idle && pool && pool->starved()) return false;
            if (waitFor(fd, POLLIN, 50)) return true;
        }
        return false;
    }

    bool stopping() const { return this->svr_sock_ == INVALID_SOCKET; }

    SSL* acceptTls(int fd) {
        SSL* ssl;
        {
            std::lock_guard lock(m_tlsMutex);
            ssl = SSL_new(this->ssl_context());
        }
        if (!ssl) return nullptr;
        ERR_clear_error();
        // A blocking handshake: the accepted socket carries httplib's read and write timeouts (SO_RCVTIMEO).
        if (SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1) return ssl;
        std::lock_guard lock(m_tlsMutex);
        SSL_free(ssl);
        return nullptr;
    }

    TransportConfig m_config;
    std::atomic<WorkerPool*> m_pool{nullptr};
    std::mutex m_tlsMutex;
};

}  // namespace

Exchange* exchange() { return t_exchange; }

bool closesAfterAnswer(const Exchange& ex, const TransportConfig& config) {
    return !ex.routed || ex.overflow || ex.close ||
           (ex.bodyPending && (ex.chunked || ex.declared > config.discardBytes));
}

std::unique_ptr<Transport> makeTransport(const TransportConfig& config, const std::string& certFile,
                                         const std::string& keyFile) {
    if (certFile.empty()) return std::make_unique<GuardedServer<httplib::Server>>(config);
    return std::make_unique<GuardedServer<httplib::SSLServer>>(config, certFile.c_str(), keyFile.c_str());
}

}  // namespace oqs::host::http
