// The EM_JS/EM_ASM bodies below are JavaScript, which clang-format would break.
// clang-format off
#include "platform_web.hpp"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cstdlib>

// [JavaScript] Saves bytes as a browser download named `name`.
EM_JS(void, oqs_js_download, (const char* name, const char* data, int len), {
    const blob = new Blob([HEAPU8.slice(data, data + len)], {type: 'application/octet-stream'});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});

// [JavaScript] The async clipboard; the last text is also kept on window for tests (headless has no clipboard).
EM_JS(void, oqs_js_clipboard, (const char* text), {
    const t = UTF8ToString(text);
    window.oqsLastClipboard = t;
    if (navigator.clipboard) navigator.clipboard.writeText(t).catch(() => {});
});

// [JavaScript] A hidden file input; the chosen file's bytes go to oqs_file_picked.
EM_JS(void, oqs_js_pick_file, (const char* key, const char* accept), {
    const k = UTF8ToString(key);
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    input.id = 'oqs-file-input';
    document.body.appendChild(input);
    input.addEventListener('change', async () => {
        const f = input.files[0];
        input.remove();
        if (!f) return;
        const bytes = new Uint8Array(await f.arrayBuffer());
        const ptr = _malloc(bytes.length || 1);
        HEAPU8.set(bytes, ptr);
        Module.ccall('oqs_file_picked', null, ['string', 'string', 'number', 'number'], [k, f.name, ptr, bytes.length]);
        _free(ptr);
    });
    input.click();
});

// [JavaScript] Decodes PNG bytes with createImageBitmap; RGBA pixels (or w = 0) go to oqs_image_decoded.
EM_JS(void, oqs_js_decode_png, (const char* key, const char* data, int len), {
    const k = UTF8ToString(key);
    const blob = new Blob([HEAPU8.slice(data, data + len)], {type: 'image/png'});
    createImageBitmap(blob).then((bmp) => {
        const c = document.createElement('canvas');
        c.width = bmp.width;
        c.height = bmp.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(bmp, 0, 0);
        const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
        const ptr = _malloc(px.length);
        HEAPU8.set(px, ptr);
        Module.ccall('oqs_image_decoded', null, ['string', 'number', 'number', 'number'], [k, ptr, bmp.width, bmp.height]);
    }).catch(() => Module.ccall('oqs_image_decoded', null, ['string', 'number', 'number', 'number'], [k, 0, 0, 0]));
});

// [JavaScript] Places the IME input (index.html) over the focused field and focuses it, or lets it go.
EM_JS(void, oqs_js_ime, (int active, float x, float y, float w, float h, int secret), {
    if (window.oqsIme) window.oqsIme.place(active !== 0, x, y, w, h, secret !== 0);
});

// [JavaScript] Reads the clipboard (the browser may ask the user); the text goes to oqs_clipboard_read.
EM_JS(void, oqs_js_read_clipboard, (), {
    const done = (t) => Module.ccall('oqs_clipboard_read', null, ['string'], [t]);
    if (!navigator.clipboard || !navigator.clipboard.readText) return done("");
    navigator.clipboard.readText().then(done, () => done(""));
});

// [JavaScript] The screen's URL and title (console.js keeps ?automation and ?lang on the address).
EM_JS(void, oqs_js_location, (const char* path, const char* title, int replace), {
    if (window.oqsHistory) window.oqsHistory.set(UTF8ToString(path), UTF8ToString(title), replace !== 0);
});

// [JavaScript] A link: a new tab, without giving it this page (noopener).
EM_JS(void, oqs_js_open_url, (const char* url), {
    window.open(UTF8ToString(url), '_blank', 'noopener,noreferrer');
});

// [JavaScript] Drafts in sessionStorage (this tab only); "" when none or when storage is refused.
EM_JS(void, oqs_js_save_draft, (const char* key, const char* json), {
    try {
        const k = 'oqs.draft.' + UTF8ToString(key), v = UTF8ToString(json);
        if (v) sessionStorage.setItem(k, v); else sessionStorage.removeItem(k);
    } catch (e) {}
});
EM_JS(char*, oqs_js_load_draft, (const char* key), {
    let v = "";
    try { v = sessionStorage.getItem('oqs.draft.' + UTF8ToString(key)) || ""; } catch (e) {}
    const n = lengthBytesUTF8(v) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});

EM_JS(void, oqs_js_clear_drafts, (), {
    try {
        for (const k of Object.keys(sessionStorage)) if (k.startsWith('oqs.draft.')) sessionStorage.removeItem(k);
    } catch (e) {}
});

namespace oqs::ui {

void WebPlatform::clearDrafts() { oqs_js_clear_drafts(); }

bool WebPlatform::openUrl(const std::string& url) {
    oqs_js_open_url(url.c_str());
    return true;
}

void WebPlatform::saveDraft(const std::string& key, const std::string& json) { oqs_js_save_draft(key.c_str(), json.c_str()); }

std::string WebPlatform::loadDraft(const std::string& key) {
    char* p = oqs_js_load_draft(key.c_str());
    std::string out = p ? p : "";
    std::free(p);
    return out;
}

void WebPlatform::setLocation(const std::string& path, const std::string& title, bool replace) {
    oqs_js_location(path.c_str(), title.c_str(), replace ? 1 : 0);
}

WebPlatform& WebPlatform::instance() {
    static WebPlatform p;
    return p;
}

std::string WebPlatform::saveDownload(const std::string& fileName, const std::string& bytes) {
    oqs_js_download(fileName.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    return fileName;
}

void WebPlatform::setClipboard(const std::string& text) { oqs_js_clipboard(text.c_str()); }

bool WebPlatform::openFilePicker(const std::string& key, const std::string& accept) {
    oqs_js_pick_file(key.c_str(), accept.c_str());
    return true;
}

bool WebPlatform::takePickedFile(const std::string& key, PickedFile& out) {
    auto it = m_picked.find(key);
    if (it == m_picked.end()) return false;
    out = std::move(it->second);
    m_picked.erase(it);
    return true;
}

void WebPlatform::imageDecoded(const std::string& key, unsigned char* rgba, int w, int h) {
    Decoded& d = m_images[key];
    d.done = true;
    if (rgba && w > 0 && h > 0) {
        d.rgba.assign(rgba, rgba + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        d.w = w;
        d.h = h;
    }
    std::free(rgba);
}

Texture WebPlatform::texture(const std::string& key, const std::string& png, bool& failed) {
    Decoded& d = m_images[key];
    if (!d.requested) {
        d.requested = true;
        oqs_js_decode_png(key.c_str(), png.data(), static_cast<int>(png.size()));
    }
    if (!d.done || d.texture.id != 0) return d.texture;
    if (d.rgba.empty()) {
        failed = true;
        return d.texture;
    }
    // Uploaded here, inside a frame, where the WebGL context is current.
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // QR codes stay sharp when enlarged
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, d.w, d.h, 0, GL_RGBA, GL_UNSIGNED_BYTE, d.rgba.data());
    d.texture = Texture{tex, d.w, d.h};
    d.rgba.clear();
    return d.texture;
}

void WebPlatform::textInputArea(bool active, float x, float y, float w, float h, bool secret) {
    // Only tell JavaScript when something changed: this runs every frame.
    if (active == m_imeActive && secret == m_imeSecret && x == m_ime[0] && y == m_ime[1] && w == m_ime[2] &&
        h == m_ime[3])
        return;
    m_imeActive = active;
    m_imeSecret = secret;
    m_ime[0] = x, m_ime[1] = y, m_ime[2] = w, m_ime[3] = h;
    oqs_js_ime(active ? 1 : 0, x, y, w, h, secret ? 1 : 0);
}

void WebPlatform::readClipboard(std::function<void(std::string)> done) {
    m_clipboardDone = std::move(done);
    oqs_js_read_clipboard();
}

void WebPlatform::clipboardRead(std::string text) {
    auto done = std::move(m_clipboardDone);
    m_clipboardDone = nullptr;
    if (done) done(std::move(text));
}

}  // namespace oqs::ui

extern "C" {
EMSCRIPTEN_KEEPALIVE void oqs_file_picked(const char* key, const char* name, const char* data, int len) {
    oqs::ui::WebPlatform::instance().filePicked(key, {name, std::string(data, static_cast<std::size_t>(len))});
    oqs::ui::webWake();
}
EMSCRIPTEN_KEEPALIVE void oqs_image_decoded(const char* key, unsigned char* rgba, int w, int h) {
    oqs::ui::WebPlatform::instance().imageDecoded(key, rgba, w, h);
    oqs::ui::webWake();
}
EMSCRIPTEN_KEEPALIVE void oqs_clipboard_read(const char* text) {
    oqs::ui::WebPlatform::instance().clipboardRead(text);
    oqs::ui::webWake();
}
}
