// platform.hpp — what the client needs from its surroundings beyond HTTP and drawing: saving a download,
// the clipboard, picking a file, turning PNG bytes into a texture, and placing the IME input. The browser and the
// native front end each implement it; tests use a recording fake.
#pragma once

#include <functional>
#include <string>

namespace oqs::ui {

struct PickedFile {
    std::string name;
    std::string bytes;
};

struct Texture {
    unsigned long long id = 0;  // ImTextureID of the front end's renderer; 0 when decoding failed
    int width = 0;
    int height = 0;
};

class Platform {
  public:
    virtual ~Platform() = default;
    // Saves a downloaded file; returns where it went (a path natively, the name in the browser) or "" on failure.
    virtual std::string saveDownload(const std::string& fileName, const std::string& bytes) = 0;
    virtual void setClipboard(const std::string& text) = 0;
    // Opens the browser's file picker for the field `key`; the choice arrives later through takePickedFile().
    // Returns false where there is no picker (native: the user types a path instead).
    virtual bool openFilePicker(const std::string& key, const std::string& accept) = 0;
    // The file chosen for `key` since the last call, if any.
    virtual bool takePickedFile(const std::string& key, PickedFile& out) = 0;
    // Reads a local file by path (native file fields); false when it cannot be read.
    virtual bool readLocalFile(const std::string& path, std::string& out) = 0;
    // Decodes PNG bytes into a texture; the result may arrive later (the browser decodes asynchronously), so the
    // caller asks again each frame with the same key until id != 0 or failed is set.
    virtual Texture texture(const std::string& key, const std::string& png, bool& failed) = 0;
    // Where the focused text field is (pixels) and whether one is focused, so an IME input can sit over it;
    // secret: a password field (the browser's input becomes type=password, which turns the IME off).
    virtual void textInputArea(bool active, float x, float y, float w, float h, bool secret) = 0;
    // Reads the clipboard for 《貼り付け》 in a field's menu; the text arrives later (the browser asks the user for
    // permission), "" when it cannot be read.
    virtual void readClipboard(std::function<void(std::string)> done) { done(""); }
    // The screen's address and title (the browser's history.pushState, or replaceState when `replace`).
    virtual void setLocation(const std::string& /*path*/, const std::string& /*title*/, bool /*replace*/) {}
    // Opens an http(s) address in the user's browser (a new tab on the web); false where it cannot (the caller
    // then copies it).
    virtual bool openUrl(const std::string& /*url*/) { return false; }
    // A form's draft kept over a reload (the browser's sessionStorage: this tab only, gone when it closes); ""
    // when none. Natively there is no reload: nothing is kept.
    virtual void saveDraft(const std::string& /*key*/, const std::string& /*json*/) {}
    virtual std::string loadDraft(const std::string& /*key*/) { return ""; }
    virtual void clearDrafts() {}  // at logout
};

}  // namespace oqs::ui
