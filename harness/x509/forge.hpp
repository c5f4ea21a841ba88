#pragma once
// Making keys, certificates and CRLs with OpenSSL's API, for the test PKI (`medtls vectors`)
// and for the client certificates of the mutual-authentication matrix.
// (vectors/pki/make-test-pki.sh is the other generator: the tests' fixed PKI for real peers,
// made with the openssl command line so that tests do not judge medtls with its own output;
// see vectors/pki/README.md, "Why two generators".)
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "common/openssl_ptr.hpp"

namespace medtls::x509 {

using CrlPtr = ossl::CrlPtr;

class ForgeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The key types the forge makes (their OpenSSL names).
MEDTLS_ENUM(KeyType, RSA, EC)

struct KeySpec {
  KeyType type = KeyType::RSA;
  int bits = 2048;              // RSA modulus size
  std::string curve = "P-256";  // EC: P-256 | P-384 | P-521
};
ossl::PkeyPtr generate_key(const KeySpec& spec);

struct CertSpec {
  std::string common_name;
  std::string organization = "medtls test vectors";
  std::vector<std::string> dns;  // subjectAltName DNS names
  std::vector<std::string> ips;  // subjectAltName IP addresses
  std::int64_t not_before = 0;   // UNIX time; 0 → now - 1 hour
  std::int64_t not_after = 0;    // UNIX time; 0 → not_before + 825 days
  bool ca = false;
  int path_length = -1;                // CA only; -1: none
  std::vector<std::string> key_usage;  // digitalSignature keyEncipherment keyCertSign cRLSign
  std::vector<std::string> extended_key_usage;  // serverAuth clientAuth codeSigning …
  std::string hash = "SHA256";                  // signature hash: SHA1 SHA256 SHA384 SHA512
  bool corrupt_signature = false;               // flip a bit of the signature after signing
  std::string serial_hex;                       // empty: random 16 bytes
};
// issuer == nullptr: self-signed with subject_key.
ossl::X509Ptr issue_certificate(const CertSpec& spec, EVP_PKEY* subject_key, X509* issuer,
                                EVP_PKEY* issuer_key);
CrlPtr issue_crl(X509* issuer, EVP_PKEY* issuer_key, const std::vector<X509*>& revoked,
                 std::int64_t this_update, std::int64_t next_update);
// A key whose public half is `key`'s but whose private half is not: a certificate used with it
// passes OpenSSL's "does the key match" check, yet its CertificateVerify signature is wrong —
// the "wrong key" case of the IHE Connectathon error tests.
ossl::PkeyPtr mismatched_private_key(EVP_PKEY* key);

std::string pem(X509* cert);
std::string pem(EVP_PKEY* key);  // unencrypted PKCS#8
std::string pem(X509_CRL* crl);

}  // namespace medtls::x509
