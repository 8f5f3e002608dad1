// The history suites' host: the history plugin and the dental fixture (another plugin's category, streamed
// answers) on a fresh SQLite file. Each test makes its own institutions; events go straight into the host's
// viewing log, as the viewing terminals' route would put them.
#pragma once

#include "host.hpp"
#include "storage/sql.hpp"
#include "test_host.hpp"
#include "viewing/viewing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_history(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_dental(void);

namespace history_test {

using oqs::test::Client;
using oqs::test::Json;
using oqs::test::Reply;

// UTC milliseconds of a Japan-time moment.
inline int64_t jst(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0) {
    // days_from_civil, as the plugin computes it independently
    int yy = y - (mo <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return ((days * 24 + h) * 60 + mi) * 60000LL + s * 1000LL + ms - 9LL * 3600 * 1000;
}

class HistoryHost : public ::testing::Test {
  protected:
    HistoryHost() : host({oqs_plugin_entry_history(), oqs_plugin_entry_dental()}) {}

    // A new medical institution with an administrator "admin01"; answers its 10-digit code.
    std::string institution() {
        std::string code = "13" + std::to_string(10000000 + ++m_serial);
        host.addInstitution(code, "テスト医院", "medical");
        host.addAccount(code, "admin", "admin01", "Passw0rd!x", "管理 太郎");
        return code;
    }
    std::unique_ptr<Client> admin(const std::string& code) { return host.loginAs(code, "admin01"); }

    static oqs::host::ViewingEvent event(const std::string& code, int64_t atMs,
                                         const std::string& category = "medical.drug",
                                         const std::string& patient = "山田 花子") {
        oqs::host::ViewingEvent e;
        e.atMs = atMs;
        e.institution = code;
        e.userId = "view01";
        e.userName = "閲覧 次郎";
        e.category = category;
        e.patientName = patient;
        e.patientKana = "ヤマダ ハナコ";
        e.birthDate = "1980-04-01";
        e.insurerNumber = "06130012";
        e.cardSymbol = "記号1";
        e.cardNumber = "12345";
        e.cardBranch = "01";
        return e;
    }
    void append(const std::vector<oqs::host::ViewingEvent>& events) {
        auto lease = host.core().pool().lease();
        host.core().viewing().append(*lease, events, host.nowMs(), "test");
    }

    // The query of a period: dates "yyyy/mm/dd", hour and minute as the screen sends them.
    static std::string query(const std::string& fromDate, int fromHour, int fromMinute, const std::string& toDate,
                             int toHour, int toMinute, const std::string& category = "all") {
        auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
        return "?from_date=" + fromDate + "&from_hour=" + std::to_string(fromHour) + "&from_minute=" + two(fromMinute) +
               "&to_date=" + toDate + "&to_hour=" + std::to_string(toHour) + "&to_minute=" + two(toMinute) +
               "&category=" + category;
    }

    // The audit rows of an institution with that action, oldest first.
    Json audit(const std::string& code, const std::string& action) {
        auto lease = host.core().pool().lease();
        auto s = lease->prepare("SELECT user_id, detail FROM audit WHERE institution = ? AND action = ? ORDER BY id");
        s.bindAll(code, action);
        Json rows = Json::array();
        while (s.step()) rows.push_back({{"user_id", s.text(0)}, {"detail", Json::parse(s.text(1))}});
        return rows;
    }

    // The CSV's data lines (after the BOM and header), split at CRLF.
    static std::vector<std::string> lines(const std::string& csv) {
        std::vector<std::string> out;
        size_t pos = csv.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
        while (pos < csv.size()) {
            size_t end = csv.find("\r\n", pos);
            if (end == std::string::npos) end = csv.size();
            out.push_back(csv.substr(pos, end - pos));
            pos = end + 2;
        }
        return out;
    }

    oqs::test::TestHost host;

  private:
    int m_serial = 0;
};

}  // namespace history_test
