#include "tls/probe/wire_mapping.hpp"

#include <algorithm>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
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

obs::Outcome to_outcome(wire::FlightOutcome o) {
  using F = wire::FlightOutcome;
  using O = obs::Outcome;
  switch (o) {
    case F::server_hello:
      return O::server_hello;
    case F::hello_retry_request:
      return O::hello_retry_request;
    case F::alert:
      return O::alert;
    case F::closed:
      return O::closed;
    case F::reset:
      return O::reset;
    case F::timeout:
      return O::timeout;
    case F::malformed:
      return O::malformed;
    case F::connect_failed:
      return O::connect_failed;
  }
  return O::malformed;
}

obs::ServerReply to_server_reply(const wire::ServerFlight& f) {
  obs::ServerReply r;
  r.outcome = to_outcome(f.outcome);
  r.error = f.error;
  if (f.alert) r.alert = obs::Alert{f.alert->level, f.alert->description};
  r.bytes_received = f.bytes_received;
  if (f.cut_short) r.cut_short = to_outcome(*f.cut_short);
  r.record_version = f.record_version;
  const auto& sh = f.server_hello;
  r.legacy_version = sh.legacy_version;
  r.version = sh.version;
  r.suite = sh.suite;
  r.compression = sh.compression;
  r.extensions = sh.extensions;
  if (sh.alpn) r.alpn = peer_text(*sh.alpn);
  r.key_share_group = sh.key_share_group;
  r.session_id_hex = to_hex(sh.session_id);
  r.retry_request = sh.retry_request;
  r.server_hello_hex = to_hex(sh.message);
  r.certificates = f.certificates;
  r.certificate_count = f.certificates.size();
  const auto& kx = f.key_exchange;
  r.server_key_exchange = kx.present;
  r.ske_named_group = kx.named_group;
  r.ske_dh_p_bits = kx.dh_p_bits;
  r.ske_dh_p_hex = to_hex(kx.dh_p);
  r.ske_signature_scheme = kx.signature_scheme;
  r.certificate_status = f.certificate_status;
  const auto& cr = f.certificate_request;
  r.certificate_request = cr.present;
  r.cr_certificate_types = cr.certificate_types;
  r.cr_signature_schemes = cr.signature_schemes;
  r.cr_ca_names = cr.ca_names;
  r.server_hello_done = f.server_hello_done;
  return r;
}

}  // namespace medtls::probe
