#pragma once
// Writes a wire::ClientHello byte by byte, so that the prober can offer what OpenSSL cannot
// (SSLv3, 3DES, Camellia-GCM, odd extension sets) and tests can send what no client should
// (duplicates, GREASE, unknown types, wrong lengths). What to put in a hello is the caller's
// business: tls/probe maps the report's obs::ClientHelloSpec onto one (wire_mapping.hpp).
#include <cstdint>
#include <vector>

#include "tls/wire/hello_types.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

// Largest TLSPlaintext fragment (RFC 8446 §5.1); a ClientHello must fit in one record.
inline constexpr std::size_t kMaxPlaintextRecord = 16384;

// One complete TLS record (content type 22, hello.record_version) holding the ClientHello, its
// extensions in the given order, with the true lengths unless hello.lengths or an extension's
// length_override says otherwise. An empty hello.random is replaced by 32 fresh random bytes.
// Throws WireError when the handshake would exceed kMaxPlaintextRecord or a vector is longer
// than its length field allows.
std::vector<std::uint8_t> encode_client_hello(const ClientHello& hello);

// n bytes from the OpenSSL CSPRNG (random, legacy_session_id). Throws WireError on failure.
std::vector<std::uint8_t> random_bytes(std::size_t n);

// A broad signature_algorithms list: RSA-PSS, RSA PKCS#1 and ECDSA with SHA-256/384/512,
// Ed25519, Ed448, then RSA and ECDSA with SHA-1 last (old servers have nothing else).
std::vector<std::uint16_t> default_signature_algorithms();

}  // namespace medtls::wire
