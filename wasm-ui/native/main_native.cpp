// oqs-ui — the console's native client: the same App as in the browser, in a GLFW window with OpenGL 3.
//   oqs-ui --server http://127.0.0.1:8080 [--downloads DIR] [--font FILE] [--lang en]
//          [--automation] [--script FILE] [--exit-after-frames N] [--screenshot FILE]
// --automation prints the last frame's widgets as JSON on exit; --script clicks and types by label (one command a
// line, see frontend.hpp); --screenshot saves the last frame as a binary PPM (P6). The frame itself is
// ClientShell's, shared with the web main.
#include "app.hpp"
#include "automation.hpp"
#include "client_shell.hpp"
#include "frontend.hpp"
#include "http_native.hpp"
#include "platform_native.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

namespace {

struct Options {
    std::string server, downloads, font, script, screenshot, lang = "ja";
    bool automation = false;
    long long exitAfterFrames = -1;
};

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string n;
        if (a == "--server") {
            if (!value(o.server)) return false;
        } else if (a == "--downloads") {
            if (!value(o.downloads)) return false;
        } else if (a == "--font") {
            if (!value(o.font)) return false;
        } else if (a == "--script") {
            if (!value(o.script)) return false;
        } else if (a == "--screenshot") {
            if (!value(o.screenshot)) return false;
        } else if (a == "--lang") {
            if (!value(o.lang)) return false;
        } else if (a == "--automation") o.automation = true;
        else if (a == "--exit-after-frames") {
            if (!value(n)) return false;
            o.exitAfterFrames = std::atoll(n.c_str());
        } else return false;
    }
    return !o.server.empty();
}

bool readFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

void saveScreenshot(const std::string& path, int w, int h) {
    std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    std::ofstream out(path, std::ios::binary);
    out << "P6\n" << w << " " << h << "\n255\n";
    for (int y = h - 1; y >= 0; --y)  // GL's rows run bottom-up
        out.write(reinterpret_cast<const char*>(&px[static_cast<size_t>(y) * static_cast<size_t>(w) * 3]), w * 3);
}

// Logical pixels are the window's size over its content scale (X11 reports pixels; macOS points already).
oqs::ui::Display display(GLFWwindow* window) {
    int ww = 0, wh = 0, fw = 0, fh = 0;
    float sx = 1, sy = 1;
    glfwGetWindowSize(window, &ww, &wh);
    glfwGetFramebufferSize(window, &fw, &fh);
    glfwGetWindowContentScale(window, &sx, &sy);
    if (sx <= 0) sx = 1;
    const float pointsPerPixel = ww > 0 ? static_cast<float>(fw) / static_cast<float>(ww) : 1.0f;
    const float scale = std::max(sx, pointsPerPixel);
    oqs::ui::Display d;
    d.width = static_cast<float>(fw) / scale;
    d.height = static_cast<float>(fh) / scale;
    d.scale = scale;
    d.mouseScale = ww > 0 ? d.width / static_cast<float>(ww) : 1.0f;
    return d;
}

unsigned long long uploadTexture(const unsigned char* rgba, int w, int h) {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // QR codes stay sharp when enlarged
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return tex;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (!parseArgs(argc, argv, opt)) {
        std::fprintf(stderr,
                     "usage: oqs-ui --server URL [--downloads DIR] [--font FILE] [--lang en] [--automation]\n"
                     "              [--script FILE] [--exit-after-frames N] [--screenshot FILE]\n");
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    if (!glfwInit()) {
        std::fprintf(stderr, "oqs-ui: no display (GLFW could not start)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(1200, 800, "オンライン資格確認等システム 管理者画面", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "oqs-ui: could not open an OpenGL 3.3 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    int status = 0;
    {
        oqs::ui::ClientShell shell(window, "#version 150");
        shell.clockMs = [started] {
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        };
        std::string fontBytes;
        const std::string fontPath = opt.font.empty() ? std::string(OQS_DEFAULT_FONT) : opt.font;
        if (!readFile(fontPath, fontBytes))
            std::fprintf(stderr, "oqs-ui: cannot load the font %s; Japanese will not show\n", fontPath.c_str());
        shell.fonts().setBase(std::move(fontBytes), 18.0f);
        // The whole collection is here: glyphs beyond the first-screen ranges come from the same font.
        shell.fonts().onMissing = [&shell](const std::vector<std::uint32_t>& cps) {
            shell.fonts().addSupplement("", cps);
        };

        oqs::ui::Automation::instance().setEnabled(opt.automation || !opt.script.empty());
        oqs::ui::NativeHttpClient http(opt.server);
        oqs::ui::GlyphWatchingHttp watched(http, shell.fonts());
        oqs::ui::NativePlatform platform(opt.downloads.empty() ? oqs::ui::NativePlatform::defaultDownloads()
                                                               : std::filesystem::path(opt.downloads));
        platform.clipboard = [window](const std::string& t) { glfwSetClipboardString(window, t.c_str()); };
        platform.readClipboardText = [window] {
            const char* t = glfwGetClipboardString(window);
            return std::string(t ? t : "");
        };
        platform.uploadTexture = uploadTexture;
        oqs::ui::App app(watched, platform);
        if (opt.lang == "en") app.setLang(oqs::ui::Lang::En);
        app.start();

        std::vector<std::string> lines;
        if (!opt.script.empty()) {
            std::ifstream in(opt.script);
            for (std::string l; std::getline(in, l);) lines.push_back(l);
        }
        oqs::ui::ScriptDriver driver(lines);
        oqs::ui::ClientShell::Hooks hooks;
        // After the backend, which sets the mouse from the real cursor.
        if (!opt.script.empty()) hooks.beforeNewFrame = [&] { driver.beforeFrame(app); };
        long long frames = 0;
        while (!glfwWindowShouldClose(window)) {
            glfwPollEvents();
            shell.frame(app, display(window), hooks);
            int w = 0, h = 0;
            glfwGetFramebufferSize(window, &w, &h);
            if (std::string shot = driver.takeScreenshotRequest(); !shot.empty()) saveScreenshot(shot, w, h);
            ++frames;
            if (!driver.failure().empty()) {
                std::fprintf(stderr, "oqs-ui: script failed: %s\n", driver.failure().c_str());
                status = 1;
                break;
            }
            bool scriptDone = !opt.script.empty() && driver.finished();
            if (scriptDone || (opt.exitAfterFrames >= 0 && frames >= opt.exitAfterFrames)) {
                if (!opt.screenshot.empty()) saveScreenshot(opt.screenshot, w, h);
                break;
            }
            glfwSwapBuffers(window);
            // Idle: wait for an event instead of drawing (a timeout keeps clocks such as refreshSeconds going).
            // Only a screen with clocks (refreshSeconds, 「コピーしました。」) needs the 1 s timeout; answers come while
            // busy, when the loop does not wait.
            if (opt.script.empty() && opt.exitAfterFrames < 0 && !shell.wantsFrames(app)) {
                if (app.hasClocks()) glfwWaitEventsTimeout(1.0);
                else glfwWaitEvents();
            }
        }
        for (const auto& l : driver.log)
            if (!l.empty()) std::printf("%s\n", l.c_str());
        if (opt.automation) std::printf("%s\n", oqs::ui::Automation::instance().json().c_str());
        http.drain();
        http.poll();
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}
