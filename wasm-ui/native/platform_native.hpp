// platform_native.hpp — the native client's surroundings: downloads saved as files (~/Downloads or --downloads),
// file fields read from a typed path, PNG decoded with libpng; clipboard and texture upload are handed in by the
// front end, which owns the window and the GL context.
#pragma once

#include "platform.hpp"

#include <filesystem>
#include <functional>
#include <map>

namespace oqs::ui {

class NativePlatform : public Platform {
  public:
    explicit NativePlatform(std::filesystem::path downloads);
    std::function<void(const std::string&)> clipboard;
    std::function<std::string()> readClipboardText;
    std::function<unsigned long long(const unsigned char* rgba, int w, int h)> uploadTexture;

    std::string saveDownload(const std::string& fileName, const std::string& bytes) override;
    void setClipboard(const std::string& text) override;
    bool openFilePicker(const std::string&, const std::string&) override { return false; }
    bool takePickedFile(const std::string&, PickedFile&) override { return false; }
    bool readLocalFile(const std::string& path, std::string& out) override;
    Texture texture(const std::string& key, const std::string& png, bool& failed) override;
    void textInputArea(bool, float, float, float, float, bool) override {}
    bool openUrl(const std::string& url) override;  // xdg-open
    void readClipboard(std::function<void(std::string)> done) override {
        done(readClipboardText ? readClipboardText() : std::string());
    }

    // Default downloads folder: $HOME/Downloads.
    static std::filesystem::path defaultDownloads();

  private:
    std::filesystem::path m_downloads;
    std::map<std::string, Texture> m_textures;
};

}  // namespace oqs::ui
