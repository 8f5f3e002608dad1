// The web client's files: right MIME types (application/wasm), precompressed .gz siblings, and revalidation by
// ETag so a new build is picked up at once while an unchanged file costs one 304.
#include "messages.hpp"
#include "server.hpp"

#include <fstream>
#include <map>
#include <sstream>

namespace oqs::host {

namespace {
std::string mimeOf(const std::filesystem::path& p) {
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"}, {".js", "application/javascript; charset=utf-8"}, {".wasm", "application/wasm"},
        {".css", "text/css"}, {".png", "image/png"}, {".svg", "image/svg+xml"}, {".ico", "image/x-icon"},
        {".json", "application/json; charset=utf-8"}, {".ttf", "font/ttf"}, {".otf", "font/otf"}, {".woff2", "font/woff2"},
        {".data", "application/octet-stream"}, {".txt", "text/plain; charset=utf-8"}};
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}
bool readAll(const std::filesystem::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}
}  // namespace

void Server::serveFile(const httplib::Request& req, httplib::Response& res) {
    const std::string lang = req.get_header_value("Accept-Language").rfind("en", 0) == 0 ? "en" : "ja";
    std::string rel = req.path == "/" ? "index.html" : req.path.substr(1);
    if (m_config.webRoot.empty()) {
        if (req.path == "/") {
            res.set_content("<!doctype html><meta charset=utf-8><title>oqs-host</title><p>Web client not built "
                            "(scripts/build-web.sh), or oqs-host started without --web-root.</p>", "text/html; charset=utf-8");
            return;
        }
        return sendError(res, hostError(404, "request.not_found"), lang);
    }
    for (const auto& seg : splitPath(rel))
        if (seg == ".." || seg.front() == '.') return sendError(res, hostError(404, "request.not_found"), lang);
    std::filesystem::path file = m_config.webRoot / rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return sendError(res, hostError(404, "request.not_found"), lang);

    // A precompressed sibling is sent as is. Debian's httplib gzips text/* (and a few exact types) on the fly
    // itself, so those are left to it, or they would be compressed twice; the charset parameter on .js and
    // .json keeps httplib's exact-match test from firing on them.
    std::filesystem::path gz = file;
    gz += ".gz";
    const std::string mime = mimeOf(file);
    bool gzip = mime.rfind("text/", 0) != 0 && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos &&
                std::filesystem::is_regular_file(gz, ec);
    const auto& served = gzip ? gz : file;
    auto size = std::filesystem::file_size(served, ec);
    auto mtime = std::filesystem::last_write_time(served, ec).time_since_epoch().count();
    std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + (gzip ? "-gz" : "") + "\"";
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
    res.set_header("Vary", "Accept-Encoding");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    std::string body;
    if (!readAll(served, body)) return sendError(res, hostError(404, "request.not_found"), lang);
    if (gzip) res.set_header("Content-Encoding", "gzip");
    res.set_content(std::move(body), mime.c_str());
}

}  // namespace oqs::host
