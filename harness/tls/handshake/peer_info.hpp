#pragma once
// What the server showed during a handshake, read back from OpenSSL.
#include <openssl/ssl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medtls::handshake {

// The certificates the server sent, DER, leaf first (also after a failed handshake, as far as
// OpenSSL had stored them).
std::vector<std::vector<std::uint8_t>> peer_chain_der(const SSL* ssl);
// CA names of the server's CertificateRequest (certificate_authorities in TLS 1.3), RFC 2253.
std::vector<std::string> requested_ca_names(const SSL* ssl);
// True when an OCSP response came stapled with the server's certificate.
bool ocsp_response_stapled(SSL* ssl);

}  // namespace medtls::handshake
