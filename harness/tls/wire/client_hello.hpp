#pragma once
// Builds a ClientHello byte by byte from an obs::ClientHelloSpec, so that the prober can offer
// what OpenSSL cannot (SSLv3, 3DES, Camellia-GCM, odd extension sets) and read the first reply.
#include <cstdint>
#include <vector>

#include "obs/tls_observations.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

// Largest TLSPlaintext fragment (RFC 8446 §5.1); a ClientHello must fit in one record.
inline constexpr std::size_t kMaxPlaintextRecord = 16384;

// One complete TLS record (content type 22, spec.record_version) holding one ClientHello.
// Extensions, in this fixed order, each only when the spec asks for it: server_name,
// supported_groups, ec_point_formats, signature_algorithms, ALPN, encrypt_then_mac,
// extended_master_secret, truncated_hmac, session_ticket, status_request, supported_versions,
// key_share and psk_key_exchange_modes (both when 0x0304 is offered), renegotiation_info.
// No extension at all: the extensions block is omitted (an SSLv3-style hello).
// Offering 0x0304 also sends a 32-byte random legacy_session_id (middlebox compatibility).
// Throws WireError when the handshake would exceed kMaxPlaintextRecord, an ALPN name is empty or
// longer than 255 bytes, or spec.key_shares names a group key_share_public cannot generate.
std::vector<std::uint8_t> build_client_hello(const obs::ClientHelloSpec& spec);

// A broad signature_algorithms list: RSA-PSS, RSA PKCS#1 and ECDSA with SHA-256/384/512,
// Ed25519, Ed448, then RSA and ECDSA with SHA-1 last (old servers have nothing else).
std::vector<std::uint16_t> default_signature_algorithms();

}  // namespace medtls::wire
