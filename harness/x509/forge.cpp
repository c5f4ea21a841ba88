#include "x509/forge.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>
#include <ctime>

#include "x509/forge_internal.hpp"

namespace medtls::x509 {

namespace forge_detail {

void fail(const std::string& what) {
  unsigned long code = ERR_get_error();
  std::string message = what;
  if (code != 0) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    message += std::string(": ") + text.data();
  }
  ERR_clear_error();
  throw ForgeError(message);
}

void set_time(ASN1_TIME* field, std::int64_t unix_time, const char* what) {
  if (!ASN1_TIME_set(field, static_cast<time_t>(unix_time))) fail(what);
}

}  // namespace forge_detail

using forge_detail::fail;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

void set_serial(X509* cert, const std::string& serial_hex) {
  BIGNUM* raw = nullptr;
  if (!serial_hex.empty()) {
    if (BN_hex2bn(&raw, serial_hex.c_str()) != static_cast<int>(serial_hex.size()))
      throw ForgeError("serial '" + serial_hex + "' is not hexadecimal");
  } else {
    // 16 random bytes with the top bit clear: positive in DER and at most 20 octets (RFC 5280).
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) fail("RAND_bytes");
    bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);
    raw = BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr);
  }
  ossl::BnPtr serial(raw);
  if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)))
    fail("setting the serial number");
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  if (value.empty()) return;
  if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                  reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0))
    fail(std::string("setting ") + field);
}

ossl::X509Ptr reencoded(X509* cert);

// Flips the lowest bit of the signature's last byte: for RSA the value no longer verifies, and
// for ECDSA the DER of (r, s) stays well-formed while s changes, so only the check fails.
ossl::X509Ptr corrupt(X509* cert) {
  const ASN1_BIT_STRING* sig = nullptr;
  X509_get0_signature(&sig, nullptr, cert);
  if (sig == nullptr || ASN1_STRING_length(sig) == 0)
    throw ForgeError("certificate has no signature");
  // The signature is owned by `cert`; OpenSSL only hands it out const.
  auto* data = const_cast<unsigned char*>(ASN1_STRING_get0_data(sig));
  data[ASN1_STRING_length(sig) - 1] ^= 0x01;
  return reencoded(cert);
}

// The certificate decoded afresh from its DER: OpenSSL caches extension data (key identifiers,
// key usage) on first use, and a certificate inspected while it was being built would keep a
// stale cache, e.g. no authority key identifier.
ossl::X509Ptr reencoded(X509* cert) {
  unsigned char* der = nullptr;
  int len = i2d_X509(cert, &der);
  if (len <= 0) fail("encoding the certificate");
  const unsigned char* p = der;
  ossl::X509Ptr out(d2i_X509(nullptr, &p, len));
  OPENSSL_free(der);
  if (!out) fail("decoding the certificate");
  return out;
}

}  // namespace

ossl::PkeyPtr generate_key(const KeySpec& spec) {
  EVP_PKEY* key = nullptr;
  if (spec.type == KeyType::RSA) {
    if (spec.bits < 512 || spec.bits > 16384)
      throw ForgeError("RSA key size " + std::to_string(spec.bits) + " out of range");
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.bits));
  } else {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec.curve.c_str());
  }
  if (key == nullptr) fail("generating a " + spec.type + " key");
  return ossl::PkeyPtr(key);
}

ossl::X509Ptr issue_certificate(const CertSpec& spec, EVP_PKEY* subject_key, X509* issuer,
                                EVP_PKEY* issuer_key) {
  if (subject_key == nullptr) throw ForgeError("no subject key");
  if (issuer != nullptr && issuer_key == nullptr) throw ForgeError("issuer given without its key");
  EVP_PKEY* signing_key = issuer != nullptr ? issuer_key : subject_key;
  const EVP_MD* md = EVP_get_digestbyname(spec.hash.c_str());
  if (md == nullptr) throw ForgeError("unknown signature hash '" + spec.hash + "'");

  ossl::X509Ptr cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), 2)) fail("creating a certificate");
  set_serial(cert.get(), spec.serial_hex);

  std::int64_t not_before = spec.not_before != 0 ? spec.not_before : std::time(nullptr) - kHour;
  std::int64_t not_after = spec.not_after != 0 ? spec.not_after : not_before + 825 * kDay;
  forge_detail::set_time(X509_getm_notBefore(cert.get()), not_before, "setting notBefore");
  forge_detail::set_time(X509_getm_notAfter(cert.get()), not_after, "setting notAfter");

  X509_NAME* subject = X509_get_subject_name(cert.get());
  add_name_entry(subject, "O", spec.organization);
  add_name_entry(subject, "CN", spec.common_name);
  X509_NAME* issuer_name = issuer != nullptr ? X509_get_subject_name(issuer) : subject;
  if (!X509_set_issuer_name(cert.get(), issuer_name)) fail("setting the issuer name");
  if (!X509_set_pubkey(cert.get(), subject_key)) fail("setting the public key");

  forge_detail::add_extensions(cert.get(), spec, issuer != nullptr ? issuer : cert.get());

  if (X509_sign(cert.get(), signing_key, md) <= 0) fail("signing with " + spec.hash);
  if (spec.corrupt_signature) return corrupt(cert.get());
  return reencoded(cert.get());
}

namespace {

template <class Write>
std::string to_pem(Write write, const char* what) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !write(bio.get())) fail(std::string("writing PEM of ") + what);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

std::string pem(X509* cert) {
  return to_pem([cert](BIO* b) { return PEM_write_bio_X509(b, cert) == 1; }, "a certificate");
}

std::string pem(EVP_PKEY* key) {
  return to_pem(
      [key](BIO* b) {
        return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
      },
      "a private key");
}

std::string pem(X509_CRL* crl) {
  return to_pem([crl](BIO* b) { return PEM_write_bio_X509_CRL(b, crl) == 1; }, "a CRL");
}

}  // namespace medtls::x509
