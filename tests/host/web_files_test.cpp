// The web client's files: MIME types, precompressed siblings sent once-compressed, revalidation, no escape.
#include "common.hpp"

#include <httplib.h>
#include <zlib.h>

#include <fstream>

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
