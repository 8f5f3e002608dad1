// The page a patient's phone opens from the URL or the QR code: <public URL>/p/mynaurl/<token>.
//
// Plain HTML with inline style and no script (the host's Content-Security-Policy forbids script on public answers,
// and an old phone on a slow line should see it at once). Only the current token of a service that is switched on
// answers 200 (URL-R2, OQ-49); every other token — an earlier one, a made-up one, one of a service now off — answers
// 410 with the same page, so the answer tells nobody which tokens once existed.
#include "mynaurl.hpp"

namespace mynaurl {

namespace {

std::string escapeHtml(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string page(const std::string& title, const std::string& body) {
    return "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" +
           escapeHtml(title) +
           "</title>"
           "<style>body{font-family:sans-serif;margin:0;padding:1em;line-height:1.6;color:#222;background:#fff}"
           "main{max-width:36em;margin:auto}h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.05em;color:#555;"
           "margin:.2em 0 1em}.box{border:1px solid #bbb;border-radius:6px;padding:.8em;margin:1em 0}"
           "ol{padding-left:1.4em}.gone{border-color:#c33;background:#fff4f4}</style></head><body><main>" +
           body + "</main></body></html>\n";
}

oqs::Response html(int status, std::string body) {
    oqs::Response r;
    r.status = status;
    r.contentType = "text/html; charset=utf-8";
    r.headers["Content-Language"] = "ja";
    r.body = std::move(body);
    return r;
}

oqs::Response gone() {
    return html(410,
                page("このURLは使用できません",
                     "<div class=\"box gone\"><h1>このURLは使用できません</h1>"
                     "<p>このURL（二次元バーコード）は、医療機関によって変更されたか、受付を終了しているため、"
                     "現在は使用できません。</p>"
                     "<p>お手数ですが、受診する医療機関に新しいURLまたは二次元バーコードをお問い合わせください。</p>"
                     "</div>"));
}

oqs::Response reception(oqs::Ctx& ctx, const oqs::Request& req) {
    const std::string token = req.param("token");
    if (!wellFormedToken(token)) return gone();
    auto row = ctx.db().queryOne("SELECT institution, service FROM mynaurl_urls WHERE current_token = ?", token);
    if (!row) return row.error();
    if (row->is_null()) return gone();
    const Service* s = findService((*row)["service"].get<std::string>());
    if (!s) return gone();
    auto face = publicFace(ctx, (*row)["institution"].get<std::string>());
    if (!face) return face.error().status == 404 ? gone() : oqs::Response(face.error());
    if (!serviceOn(*s, face->settings)) return gone();

    const std::string name = escapeHtml(face->displayName), service = escapeHtml(s->nameJa);
    return html(200,
                page(face->displayName + "　マイナ在宅受付Web",
                     "<p>マイナ在宅受付Web</p><h1>" + name + "</h1><h2>" + service +
                         "</h2>"
                         "<div class=\"box\"><p>このページは、" +
                         name + "の「" + service +
                         "」で、あなたの医療情報（薬剤情報・診療情報・特定健診情報など）を医療機関が閲覧することへの"
                         "同意（閲覧同意情報）を登録するための受付ページです。</p></div>"
                         "<p>このあとの流れ</p><ol>"
                         "<li>お手元にマイナンバーカードをご用意ください。</li>"
                         "<li>マイナンバーカードで本人確認を行います。</li>"
                         "<li>医療情報の閲覧に同意するかどうかを選び、登録します。</li>"
                         "<li>登録した内容は、" +
                         name + "での" + service +
                         "で利用されます。</li></ol>"
                         "<p>ご不明な点は、" +
                         name + "にお問い合わせください。</p>"));
}

}  // namespace

void registerPublicPage(oqs::Plugin& p) {
    p.publicRoute("GET", "/{token}", reception, "The patients' reception page of a current URL; 410 for any other");
}

}  // namespace mynaurl
