#pragma once
// Between the report's types and the wire codec's: what a probe means to offer
// (obs::ClientHelloSpec, recorded as evidence) becomes a wire::ClientHello with its extensions in
// the prober's fixed order, and what the wire read (wire::ServerFlight) becomes the report's
// obs::ServerReply. tls/wire knows nothing of obs; obs knows nothing of the wire.
#include "obs/tls_observations.hpp"
#include "tls/wire/flight_types.hpp"
#include "tls/wire/hello_types.hpp"

namespace medtls::probe {

// The ClientHello for `spec`: fresh random; a fresh 32-byte legacy_session_id when 0x0304 is
// offered (middlebox compatibility); extensions, each only when the spec asks for it, in this
// order: server_name, supported_groups, ec_point_formats, signature_algorithms, ALPN,
// encrypt_then_mac, extended_master_secret, truncated_hmac, session_ticket, status_request,
// supported_versions, key_share and psk_key_exchange_modes (both when 0x0304 is offered; the
// key_share even when spec.key_shares is empty), renegotiation_info. No extension at all: no
// extensions block (an SSLv3-style hello). Throws wire::WireError for an ALPN name that is empty
// or longer than 255 bytes, or a key-share group key_share_public cannot generate.
wire::ClientHello to_wire_hello(const obs::ClientHelloSpec& spec);

// The bytes for `spec`: encode_client_hello(to_wire_hello(spec)).
std::vector<std::uint8_t> build_client_hello(const obs::ClientHelloSpec& spec);

obs::Outcome to_outcome(wire::FlightOutcome o);

// Every field the wire read, in the report's form (hex strings, peer_text for peer bytes).
// Leaves what only a probe fills (violations, OpenSSL handshake results) at its default.
obs::ServerReply to_server_reply(const wire::ServerFlight& flight);

}  // namespace medtls::probe
