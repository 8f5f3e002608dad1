#include "pdf.hpp"

#include "messages.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <filesystem>
#include <utility>
#include <vector>

namespace oqs::accounts {

namespace {

constexpr double kA4Width = 595.28, kA4Height = 841.89;  // points
constexpr double kMargin = 56.0, kLabelWidth = 170.0, kRowHeight = 30.0;

// Debian's Japanese fonts, best first; the face index picks Japanese glyph forms inside a collection.
const std::pair<const char*, long> kFonts[] = {
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0},  // face 0 = Noto Sans CJK JP
    {"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0},
    {"/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0},
};

// The Japanese face for one sheet. FreeType reads the collection lazily, so opening it per sheet costs about a
// millisecond; cairo owns the FT_Face through the face's user data and frees it with the face, so nothing
// outlives the render (LeakSanitizer checks this in the test command).
class JapaneseFace {
  public:
    JapaneseFace() {
        if (FT_Init_FreeType(&m_lib) != 0) return;
        for (const auto& [path, index] : kFonts) {
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) continue;
            FT_Face ft = nullptr;
            if (FT_New_Face(m_lib, path, index, &ft) != 0) continue;
            m_face = cairo_ft_font_face_create_for_ft_face(ft, 0);
            static const cairo_user_data_key_t kOwnsFace{};
            if (cairo_font_face_status(m_face) == CAIRO_STATUS_SUCCESS &&
                cairo_font_face_set_user_data(m_face, &kOwnsFace, ft, [](void* f) {
                    FT_Done_Face(static_cast<FT_Face>(f));
                }) == CAIRO_STATUS_SUCCESS)
                return;
            cairo_font_face_destroy(m_face);
            m_face = nullptr;
            FT_Done_Face(ft);
        }
    }
    ~JapaneseFace() {
        if (m_face) cairo_font_face_destroy(m_face);  // frees the FT_Face once cairo's last reference goes
        if (m_lib) FT_Done_FreeType(m_lib);
    }
    JapaneseFace(const JapaneseFace&) = delete;
    JapaneseFace& operator=(const JapaneseFace&) = delete;
    cairo_font_face_t* get() const { return m_face; }

  private:
    FT_Library m_lib = nullptr;
    cairo_font_face_t* m_face = nullptr;
};

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void textAt(cairo_t* cr, double x, double y, const std::string& s) {
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

void drawSheet(cairo_t* cr, cairo_font_face_t* face, const SheetData& d) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_font_face(cr, face);
    cairo_set_font_size(cr, 20);
    textAt(cr, kMargin, kMargin + 20, "アカウント設定情報");
    cairo_set_font_size(cr, 10);
    textAt(cr, kMargin, kMargin + 44, "発行日時：" + d.issuedAt);

    const std::vector<std::pair<std::string, std::string>> rows = {
        {"機関コード", d.institutionCode},
        {"機関名", d.institutionName},
        {"権限区分", d.kindLabel},
        {"ユーザID", d.userId},
        {"ユーザ名", d.name},
        {"ユーザ名（カナ）", d.kana},
        {"初期パスワード", d.initialPassword},
        {"初期パスワード有効期限", d.initialExpires},
        {"利用開始年月日", d.startDate},
        {"利用終了年月日", d.endDate},
    };
    double top = kMargin + 70, width = kA4Width - 2 * kMargin;
    cairo_set_line_width(cr, 0.8);
    for (size_t i = 0; i < rows.size(); ++i) {
        double y = top + double(i) * kRowHeight;
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_rectangle(cr, kMargin, y, kLabelWidth, kRowHeight);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_rectangle(cr, kMargin, y, width, kRowHeight);
        cairo_move_to(cr, kMargin + kLabelWidth, y);
        cairo_line_to(cr, kMargin + kLabelWidth, y + kRowHeight);
        cairo_stroke(cr);
        cairo_set_font_size(cr, 11);
        textAt(cr, kMargin + 8, y + 19, rows[i].first);
        cairo_set_font_size(cr, 12);
        textAt(cr, kMargin + kLabelWidth + 10, y + 19, rows[i].second);
    }
    double notes = top + double(rows.size()) * kRowHeight + 30;
    cairo_set_font_size(cr, 10);
    textAt(cr, kMargin, notes,
           "※初期パスワードの有効期間は30日間です。有効期限までにログインし、パスワードを変更してください。");
    textAt(cr, kMargin, notes + 16, "※本紙は第三者の目に触れないよう厳重に管理してください。");
}

}  // namespace

oqs::Result<std::string> renderAccountSheet(const SheetData& data) {
    JapaneseFace face;
    if (!face.get()) return oqs::Error{500, "accounts.pdf.font", message("accounts.pdf.font", "ja"), {}};
    std::string out;
    cairo_status_t status;
    {
        cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendTo, &out, kA4Width, kA4Height);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "アカウント設定情報");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "oqs accounts plugin");
        cairo_t* cr = cairo_create(surface);
        drawSheet(cr, face.get(), data);
        cairo_show_page(cr);
        status = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
    }
    if (status != CAIRO_STATUS_SUCCESS)
        return oqs::Error{500,
                          "accounts.pdf.render",
                          message("accounts.pdf.render", "ja") + " (" + cairo_status_to_string(status) + ")",
                          {}};
    return out;
}

std::string sheetFileName(const std::string& userId) { return "アカウント設定情報_" + userId + ".pdf"; }

}  // namespace oqs::accounts
