// http_web.hpp — HttpClient over Emscripten's Fetch API: same-origin XHRs, so the browser sends the HttpOnly
// session cookie itself; the CSRF token goes in X-CSRF-Token. Answers (errors included, with their bodies)
// queue up in the fetch callbacks and are handed out by poll() at the start of a frame.
#pragma once

#include "http.hpp"

#include <deque>
#include <utility>

namespace oqs::ui {

class WebHttpClient : public HttpClient {
  public:
    void send(const HttpRequest& req, HttpCallback done) override;
    void poll() override;
    // Called from the fetch callbacks.
    void arrived(HttpCallback done, HttpResponse res) { m_ready.emplace_back(std::move(done), std::move(res)); }

  private:
    std::deque<std::pair<HttpCallback, HttpResponse>> m_ready;
};

}  // namespace oqs::ui
