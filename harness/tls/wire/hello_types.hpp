#pragma once
// The wire codec's own ClientHello: the fields of RFC 8446 §4.1.2 with the extensions as an
// ordered list of raw bodies, so that one type expresses a normal client's hello, a probe's
// variation and a hostile one (order, duplicates, GREASE, unknown types, wrong lengths). The
// builder writes it as given; the parser reads any hello into it. The report's own record of a
// hello (obs::ClientHelloSpec) is mapped onto this in tls/probe, never seen here.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace medtls::wire {

struct Extension {
  std::uint16_t type = 0;
  std::vector<std::uint8_t> body;  // extension_data, exactly as sent
  // Written as the extension_data length instead of body.size(): a deliberately wrong length.
  std::optional<std::uint16_t> length_override;
};

// Length fields the builder writes instead of the true ones (nullopt: the true length). Only
// for deliberately malformed hellos; the bytes that follow are the real ones all the same.
struct LengthOverrides {
  std::optional<std::uint16_t> record;            // TLSPlaintext.length
  std::optional<std::uint32_t> handshake;         // Handshake.length (24 bits)
  std::optional<std::uint8_t> session_id;         // legacy_session_id<0..32>
  std::optional<std::uint16_t> cipher_suites;     // cipher_suites<2..2^16-2>
  std::optional<std::uint8_t> compression;        // legacy_compression_methods<1..2^8-1>
  std::optional<std::uint16_t> extensions_block;  // extensions<8..2^16-1>
};

struct ClientHello {
  std::uint16_t record_version = 0x0301;  // record layer version of the ClientHello record
  std::uint16_t legacy_version = 0x0303;  // ClientHello.legacy_version (client_version)
  std::vector<std::uint8_t> random;       // written as is; empty: 32 fresh random bytes
  std::vector<std::uint8_t> session_id;   // legacy_session_id
  std::vector<std::uint16_t> cipher_suites;
  std::vector<std::uint8_t> compression_methods = {0};
  std::vector<Extension> extensions;  // serialised in this order, duplicates and all
  // No extension: the extensions block is left out (an SSLv3-style hello) unless this is set,
  // which writes an empty block (length 0).
  bool empty_extensions_block = false;
  LengthOverrides lengths;

  // The first extension of `type`, or nullptr.
  const Extension* find(std::uint16_t type) const {
    auto it = std::find_if(extensions.begin(), extensions.end(),
                           [&](const Extension& e) { return e.type == type; });
    return it == extensions.end() ? nullptr : &*it;
  }
  bool has_extension(std::uint16_t type) const { return find(type) != nullptr; }
  bool offers_suite(std::uint16_t suite) const {
    return std::find(cipher_suites.begin(), cipher_suites.end(), suite) != cipher_suites.end();
  }
};

// GREASE values (RFC 8701 §2): 0x0A0A, 0x1A1A, … 0xFAFA for cipher suites, groups, versions,
// signature algorithms and extension types; i is taken modulo 16.
constexpr std::uint16_t grease(unsigned i) {
  const unsigned nibble = i % 16;
  return static_cast<std::uint16_t>((nibble << 12) | 0x0A00 | (nibble << 4) | 0x0A);
}
constexpr bool is_grease(std::uint16_t v) {
  return (v & 0x0F0F) == 0x0A0A && (v >> 12) == ((v >> 4) & 0x0F);
}

}  // namespace medtls::wire
