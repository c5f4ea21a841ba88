#include "dicom/tls_context.hpp"

#include <openssl/x509_vfy.h>

#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

namespace {

std::string failed(const std::string& what) {
  const std::string why = handshake::drain_openssl_errors();
  return what + " failed" + (why.empty() ? std::string() : ": " + why);
}

// sk_X509_free is a macro; the stack holds borrowed certificates, so only the stack is freed.
void free_stack(STACK_OF(X509) * stack) {
  sk_X509_free(stack);
}
using ChainPtr = std::unique_ptr<STACK_OF(X509), ossl::Deleter<STACK_OF(X509), free_stack>>;

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
    error = failed("SSL_CTX_new");
    return nullptr;
  }
  // Weak servers are examined, not refused: everything the library has is allowed.
  SSL_CTX_set_security_level(ctx.get(), 0);
  if (SSL_CTX_set_min_proto_version(ctx.get(), wire_code(settings.min_version)) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), wire_code(settings.max_version)) != 1) {
    error =
        failed("setting the protocol versions " + std::string(version_name(settings.min_version)) +
               "–" + std::string(version_name(settings.max_version)));
    return nullptr;
  }
  for (TlsVersion v : settings.disabled_versions) SSL_CTX_set_options(ctx.get(), no_option(v));
  if (SSL_CTX_set_cipher_list(ctx.get(), settings.cipher_list.c_str()) != 1) {
    error = failed("setting the cipher list \"" + settings.cipher_list + "\"");
    return nullptr;
  }
  if (settings.tls13_suites &&
      SSL_CTX_set_ciphersuites(ctx.get(), settings.tls13_suites->c_str()) != 1) {
    error = failed("setting the TLS 1.3 suites \"" + *settings.tls13_suites + "\"");
    return nullptr;
  }
  // Old servers without RFC 5746 renegotiation_info are examined, not refused.
  SSL_CTX_set_options(ctx.get(), SSL_OP_LEGACY_SERVER_CONNECT);
  // The association is attempted whatever the server's certificate is; OpenSSL still verifies
  // the chain and keeps its verdict for SSL_get_verify_result.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (!settings.ca_file.empty() &&
      SSL_CTX_load_verify_file(ctx.get(), settings.ca_file.c_str()) != 1)
    ca_error = failed("loading --ca " + settings.ca_file);
  if (!settings.verify_host.empty()) {
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx.get());
    if (X509_VERIFY_PARAM_set1_ip_asc(param, settings.verify_host.c_str()) != 1 &&
        X509_VERIFY_PARAM_set1_host(param, settings.verify_host.c_str(), 0) != 1) {
      error = failed("setting the expected host " + settings.verify_host);
      return nullptr;
    }
  }
  handshake::drain_openssl_errors();  // set1_ip_asc leaves an error for a host name
  return ctx;
}

bool configure_connection(SSL* ssl, const TlsSettings& settings, std::string& error) {
  if (!settings.sni.empty() && SSL_set_tlsext_host_name(ssl, settings.sni.c_str()) != 1) {
    error = failed("setting server_name " + settings.sni);
    return false;
  }
  const std::string alpn = alpn_wire(settings.alpn);
  // SSL_set_alpn_protos returns 0 on success.
  if (!alpn.empty() && SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(alpn.data()),
                                           static_cast<unsigned>(alpn.size())) != 0) {
    error = failed("setting ALPN");
    return false;
  }
  if (settings.client_cert == nullptr || settings.client_key == nullptr) return true;
  ChainPtr chain(sk_X509_new_null());
  if (!chain) {
    error = failed("sk_X509_new_null");
    return false;
  }
  for (X509* c : settings.client_chain)
    if (!sk_X509_push(chain.get(), c)) {
      error = failed("sk_X509_push");
      return false;
    }
  // Takes its own references. OpenSSL only compares the public halves, so a certificate with
  // a mismatched private key (the "wrong key" case) is accepted here on purpose.
  if (SSL_use_cert_and_key(ssl, settings.client_cert, settings.client_key, chain.get(), 1) != 1) {
    error = failed("setting the client certificate and key");
    return false;
  }
  return true;
}

}  // namespace medtls::dicom
