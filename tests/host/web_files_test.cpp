// The web client's files: MIME types, precompressed siblings sent once-compressed, revalidation, no escape from the
// web root, and the console page's Content-Security-Policy.
#include "common.hpp"
#include "raw_http.hpp"

#include <httplib.h>
#include <sodium.h>
#include <zlib.h>

#include <fstream>
#include <thread>

using namespace oqs::test;
namespace fs = std::filesystem;

namespace {
std::string gzip(const std::string& in) {
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(compressBound(uLong(in.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}
void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
// The CSP source expression of a text: sha256-<base64 of its SHA-256>.
std::string sha256Base64(const std::string& text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    return std::string("sha256-") + b64;
}
}  // namespace

TEST(WebFiles, ServedWithTypesCompressionAndRevalidation) {
    fs::path root = fs::temp_directory_path() / ("oqs-web-" + std::to_string(::getpid()));
    fs::create_directories(root);
    std::string js(5000, ';'), wasm = std::string("\0asm", 4) + std::string(3000, '\x01');
    write(root / "index.html", "<!doctype html><title>OQS</title>");
    write(root / "app.js", js);
    write(root / "app.js.gz", gzip(js));
    write(root / "app.wasm", wasm);
    write(root / "app.wasm.gz", gzip(wasm));
    Options o;
    o.webRoot = root;
    TestHost host({}, o);
    httplib::Client c("127.0.0.1", host.port());  // decompresses gzip answers, as a browser does
    c.set_decompress(true);
    httplib::Headers gz{{"Accept-Encoding", "gzip"}};
    auto r = c.Get("/app.wasm", gz);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/wasm");
    EXPECT_EQ(r->body, wasm);
    r = c.Get("/app.js", gz);
    EXPECT_EQ(r->get_header_value_count("Content-Encoding"), 1u);
    EXPECT_EQ(r->body, js);  // compressed exactly once
    r = c.Get("/app.js");    // a client without gzip gets the plain file
    EXPECT_EQ(r->body, js);
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "");
    r = c.Get("/");
    EXPECT_EQ(r->body, "<!doctype html><title>OQS</title>");
    auto etag = r->get_header_value("ETag");
    EXPECT_EQ(c.Get("/", {{"If-None-Match", etag}})->status, 304);
    EXPECT_EQ(c.Get("/missing.js")->status, 404);
    EXPECT_EQ(c.Get("/.hidden")->status, 404);
    fs::remove_all(root);
}

// Issue 10 item 1. Old code: `webRoot / rel` with rel starting with "/" replaced the root, so GET //etc/passwd
// answered /etc/passwd. Only the web root's own files are served, whatever the spelling of the path.
TEST(WebFiles, NothingOutsideTheWebRootIsServed) {
    TestHost scratch;
    fs::path root = scratch.dir() / "web", outside = scratch.dir() / "private";
    fs::create_directories(root / "fonts");
    fs::create_directories(outside);
    const std::string secret = "SECRET-" + std::to_string(::getpid());
    write(outside / "secret.txt", secret);
    write(root / "index.html", "<!doctype html><title>OQS</title>");
    write(root / "fonts" / "a.otf", "font");
    write(root / ".env", secret);
    fs::create_symlink(outside / "secret.txt", root / "leak.txt");     // a symlink inside pointing out
    fs::create_symlink(outside, root / "private");                     // a directory symlink pointing out
    fs::create_symlink(root / "fonts" / "a.otf", root / "alias.otf");  // a symlink that stays inside
    Options o;
    o.webRoot = root;
    TestHost host({}, o);
    const std::string abs = (outside / "secret.txt").string();  // "/tmp/oqs-test-…/private/secret.txt"
    std::vector<std::string> targets = {"/" + abs,
                                        "//" + abs,
                                        "///" + abs,
                                        "/%2f" + abs.substr(1),
                                        "/%2F" + abs.substr(1),
                                        "/..%2f..%2f..%2f..%2f..%2f" + abs.substr(1),
                                        "/fonts/../../private/secret.txt",
                                        "/fonts/..%2f..%2fprivate/secret.txt",
                                        "/leak.txt",
                                        "/private/secret.txt",
                                        "/.env",
                                        "/%2eenv",
                                        "//etc/passwd",
                                        "/%2fetc/passwd",
                                        "/%2Fetc%2Fpasswd",
                                        "///etc/passwd",
                                        "/fonts/",
                                        "/fonts",
                                        "/./index.html",
                                        "/fonts/./a.otf"};
    for (const auto& t : targets) {
        auto a = raw::get(host.port(), t);
        EXPECT_EQ(a.status, 404) << t;
        EXPECT_EQ(a.body.find(secret), std::string::npos) << t;
        EXPECT_EQ(a.body.find("root:"), std::string::npos) << t;
    }
    EXPECT_EQ(raw::get(host.port(), "/fonts/a.otf").body, "font");
    EXPECT_EQ(raw::get(host.port(), "/alias.otf").body, "font");
    EXPECT_EQ(raw::get(host.port(), "/index.html").status, 200);
    // A file added after the start (a new build) is found too.
    write(root / "late.js", "late");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(raw::get(host.port(), "/late.js").body, "late");
}

// Item 16: the console page carries a Content-Security-Policy that lets its own inline script run (by hash) and
// the WebAssembly compile, and nothing else inline; other answers forbid everything.
TEST(WebFiles, TheConsolePageHasAContentSecurityPolicy) {
    TestHost scratch;
    fs::path root = scratch.dir() / "web";
    fs::create_directories(root);
    const std::string script = "\n'use strict';\nvar Module = {};\n";
    write(root / "index.html",
          "<!doctype html><style>body{margin:0}</style><canvas oncontextmenu=\"event.preventDefault()\">"
          "</canvas><script>" +
              script + "</script><script src=\"oqs-ui.js\"></script>");
    Options o;
    o.webRoot = root;
    TestHost host({}, o);
    auto page = raw::get(host.port(), "/");
    ASSERT_EQ(page.status, 200);
    auto csp = page.header("content-security-policy");
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("'" + sha256Base64(script) + "'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("'" + sha256Base64("event.preventDefault()") + "'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("'" + sha256Base64("body{margin:0}") + "'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("'unsafe-inline'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
    // A revalidated page keeps its policy (a browser takes a 304's headers over the cached ones).
    auto again = raw::get(host.port(), "/", "If-None-Match: " + page.header("etag") + "\r\n");
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.header("content-security-policy"), csp);
    auto api = raw::get(host.port(), "/healthz");
    EXPECT_EQ(api.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(page.header("strict-transport-security"), "");  // plain HTTP: no HSTS (tls_test checks HTTPS)
}

TEST(WebFiles, ScreenUrlsOpenTheConsolePage) {
    TestHost scratch;
    fs::path root = scratch.dir() / "web";
    fs::create_directories(root);
    write(root / "index.html", "<!doctype html><title>console</title>");
    Options o;
    o.webRoot = root;
    TestHost host({}, o);
    for (const char* path : {"/console", "/console/", "/console/accounts/search?user_id=a", "/console/host/password"}) {
        auto page = raw::get(host.port(), path);
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_NE(page.body.find("<title>console</title>"), std::string::npos) << path;
        EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos) << path;
    }
    EXPECT_EQ(raw::get(host.port(), "/consoles").status, 404);
    EXPECT_EQ(raw::get(host.port(), "/console/../../etc/passwd").body.find("root:"), std::string::npos);
}
