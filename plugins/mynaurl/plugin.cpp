// mynaurl — ［医療機関別URL取得・変更］ (SPEC.md §6): each institution's URL and QR code for マイナ在宅受付Web, per
// service (訪問診療等; オンライン診療等・外来診療等（通常とは異なる動線）), with change / revert-to-previous /
// revert-to-first, and the patient-facing page the URL opens (/p/mynaurl/<token>). docs/mynaurl.md explains it.
#include "mynaurl.hpp"

namespace {

void declare(oqs::Plugin& p) {
    p.id("mynaurl").name(oqs::panel::L("マイナ在宅受付web管理", "Myna home reception web")).version("1.0.0");
    mynaurl::registerMigrations(p);
    mynaurl::registerRoutes(p);
    mynaurl::registerPublicPage(p);
    mynaurl::registerPanel(p);
}

}  // namespace

OQS_PLUGIN(mynaurl, declare)
