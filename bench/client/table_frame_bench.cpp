// Prints the CPU time per frame of a panel with a 10,000-row table open (all rows in one answer, no paging, a
// row action per row and greyed rows), laid out and rendered to draw lists by Dear ImGui with no GPU: what the
// list clipper buys. Usage: bench_table_frame [rows] [frames]
#include "panel_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace {
using oqs::ui::Json;

class CannedHttp : public oqs::ui::HttpClient {
  public:
    explicit CannedHttp(std::string rows) : m_rows(std::move(rows)) {}
    void send(const oqs::ui::HttpRequest&, oqs::ui::HttpCallback done) override { m_done.push_back(std::move(done)); }
    void poll() override {
        auto d = std::move(m_done);
        m_done.clear();
        for (auto& cb : d) cb(oqs::ui::HttpResponse{200, m_rows, "application/json", ""});
    }

  private:
    std::string m_rows;
    std::vector<oqs::ui::HttpCallback> m_done;
};

class NullPlatform : public oqs::ui::Platform {
  public:
    std::string saveDownload(const std::string& n, const std::string&) override { return n; }
    void setClipboard(const std::string&) override {}
    bool openFilePicker(const std::string&, const std::string&) override { return false; }
    bool takePickedFile(const std::string&, oqs::ui::PickedFile&) override { return false; }
    bool readLocalFile(const std::string&, std::string&) override { return false; }
    oqs::ui::Texture texture(const std::string&, const std::string&, bool& failed) override {
        failed = true;
        return {};
    }
    void textInputArea(bool, float, float, float, float, bool) override {}
};

class NullNavigator : public oqs::ui::Navigator {
  public:
    void gotoMenu() override {}
    void goBack() override {}
    void openPanel(const std::string&, const Json&) override {}
    void reloadPanel() override {}
    void sessionLost(const std::string&) override {}
};

double cpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
}  // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int frames = argc > 2 ? std::atoi(argv[2]) : 600;
    Json list = Json::array();
    for (int i = 0; i < rows; ++i)
        list.push_back({{"code", "C" + std::to_string(100000 + i)},
                        {"name", "利用者 " + std::to_string(i)},
                        {"invalidated", i % 7 == 0}});
    CannedHttp http(Json{{"rows", list}, {"total", rows}}.dump());
    NullPlatform platform;
    NullNavigator nav;
    oqs::ui::Lang lang = oqs::ui::Lang::Ja;
    Json panel = {
        {"schema", 1},
        {"id", "bench.table"},
        {"title", {{"ja", "一覧"}}},
        {"body",
         Json::array({{{"type", "table"},
                       {"id", "t"},
                       {"source", {{"method", "GET"}, {"path", "/api/bench/rows"}}},
                       {"autoLoad", true},
                       {"columns", Json::array({{{"id", "code"}, {"label", {{"ja", "コード"}}}},
                                                {{"id", "name"}, {"label", {{"ja", "名前"}}}}})},
                       {"greyWhen", {{"field", "invalidated"}, {"equals", true}}},
                       {"rowOpen", {{"panel", "bench.detail"}, {"with", Json::array({"code"})}}},
                       {"rowActions",
                        Json::array({{{"id", "inv"},
                                      {"label", {{"ja", "無効化する"}}},
                                      {"when", {{"field", "invalidated"}, {"equals", false}}},
                                      {"call", {{"method", "POST"}, {"path", "/api/bench/{code}/invalidate"}}}}})}}})}};

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    {
        oqs::ui::PanelView view(panel, Json::object(), {http, platform, nav, lang});
        auto drawFrame = [&](float scroll) {
            http.poll();
            io.MouseWheel = scroll;  // keep scrolling, so the clipper's window moves through the list
            io.MousePos = ImVec2(300, 200);
            ImGui::NewFrame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(io.DisplaySize);
            ImGui::Begin("##bench", nullptr, ImGuiWindowFlags_NoDecoration);
            view.render();
            ImGui::End();
            ImGui::Render();
        };
        for (int i = 0; i < 10; ++i) drawFrame(0);  // the rows arrive; first layout
        std::vector<double> each;
        const double start = cpuMs();
        for (int i = 0; i < frames; ++i) {
            double t0 = cpuMs();
            drawFrame(-3.0f);
            each.push_back(cpuMs() - t0);
        }
        const double total = cpuMs() - start;
        std::sort(each.begin(), each.end());
        std::printf("table frame: %d rows, %d frames: mean %.3f ms CPU per frame (p95 %.3f ms), %d vertices\n", rows,
                    frames, total / frames, each[static_cast<size_t>(frames * 95 / 100)],
                    ImGui::GetDrawData()->TotalVtxCount);
    }
    ImGui::DestroyContext();
    return 0;
}
