#pragma once
// The server side of a handshake, written byte by byte, so that `medtls listen` can answer a
// device in its TLS client role with flights no TLS library would send: a ServerHello at TLS 1.0,
// a suite the client did not offer, a certificate chain of our choosing. Each function returns
// complete TLS records (headers included); what goes into them is the caller's business. The
// codec knows no report type.
#include <cstdint>
#include <vector>

#include "tls/wire/hello_types.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

struct ServerHelloSpec {
  std::uint16_t record_version = 0x0303;  // record layer version of the ServerHello record
  std::uint16_t legacy_version = 0x0303;  // ServerHello.legacy_version (server_version)
  std::vector<std::uint8_t> random;       // written as is; empty: 32 fresh random bytes
  std::vector<std::uint8_t> session_id;   // legacy_session_id_echo, written as is
  std::uint16_t suite = 0;
  std::uint8_t compression = 0;
  // In order, duplicates and all; an extension's length_override is written instead of its
  // true length. No extension: the extensions block is left out.
  std::vector<Extension> extensions;
};

// One TLS record (content type 22, spec.record_version) holding the ServerHello. Throws
// WireError when it would not fit in one record (2^14 bytes) or a vector is longer than its
// length field allows.
std::vector<std::uint8_t> write_server_hello(const ServerHelloSpec& spec);

// TLS <= 1.2 Certificate (RFC 5246 §7.4.2): the DER certificates in the given order (leaf first
// for a well-formed chain), split into as many records of at most 2^14 bytes as it needs.
// Throws WireError when a certificate or the chain is longer than its 24-bit length allows.
std::vector<std::uint8_t> write_certificate_tls12(
    const std::vector<std::vector<std::uint8_t>>& der_chain, std::uint16_t record_version);

// TLS <= 1.2 ServerHelloDone (an empty handshake message), one record.
std::vector<std::uint8_t> write_server_hello_done(std::uint16_t record_version);

// A handshake message of `type` with `body`, as records of at most 2^14 bytes each.
std::vector<std::uint8_t> handshake_records(std::uint8_t type,
                                            const std::vector<std::uint8_t>& body,
                                            std::uint16_t record_version);

}  // namespace medtls::wire

// Bodies of the extensions a server puts in its ServerHello (RFC 8446 §4.2).
namespace medtls::wire::make_server {

// supported_versions: the selected version (a TLS 1.3 ServerHello carries 0x0304).
Extension supported_versions(std::uint16_t selected);
// key_share: one KeyShareEntry for `group` with the public value of a fresh key pair
// (key_share_public: x25519, x448, secp256r1/384r1/521r1, ffdhe*), so the ServerHello is well
// formed and a client can derive keys from it. Throws WireError for another group.
Extension key_share(std::uint16_t group);
// key_share with the given bytes as the public value (for deliberately wrong shares).
Extension key_share(std::uint16_t group, const std::vector<std::uint8_t>& key_exchange);

}  // namespace medtls::wire::make_server
