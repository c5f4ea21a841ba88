#pragma once
// Well-formed bodies of the ClientHello extensions a prober or a test client sends (RFC 6066,
// RFC 7301, RFC 7366, RFC 7627, RFC 5746, RFC 8422, RFC 8446 §4.2). Each returns a complete
// wire::Extension; a caller that wants it malformed edits body or length_override afterwards.
#include <cstdint>
#include <string>
#include <vector>

#include "tls/wire/hello_types.hpp"

namespace medtls::wire::make {

// server_name with one host_name entry (RFC 6066 §3).
Extension server_name(const std::string& host);
Extension supported_groups(const std::vector<std::uint16_t>& groups);
// ec_point_formats; the default is uncompressed only (RFC 8422 §5.1.2: the only one allowed).
Extension ec_point_formats(const std::vector<std::uint8_t>& formats = {0});
Extension signature_algorithms(const std::vector<std::uint16_t>& schemes);
// ALPN protocol_name_list. Throws WireError for an empty name or one longer than 255 bytes.
Extension alpn(const std::vector<std::string>& protocols);
// An extension whose body is empty: encrypt_then_mac, extended_master_secret, truncated_hmac,
// session_ticket (asks for a new ticket), or any type a test wants present and empty.
Extension empty(std::uint16_t type);
// status_request for OCSP with no responder ids and no request extensions (RFC 6066 §8).
Extension status_request_ocsp();
Extension supported_versions(const std::vector<std::uint16_t>& versions);
// key_share with a fresh public value (key_share_public) for each group, in order; an empty
// list still sends the extension (a TLS 1.3 server then answers with a HelloRetryRequest
// naming the group it wants). Throws WireError for a group key_share_public cannot make.
Extension key_share(const std::vector<std::uint16_t>& groups);
struct KeyShareEntry {
  std::uint16_t group = 0;
  std::vector<std::uint8_t> key_exchange;
};
// key_share from given entries (any bytes: for tests and hostile peers).
Extension key_share(const std::vector<KeyShareEntry>& entries);
// psk_key_exchange_modes; the default is psk_dhe_ke (required alongside key_share, §4.2.9).
Extension psk_key_exchange_modes(const std::vector<std::uint8_t>& modes = {1});
// renegotiation_info; empty renegotiated_connection for an initial handshake (RFC 5746 §3.4).
Extension renegotiation_info(const std::vector<std::uint8_t>& renegotiated_connection = {});

}  // namespace medtls::wire::make
