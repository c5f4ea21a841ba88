#pragma once
// The OpenSSL objects of one handshake: a client context that offers exactly one version with
// every cipher OpenSSL has (security level 0, so weak servers can still be examined) and no
// verification of the server, and the connection object bound to the socket.
#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <vector>

#include "common/openssl_ptr.hpp"
#include "tls/handshake/handshake.hpp"

namespace medtls::handshake {

using SslPtr = ossl::SslPtr;

// Null with `error` set when OpenSSL refuses the settings.
ossl::SslCtxPtr make_client_context(TlsVersion version, std::string& error);
// A connection on `fd` with SNI, the OCSP status request and the client certificate of
// `options`; null with `error` set on failure.
// Presents `cert` (with `chain` after it) and `key` when the server asks; nothing when either is
// null. Pointers are borrowed. False with `error` set when OpenSSL refuses them.
bool use_client_certificate(SSL* ssl, X509* cert, EVP_PKEY* key, const std::vector<X509*>& chain,
                            std::string& error);
SslPtr make_connection(SSL_CTX* ctx, int fd, const HandshakeOptions& options, std::string& error);

}  // namespace medtls::handshake
