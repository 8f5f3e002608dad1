#include "platform_native.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#ifdef OQS_HAVE_PNG
#include <png.h>
#endif

namespace oqs::ui {

NativePlatform::NativePlatform(std::filesystem::path downloads) : m_downloads(std::move(downloads)) {}

std::filesystem::path NativePlatform::defaultDownloads() {
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / "Downloads";
}

std::string NativePlatform::saveDownload(const std::string& fileName, const std::string& bytes) {
    std::error_code ec;
    std::filesystem::create_directories(m_downloads, ec);
    // Never overwrite: "name.csv", "name (2).csv", … as browsers do.
    std::filesystem::path base = std::filesystem::u8path(fileName);
    std::filesystem::path target = m_downloads / base;
    for (int n = 2; std::filesystem::exists(target, ec) && n < 1000; ++n)
        target = m_downloads / (base.stem().string() + " (" + std::to_string(n) + ")" + base.extension().string());
    std::ofstream out(target, std::ios::binary);
    if (!out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return {};
    return target.string();
}

bool NativePlatform::openUrl(const std::string& url) {
    // The desktop's browser through xdg-open, without a shell (the URL is one argument, never parsed).
    std::vector<char*> argv{const_cast<char*>("xdg-open"), const_cast<char*>(url.c_str()), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv.data(), environ) != 0) return false;
    int status = 0;
    // xdg-open hands over to the browser and returns; 3 = no tool found for the URL.
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return false;
    return true;
}

void NativePlatform::setClipboard(const std::string& text) {
    if (clipboard) clipboard(text);
}

bool NativePlatform::readLocalFile(const std::string& path, std::string& out) {
    std::ifstream in(std::filesystem::u8path(path), std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

Texture NativePlatform::texture(const std::string& key, const std::string& png, bool& failed) {
    if (auto it = m_textures.find(key); it != m_textures.end()) return it->second;
    Texture t;
#ifdef OQS_HAVE_PNG
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, png.data(), png.size())) {
        image.format = PNG_FORMAT_RGBA;
        std::vector<unsigned char> rgba(PNG_IMAGE_SIZE(image));
        if (png_image_finish_read(&image, nullptr, rgba.data(), 0, nullptr) && uploadTexture) {
            t.width = static_cast<int>(image.width);
            t.height = static_cast<int>(image.height);
            t.id = uploadTexture(rgba.data(), t.width, t.height);
        }
        png_image_free(&image);
    }
#endif
    if (t.id == 0) failed = true;
    m_textures[key] = t;
    return t;
}

}  // namespace oqs::ui
