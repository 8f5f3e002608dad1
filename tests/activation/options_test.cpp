// `oqs-host serve --plugin-config FILE`: the operator's options per plugin. A file that is not a JSON object of
// objects stops the host before it serves anything, with one line saying what the file must hold.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Outcome {
    int code;
    std::string out;
};
Outcome serveWith(const std::string& config) {
    auto dir = std::filesystem::temp_directory_path() / ("oqs-act-opt-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto file = dir / "plugins.json";
    std::ofstream(file) << config;
    std::string cmd = std::string(OQS_HOST_BIN) + " serve --port 0 --quiet --db " + (dir / "x.db").string() +
                      " --plugin-config " + file.string() + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[512];
    while (p && std::fgets(buf, sizeof buf, p)) out += buf;
    int status = p ? pclose(p) : -1;
    std::filesystem::remove_all(dir);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(PluginConfig, AFileThatIsNotAnObjectOfObjectsIsRefused) {
    for (const char* bad : {"", "[1]", "{\"activation\": 10}",
                            "{\"activation\": {\"activationDelayMinutes\": 1}, \"x\": []}", "{not json"}) {
        Outcome r = serveWith(bad);
        EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
        EXPECT_NE(r.out.find("--plugin-config must name a JSON file"), std::string::npos) << r.out;
    }
}

}  // namespace
