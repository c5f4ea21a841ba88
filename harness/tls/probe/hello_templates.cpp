#include "tls/probe/hello_templates.hpp"

#include "common/tls_names.hpp"
#include "tls/wire/client_hello.hpp"

namespace medtls::probe {

namespace {
constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;
}

const std::vector<std::uint16_t>& default_groups() {
  static const std::vector<std::uint16_t> groups = {
      0x001D, 0x0017, 0x0018, 0x0019, 0x001E,          // x25519, P-256/384/521, x448
      0x001A, 0x001B, 0x001C, 0x001F, 0x0020, 0x0021,  // brainpool (TLS 1.2 and 1.3 ids)
      0x0100, 0x0101, 0x0102, 0x0103, 0x0104};         // ffdhe2048 … 8192
  return groups;
}

std::vector<std::uint16_t> all_probe_groups(std::optional<GroupFamily> family,
                                            bool include_hybrid) {
  std::vector<std::uint16_t> out;
  for (const auto& g : named_groups()) {
    // Hybrid groups need key shares we cannot make: offered only where none is sent.
    if (g.family == GroupFamily::hybrid && !include_hybrid) continue;
    if (family && *family != g.family) continue;
    out.push_back(g.code);
  }
  return out;
}

const std::vector<std::uint16_t>& default_key_shares() {
  static const std::vector<std::uint16_t> shares = {0x001D, 0x0017};
  return shares;
}

obs::ClientHelloSpec base_hello(TlsVersion v, const suites::Registry& registry,
                                const std::string& sni) {
  obs::ClientHelloSpec s;
  s.suites = registry.candidates(v);
  s.sni = sni;
  switch (v) {
    case TlsVersion::SSLv3:
      // SSLv3 has no extensions; the SCSV signals secure renegotiation instead.
      s.record_version = s.legacy_version = 0x0300;
      s.suites.push_back(kEmptyRenegotiationInfoScsv);
      s.sni.clear();
      s.ec_point_formats = s.extended_master_secret = s.renegotiation_info = false;
      break;
    case TlsVersion::TLSv1_0:
    case TlsVersion::TLSv1_1:
      s.record_version = 0x0301;
      s.legacy_version = wire_code(v);
      s.groups = default_groups();
      s.encrypt_then_mac = true;
      break;
    case TlsVersion::TLSv1_2:
      s.record_version = 0x0301;
      s.legacy_version = 0x0303;
      s.groups = default_groups();
      s.signature_algorithms = wire::default_signature_algorithms();
      s.encrypt_then_mac = true;
      break;
    case TlsVersion::TLSv1_3:
      s.record_version = 0x0301;
      s.legacy_version = 0x0303;
      s.supported_versions = {0x0304};
      s.groups = default_groups();
      s.key_shares = default_key_shares();
      s.signature_algorithms = wire::default_signature_algorithms();
      // Pure TLS 1.3 hello: the TLS 1.2-only extensions would be ignored anyway.
      s.ec_point_formats = s.extended_master_secret = s.renegotiation_info = false;
      break;
  }
  return s;
}

}  // namespace medtls::probe
