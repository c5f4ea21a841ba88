#pragma once
// The IANA TLS cipher-suite registry (profiles/iana-tls-cipher-suites.csv, 352 named suites)
// with attributes derived from each IANA name, plus whether the linked OpenSSL can negotiate it.
// Attribute values are short upper-case words so that profile rules (JSON) can name them;
// the closed vocabularies are listed in kKnownValues below and validated by the profile loader.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/tls_version.hpp"

namespace medtls::suites {

struct CipherSuite {
  std::uint16_t code = 0;
  std::string name;  // IANA description, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  // Key exchange: NULL RSA RSA_EXPORT DH DHE ECDH ECDHE PSK DHE_PSK RSA_PSK ECDHE_PSK SRP KRB5
  // ECCPWD GOST TLS13 (negotiated outside the suite) SCSV
  std::string kx;
  // Authentication: NULL RSA DSS ECDSA ANON PSK KRB5 SRP ECCPWD GOST TLS13 SCSV
  std::string auth;
  // Bulk cipher: NULL RC4 RC2 IDEA DES DES40 3DES AES CAMELLIA ARIA SEED CHACHA20 SM4 GOST28147
  // KUZNYECHIK MAGMA AEGIS SCSV
  std::string cipher;
  // Mode: NULL STREAM CBC GCM CCM CCM_8 POLY1305 CTR_OMAC MGM AEGIS CNT SCSV
  std::string mode;
  // Hash named by the suite (MAC for non-AEAD, PRF for AEAD): NULL MD5 SHA1 SHA256 SHA384 SM3
  // GOSTR341112 SCSV
  std::string hash;
  int key_bits = 0;       // nominal cipher key length (3DES: 168, export: 40, NULL: 0)
  int strength_bits = 0;  // effective strength (3DES: 112, DES: 56, export: 40)
  bool aead = false;
  bool forward_secrecy = false;  // DHE, ECDHE, *_PSK with (EC)DHE, TLS 1.3 suites
  bool export_grade = false;
  bool tls13 = false;                          // a TLS 1.3 suite (0x13xx, TLS_SHA256_SHA256 …)
  bool scsv = false;                           // signalling value, not a real suite
  TlsVersion min_version = TlsVersion::SSLv3;  // oldest version that can negotiate it
  std::string openssl_name;  // OpenSSL's name when the linked OpenSSL can negotiate it, else ""
};

class RegistryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Registry {
 public:
  // Parses the IANA CSV (comment lines start with '#'); ranges and unassigned/reserved rows are
  // skipped. Throws RegistryError naming the line on malformed input or an underivable name.
  static Registry from_csv(std::string_view csv_text);
  // The registry compiled into the binary (profiles/iana-tls-cipher-suites.csv).
  static const Registry& builtin();

  const std::vector<CipherSuite>& all() const { return suites_; }
  const CipherSuite* find(std::uint16_t code) const;
  const CipherSuite* find(std::string_view iana_name) const;
  // The codes worth offering in a ClientHello of version v: no SCSV; TLS 1.3 suites only for
  // TLS 1.3; no TLS 1.3 suite below it; suites whose min_version is above v left out.
  std::vector<std::uint16_t> candidates(TlsVersion v) const;
  // Display name: the IANA name, or "unknown 0xABCD".
  std::string name_of(std::uint16_t code) const;

 private:
  std::vector<CipherSuite> suites_;
  std::map<std::uint16_t, std::size_t> by_code_;
};

// The closed vocabularies of the attribute fields, keyed "kx", "auth", "cipher", "mode", "hash".
const std::map<std::string, std::vector<std::string>>& known_values();

}  // namespace medtls::suites
