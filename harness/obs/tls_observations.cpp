#include "obs/tls_observations.hpp"

#include <algorithm>

namespace medtls::obs {

bool ServerReply::has_extension(std::uint16_t type) const {
  return std::find(extensions.begin(), extensions.end(), type) != extensions.end();
}

const std::map<std::string, std::vector<std::string>>& fact_values() {
  // Every fact can also be "unknown" (the wire could not show it) and most can be
  // "not_applicable" (e.g. no TLS <= 1.2 accepted, so no ServerHello extension to inspect).
  static const std::map<std::string, std::vector<std::string>> values = {
      // Offered TLS 1.3 and 1.2 together, did the server choose 1.3?
      {"tls13_preferred", {"yes", "no", "not_applicable", "unknown"}},
      // TLS <= 1.2 ServerHello extensions answering ours
      {"renegotiation_info", {"supported", "not_supported", "not_applicable", "unknown"}},
      {"extended_master_secret", {"supported", "not_supported", "not_applicable", "unknown"}},
      // encrypt_then_mac with an accepted CBC suite (not_applicable when no CBC suite accepted)
      {"encrypt_then_mac", {"supported", "not_supported", "not_applicable", "unknown"}},
      {"truncated_hmac", {"refused", "accepted", "not_applicable", "unknown"}},
      // Offered DEFLATE and null compression, did the server pick null?
      {"compression", {"refused", "accepted", "not_applicable", "unknown"}},
      // ALPN ["dicom"]: selected, no ALPN in reply (ignored), or an alert (refused)
      {"alpn_dicom", {"selected", "ignored", "refused", "not_applicable", "unknown"}},
      // ALPN ["http/1.1"] only: RFC 7301 wants no_application_protocol(120)
      {"alpn_wrong_protocol",
       {"refused_no_application_protocol", "refused_other_alert", "ignored", "selected",
        "not_applicable", "unknown"}},
      // SNI with a name the server cannot know
      {"sni_unknown_name",
       {"refused_unrecognized_name", "refused_other_alert", "acknowledged", "ignored",
        "not_applicable", "unknown"}},
      // CertificateRequest in the plaintext TLS <= 1.2 first flight
      {"client_certificate_request", {"requested", "not_requested", "unknown"}},
      // TLS 1.2 ServerKeyExchange signed with SHA-1 or MD5 (RFC 9155 §4 MUST NOT): seen in
      // some handshake (used), or refused when the client offered nothing else (refused)
      {"ske_weak_signature", {"used", "refused", "not_applicable", "unknown"}},
      // A ServerKeyExchange or CertificateVerify signed with a scheme outside PS3.15 B.13's
      // permitted list (ECDSA, RSASSA-PKCS1-v1_5, RSASSA-PSS with SHA-256/384), in any handshake
      // or when the client offered only such schemes (used), or refused then (refused)
      {"signature_outside_b13", {"used", "refused", "not_applicable", "unknown"}},
      // TLS 1.2 CertificateRequest.supported_signature_algorithms listing SHA-1 or MD5
      // (RFC 9155 §3 SHOULD NOT)
      {"certificate_request_weak_hash", {"listed", "not_listed", "not_applicable", "unknown"}},
      // TLS 1.3 NewSessionTicket with early_data (max_early_data_size > 0): the server would
      // accept 0-RTT data (RFC 9325 §3.10: avoid without an application profile; DICOM has none)
      {"early_data", {"offered", "not_offered", "not_applicable", "unknown"}},
      // Did every ServerHello / HelloRetryRequest pick only what its ClientHello offered?
      // (not_applicable: no ServerHello at all; unknown: none parsed completely)
      {"server_hello_conformance", {"conformant", "violations", "not_applicable", "unknown"}},
  };
  return values;
}

}  // namespace medtls::obs
