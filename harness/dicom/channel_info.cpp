#include "dicom/channel_info.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "common/codes.hpp"
#include "common/openssl_ptr.hpp"
#include "common/peer_text.hpp"
#include "common/tls_version.hpp"
#include "x509/fingerprint.hpp"
#include "x509/name_text.hpp"

namespace medtls::dicom {

namespace {

void read_verification(SSL* ssl, const TlsSettings& settings, X509* leaf,
                       obs::DicomChannel& channel) {
  if (settings.ca_file.empty()) {
    channel.peer_verification = obs::PeerVerification::not_checked;
    channel.peer_verification_detail = "no --ca given";
    return;
  }
  if (leaf == nullptr) {
    channel.peer_verification = obs::PeerVerification::not_checked;
    channel.peer_verification_detail = "no server certificate received";
    return;
  }
  const long result = SSL_get_verify_result(ssl);
  const std::string against = "against --ca " + settings.ca_file +
                              (settings.verify_host.empty() ? "" : " for " + settings.verify_host);
  if (result == X509_V_OK) {
    channel.peer_verification = obs::PeerVerification::trusted;
    channel.peer_verification_detail = "chain verified " + against;
  } else {
    channel.peer_verification = obs::PeerVerification::untrusted;
    channel.peer_verification_detail = std::string(X509_verify_cert_error_string(result)) +
                                       " (X509_V_ERR " + std::to_string(result) + ", " + against +
                                       ")";
  }
}

using BnPtr = ossl::BnPtr;

BnPtr prime_of(const EVP_PKEY* key) {
  BIGNUM* p = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_FFC_P, &p) != 1) return nullptr;
  return BnPtr(p);
}

// The RFC 7919 group whose prime the server's DH parameters use, or "".
std::string ffdhe_name(const EVP_PKEY* key) {
  const BnPtr p = prime_of(key);
  if (!p) return "";
  for (const char* name : {"ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"}) {
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
    EVP_PKEY* params = nullptr;
    if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_group_name(ctx.get(), name) != 1 ||
        EVP_PKEY_paramgen(ctx.get(), &params) != 1)
      continue;
    ossl::PkeyPtr owned(params);
    const BnPtr q = prime_of(params);
    if (q && BN_cmp(p.get(), q.get()) == 0) return name;
  }
  return "";
}

}  // namespace

void describe_offer(const TlsSettings& settings, obs::DicomChannel& channel) {
  channel.sni = settings.sni;
  channel.alpn_offered = settings.alpn;
  channel.forced_version = settings.forced_version;
  channel.forced_suite = settings.forced_suite;
  channel.client_certificate = settings.client_certificate;
}

std::string negotiated_group(SSL* ssl) {
  const int nid = SSL_get_negotiated_group(ssl);
  if (nid > 0) {
    if (const char* name = SSL_group_to_name(ssl, nid)) return name;
  }
  // TLS <= 1.2 DHE: the server's own parameters, named when they are a known group.
  EVP_PKEY* key = nullptr;
  if (SSL_get_peer_tmp_key(ssl, &key) != 1 || key == nullptr) return "";
  ossl::PkeyPtr owned(key);
  char name[80] = {0};
  size_t size = 0;
  if (EVP_PKEY_get_group_name(key, name, sizeof name, &size) == 1 && size > 0) return name;
  if (EVP_PKEY_is_a(key, "DH")) {
    const std::string known = ffdhe_name(key);
    return known.empty() ? "DH " + std::to_string(EVP_PKEY_get_bits(key)) + "-bit" : known;
  }
  return "";
}

void read_channel(SSL* ssl, const TlsSettings& settings, obs::DicomChannel& channel) {
  describe_offer(settings, channel);
  if (ssl == nullptr) return;
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
  if (SSL_is_init_finished(ssl) && cipher != nullptr) {
    channel.version = wire_version_name(static_cast<std::uint16_t>(SSL_version(ssl)));
    channel.suite = SSL_CIPHER_get_protocol_id(cipher);
    channel.suite_name = SSL_CIPHER_standard_name(cipher);
    channel.group = negotiated_group(ssl);
  }
  const unsigned char* alpn = nullptr;
  unsigned int alpn_size = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpn_size);
  channel.alpn_selected = alpn != nullptr ? peer_text(alpn, alpn_size) : "";
  X509* leaf = SSL_get0_peer_certificate(ssl);
  if (leaf != nullptr) {
    channel.peer_subject = x509::name_text(X509_get_subject_name(leaf));
    channel.peer_sha256 = x509::sha256_hex(leaf);
  }
  read_verification(ssl, settings, leaf, channel);
}

}  // namespace medtls::dicom
