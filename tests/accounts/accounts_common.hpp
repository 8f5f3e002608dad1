// Shared by the accounts suites: a host with the accounts plugin, logins of every kind, and a look at the
// accounts table behind the HTTP surface (to prove a refused call changed nothing).
#pragma once

#include "test_host.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cctype>
#include <string>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);

namespace oqs::test {

constexpr const char* kMedCode = "1312345678";  // 3rd digit 1: medical
constexpr const char* kPhaCode = "1342345678";  // 3rd digit 4: pharmacy
constexpr const char* kOtherCode = "2712345678";

// One row of the accounts table as stored: {"name","kana","valid","locked","start_date","end_date","deleted",
// "initial"}, or null when there is no such row.
inline Json storedAccount(const TestHost& host, const std::string& code, const std::string& userId) {
    sqlite3* db = nullptr;
    Json out;
    if (sqlite3_open_v2(host.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        const char* sql =
            "SELECT a.name, a.kana, a.valid, a.locked, a.start_date, a.end_date, a.deleted_ms IS NOT NULL, "
            "a.password_initial, a.kind FROM accounts a JOIN institutions i ON i.id = a.institution_id "
            "WHERE i.code = ? AND a.user_id = ?";
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, code.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, userId.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                auto text = [&](int i) {
                    auto p = sqlite3_column_text(st, i);
                    return p ? Json(reinterpret_cast<const char*>(p)) : Json();
                };
                out = {{"name", text(0)},
                       {"kana", text(1)},
                       {"valid", sqlite3_column_int(st, 2) == 1},
                       {"locked", sqlite3_column_int(st, 3) == 1},
                       {"start_date", text(4)},
                       {"end_date", text(5)},
                       {"deleted", sqlite3_column_int(st, 6) == 1},
                       {"initial", sqlite3_column_int(st, 7) == 1},
                       {"kind", text(8)}};
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

// A query value as it travels in a URL.
inline std::string urlEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '~') out += char(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

inline Json newAccount(const std::string& kind, const std::string& userId) {
    return {{"kind", kind},
            {"user_id", userId},
            {"name", "試験　花子"},
            {"kana", "シケン　ハナコ"},
            {"start_date", "2026/11/01"},
            {"end_date", "2027/03/31"}};
}

// The characters of a UTF-8 string, each as its own string (the search tests cut needles out of stored names).
inline std::vector<std::string> utf8Chars(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        size_t n = 1;
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace oqs::test
