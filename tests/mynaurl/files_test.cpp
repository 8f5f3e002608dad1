// The QR code downloads (OQ-48): the PNG and the PDF decoded back with zbarimg to exactly the current URL, the
// PDF's text holding the display name and its Japanese font embedded, the file names, and the screen's image.
#include "mynaurl_fixture.hpp"

#include <cairo.h>
#include <qrencode.h>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace mynaurl_test {
namespace {

using MynaurlFiles = MynaurlHost;

// Runs a shell command and answers its standard output.
std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}
std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}
void write(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}
// Width and height from a PNG's IHDR chunk.
std::pair<int, int> pngSize(const std::string& png) {
    if (png.size() < 24 || png.compare(1, 3, "PNG") != 0) return {0, 0};
    auto be = [&](size_t at) {
        return int((unsigned char)png[at]) << 24 | int((unsigned char)png[at + 1]) << 16 |
               int((unsigned char)png[at + 2]) << 8 | int((unsigned char)png[at + 3]);
    };
    return {be(16), be(20)};
}

TEST_F(MynaurlFiles, PngDecodesToExactlyTheCurrentUrl) {
    auto code = institution();
    auto c = admin(code);
    for (int round = 0; round < 2; ++round) {  // before and after a change: always the current URL
        auto r = c->get("/api/mynaurl/home_visit/png");
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.header("Content-Type"), "image/png");
        EXPECT_NE(r.header("Content-Disposition").find(code + "_houmon_QR.png"), std::string::npos);
        auto [w, h] = pngSize(r.body);
        EXPECT_GE(w, 300);
        EXPECT_EQ(w, h);
        auto file = host.dir() / "qr.png";
        write(file, r.body);
        EXPECT_EQ(trimmed(run("zbarimg --raw -q " + file.string())), url(*c, "home_visit"));
        ASSERT_EQ(operate(*c, "home_visit", "change").status, 200);
    }
    auto online = c->get("/api/mynaurl/online/png");
    EXPECT_NE(online.header("Content-Disposition").find(code + "_online_QR.png"), std::string::npos);
    auto file = host.dir() / "online.png";
    write(file, online.body);
    EXPECT_EQ(trimmed(run("zbarimg --raw -q " + file.string())), url(*c, "online"));
}

// Whether the PNG's modules are exactly libqrencode's code of `text` at that level (scale and quiet zone found
// from the image's size).
bool pngIsCode(const std::string& png, const std::string& text, QRecLevel level) {
    struct Reader {
        const std::string* bytes;
        size_t at = 0;
    } reader{&png};
    cairo_surface_t* img = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* data, unsigned int length) {
            auto* r = static_cast<Reader*>(closure);
            if (r->at + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
            std::memcpy(data, r->bytes->data() + r->at, length);
            r->at += length;
            return CAIRO_STATUS_SUCCESS;
        },
        &reader);
    QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, level);
    bool same = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS && qr;
    if (same) {
        const int side = cairo_image_surface_get_width(img), modules = qr->width + 8;
        same = side % modules == 0;
        const int scale = same ? side / modules : 1, stride = cairo_image_surface_get_stride(img);
        const unsigned char* px = cairo_image_surface_get_data(img);
        for (int y = 0; same && y < qr->width; ++y)
            for (int x = 0; same && x < qr->width; ++x) {
                const int cx = (x + 4) * scale + scale / 2, cy = (y + 4) * scale + scale / 2;
                const bool dark = px[cy * stride + cx * 4] < 128;  // blue byte of the pixel (RGB24, little-endian)
                same = dark == bool(qr->data[y * qr->width + x] & 1);
            }
    }
    if (qr) QRcode_free(qr);
    cairo_surface_destroy(img);
    return same;
}

TEST_F(MynaurlFiles, PngIsErrorCorrectionLevelM) {
    auto code = institution();
    auto c = admin(code);
    auto r = c->get("/api/mynaurl/online/png");
    ASSERT_EQ(r.status, 200);
    const std::string current = url(*c, "online");
    EXPECT_TRUE(pngIsCode(r.body, current, QR_ECLEVEL_M));
    EXPECT_FALSE(pngIsCode(r.body, current, QR_ECLEVEL_L));
    EXPECT_FALSE(pngIsCode(r.body, current, QR_ECLEVEL_Q));
    EXPECT_FALSE(pngIsCode(r.body, current, QR_ECLEVEL_H));
}

TEST_F(MynaurlFiles, PdfHoldsDisplayNameServiceUrlAndDecodableCode) {
    auto code = institution();
    saveSettings(code, {{"settings.display_name", "在宅あおぞらクリニック"}});
    auto c = admin(code);
    auto r = c->get("/api/mynaurl/online/pdf");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/pdf");
    EXPECT_NE(r.header("Content-Disposition").find(code + "_online_QR.pdf"), std::string::npos);
    auto pdf = host.dir() / "qr.pdf";
    write(pdf, r.body);
    const std::string current = url(*c, "online");

    std::string text = run("pdftotext -layout " + pdf.string() + " -");
    EXPECT_NE(text.find("在宅あおぞらクリニック"), std::string::npos) << text;
    EXPECT_NE(text.find("オンライン診療等・外来診療等（通常とは異なる動線）"), std::string::npos) << text;
    EXPECT_NE(text.find(current), std::string::npos) << text;
    EXPECT_NE(run("pdfinfo " + pdf.string()).find("595.28 x 841.89 pts (A4)"), std::string::npos);
    std::string fonts = run("pdffonts " + pdf.string());
    EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
    EXPECT_EQ(fonts.find(" no  "), std::string::npos) << fonts;  // every font embedded

    auto image = host.dir() / "page";
    run("pdftoppm -r 150 -png -singlefile " + pdf.string() + " " + image.string());
    EXPECT_EQ(trimmed(run("zbarimg --raw -q " + image.string() + ".png")), current);
}

TEST_F(MynaurlFiles, PdfFallsBackToInstitutionName) {
    auto code = institution(true, true, "フォールバック医院");
    auto c = admin(code);
    auto r = c->get("/api/mynaurl/home_visit/pdf");
    ASSERT_EQ(r.status, 200);
    auto pdf = host.dir() / "fallback.pdf";
    write(pdf, r.body);
    EXPECT_NE(run("pdftotext " + pdf.string() + " -").find("フォールバック医院"), std::string::npos);
}

TEST_F(MynaurlFiles, ScreenImageIdFollowsTheToken) {
    // The client keeps a decoded image per widget id, so a new URL must come with a new id to be drawn at once.
    auto code = institution();
    auto c = admin(code);
    auto imageId = [&] {
        std::string body = c->get("/api/panels/mynaurl/main").body;
        auto at = body.find("\"qr_home_visit_");
        return at == std::string::npos ? std::string() : body.substr(at, 32);
    };
    std::string before = imageId();
    ASSERT_FALSE(before.empty());
    ASSERT_EQ(operate(*c, "home_visit", "change").status, 200);
    EXPECT_NE(imageId(), before);
}

}  // namespace
}  // namespace mynaurl_test
