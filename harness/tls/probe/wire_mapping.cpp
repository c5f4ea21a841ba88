#include "tls/probe/wire_mapping.hpp"

#include <algorithm>

#include "tls/wire/client_hello.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/hello_extensions.hpp"

namespace medtls::probe {

namespace {
constexpr std::uint16_t kTls13 = 0x0304;
}

wire::ClientHello to_wire_hello(const obs::ClientHelloSpec& spec) {
  namespace make = wire::make;
  using namespace wire::ext;  // NOLINT: the extension names read best unqualified here
  const bool tls13 = std::find(spec.supported_versions.begin(), spec.supported_versions.end(),
                               kTls13) != spec.supported_versions.end();
  wire::ClientHello h;
  h.record_version = spec.record_version;
  h.legacy_version = spec.legacy_version;
  h.random = wire::random_bytes(32);
  if (tls13) h.session_id = wire::random_bytes(32);
  h.cipher_suites = spec.suites;
  h.compression_methods = spec.compression;
  auto& e = h.extensions;
  if (!spec.sni.empty()) e.push_back(make::server_name(spec.sni));
  if (!spec.groups.empty()) e.push_back(make::supported_groups(spec.groups));
  if (spec.ec_point_formats) e.push_back(make::ec_point_formats());
  if (!spec.signature_algorithms.empty())
    e.push_back(make::signature_algorithms(spec.signature_algorithms));
  if (!spec.alpn.empty()) e.push_back(make::alpn(spec.alpn));
  if (spec.encrypt_then_mac) e.push_back(make::empty(kEncryptThenMac));
  if (spec.extended_master_secret) e.push_back(make::empty(kExtendedMasterSecret));
  if (spec.truncated_hmac) e.push_back(make::empty(kTruncatedHmac));
  if (spec.session_ticket) e.push_back(make::empty(kSessionTicket));
  if (spec.status_request) e.push_back(make::status_request_ocsp());
  if (!spec.supported_versions.empty())
    e.push_back(make::supported_versions(spec.supported_versions));
  if (tls13) {
    e.push_back(make::key_share(spec.key_shares));
    e.push_back(make::psk_key_exchange_modes());
  }
  if (spec.renegotiation_info) e.push_back(make::renegotiation_info());
  return h;
}

std::vector<std::uint8_t> build_client_hello(const obs::ClientHelloSpec& spec) {
  return wire::encode_client_hello(to_wire_hello(spec));
}

}  // namespace medtls::probe
