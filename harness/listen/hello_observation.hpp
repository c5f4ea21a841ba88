#pragma once
// What `medtls listen` records of a ClientHello a device sent it: every field as offered, in
// order, GREASE included (obs::ObservedClientHello). The bytes come from the device and may be
// anything: reading them never throws and never reads out of bounds; what is malformed is named
// in `parse_error` and what could be read is kept.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "obs/client_role_observations.hpp"

namespace medtls::listen {

// Records carrying more bytes than this are not read beyond it (a ClientHello is a few hundred
// bytes, at most a few records): `parse_error` says so, and what the first bytes hold is kept.
inline constexpr std::size_t kMaxClientHelloBytes = 65536;

// `data`: the bytes of the record(s) carrying the device's ClientHello, record headers included.
// Fills record and legacy version, suites, compression methods, every extension (type and raw
// body, in order) and what the extensions offer (supported_versions, supported_groups, key_share
// groups, signature_algorithms, signature_algorithms_cert, ALPN, the SNI host_name), and `size`
// (= `size`). Lists of an extension that is absent stay empty; an extension sent twice counts
// by its first occurrence (and is a parse_error). `connection` and `scenario` are the caller's.
// Peer strings (ALPN names, SNI) are kept as raw bytes; the JSON writes them as peer text.
obs::ObservedClientHello observe_client_hello(const std::uint8_t* data, std::size_t size);
inline obs::ObservedClientHello observe_client_hello(const std::vector<std::uint8_t>& bytes) {
  return observe_client_hello(bytes.data(), bytes.size());
}

}  // namespace medtls::listen
