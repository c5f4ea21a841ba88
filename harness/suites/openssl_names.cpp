#include "suites/openssl_names.hpp"

#include "common/openssl_ptr.hpp"
#include "suites/registry.hpp"

namespace medtls::suites {

namespace {

std::map<std::uint16_t, std::string> query_openssl() {
  ossl::SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
  if (!ctx) throw RegistryError("OpenSSL: cannot create an SSL_CTX to list cipher suites");
  // Level 0 and every cipher string class, so that availability reflects what the library was
  // built with, not the system policy in openssl.cnf.
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_min_proto_version(ctx.get(), 0);
  SSL_CTX_set_max_proto_version(ctx.get(), 0);
  if (SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:eNULL:@SECLEVEL=0") != 1)
    throw RegistryError("OpenSSL: the full TLS 1.2 cipher list was refused");
  // The CCM suites are off by default in TLS 1.3; name all five explicitly.
  if (SSL_CTX_set_ciphersuites(ctx.get(),
                               "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                               "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:"
                               "TLS_AES_128_CCM_8_SHA256") != 1)
    throw RegistryError("OpenSSL: the TLS 1.3 cipher suites were refused");

  std::map<std::uint16_t, std::string> names;
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx.get());  // owned by ctx
  const int count = ciphers ? sk_SSL_CIPHER_num(ciphers) : 0;
  for (int i = 0; i < count; ++i) {
    const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(ciphers, i);
    const char* name = SSL_CIPHER_get_name(cipher);
    if (name) names.emplace(SSL_CIPHER_get_protocol_id(cipher), name);
  }
  return names;
}

}  // namespace

const std::map<std::uint16_t, std::string>& openssl_suite_names() {
  static const std::map<std::uint16_t, std::string> names = query_openssl();
  return names;
}

}  // namespace medtls::suites
