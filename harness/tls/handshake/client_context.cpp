#include "tls/handshake/client_context.hpp"

#include <openssl/tls1.h>

#include "common/tls_names.hpp"
#include "tls/handshake/capture.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::handshake {

namespace {

// Every TLS 1.2-and-below suite OpenSSL 3.0 has, weak ones included.
constexpr const char* kCipherList = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";
// All five TLS 1.3 suites (OpenSSL's default leaves out the CCM ones).
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
    "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";

}  // namespace

namespace {
// sk_X509_free is a macro; the stack holds borrowed certificates, so only the stack is freed.
void free_stack(STACK_OF(X509) * stack) {
  sk_X509_free(stack);
}
using ChainPtr = std::unique_ptr<STACK_OF(X509), ossl::Deleter<STACK_OF(X509), free_stack>>;
}  // namespace

bool use_client_certificate(SSL* ssl, X509* cert, EVP_PKEY* key, const std::vector<X509*>& chain,
                            std::string& error) {
  if (cert == nullptr || key == nullptr) return true;
  ChainPtr stack(sk_X509_new_null());
  if (!stack) {
    error = failed_text("sk_X509_new_null");
    return false;
  }
  for (X509* c : chain)
    if (!sk_X509_push(stack.get(), c)) {
      error = failed_text("sk_X509_push");
      return false;
    }
  // Takes its own references. OpenSSL only compares the public halves, so a certificate with
  // a mismatched private key (the "wrong key" case) is accepted here on purpose.
  if (SSL_use_cert_and_key(ssl, cert, key, stack.get(), 1) != 1) {
    error = failed_text("setting the client certificate and key");
    return false;
  }
  return true;
}

ossl::SslCtxPtr make_client_context(TlsVersion version, std::string& error) {
  ossl::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = failed_text("SSL_CTX_new");
    return nullptr;
  }
  SSL_CTX_set_security_level(ctx.get(), 0);
  const int wire = wire_code(version);
  if (SSL_CTX_set_min_proto_version(ctx.get(), wire) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), wire) != 1) {
    error = failed_text("limiting the handshake to " + std::string(version_name(version)));
    return nullptr;
  }
  // The ciphersuite list may fail (no match) only when the build lacks TLS 1.3 suites.
  if (SSL_CTX_set_cipher_list(ctx.get(), kCipherList) != 1 ||
      SSL_CTX_set_ciphersuites(ctx.get(), kTls13Suites) != 1) {
    error = failed_text("setting the cipher lists");
    return nullptr;
  }
  // Old servers without RFC 5746 renegotiation_info are examined, not refused.
  SSL_CTX_set_options(ctx.get(), SSL_OP_LEGACY_SERVER_CONNECT);
  // The chain is verified separately (x509 analysis); the handshake must not stop on it.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  install_context_callbacks(ctx.get());
  return ctx;
}

SslPtr make_connection(SSL_CTX* ctx, int fd, const HandshakeOptions& options, std::string& error) {
  SslPtr ssl(SSL_new(ctx));
  if (!ssl) {
    error = failed_text("SSL_new");
    return nullptr;
  }
  // The socket BIO does not close the descriptor: the TcpConnection keeps owning it.
  if (SSL_set_fd(ssl.get(), fd) != 1) {
    error = failed_text("SSL_set_fd");
    return nullptr;
  }
  if (!options.sni.empty() && SSL_set_tlsext_host_name(ssl.get(), options.sni.c_str()) != 1) {
    error = failed_text("setting server_name " + options.sni);
    return nullptr;
  }
  if (options.request_ocsp && SSL_set_tlsext_status_type(ssl.get(), TLSEXT_STATUSTYPE_ocsp) != 1) {
    error = failed_text("requesting OCSP stapling");
    return nullptr;
  }
  if (!options.signature_schemes.empty()) {
    std::string list;
    for (auto s : options.signature_schemes)
      list += (list.empty() ? "" : ":") + signature_scheme_name(s);
    if (SSL_set1_sigalgs_list(ssl.get(), list.c_str()) != 1) {
      error = failed_text("setting signature_algorithms " + list);
      return nullptr;
    }
  }
  if (!use_client_certificate(ssl.get(), options.client_cert, options.client_key,
                              options.client_chain, error))
    return nullptr;
  return ssl;
}

}  // namespace medtls::handshake
