#pragma once
// The SHA-256 fingerprint the report gives every certificate (`sha256`, `peer_sha256`):
// lower-case hex of the digest of the DER bytes; "" when OpenSSL cannot compute it.
#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace medtls::x509 {

// Of any bytes (also those that do not parse as a certificate).
std::string sha256_hex(const std::uint8_t* data, std::size_t size);
inline std::string sha256_hex(const std::vector<std::uint8_t>& der) {
  return sha256_hex(der.data(), der.size());
}
// Of a parsed certificate's DER encoding.
std::string sha256_hex(const X509* cert);

}  // namespace medtls::x509
