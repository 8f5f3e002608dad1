// history — ［医療情報閲覧履歴照会］ (SPEC.md §5): who viewed whose medical information, and when, downloaded as a
// CSV file for a patient's inquiry or the institution's own audit. It reads the host's viewing-event log
// (viewing.count / page / histogram), always of the caller's institution; it has no tables of its own.
#include "history_plugin.hpp"

namespace {

void declare(oqs::Plugin& p) {
    p.id("history").name(oqs::panel::L("医療情報閲覧履歴照会", "Medical-information viewing history")).version("1.0.0");
    history_plugin::registerCategories(p);
    history_plugin::registerPanel(p);
    history_plugin::registerSummary(p);
    history_plugin::registerDownload(p);
}

}  // namespace

OQS_PLUGIN(history, declare)
