// http_native.hpp — HttpClient over cpp-httplib for the native client. Each call runs on its own (detached) worker thread;
// answers queue up and are handed back on the UI thread by poll(). It keeps the session cookie itself, as the
// browser would.
#pragma once

#include "http.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace oqs::ui {

class NativeHttpClient : public HttpClient {
  public:
    explicit NativeHttpClient(std::string baseUrl);  // "http://127.0.0.1:8080"
    ~NativeHttpClient() override;
    void send(const HttpRequest& req, HttpCallback done) override;
    void poll() override;
    // Blocks until every call has answered (tests and --exit-after-frames).
    void drain();

  private:
    HttpResponse perform(const HttpRequest& req, const std::string& csrf, const std::string& lang);
    std::string m_base;
    std::mutex m_mutex;
    std::string m_cookie;  // "oqs_session=…", guarded by m_mutex
    std::deque<std::pair<HttpCallback, HttpResponse>> m_ready;
    int m_active = 0;  // calls whose worker thread has not finished, guarded by m_mutex
    std::condition_variable m_idle;
};

}  // namespace oqs::ui
