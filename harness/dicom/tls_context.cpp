#include "dicom/tls_context.hpp"

#include <openssl/x509_vfy.h>

#include "tls/handshake/client_context.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

namespace {

uint64_t no_option(TlsVersion v) {
  switch (v) {
    case TlsVersion::SSLv3:
      return SSL_OP_NO_SSLv3;
    case TlsVersion::TLSv1_0:
      return SSL_OP_NO_TLSv1;
    case TlsVersion::TLSv1_1:
      return SSL_OP_NO_TLSv1_1;
    case TlsVersion::TLSv1_2:
      return SSL_OP_NO_TLSv1_2;
    case TlsVersion::TLSv1_3:
      return SSL_OP_NO_TLSv1_3;
  }
  return 0;
}

}  // namespace

std::string alpn_wire(const std::vector<std::string>& protocols) {
  std::string wire;
  for (const auto& p : protocols) {
    if (p.empty() || p.size() > 255) continue;
    wire += static_cast<char>(p.size());
    wire += p;
  }
  return wire;
}

ossl::SslCtxPtr make_tls_context(const TlsSettings& settings, std::string& error,
                                 std::string& ca_error) {
  ossl::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = handshake::failed_text("SSL_CTX_new");
    return nullptr;
  }
  // Weak servers are examined, not refused: everything the library has is allowed.
  SSL_CTX_set_security_level(ctx.get(), 0);
  if (SSL_CTX_set_min_proto_version(ctx.get(), wire_code(settings.min_version)) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), wire_code(settings.max_version)) != 1) {
    error = handshake::failed_text("setting the protocol versions " +
                                   std::string(version_name(settings.min_version)) + "–" +
                                   std::string(version_name(settings.max_version)));
    return nullptr;
  }
  for (TlsVersion v : settings.disabled_versions) SSL_CTX_set_options(ctx.get(), no_option(v));
  if (SSL_CTX_set_cipher_list(ctx.get(), settings.cipher_list.c_str()) != 1) {
    error = handshake::failed_text("setting the cipher list \"" + settings.cipher_list + "\"");
    return nullptr;
  }
  if (settings.tls13_suites &&
      SSL_CTX_set_ciphersuites(ctx.get(), settings.tls13_suites->c_str()) != 1) {
    error = handshake::failed_text("setting the TLS 1.3 suites \"" + *settings.tls13_suites + "\"");
    return nullptr;
  }
  // Old servers without RFC 5746 renegotiation_info are examined, not refused.
  SSL_CTX_set_options(ctx.get(), SSL_OP_LEGACY_SERVER_CONNECT);
  // The association is attempted whatever the server's certificate is; OpenSSL still verifies
  // the chain and keeps its verdict for SSL_get_verify_result.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (!settings.ca_file.empty() &&
      SSL_CTX_load_verify_file(ctx.get(), settings.ca_file.c_str()) != 1)
    ca_error = handshake::failed_text("loading --ca " + settings.ca_file);
  if (!settings.verify_host.empty()) {
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx.get());
    if (X509_VERIFY_PARAM_set1_ip_asc(param, settings.verify_host.c_str()) != 1 &&
        X509_VERIFY_PARAM_set1_host(param, settings.verify_host.c_str(), 0) != 1) {
      error = handshake::failed_text("setting the expected host " + settings.verify_host);
      return nullptr;
    }
  }
  handshake::drain_openssl_errors();  // set1_ip_asc leaves an error for a host name
  return ctx;
}

bool configure_connection(SSL* ssl, const TlsSettings& settings, std::string& error) {
  if (!settings.sni.empty() && SSL_set_tlsext_host_name(ssl, settings.sni.c_str()) != 1) {
    error = handshake::failed_text("setting server_name " + settings.sni);
    return false;
  }
  const std::string alpn = alpn_wire(settings.alpn);
  // SSL_set_alpn_protos returns 0 on success.
  if (!alpn.empty() && SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()),
                                           static_cast<unsigned>(alpn.size())) != 0) {
    error = handshake::failed_text("setting ALPN");
    return false;
  }
  return handshake::use_client_certificate(ssl, settings.client_cert, settings.client_key,
                                           settings.client_chain, error);
}

}  // namespace medtls::dicom
