// The web client's files: right MIME types (application/wasm), precompressed .gz siblings, and revalidation by
// ETag so a new build is picked up at once while an unchanged file costs one 304. Only files listed from the web
// root are served: a URL is a key into that list, never a path joined onto the root (issue 10: GET //etc/passwd
// once replaced the root with "/").
#include "http/server_files.hpp"

#include "messages.hpp"
#include "http/server.hpp"

#include <sodium.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace oqs::host {

namespace fs = std::filesystem;

namespace {
constexpr size_t kMaxFiles = 10000;

std::string mimeOf(const fs::path& p) {
    static const std::map<std::string, std::string> kTypes = {{".html", "text/html; charset=utf-8"},
                                                              {".js", "application/javascript; charset=utf-8"},
                                                              {".wasm", "application/wasm"},
                                                              {".css", "text/css"},
                                                              {".png", "image/png"},
                                                              {".svg", "image/svg+xml"},
                                                              {".ico", "image/x-icon"},
                                                              {".json", "application/json; charset=utf-8"},
                                                              {".ttf", "font/ttf"},
                                                              {".otf", "font/otf"},
                                                              {".woff2", "font/woff2"},
                                                              {".data", "application/octet-stream"},
                                                              {".txt", "text/plain; charset=utf-8"}};
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}
bool readAll(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}
bool inside(const fs::path& root, const fs::path& p) {
    const auto r = root.string() + "/";
    return p.string().rfind(r, 0) == 0;
}

std::string hashSource(std::string_view text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    return std::string("'sha256-") + b64 + "'";
}
std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
// The few character references a handler attribute may hold; the browser hashes the decoded value.
std::string decodeEntities(std::string_view v) {
    static const std::pair<std::string_view, char> kRefs[] = {{"&quot;", '"'}, {"&#34;", '"'}, {"&apos;", '\''},
                                                              {"&#39;", '\''}, {"&lt;", '<'},  {"&gt;", '>'},
                                                              {"&amp;", '&'}};
    std::string out;
    for (size_t i = 0; i < v.size();) {
        bool replaced = false;
        if (v[i] == '&')
            for (const auto& [ref, ch] : kRefs)
                if (v.substr(i, ref.size()) == ref) {
                    out += ch;
                    i += ref.size();
                    replaced = true;
                    break;
                }
        if (!replaced) out += v[i++];
    }
    return out;
}
}  // namespace

WebFiles::WebFiles(fs::path root) : m_root(std::move(root)) { scan(); }

void WebFiles::scan() {
    std::map<std::string, fs::path> files;
    std::error_code ec;
    const fs::path root = fs::canonical(m_root, ec);
    m_scanned = std::chrono::steady_clock::now();
    if (ec) {
        m_files.clear();
        return;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end && files.size() < kMaxFiles; it.increment(ec)) {
        std::error_code e;
        const auto& entry = *it;
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.') {
            if (entry.is_directory(e) && !entry.is_symlink(e)) it.disable_recursion_pending();
            continue;
        }
        fs::path target = entry.path();
        if (entry.is_symlink(e)) {
            target = fs::canonical(entry.path(), e);
            if (e || !inside(root, target)) continue;
        }
        if (!fs::is_regular_file(target, e)) continue;
        files.emplace(entry.path().lexically_relative(root).generic_string(), target);
    }
    m_files.swap(files);
}

std::optional<fs::path> WebFiles::find(const std::string& rel) {
    std::lock_guard lock(m_mutex);
    auto it = m_files.find(rel);
    if (it == m_files.end() && std::chrono::steady_clock::now() - m_scanned >= std::chrono::seconds(1)) {
        scan();
        it = m_files.find(rel);
    }
    if (it == m_files.end()) return std::nullopt;
    return it->second;
}

std::string consolePolicy(std::string_view html) {
    std::set<std::string> scripts, styles;
    bool handlers = false;
    size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        if (html.substr(i, 4) == "<!--") {
            i = html.find("-->", i);
            continue;
        }
        size_t p = i + 1;
        while (p < html.size() && (std::isalnum(static_cast<unsigned char>(html[p])) || html[p] == '-')) ++p;
        const std::string tag = lower(html.substr(i + 1, p - i - 1));
        if (tag.empty()) {
            ++i;
            continue;
        }
        bool src = false;
        // Attributes up to the tag's end: name, and a value quoted with " or ', or bare.
        while (p < html.size() && html[p] != '>') {
            if (std::isspace(static_cast<unsigned char>(html[p])) || html[p] == '/') {
                ++p;
                continue;
            }
            size_t n = p;
            while (p < html.size() && !std::isspace(static_cast<unsigned char>(html[p])) && html[p] != '=' &&
                   html[p] != '>' && html[p] != '/')
                ++p;
            const std::string attr = lower(html.substr(n, p - n));
            std::string_view value;
            if (p < html.size() && html[p] == '=') {
                ++p;
                if (p < html.size() && (html[p] == '"' || html[p] == '\'')) {
                    char q = html[p++];
                    size_t e = html.find(q, p);
                    if (e == std::string_view::npos) e = html.size();
                    value = html.substr(p, e - p);
                    p = e + 1;
                } else {
                    size_t e = p;
                    while (e < html.size() && !std::isspace(static_cast<unsigned char>(html[e])) && html[e] != '>') ++e;
                    value = html.substr(p, e - p);
                    p = e;
                }
            }
            if (attr == "src") src = true;
            if (attr.size() > 2 && attr.rfind("on", 0) == 0) {
                scripts.insert(hashSource(decodeEntities(value)));
                handlers = true;
            }
        }
        if (p >= html.size()) break;
        i = p + 1;
        if (tag == "script" || tag == "style") {
            // The element's text up to its end tag, exactly as the browser hashes it.
            const std::string endTag = "</" + tag;
            size_t e = i;
            while (e < html.size() && lower(html.substr(e, endTag.size())) != endTag) e = html.find('<', e + 1);
            if (e == std::string_view::npos) e = html.size();
            if (tag == "style") styles.insert(hashSource(html.substr(i, e - i)));
            else if (!src) scripts.insert(hashSource(html.substr(i, e - i)));
            i = e;
        }
    }
    std::string policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
    if (handlers) policy += " 'unsafe-hashes'";  // lets the hashes below match on…="" attributes too
    for (const auto& h : scripts) policy += " " + h;
    policy += "; style-src 'self'";
    for (const auto& h : styles) policy += " " + h;
    return policy +
           "; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'none'; frame-ancestors 'none'";
}

void Server::serveFile(const httplib::Request& req, httplib::Response& res) {
    const std::string lang = req.get_header_value("Accept-Language").rfind("en", 0) == 0 ? "en" : "ja";
    if (!m_files) {
        if (req.path == "/") {
            res.set_content(
                "<!doctype html><meta charset=utf-8><title>oqs-host</title><p>Web client not built "
                "(scripts/build-web.sh), or oqs-host started without --web-root.</p>",
                "text/html; charset=utf-8");
            return;
        }
        return sendError(res, hostError(404, "request.not_found"), lang);
    }
    // The decoded path minus its one leading "/" must be a listed file, exactly. The client's screen URLs
    // (/console, /console/<screen>…) are the console page itself, so a reload or a typed address opens it there.
    const bool screen = req.path == "/console" || req.path.rfind("/console/", 0) == 0;
    const std::string rel = req.path == "/" || screen ? "index.html" : req.path.substr(1);
    auto file = m_files->find(rel);
    if (!file) return sendError(res, hostError(404, "request.not_found"), lang);

    // A precompressed sibling is sent as is. Debian's httplib gzips text/* (and a few exact types) on the fly
    // itself, so those are left to it, or they would be compressed twice; the charset parameter on .js and
    // .json keeps httplib's exact-match test from firing on them.
    const std::string mime = mimeOf(*file);
    std::optional<fs::path> gz;
    if (mime.rfind("text/", 0) != 0 && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos)
        gz = m_files->find(rel + ".gz");
    const fs::path& served = gz ? *gz : *file;
    std::error_code ec;
    auto size = fs::file_size(served, ec);
    auto mtime = fs::last_write_time(served, ec).time_since_epoch().count();
    std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + (gz ? "-gz" : "") + "\"";
    const bool html = mime.rfind("text/html", 0) == 0, unchanged = req.get_header_value("If-None-Match") == etag;
    std::string body;
    if ((html || !unchanged) && !readAll(served, body))
        return sendError(res, hostError(404, "request.not_found"), lang);
    // The page's own policy, on a 304 too: a browser replaces a cached page's headers with the 304's.
    if (html) {
        res.headers.erase("Content-Security-Policy");
        res.set_header("Content-Security-Policy", consolePolicy(body));
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
    res.set_header("Vary", "Accept-Encoding");
    if (unchanged) {
        res.status = 304;
        return;
    }
    if (gz) res.set_header("Content-Encoding", "gzip");
    res.set_content(body, mime.c_str());  // httplib 0.11 copies (no rvalue overload)
}

}  // namespace oqs::host
