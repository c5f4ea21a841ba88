#include "tls/handshake/peer_info.hpp"

#include <openssl/evp.h>
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

std::optional<std::uint16_t> peer_signature_scheme(SSL* ssl) {
  int type = NID_undef, hash = NID_undef;
  if (SSL_get_peer_signature_type_nid(ssl, &type) != 1) return std::nullopt;
  SSL_get_peer_signature_nid(ssl, &hash);  // EdDSA has none
  // TLS 1.2 HashAlgorithm numbers (RFC 5246 §7.4.1.4.1), which TLS 1.3 keeps in the high byte
  // of the RSA and ECDSA schemes.
  int h = 0;
  switch (hash) {
    case NID_md5:
      h = 1;
      break;
    case NID_sha1:
      h = 2;
      break;
    case NID_sha224:
      h = 3;
      break;
    case NID_sha256:
      h = 4;
      break;
    case NID_sha384:
      h = 5;
      break;
    case NID_sha512:
      h = 6;
      break;
    default:
      break;
  }
  const auto scheme = [](int high, int low) {
    return static_cast<std::uint16_t>((high << 8) | low);
  };
  switch (type) {
    case EVP_PKEY_ED25519:
      return 0x0807;
    case EVP_PKEY_ED448:
      return 0x0808;
    // An ECDSA signature over a brainpool curve in TLS 1.3 (0x081A-0x081C) reads as the
    // secp scheme with the same hash: the same algorithm and hash, which is what is judged.
    case EVP_PKEY_EC:
      return h ? std::optional(scheme(h, 3)) : std::nullopt;
    case EVP_PKEY_RSA:
      return h ? std::optional(scheme(h, 1)) : std::nullopt;
    case EVP_PKEY_DSA:
      return h ? std::optional(scheme(h, 2)) : std::nullopt;
    case EVP_PKEY_RSA_PSS: {
      if (h < 4) return std::nullopt;
      // rsa_pss_rsae_* with an rsaEncryption key, rsa_pss_pss_* with an RSASSA-PSS key.
      X509* leaf = SSL_get0_peer_certificate(ssl);
      EVP_PKEY* key = leaf ? X509_get0_pubkey(leaf) : nullptr;
      const bool pss_key = key && EVP_PKEY_get_id(key) == EVP_PKEY_RSA_PSS;
      return static_cast<std::uint16_t>((pss_key ? 0x0809 : 0x0804) + (h - 4));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace medtls::handshake
