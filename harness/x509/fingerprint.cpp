#include "x509/fingerprint.hpp"

#include <openssl/evp.h>

#include "common/codes.hpp"

namespace medtls::x509 {

std::string sha256_hex(const std::uint8_t* data, std::size_t size) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data, size, md, &n, EVP_sha256(), nullptr) != 1) return "";
  return to_hex(md, n);
}

std::string sha256_hex(const X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (cert == nullptr || X509_digest(cert, EVP_sha256(), md, &n) != 1) return "";
  return to_hex(md, n);
}

}  // namespace medtls::x509
