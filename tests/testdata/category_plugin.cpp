// A vendor plugin contributing its own data category to the testdata screen (testdata.categories), restricted to
// two qualification types, two records a registration; and a malformed item the screen must ignore.
#include <oqs/plugin.hpp>

namespace {

void declare(oqs::Plugin& p) {
    p.id("homecare").name(oqs::panel::L("訪問看護テスト")).version("1.0.0");
    p.contribute("testdata.categories", {{"key", "homecare.visit"},
                                         {"label", oqs::panel::L("訪問看護テスト", "Home-care test")},
                                         {"types", {1, 7}},
                                         {"records", 2}});
    p.contribute("testdata.categories", {{"key", "BAD KEY"}, {"label", 42}});
}

}  // namespace

OQS_PLUGIN(homecare, declare)
