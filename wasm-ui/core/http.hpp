// http.hpp — the one interface the client talks to the host through. Two implementations: the Emscripten Fetch
// API in the browser (same origin, the browser keeps the cookie) and cpp-httplib natively (keeps the cookie
// itself). Calls are asynchronous; answers are handed back on the UI thread from poll(), once per frame.
#pragma once

#include <functional>
#include <string>

namespace oqs::ui {

struct HttpRequest {
    std::string method = "GET";
    std::string path;         // "/api/…?query", relative to the host
    std::string body;         // sent as is
    std::string contentType;  // "application/json" for JSON bodies
};

struct HttpResponse {
    int status = 0;  // 0: no answer (network error)
    std::string body;
    std::string contentType;
    std::string contentDisposition;  // for downloads: the server's file name
};

using HttpCallback = std::function<void(HttpResponse)>;

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    // Starts a call; `done` runs later from poll() on the UI thread.
    virtual void send(const HttpRequest& req, HttpCallback done) = 0;
    // Delivers the answers that have arrived since the last poll.
    virtual void poll() = 0;
    // The session's CSRF token, sent as X-CSRF-Token on every state-changing call; "" after logout.
    void setCsrfToken(std::string token) { m_csrf = std::move(token); }
    // "ja" or "en": sent as Accept-Language so the server's messages come in the user's language.
    void setLanguage(std::string lang) { m_lang = std::move(lang); }

  protected:
    bool needsCsrf(const std::string& method) const { return method != "GET" && method != "HEAD"; }
    std::string m_csrf;
    std::string m_lang = "ja";
};

}  // namespace oqs::ui
