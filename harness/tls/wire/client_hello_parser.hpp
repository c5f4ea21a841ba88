#pragma once
// Reads a ClientHello back from its bytes: what was actually offered, in the order it was
// offered. The prober checks every ServerHello against the hello it answers (a server may only
// pick what was offered); the same parser reads hellos that devices send to `medtls listen`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

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

// `data` holds one or more complete TLS records carrying exactly one ClientHello (record
// headers included). Throws WireError when it does not.
OfferedHello parse_client_hello(const std::uint8_t* data, std::size_t size);
inline OfferedHello parse_client_hello(const std::vector<std::uint8_t>& bytes) {
  return parse_client_hello(bytes.data(), bytes.size());
}

}  // namespace medtls::wire
