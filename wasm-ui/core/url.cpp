#include "url.hpp"

#include <cctype>

namespace oqs::ui {

std::string percentEncode(const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string substitutePath(const std::string& path, const Json& values) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '{') {
            auto end = path.find('}', i);
            if (end != std::string::npos) {
                out += percentEncode(asText(at(values, path.substr(i + 1, end - i - 1).c_str())));
                i = end;
                continue;
            }
        }
        out += path[i];
    }
    return out;
}

std::string queryString(const Json& values) {
    std::string q;
    if (!values.is_object()) return q;
    for (const auto& [k, v] : values.items()) {
        if (v.is_null() || v.is_object() || v.is_array()) continue;
        std::string text = asText(v);
        if (text.empty()) continue;
        if (!q.empty()) q += '&';
        q += percentEncode(k) + "=" + percentEncode(text);
    }
    return q;
}

std::string withQuery(const std::string& path, const std::string& query) {
    if (query.empty()) return path;
    return path + (path.find('?') == std::string::npos ? "?" : "&") + query;
}

namespace {
// The value of `name=` in a header's parameters, unquoted; "" when absent.
std::string param(const std::string& header, const std::string& name) {
    std::size_t pos = 0;
    while ((pos = header.find(name, pos)) != std::string::npos) {
        bool boundary = pos == 0 || header[pos - 1] == ';' || header[pos - 1] == ' ';
        std::size_t eq = pos + name.size();
        if (boundary && eq < header.size() && header[eq] == '=') {
            std::size_t v = eq + 1;
            if (v < header.size() && header[v] == '"') {
                std::string out;
                for (++v; v < header.size() && header[v] != '"'; ++v) {
                    if (header[v] == '\\' && v + 1 < header.size()) ++v;
                    out += header[v];
                }
                return out;
            }
            auto end = header.find(';', v);
            std::string out = header.substr(v, end == std::string::npos ? std::string::npos : end - v);
            while (!out.empty() && out.back() == ' ') out.pop_back();
            return out;
        }
        pos = eq;
    }
    return {};
}
}  // namespace

std::string fileNameFromDisposition(const std::string& header) {
    std::string name = param(header, "filename");
    std::string ext = param(header, "filename*");
    if (auto quote = ext.find("''"); quote != std::string::npos) name = percentDecode(ext.substr(quote + 2));
    // A name must not lead out of the downloads folder.
    for (char& c : name)
        if (c == '/' || c == '\\') c = '_';
    if (name.empty() || name == "." || name == "..") name = "download";
    return name;
}

}  // namespace oqs::ui
