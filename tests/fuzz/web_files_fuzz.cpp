// libFuzzer target: the web root's file lookup (host/src/http/server_files.cpp). A URL path is a key into the list of
// the root's files, never a path joined onto the root: whatever the path, the answer is nothing or a file listed
// inside the root — never the secret beside it, a dotfile, or what a symlink out of the root points at. The
// console page's policy builder (consolePolicy) reads any HTML without crashing.
//
// Input: the first line is the looked-up path (as serveFile passes it: the decoded URL path minus its "/"); the
// whole input is also read as an HTML page.
#include "http/server_files.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
    std::abort();
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

struct Root {
    fs::path base, root;
    std::unique_ptr<oqs::host::WebFiles> files;
    Root() {
        char tmpl[] = "/tmp/oqs-webfuzz-XXXXXX";
        if (!::mkdtemp(tmpl)) finding("mkdtemp failed");
        base = tmpl;
        root = base / "web";
        write(base / "secret.txt", "SECRET");
        write(base / "outside" / "x.js", "SECRET");
        for (const char* f : {"index.html", "oqs-ui.js", "oqs-ui.wasm", "oqs-ui.wasm.gz", "fonts/noto.otf", "a/b/c.txt",
                              "日本語.txt", "sp ace.css"})
            write(root / f, f);
        write(root / ".env", "SECRET");
        write(root / ".git" / "config", "SECRET");
        write(root / "a" / ".hidden", "SECRET");
        fs::create_symlink(base / "secret.txt", root / "leak.txt");
        fs::create_directory_symlink(base / "outside", root / "out");
        fs::create_symlink(root / "index.html", root / "alias.html");  // inside: listed
        files = std::make_unique<oqs::host::WebFiles>(root);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Root r;
    std::string in(reinterpret_cast<const char*>(data), size);
    std::string rel = in.substr(0, in.find('\n'));
    auto found = r.files->find(rel);
    if (found) {
        std::error_code ec;
        fs::path real = fs::canonical(*found, ec);
        std::string rootText = fs::canonical(r.root).string() + "/";
        if (ec || real.string().rfind(rootText, 0) != 0) finding("'" + rel + "' served " + real.string());
        for (const auto& part : fs::path(rel))
            if (!part.empty() && part.string().front() == '.') finding("'" + rel + "' served a dot entry");
        std::ifstream f(real, std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(f)), {});
        if (content == "SECRET") finding("'" + rel + "' served a secret");
    }
    (void)oqs::host::consolePolicy(in);
    return 0;
}
