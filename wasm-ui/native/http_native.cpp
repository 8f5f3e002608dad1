#include "http_native.hpp"

#include <httplib.h>

#include <thread>

namespace oqs::ui {

NativeHttpClient::NativeHttpClient(std::string baseUrl) : m_base(std::move(baseUrl)) {
    while (!m_base.empty() && m_base.back() == '/') m_base.pop_back();
}

NativeHttpClient::~NativeHttpClient() { drain(); }

void NativeHttpClient::drain() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_active == 0; });
}

HttpResponse NativeHttpClient::perform(const HttpRequest& req, const std::string& csrf, const std::string& lang) {
    httplib::Client cli(m_base);
    cli.set_connection_timeout(5);
    cli.set_read_timeout(60);
    httplib::Headers headers{{"Accept-Language", lang}};
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_cookie.empty()) headers.emplace("Cookie", m_cookie);
    }
    if (needsCsrf(req.method) && !csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    const std::string ct = req.contentType.empty() ? "application/json" : req.contentType;
    HttpResponse res;
    auto perform = [&]() {
        if (req.method == "POST") return cli.Post(req.path, headers, req.body, ct);
        if (req.method == "PATCH") return cli.Patch(req.path, headers, req.body, ct);
        if (req.method == "PUT") return cli.Put(req.path, headers, req.body, ct);
        if (req.method == "DELETE") return cli.Delete(req.path, headers);
        return cli.Get(req.path, headers);
    };
    httplib::Result r = perform();
    if (!r) return res;
    res.status = r->status;
    res.body = r->body;
    res.contentType = r->get_header_value("Content-Type");
    res.contentDisposition = r->get_header_value("Content-Disposition");
    for (const auto& [k, v] : r->headers) {
        if (k.size() != 10 || (k[0] != 'S' && k[0] != 's') ||
            (k.substr(1) != "et-Cookie" && k.substr(1) != "et-cookie"))
            continue;
        std::string pair = v.substr(0, v.find(';'));
        std::lock_guard<std::mutex> lock(m_mutex);
        // An emptied cookie (logout) clears ours.
        m_cookie = pair.find('=') + 1 == pair.size() ? std::string{} : pair;
    }
    return res;
}

void NativeHttpClient::send(const HttpRequest& req, HttpCallback done) {
    std::string csrf = m_csrf, lang = m_lang;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_active;
    }
    std::thread([this, req, csrf, lang, done = std::move(done)]() mutable {
        HttpResponse res = perform(req, csrf, lang);
        std::lock_guard<std::mutex> lock(m_mutex);
        m_ready.emplace_back(std::move(done), std::move(res));
        --m_active;
        m_idle.notify_all();
    }).detach();
}

void NativeHttpClient::poll() {
    std::deque<std::pair<HttpCallback, HttpResponse>> ready;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ready.swap(m_ready);
    }
    for (auto& [cb, res] : ready) cb(std::move(res));
}

}  // namespace oqs::ui
