// crypto.hpp — passwords, tokens and hashes, all from libsodium.
//
// Chosen passwords are stored as Argon2id (OWASP's minimum: t=2, m=19 MiB, p=1). Generated initial passwords are
// 20 characters from a 56-character alphabet (116 bits), so a fast keyed hash (BLAKE2b with a server key kept
// outside the database) protects them as well as Argon2id would (OWASP ASVS 5.0, 6.5.2); the first login
// replaces them with an Argon2id hash of the user's own choice. Bulk registration is then bound by the database,
// not by hashing.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

namespace oqs::host {

struct PasswordParams {
    unsigned long long opsLimit = 2;             // Argon2id t
    size_t memLimitBytes = 19ULL * 1024 * 1024;  // Argon2id m
    // Argon2id computations at once (0: one per core, at least 2). Each holds m bytes; without a bound a login
    // storm on 128 HTTP threads could ask for 2.4 GB, and more at once than cores is no faster anyway.
    int concurrentHashes = 0;
};

class Crypto {
  public:
    // keyFile: where the server key lives (created 0600 on first use).
    explicit Crypto(const std::string& keyFile, PasswordParams params = {});

    std::string hashPassword(const std::string& password) const;         // "$argon2id$…"
    std::string hashInitialPassword(const std::string& password) const;  // "$oqs-kb2$…"
    bool verifyPassword(const std::string& password, const std::string& stored) const;
    // Burns the time of one Argon2id verification, so an unknown user ID answers as slowly as a known one.
    void verifyDummy(const std::string& password) const;

    // A 32-byte key for one purpose ("seal:<plugin id>"), derived from the server key with keyed BLAKE2b: what is
    // sealed for one purpose never opens with another's key, and the server key itself never leaves this class.
    std::array<unsigned char, 32> derivedKey(const std::string& purpose) const;

    static std::string generateInitialPassword();       // 20 chars, letters and digits, no look-alikes
    static std::string randomToken(size_t bytes = 32);  // base64url, no padding
    static std::string sha256Hex(const std::string& data);
    static bool equalConstantTime(const std::string& a, const std::string& b);

    // The 32-byte server key a key file holds, or nothing when it is absent or short (never creates one).
    static std::optional<std::string> readServerKey(const std::string& keyFile);
    // A 32-byte key for one purpose, derived from a server key (libsodium's KDF; context: 8 characters), so one key
    // file serves several purposes without one use revealing another's key.
    static std::string deriveKey(const std::string& serverKey, const char* context);
    std::string deriveKey(const char* context) const;
    static std::string hmacSha256Hex(const std::string& key, const std::string& data);

    const PasswordParams& params() const { return m_params; }
    // The most Argon2id computations that ever ran at once (never above the bound; for tests and benchmarks).
    int peakConcurrentHashes() const;

  private:
    class Slots;  // the bound on concurrent Argon2id computations (crypto.cpp)
    unsigned char m_key[32];
    PasswordParams m_params;
    std::shared_ptr<Slots> m_slots;
    std::string m_dummyHash;
};

}  // namespace oqs::host
