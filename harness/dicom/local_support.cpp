#include "dicom/local_support.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <memory>

#include "common/codes.hpp"
#include "common/openssl_ptr.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

namespace {

void free_ciphers(STACK_OF(SSL_CIPHER) * stack) {
  sk_SSL_CIPHER_free(stack);
}
using CiphersPtr =
    std::unique_ptr<STACK_OF(SSL_CIPHER), ossl::Deleter<STACK_OF(SSL_CIPHER), free_ciphers>>;

}  // namespace

std::string local_tls_library() {
  return OpenSSL_version(OPENSSL_VERSION);
}

std::string local_limitation(TlsVersion version, std::optional<std::uint16_t> suite,
                             const suites::Registry& registry) {
  const std::string v(version_name(version));
  ossl::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return "SSL_CTX_new failed: " + handshake::drain_openssl_errors();
  SSL_CTX_set_security_level(ctx.get(), 0);
  if (SSL_CTX_set_min_proto_version(ctx.get(), wire_code(version)) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), wire_code(version)) != 1) {
    handshake::drain_openssl_errors();
    return "the local TLS library cannot offer " + v;
  }
  std::string list = "ALL:@SECLEVEL=0";
  if (suite) {
    const suites::CipherSuite* cs = registry.find(*suite);
    const std::string name = registry.name_of(*suite);
    if (cs == nullptr || cs->openssl_name.empty())
      return "the local TLS library has no " + name + " (" + format_code(*suite) + ")";
    const bool ok =
        version == TlsVersion::TLSv1_3
            ? SSL_CTX_set_ciphersuites(ctx.get(), cs->openssl_name.c_str()) == 1
            : SSL_CTX_set_cipher_list(ctx.get(), (cs->openssl_name + ":@SECLEVEL=0").c_str()) == 1;
    handshake::drain_openssl_errors();
    if (!ok) return "the local TLS library refuses " + cs->openssl_name;
  } else if (SSL_CTX_set_cipher_list(ctx.get(), list.c_str()) != 1) {
    handshake::drain_openssl_errors();
    return "the local TLS library refuses \"" + list + "\"";
  }
  ossl::SslPtr ssl(SSL_new(ctx.get()));
  if (!ssl) return "SSL_new failed: " + handshake::drain_openssl_errors();
  // What a ClientHello would carry: filtered by version, security level and credentials (PSK
  // and SRP suites need credentials we do not have).
  CiphersPtr offered(SSL_get1_supported_ciphers(ssl.get()));
  handshake::drain_openssl_errors();
  if (!offered || sk_SSL_CIPHER_num(offered.get()) == 0)
    return suite ? "the local TLS library would not offer " + registry.name_of(*suite) + " at " + v
                 : "the local TLS library offers no suite at " + v;
  if (suite) {
    for (int i = 0; i < sk_SSL_CIPHER_num(offered.get()); ++i)
      if (SSL_CIPHER_get_protocol_id(sk_SSL_CIPHER_value(offered.get(), i)) == *suite) return "";
    return "the local TLS library would not offer " + registry.name_of(*suite) + " at " + v;
  }
  return "";
}

}  // namespace medtls::dicom
