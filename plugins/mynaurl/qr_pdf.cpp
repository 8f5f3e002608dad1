// The QR code as an A4 sheet to print and hand to patients (OQ-48): the institution's display name, the service,
// the QR code (vector squares: sharp at any print size) and the URL under it. The text is set in Noto Sans CJK JP
// (Debian's fonts-noto-cjk, found through fontconfig) and cairo embeds the subset it used, so the sheet prints
// the same everywhere.
#include "mynaurl.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

namespace mynaurl {

namespace {

constexpr double kA4Width = 595.28, kA4Height = 841.89;  // points
constexpr double kMargin = 56.0;
constexpr double kQrSide = 260.0;
constexpr const char* kFamily = "Noto Sans CJK JP";

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Splits UTF-8 text into lines no wider than `width` at the current font (Japanese has no spaces to break at, so
// any character boundary will do). Returns the y after the last line.
double wrapped(cairo_t* cr, const std::string& text, double y, double width, double lineHeight) {
    std::string line;
    auto flush = [&] {
        cairo_move_to(cr, kMargin, y);
        cairo_show_text(cr, line.c_str());
        y += lineHeight;
        line.clear();
    };
    for (size_t i = 0; i < text.size();) {
        size_t n = 1;
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        std::string next = line + text.substr(i, n);
        cairo_text_extents_t ext;
        cairo_text_extents(cr, next.c_str(), &ext);
        if (ext.x_advance > width && !line.empty()) flush();
        line += text.substr(i, n);
        i += n;
    }
    if (!line.empty()) flush();
    return y;
}

void drawSheet(cairo_t* cr, const std::string& displayName, const std::string& serviceName, const std::string& url,
               const QrMatrix& qr) {
    const double width = kA4Width - 2 * kMargin;
    cairo_select_font_face(cr, kFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_font_size(cr, 12);
    double y = wrapped(cr, "マイナ在宅受付Web　閲覧同意情報の登録", kMargin + 12, width, 18);
    cairo_set_font_size(cr, 20);
    y = wrapped(cr, displayName, y + 20, width, 28);
    cairo_set_font_size(cr, 15);
    y = wrapped(cr, serviceName, y + 6, width, 22);

    const double module = kQrSide / qr.width, left = (kA4Width - kQrSide) / 2, top = y + 24;
    for (int r = 0; r < qr.width; ++r)
        for (int c = 0; c < qr.width; ++c)
            if (qr.dark[size_t(r) * size_t(qr.width) + size_t(c)])
                cairo_rectangle(cr, left + c * module, top + r * module, module, module);
    cairo_fill(cr);

    cairo_set_font_size(cr, 10);
    y = wrapped(cr, url, top + kQrSide + 30, width, 15);
    cairo_set_font_size(cr, 11);
    wrapped(cr,
            "スマートフォン等のカメラでこの二次元バーコードを読み取るか、上記のURLを開き、表示される案内に従って"
            "閲覧同意情報を登録してください。",
            y + 20, width, 17);
}

}  // namespace

oqs::Result<std::string> qrPdf(const std::string& displayName, const std::string& serviceName, const std::string& url) {
    auto qr = encodeQr(url);
    if (!qr) return qr.error();
    std::string out;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendTo, &out, kA4Width, kA4Height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "医療機関別URL・二次元バーコード");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "oqs mynaurl plugin");
    cairo_t* cr = cairo_create(surface);
    drawSheet(cr, displayName, serviceName, url, *qr);
    cairo_show_page(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return oqs::Error{
            500, "mynaurl.pdf", std::string("PDFを作成できませんでした。(") + cairo_status_to_string(status) + ")", {}};
    return out;
}

}  // namespace mynaurl
