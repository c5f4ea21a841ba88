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

// The offer decoded from the extensions a server answers: lists are empty when the extension is
// absent; a duplicated extension counts by its first occurrence.
struct OfferedHello {
  std::uint16_t legacy_version = 0;
  std::vector<std::uint8_t> session_id;
  std::vector<std::uint16_t> suites;
  std::vector<std::uint8_t> compression;
  std::vector<std::uint16_t> extensions;            // types, in order
  std::vector<std::uint16_t> supported_versions;    // empty: extension absent
  std::vector<std::uint16_t> groups;                // supported_groups
  std::vector<std::uint16_t> key_share_groups;      // groups of the client_shares sent
  std::vector<std::uint16_t> signature_algorithms;  // empty: extension absent
  std::vector<std::string> alpn;                    // protocol names as sent (raw bytes)

  bool has_extension(std::uint16_t type) const;
  bool offers_suite(std::uint16_t suite) const;
};

// Throws WireError when the body of supported_versions, supported_groups,
// signature_algorithms, key_share or ALPN is not what its RFC prescribes.
OfferedHello read_offer(const ClientHello& hello);

}  // namespace medtls::wire
