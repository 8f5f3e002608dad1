// The terms of use (［オンライン資格等システム利用規約］, the manual's spelling). The manual gives no text and says
// the terms change from time to time (《表示する》 is "for reading the terms when they change"), so the text lives
// in the plugin's own table, newest version by publication date, and an operator publishes a new version with one
// INSERT (docs/settings.md). The version accepted is recorded in the audit log when the settings are saved.
#include "settings_plugin.hpp"

namespace settings_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;

// The first version: a placeholder the operating body replaces with its own terms, saying so plainly rather than
// inventing legal text.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE settings_terms(
  version TEXT PRIMARY KEY,
  published TEXT NOT NULL,
  text_ja TEXT NOT NULL,
  text_en TEXT NOT NULL DEFAULT '');
INSERT INTO settings_terms(version, published, text_ja, text_en) VALUES('1', '2024-11-01',
 '訪問診療等機能及びオンライン診療等・外来診療等（通常とは異なる動線）機能の利用にあたっては、実施機関が定める' ||
 'オンライン資格確認等システム利用規約に従ってください。利用規約の本文は実施機関が公開するものを確認してください。',
 'Using the home-visit and online-consultation functions is subject to the terms of use of the Online Qualification ' ||
 'Confirmation System set by the operating body. Read the terms it publishes.');
)sql";

oqs::Response showTerms(oqs::Ctx& ctx, const oqs::Request&) {
    auto terms = currentTerms(ctx);
    if (!terms) return terms.error();
    const std::string title = "［オンライン資格等システム利用規約］";
    return oqs::Response::json({{"version", terms->version},
                                {"text", L(terms->textJa, terms->textEn)},
                                {"message", L(title + "\n\n" + terms->textJa, "[Terms of use]\n\n" + terms->textEn)}});
}

}  // namespace

oqs::Result<Terms> currentTerms(const oqs::Ctx& ctx) {
    auto row = ctx.db().queryOne(
        "SELECT version, text_ja, text_en FROM settings_terms ORDER BY published DESC, version DESC LIMIT 1");
    if (!row) return row.error();
    if (row->is_null()) return oqs::Error{500, "settings.terms_missing", "利用規約が登録されていません。", {}};
    return Terms{(*row)["version"].get<std::string>(), (*row)["text_ja"].get<std::string>(),
                 (*row)["text_en"].get<std::string>()};
}

void registerTerms(oqs::Plugin& p) {
    p.migration(1, kMigration1);
    p.route("GET", "/terms", {oqs::kAdmin}, showTerms, "The current terms of use (《表示する》)")
        .answers(oqs::schema::object(
            {{"version", oqs::schema::string()}, {"text", oqs::schema::label()}, {"message", oqs::schema::label()}}));
}

}  // namespace settings_plugin
