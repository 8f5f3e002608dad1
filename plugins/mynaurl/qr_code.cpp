// The QR code of a URL (OQ-48): libqrencode makes the modules (error correction M, byte mode so the URL is encoded
// exactly as given), cairo draws them as a PNG with the standard quiet zone of four modules.
#include "mynaurl.hpp"

#include <cairo.h>
#include <qrencode.h>

#include <memory>

namespace mynaurl {

namespace {

constexpr int kQuietModules = 4;
constexpr int kMinPixels = 300;

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

oqs::Result<QrMatrix> encodeQr(const std::string& text) {
    std::unique_ptr<QRcode, void (*)(QRcode*)> qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
    if (!qr) return oqs::Error{500, "mynaurl.qr", "二次元バーコードを作成できませんでした。", {}};
    QrMatrix m;
    m.width = qr->width;
    m.dark.resize(size_t(m.width) * size_t(m.width));
    for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = qr->data[i] & 1;  // bit 0: dark module
    return m;
}

oqs::Result<std::string> qrPng(const std::string& text) {
    auto m = encodeQr(text);
    if (!m) return m.error();
    const int modules = m->width + 2 * kQuietModules;
    const int scale = (kMinPixels + modules - 1) / modules;  // whole pixels per module: sharp edges for scanners
    const int side = modules * scale;
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < m->width; ++y)
        for (int x = 0; x < m->width; ++x)
            if (m->dark[size_t(y) * size_t(m->width) + size_t(x)])
                cairo_rectangle(cr, (x + kQuietModules) * scale, (y + kQuietModules) * scale, scale, scale);
    cairo_fill(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    std::string out;
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_write_to_png_stream(surface, appendTo, &out);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return oqs::Error{
            500,
            "mynaurl.qr",
            std::string("二次元バーコードを作成できませんでした。(") + cairo_status_to_string(status) + ")",
            {}};
    return out;
}

std::string qrFileName(const std::string& institutionCode, const Service& s, const std::string& ext) {
    return institutionCode + "_" + s.fileTag + "_QR." + ext;
}

}  // namespace mynaurl
