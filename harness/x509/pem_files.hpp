#pragma once
// Loading the user's certificate and key files (--ca, --cert, --key) with one-line, actionable
// errors: missing or unreadable file, wrong content (a key where a certificate belongs), DER
// where PEM was expected (accepted for certificates), and a key that does not match.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

#include <stdexcept>
#include <string>
#include <vector>
#include "common/openssl_ptr.hpp"

namespace medtls::x509 {

using X509Ptr = ossl::X509Ptr;
using PkeyPtr = ossl::PkeyPtr;

class CredentialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every certificate in a PEM file, or the one certificate of a DER file. `option` names the
// command-line option in error messages ("--ca").
std::vector<X509Ptr> load_certificates(const std::string& path, const std::string& option);
// An unencrypted private key in PEM (PKCS#8 or traditional) or DER.
PkeyPtr load_private_key(const std::string& path, const std::string& option);
using CrlPtr = ossl::CrlPtr;
// Every CRL in a PEM file, or the one CRL of a DER file.
std::vector<CrlPtr> load_crls(const std::string& path, const std::string& option);

// Throws unless `key` is the private key of `cert`.
void check_key_matches(X509* cert, EVP_PKEY* key, const std::string& cert_path,
                       const std::string& key_path);

}  // namespace medtls::x509
