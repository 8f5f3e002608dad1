// server_files.hpp — the web client's files: a fixed list taken from the web root, never a path joined from the URL.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace oqs::host {

class WebFiles {
  public:
    // Lists the root's regular files at once: recursively, without dotfiles or dot-folders, and without symlinks
    // that resolve outside the root (a symlink to a folder is not followed).
    explicit WebFiles(std::filesystem::path root);
    // The file for a relative path exactly as listed ("index.html", "fonts/x.otf"), or nothing. A miss lists the
    // root again (at most once a second), so files a new build adds are found without a restart.
    std::optional<std::filesystem::path> find(const std::string& rel);

  private:
    void scan();
    std::filesystem::path m_root;
    std::mutex m_mutex;
    std::map<std::string, std::filesystem::path> m_files;
    std::chrono::steady_clock::time_point m_scanned;
};

// The Content-Security-Policy of an HTML page served as the console: scripts and styles from this origin only,
// WebAssembly compilation, and the page's own inline <script>, <style> and on…="" handlers by their SHA-256.
std::string consolePolicy(std::string_view html);

}  // namespace oqs::host
