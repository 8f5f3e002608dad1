// audit_anchor.hpp — the audit chain's head kept outside the database, beside the server key (audit.hpp).
//
// One small JSON file, {"id","hash","keyed_from"}, replaced whole (write a temporary file, then rename), so a reader
// sees the old head or the new one, never half of each. Every writer holds an flock on a lock file beside it, so
// the host and the operator's CLI (several processes on one database) never interleave a read-compare-write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace oqs::host {

struct AuditHead {
    int64_t id = 0;          // the last row (0: an empty log)
    std::string hash;        // its hash
    int64_t keyedFrom = 1;   // the first row that must be keyed (rows before it were written unkeyed)
};

// Nothing when the file is absent or unreadable.
std::optional<AuditHead> readAuditAnchor(const std::string& file);
// Throws std::runtime_error when the file cannot be written.
void writeAuditAnchor(const std::string& file, const AuditHead& head);

// Holds the anchor's lock file (FILE.lock) exclusively for its lifetime.
class AuditAnchorLock {
  public:
    explicit AuditAnchorLock(const std::string& file);
    ~AuditAnchorLock();
    AuditAnchorLock(const AuditAnchorLock&) = delete;
    AuditAnchorLock& operator=(const AuditAnchorLock&) = delete;

  private:
    int m_fd = -1;
};

}  // namespace oqs::host
