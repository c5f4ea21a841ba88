#pragma once
// The OpenSSL client context of one association (our settings, not DCMTK's), and the settings
// each SSL object created from it gets (SNI, ALPN, client certificate).
#include <openssl/ssl.h>

#include <string>

#include "common/openssl_ptr.hpp"
#include "dicom/tls_settings.hpp"

namespace medtls::dicom {

// Security level 0, the versions and cipher lists of `settings`, no verification that could
// stop the handshake (SSL_VERIFY_NONE), but --ca loaded and the expected host or IP set so that
// SSL_get_verify_result states OpenSSL's verdict afterwards. Null with `error` set when OpenSSL
// refuses a setting. `ca_error` is set (and the context still returned) when --ca cannot be read.
ossl::SslCtxPtr make_tls_context(const TlsSettings& settings, std::string& error,
                                 std::string& ca_error);

// SNI, ALPN and the client certificate on a new SSL object; false with `error` set.
bool configure_connection(SSL* ssl, const TlsSettings& settings, std::string& error);

// ALPN wire format: each protocol prefixed by its length.
std::string alpn_wire(const std::vector<std::string>& protocols);

}  // namespace medtls::dicom
