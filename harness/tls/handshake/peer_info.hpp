#pragma once
// What the server showed during a handshake, read back from OpenSSL.
#include <openssl/ssl.h>

#include <cstdint>
#include <optional>
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
// The SignatureScheme of the server's handshake signature (TLS 1.3 CertificateVerify, TLS 1.2
// ServerKeyExchange), rebuilt from the key type and hash OpenSSL reports; nullopt when the
// server signed nothing (yet) or OpenSSL reports a pair no scheme has.
std::optional<std::uint16_t> peer_signature_scheme(SSL* ssl);

}  // namespace medtls::handshake
