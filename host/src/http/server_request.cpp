// What every request meets before and while its body is read: text must be UTF-8, framing unambiguous, a body only
// where one is taken, and never more of it kept than the route allows, however it is framed.
#include "messages.hpp"
#include "http/server.hpp"

#include "oqs/json_limits.hpp"
#include "oqs/text.hpp"

#include <strings.h>

namespace oqs::host {

namespace {

bool hasControl(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

// Content-Length as digits only (httplib reads "12abc" as 12 and "-1" as a huge number).
bool declaredLength(const httplib::Request& req, uint64_t& out) {
    out = 0;
    if (!req.has_header("Content-Length")) return true;
    if (req.get_header_value_count("Content-Length") != 1) return false;
    auto v = req.get_header_value("Content-Length");
    if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) return false;
    out = std::stoull(v);
    return true;
}

bool takesBody(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

std::optional<oqs::Error> screenRequest(const httplib::Request& req) {
    uint64_t declared = 0;
    bool lengthOk = declaredLength(req, declared);
    const bool chunkedTe = req.has_header("Transfer-Encoding");
    const bool hasBody = chunkedTe || declared > 0;
    if (auto* ex = http::exchange()) {
        ex->routed = true;
        ex->bodyPending = hasBody;
        ex->chunked = chunkedTe;
        ex->declared = declared;
    }
    // One framing only, and one httplib reads the way any proxy in front would (no smuggling between them).
    if (!lengthOk ||
        (chunkedTe && (req.has_header("Content-Length") || req.get_header_value_count("Transfer-Encoding") != 1 ||
                       strcasecmp(req.get_header_value("Transfer-Encoding").c_str(), "chunked") != 0)))
        return hostError(400, "request.invalid");

    // Text the host may log, compare, store or hand to a plugin is UTF-8; the path has no control characters.
    if (!text::validUtf8(req.path) || hasControl(req.path)) return hostError(400, "request.encoding");
    for (const auto& [k, v] : req.params)
        if (!text::validUtf8(k) || !text::validUtf8(v)) return hostError(400, "request.encoding");
    for (const auto& [k, v] : req.headers)
        if (!text::validUtf8(k) || !text::validUtf8(v)) return hostError(400, "request.encoding");

    const auto& m = req.method;
    if (!takesBody(m) && m != "GET" && m != "HEAD") return hostError(405, "request.method");
    // Only /api and public (/p/) routes read bodies, and only POST on /p/; anything else would be read whole by
    // httplib before a handler could refuse.
    const bool api = req.path.rfind("/api/", 0) == 0;
    const bool pub = req.path.rfind("/p/", 0) == 0 && m == "POST";
    if (takesBody(m) && !api && !pub) return hostError(404, "request.not_found");
    if (!takesBody(m) && hasBody) return hostError(400, "request.invalid");
    if (hasBody && req.is_multipart_form_data()) return hostError(415, "request.media_type");
    return std::nullopt;
}

oqs::Result<std::string> readBody(const httplib::Request& req, const httplib::ContentReader* reader, size_t limit) {
    auto* ex = http::exchange();
    uint64_t declared = 0;
    declaredLength(req, declared);
    const bool chunked = req.has_header("Transfer-Encoding");
    // DELETE takes no body here (httplib would not read a chunked one anyway): left unread, the connection closes.
    if ((!chunked && declared == 0) || !reader || req.method == "DELETE") return std::string();
    // A declared length over the limit is refused before a byte of it is read.
    if (!chunked && declared > limit) return hostError(413, "request.too_large");

    std::string body;
    if (!chunked) body.reserve(static_cast<size_t>(declared));
    bool over = false;
    // The connection may read the body plus room for chunk framing; past that its reads fail (ConnStream).
    if (ex) ex->budget = limit + limit / 8 + 16 * 1024;
    bool ok = (*reader)([&](const char* data, size_t n) {
        if (body.size() + n > limit) {
            over = true;
            return false;
        }
        body.append(data, n);
        return true;
    });
    if (ok) {
        if (ex) ex->bodyPending = false;
        return body;
    }
    if (ex) ex->close = true;  // the rest of the body is still on the connection
    if (over || (ex && ex->overflow)) return hostError(413, "request.too_large");
    return hostError(400, "request.invalid");
}

oqs::Result<Json> readJsonBody(const httplib::Request& req, const httplib::ContentReader* reader, size_t limit) {
    auto body = readBody(req, reader, limit);
    if (!body) return body.error();
    std::string& text = *body;
    if (text.empty()) text = "{}";  // an action documented without a body (POST …/reset) is sent with none
    if (!text::validUtf8(text)) return hostError(400, "request.encoding");
    if (!jsonDepthWithin(text)) return hostError(400, "request.json_depth");
    auto j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return hostError(400, "request.json");
    keepBody(req, std::move(text));
    return j;
}

void keepBody(const httplib::Request& req, std::string body) {
    // httplib hands content-reader handlers a const Request whose body it leaves empty; the object itself is a
    // non-const local of httplib's request loop, so filling it in is well-defined. Login and the plugin call read
    // req.body as they did when httplib read bodies itself (without a limit).
    const_cast<httplib::Request&>(req).body = std::move(body);
}

}  // namespace oqs::host
