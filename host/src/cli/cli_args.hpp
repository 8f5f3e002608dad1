// cli_args.hpp — a small, strict flag parser: every flag is declared, unknown ones are errors.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace oqs::host {

class Args {
  public:
    // valueFlags take a value ("--db FILE" or "--db=FILE"); switches take none.
    Args(const std::vector<std::string>& argv, std::set<std::string> valueFlags, std::set<std::string> switches);
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    std::optional<std::string> get(const std::string& flag) const;
    std::string get(const std::string& flag, const std::string& fallback) const;
    bool has(const std::string& flag) const { return m_switches.count(flag) > 0; }
    // Integer flag within [lo, hi]; sets error() when it is not.
    int integer(const std::string& flag, int fallback, int lo, int hi);

  private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_switches;
    std::string m_error;
};

}  // namespace oqs::host
