#pragma once
// The TLS channel of one association read back from its SSL object: version, suite, group,
// ALPN, the server's leaf and OpenSSL's verdict on it against --ca.
#include <openssl/ssl.h>

#include <string>

#include "dicom/tls_settings.hpp"
#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

// Fills what the handshake got to (also after a failed one); `settings` supplies what we
// offered (SNI, ALPN, forced version/suite, client certificate).
void read_channel(SSL* ssl, const TlsSettings& settings, obs::DicomChannel& channel);

// What we offered, before any connection (also for channels never opened).
void describe_offer(const TlsSettings& settings, obs::DicomChannel& channel);

// "x25519", "secp256r1", "ffdhe2048" … for the key exchange of the handshake; "" when unknown.
std::string negotiated_group(SSL* ssl);

}  // namespace medtls::dicom
