// The test PKI of vectors/pki/make-test-pki.sh, generated at test time into a directory the
// test owns (usually a TempDir).
#pragma once

#include <string>

namespace medtls::testing {

// Absolute paths of the files make-test-pki.sh writes (all PEM, keys unencrypted).
struct TestPki {
  std::string dir;
  std::string ca;               // ca.pem: RSA-2048 root "medtls Test Root CA" (ca.key beside it)
  std::string ca_key;           // ca.key
  std::string server_rsa_cert;  // CN localhost, SAN DNS:localhost,IP:127.0.0.1, RSA-2048
  std::string server_rsa_key;
  std::string server_ec_cert;  // same names, ECDSA P-256
  std::string server_ec_key;
  std::string client_cert;  // CN "medtls test client", EKU clientAuth, RSA-2048
  std::string client_key;
  std::string dhparams;  // ffdhe2048.pem (RFC 7919 group)
};

// The paths make_test_pki(dir) fills in, without generating anything.
TestPki test_pki_paths(const std::string& dir);

// Runs MEDTLS_SOURCE_DIR/vectors/pki/make-test-pki.sh dir (creating dir if needed) and returns
// the paths. Throws std::runtime_error with the script's output if it fails or takes over 60 s.
TestPki make_test_pki(const std::string& dir);

}  // namespace medtls::testing
