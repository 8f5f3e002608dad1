// viewing_generate.hpp — synthetic viewing events (`oqs-host viewing generate`, `serve --demo`).
#pragma once

#include "viewing/viewing.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace oqs::host {

struct GenerateSpec {
    std::vector<std::string> institutions;                     // codes, chosen uniformly
    std::vector<std::pair<std::string, std::string>> viewers;  // (user ID, name), chosen uniformly
    std::vector<std::string> categories;
    int64_t untilMs = 0;  // the newest possible viewing
    int64_t days = 30;    // how far back viewings go
};

// `count` events in no particular order (the log orders by viewing time when read).
std::vector<ViewingEvent> generateViewingEvents(const GenerateSpec& spec, std::mt19937_64& rng, size_t count);

class Host;
// Writes `rows` events over the last `days` days for the institution `code`, or shared by all ("all"); the
// number written (cli_viewing.cpp).
oqs::Result<int64_t> generateViewing(Host& host, const std::string& code, int64_t rows, int64_t days, uint64_t seed);

}  // namespace oqs::host
