#pragma once
// Reads a ClientHello back from its bytes into a wire::ClientHello (every extension, in order,
// duplicates and unknown types included), and decodes what a server may choose from
// (OfferedHello). The prober checks every ServerHello against the hello it answers (a server may
// only pick what was offered); the same parser reads hellos that devices send to `medtls listen`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tls/wire/hello_types.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

// `data` holds one or more complete TLS records carrying exactly one ClientHello (record
// headers included; record_version is the first record's). Extension bodies are kept raw, not
// checked. Throws WireError when the bytes are not that.
ClientHello parse_client_hello(const std::uint8_t* data, std::size_t size);
inline ClientHello parse_client_hello(const std::vector<std::uint8_t>& bytes) {
  return parse_client_hello(bytes.data(), bytes.size());
}

// The same reading for bytes a peer sent, which may be anything: it throws no WireError, keeps what
// could be read. The fields before the first malformed one are filled; a length prefix that
// claims more than the bytes hold (a record, the handshake message, the extensions block) is
// read as far as the bytes go, so a cut-short hello still yields its leading fields and its
// complete extensions. `error` says, in one line, what was wrong first ("" when nothing was).
// At most 128 KiB of handshake bytes are read.
struct ClientHelloRead {
  ClientHello hello;
  std::string error;
};
ClientHelloRead read_client_hello(const std::uint8_t* data, std::size_t size);

// The offer decoded from the extensions a server answers: lists are empty when the extension is
// absent; a duplicated extension counts by its first occurrence.
struct OfferedHello {
  std::uint16_t legacy_version = 0;
  std::vector<std::uint8_t> session_id;
  std::vector<std::uint16_t> suites;
  std::vector<std::uint8_t> compression;
  std::vector<std::uint16_t> extensions;                 // types, in order
  std::vector<std::uint16_t> supported_versions;         // empty: extension absent
  std::vector<std::uint16_t> groups;                     // supported_groups
  std::vector<std::uint16_t> key_share_groups;           // groups of the client_shares sent
  std::vector<std::uint16_t> signature_algorithms;       // empty: extension absent
  std::vector<std::uint16_t> signature_algorithms_cert;  // empty: extension absent
  std::vector<std::string> alpn;                         // protocol names as sent (raw bytes)
  std::string server_name;  // the host_name of server_name (raw bytes); "" absent

  bool has_extension(std::uint16_t type) const;
  bool offers_suite(std::uint16_t suite) const;
};

// Throws WireError when the body of server_name, supported_versions, supported_groups,
// signature_algorithms(_cert), key_share or ALPN is not what its RFC prescribes.
OfferedHello read_offer(const ClientHello& hello);

// Decodes the body of one extension into its part of `offer` (the types read_offer decodes;
// others are ignored). Throws WireError like read_offer; `offer` keeps what was decoded before.
void read_offered_extension(const Extension& extension, OfferedHello& offer);

}  // namespace medtls::wire
