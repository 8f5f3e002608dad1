#include "http_web.hpp"

#include "platform_web.hpp"

#include <emscripten/fetch.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace oqs::ui {

namespace {
// Everything a call needs until its callback: the fetch API keeps pointers to these strings.
struct Pending {
    WebHttpClient* client;
    HttpCallback done;
    std::string url, body;
    std::vector<std::string> headerStore;
    std::vector<const char*> headers;
};

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void finished(emscripten_fetch_t* fetch) {
    std::unique_ptr<Pending> p(static_cast<Pending*>(fetch->userData));
    HttpResponse res;
    res.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0) res.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
    std::size_t n = emscripten_fetch_get_response_headers_length(fetch);
    std::string raw(n + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, raw.data(), n + 1);
    raw.resize(n);
    // "name: value\r\n" lines.
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t end = raw.find('\n', pos);
        if (end == std::string::npos) end = raw.size();
        std::string line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (auto colon = line.find(':'); colon != std::string::npos) {
            std::string name = lower(line.substr(0, colon));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            if (name == "content-type") res.contentType = value;
            if (name == "content-disposition") res.contentDisposition = value;
        }
        pos = end + 1;
    }
    emscripten_fetch_close(fetch);
    p->client->arrived(std::move(p->done), std::move(res));
    webWake();  // the loop may be idle: the answer is shown in the next frame
}
}  // namespace

void WebHttpClient::send(const HttpRequest& req, HttpCallback done) {
    auto p = std::make_unique<Pending>();
    p->client = this;
    p->done = std::move(done);
    p->url = req.path;
    p->body = req.body;
    p->headerStore = {"Accept-Language", m_lang};
    if (!req.contentType.empty()) p->headerStore.insert(p->headerStore.end(), {"Content-Type", req.contentType});
    if (needsCsrf(req.method) && !m_csrf.empty()) p->headerStore.insert(p->headerStore.end(), {"X-CSRF-Token", m_csrf});
    for (const auto& h : p->headerStore) p->headers.push_back(h.c_str());
    p->headers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, req.method.c_str(), sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = p->headers.data();
    if (!p->body.empty()) {
        attr.requestData = p->body.data();
        attr.requestDataSize = p->body.size();
    }
    attr.onsuccess = finished;
    attr.onerror = finished;  // 4xx/5xx arrive here with their JSON body; status 0 when the host is unreachable
    attr.userData = p.get();
    Pending* raw = p.release();
    emscripten_fetch(&attr, raw->url.c_str());
}

void WebHttpClient::poll() {
    auto ready = std::move(m_ready);
    m_ready.clear();
    for (auto& [cb, res] : ready) cb(std::move(res));
}

}  // namespace oqs::ui
