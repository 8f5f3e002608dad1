#include "identity/crypto.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace oqs::host {

namespace {
constexpr const char* kKeyedPrefix = "$oqs-kb2$";
// OQ-16: letters and digits without the look-alikes 0 O o 1 l I.
constexpr const char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

std::string hex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}
}  // namespace

std::optional<std::string> Crypto::readServerKey(const std::string& keyFile) {
    std::string key(32, '\0');
    std::ifstream in(keyFile, std::ios::binary);
    if (in && in.read(key.data(), std::streamsize(key.size())) && in.gcount() == std::streamsize(key.size()))
        return key;
    return std::nullopt;
}

std::string Crypto::deriveKey(const std::string& serverKey, const char* context) {
    static_assert(crypto_kdf_KEYBYTES == 32);
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    if (serverKey.size() != crypto_kdf_KEYBYTES || std::strlen(context) != crypto_kdf_CONTEXTBYTES)
        throw std::invalid_argument("deriveKey: a 32-byte key and an 8-character context");
    std::string out(32, '\0');
    crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), out.size(), 1, context,
                               reinterpret_cast<const unsigned char*>(serverKey.data()));
    return out;
}

std::string Crypto::deriveKey(const char* context) const {
    return deriveKey(std::string(reinterpret_cast<const char*>(m_key), sizeof m_key), context);
}

std::string Crypto::hmacSha256Hex(const std::string& key, const std::string& data) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    crypto_auth_hmacsha256_final(&st, mac);
    return hex(mac, sizeof mac);
}

// Waits for a free slot before an Argon2id computation and frees it after; counts the peak for tests.
class Crypto::Slots {
  public:
    explicit Slots(int n) : m_limit(n) {}
    class Held {
      public:
        explicit Held(Slots& s) : m_s(s) { m_s.take(); }
        ~Held() { m_s.give(); }
        Held(const Held&) = delete;
        Held& operator=(const Held&) = delete;

      private:
        Slots& m_s;
    };
    int peak() {
        std::lock_guard lock(m_m);
        return m_peak;
    }

  private:
    void take() {
        std::unique_lock lock(m_m);
        m_cv.wait(lock, [&] { return m_busy < m_limit; });
        m_peak = std::max(m_peak, ++m_busy);
    }
    void give() {
        {
            std::lock_guard lock(m_m);
            --m_busy;
        }
        m_cv.notify_one();
    }
    std::mutex m_m;
    std::condition_variable m_cv;
    const int m_limit;
    int m_busy = 0, m_peak = 0;
};

Crypto::Crypto(const std::string& keyFile, PasswordParams params) : m_params(params) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    if (auto existing = readServerKey(keyFile)) {
        std::memcpy(m_key, existing->data(), sizeof m_key);
    } else {
        randombytes_buf(m_key, sizeof m_key);
        std::FILE* f = std::fopen(keyFile.c_str(), "wb");
        if (!f) throw std::runtime_error("cannot write the server key file " + keyFile);
        ::chmod(keyFile.c_str(), 0600);
        bool ok = std::fwrite(m_key, 1, sizeof m_key, f) == sizeof m_key;
        ok = std::fclose(f) == 0 && ok;
        if (!ok) throw std::runtime_error("cannot write the server key file " + keyFile);
    }
    int slots = m_params.concurrentHashes > 0 ? m_params.concurrentHashes
                                              : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
    m_slots = std::make_shared<Slots>(slots);
    m_dummyHash = hashPassword("dummy-password-for-timing");
}

int Crypto::peakConcurrentHashes() const { return m_slots->peak(); }

std::string Crypto::hashPassword(const std::string& password) const {
    Slots::Held slot(*m_slots);
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), m_params.opsLimit, m_params.memLimitBytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

std::string Crypto::hashInitialPassword(const std::string& password) const {
    unsigned char mac[32];
    crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(password.data()), password.size(), m_key,
                       sizeof m_key);
    return kKeyedPrefix + hex(mac, sizeof mac);
}

bool Crypto::verifyPassword(const std::string& password, const std::string& stored) const {
    if (stored.rfind(kKeyedPrefix, 0) == 0) {
        // Burn an Argon2id verification too, so timing does not tell an initial password from a chosen one.
        verifyDummy(password);
        return equalConstantTime(hashInitialPassword(password), stored);
    }
    Slots::Held slot(*m_slots);
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

void Crypto::verifyDummy(const std::string& password) const {
    Slots::Held slot(*m_slots);
    if (crypto_pwhash_str_verify(m_dummyHash.c_str(), password.data(), password.size()) != 0) {
        // the dummy never matches; only the time spent matters
    }
}

std::array<unsigned char, 32> Crypto::derivedKey(const std::string& purpose) const {
    std::array<unsigned char, 32> out{};
    std::string msg = "oqs.derived.v1:" + purpose;
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), m_key,
                       sizeof m_key);
    return out;
}

std::string Crypto::generateInitialPassword() {
    constexpr unsigned n = sizeof kAlphabet - 1;
    // Uniform over the alphabet by rejection (a byte below 224 = 4 × 56), from one read of the system's random
    // source per password instead of one per character: a bulk job makes 10,000 of them.
    constexpr unsigned kBelow = 256 / n * n;
    for (;;) {
        std::string p;
        unsigned char random[48];
        while (p.size() < 20) {
            randombytes_buf(random, sizeof random);
            for (unsigned char b : random)
                if (b < kBelow && p.size() < 20) p += kAlphabet[b % n];
        }
        sodium_memzero(random, sizeof random);
        bool letter = false, digit = false;
        for (char c : p) (c >= '2' && c <= '9' ? digit : letter) = true;
        if (letter && digit) return p;
    }
}

std::string Crypto::randomToken(size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::string Crypto::sha256Hex(const std::string& data) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return hex(h, sizeof h);
}

bool Crypto::equalConstantTime(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace oqs::host
