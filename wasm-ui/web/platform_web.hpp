// platform_web.hpp — the browser's side of Platform: downloads as Blob + <a download>, the async clipboard,
// a hidden <input type=file> for file fields, createImageBitmap for PNG, and the IME input over the focused
// field. The JavaScript halves live in EM_JS blocks in platform_web.cpp; results come back through exported
// C functions (oqs_file_picked, oqs_image_decoded).
// The EM_JS/EM_ASM bodies below are JavaScript, which clang-format would break.
// clang-format off
#pragma once

#include "platform.hpp"

#include <map>
#include <string>
#include <vector>

namespace oqs::ui {

// Draw again soon: something arrived (an answer, a decoded image, a picked file). Defined by main_web.cpp.
void webWake();

class WebPlatform : public Platform {
  public:
    static WebPlatform& instance();
    std::string saveDownload(const std::string& fileName, const std::string& bytes) override;
    void setClipboard(const std::string& text) override;
    bool openFilePicker(const std::string& key, const std::string& accept) override;
    bool takePickedFile(const std::string& key, PickedFile& out) override;
    bool readLocalFile(const std::string&, std::string&) override { return false; }
    Texture texture(const std::string& key, const std::string& png, bool& failed) override;
    void textInputArea(bool active, float x, float y, float w, float h, bool secret) override;
    void readClipboard(std::function<void(std::string)> done) override;
    void setLocation(const std::string& path, const std::string& title, bool replace) override;
    bool openUrl(const std::string& url) override;
    void saveDraft(const std::string& key, const std::string& json) override;
    std::string loadDraft(const std::string& key) override;
    void clearDrafts() override;

    // From JavaScript.
    void filePicked(std::string key, PickedFile file) { m_picked[std::move(key)] = std::move(file); }
    void imageDecoded(const std::string& key, unsigned char* rgba, int w, int h);
    void clipboardRead(std::string text);

  private:
    struct Decoded {
        bool requested = false, done = false;
        std::vector<unsigned char> rgba;
        int w = 0, h = 0;
        Texture texture;
    };
    std::map<std::string, PickedFile> m_picked;
    std::map<std::string, Decoded> m_images;
    std::function<void(std::string)> m_clipboardDone;
    bool m_imeActive = false, m_imeSecret = false;
    float m_ime[4] = {-1, -1, -1, -1};
};

}  // namespace oqs::ui
