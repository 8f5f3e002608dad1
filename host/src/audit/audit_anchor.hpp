// audit_anchor.hpp — the audit chain's head kept outside the database, beside the server key (audit.hpp).
//
// The file holds two slots of 256 bytes, each one JSON line {"seq","id","hash","keyed_from","check"} padded with
// spaces; a write fills the slot the newest one is not in, in place, and `check` (a hash of the rest) tells a
// whole slot from a torn one. A reader takes the newest whole slot, so it sees the old head or the new one, never
// half of each — even while a write is under way, or after a crash in the middle of one. (Replacing the file by
// temporary file + rename gives the same atomicity, but ext4 flushes the data of a file renamed over another:
// 3.7 ms a commit here, against a few microseconds in place.) Writers hold an flock on a lock file beside it, so
// the host and the operator's CLI (several processes on one database) never interleave a read-compare-write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace oqs::host {

struct AuditHead {
    int64_t id = 0;         // the last row (0: an empty log)
    std::string hash;       // its hash
    int64_t keyedFrom = 1;  // the first row that must be keyed (rows before it were written unkeyed)
};

// Nothing when the file is absent or holds no whole slot.
std::optional<AuditHead> readAuditAnchor(const std::string& file);
// Call with the lock held. Throws std::runtime_error when the file cannot be written.
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
