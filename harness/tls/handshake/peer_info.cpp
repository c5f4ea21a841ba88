#include "tls/handshake/peer_info.hpp"

#include <openssl/tls1.h>
#include <openssl/x509.h>

#include "common/openssl_ptr.hpp"
#include "x509/name_text.hpp"

namespace medtls::handshake {

namespace {

std::vector<std::uint8_t> der_of(X509* cert) {
  unsigned char* raw = nullptr;
  const int size = i2d_X509(cert, &raw);
  if (size <= 0) return {};
  ossl::StringPtr owned(reinterpret_cast<char*>(raw));
  return {raw, raw + size};
}

}  // namespace

std::vector<std::vector<std::uint8_t>> peer_chain_der(const SSL* ssl) {
  std::vector<std::vector<std::uint8_t>> chain;
  // On the client side the chain includes the leaf.
  if (STACK_OF(X509)* certs = SSL_get_peer_cert_chain(ssl)) {
    for (int i = 0; i < sk_X509_num(certs); ++i) {
      auto der = der_of(sk_X509_value(certs, i));
      if (!der.empty()) chain.push_back(std::move(der));
    }
  }
  if (chain.empty())
    if (X509* leaf = SSL_get0_peer_certificate(ssl)) {
      auto der = der_of(leaf);
      if (!der.empty()) chain.push_back(std::move(der));
    }
  return chain;
}

std::vector<std::string> requested_ca_names(const SSL* ssl) {
  const STACK_OF(X509_NAME)* names = SSL_get0_peer_CA_list(ssl);
  if (names == nullptr || sk_X509_NAME_num(names) == 0) names = SSL_get_client_CA_list(ssl);
  std::vector<std::string> out;
  if (names == nullptr) return out;
  for (int i = 0; i < sk_X509_NAME_num(names); ++i)
    out.push_back(x509::name_text(sk_X509_NAME_value(names, i)));
  return out;
}

bool ocsp_response_stapled(SSL* ssl) {
  const unsigned char* response = nullptr;
  return SSL_get_tlsext_status_ocsp_resp(ssl, &response) > 0 && response != nullptr;
}

}  // namespace medtls::handshake
