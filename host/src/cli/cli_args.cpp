#include "cli/cli_args.hpp"

namespace oqs::host {

Args::Args(const std::vector<std::string>& argv, std::set<std::string> valueFlags, std::set<std::string> switches) {
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i], value;
        bool inlineValue = false;
        if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            inlineValue = true;
        }
        if (switches.count(a) && !inlineValue) {
            m_switches.insert(a);
        } else if (valueFlags.count(a)) {
            if (!inlineValue) {
                if (i + 1 >= argv.size()) {
                    m_error = a + " needs a value";
                    return;
                }
                value = argv[++i];
            }
            m_values[a] = value;
        } else {
            m_error = "unknown option '" + argv[i] + "' (see --help)";
            return;
        }
    }
}

std::optional<std::string> Args::get(const std::string& flag) const {
    auto it = m_values.find(flag);
    return it == m_values.end() ? std::nullopt : std::optional(it->second);
}

std::string Args::get(const std::string& flag, const std::string& fallback) const {
    return get(flag).value_or(fallback);
}

int Args::integer(const std::string& flag, int fallback, int lo, int hi) {
    auto v = get(flag);
    if (!v) return fallback;
    try {
        size_t used = 0;
        int n = std::stoi(*v, &used);
        if (used == v->size() && n >= lo && n <= hi) return n;
    } catch (...) {
    }
    if (m_error.empty())
        m_error = flag + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    return fallback;
}

}  // namespace oqs::host
