#pragma once
// Parsers of the individual plaintext handshake messages of a server's first flight. Each takes
// the message body (without the 4-byte handshake header), fills its part of the ServerFlight
// (flight_types.hpp) and throws WireError when the body does not have the structure TLS
// prescribes.
#include <cstddef>
#include <cstdint>
#include <string>

#include <vector>

#include "tls/wire/flight_types.hpp"

namespace medtls::wire {

// True when `random` (32 bytes) is the HelloRetryRequest marker of RFC 8446 §4.1.3.
bool is_hello_retry_request_random(const std::uint8_t* random);

// ServerHello or HelloRetryRequest: legacy_version, version (supported_versions when present),
// suite, compression, extension list, ALPN selection, key_share group. Returns true for a
// HelloRetryRequest.
bool parse_server_hello(const std::uint8_t* body, std::size_t size, ServerHelloInfo& hello);

// TLS <= 1.2 Certificate: the DER chain, leaf first.
void parse_certificate(const std::uint8_t* body, std::size_t size,
                       std::vector<std::vector<std::uint8_t>>& chain);

// TLS <= 1.2 ServerKeyExchange. `kx` is the key-exchange family of the chosen suite
// ("ECDHE", "DHE", "ECDHE_PSK", "DHE_PSK", "ECDH"/"DH" for anonymous suites); other families
// only set `present`. Signature scheme read when `version` (negotiated) >= TLS 1.2.
void parse_server_key_exchange(const std::uint8_t* body, std::size_t size, const std::string& kx,
                               std::uint16_t version, KeyExchangeInfo& out);

// TLS <= 1.2 CertificateRequest: certificate types, (TLS 1.2) signature schemes, CA names.
void parse_certificate_request(const std::uint8_t* body, std::size_t size, std::uint16_t version,
                               CertificateRequestInfo& out);

// CertificateStatus (OCSP stapling): only checked for structure (the parser records its presence).
void parse_certificate_status(const std::uint8_t* body, std::size_t size);

}  // namespace medtls::wire
