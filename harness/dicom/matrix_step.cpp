// Step 7 (--association-matrix): one association per accepted version, and one per accepted
// suite of each accepted version, each forced alone.
#include "common/codes.hpp"
#include "dicom/local_support.hpp"
#include "dicom/scan_context.hpp"

namespace medtls::dicom {

namespace {

constexpr const char* kNotPossible =
    "accepted at ServerHello, full handshake not possible with the local TLS library";

obs::DicomAssociation not_possible(const AssociationRequest& request, const std::string& why) {
  auto a = not_attempted(request, std::string(kNotPossible) + " (" + local_tls_library() + ")");
  a.channel.status = obs::ChannelStatus::not_possible_locally;
  a.channel.detail = why;
  return a;
}

void note_negotiated(obs::DicomAssociation& a, std::uint16_t forced) {
  if (a.channel.status != obs::ChannelStatus::established || a.channel.suite == forced) return;
  a.detail += "; negotiated " + format_code(a.channel.suite) + " " + a.channel.suite_name +
              " instead of the forced suite " + format_code(forced);
}

}  // namespace

void matrix_step(ScanContext& scan) {
  if (!scan.options().association_matrix) return;
  const auto& registry = scan.registry();
  std::vector<TlsVersion> versions;  // every accepted one, SSLv3 included (not possible here)
  for (TlsVersion v : kAllVersions) {
    auto it = scan.tls().versions.find(v);
    if (it != scan.tls().versions.end() && it->second.status == obs::VersionStatus::accepted)
      versions.push_back(v);
  }
  for (TlsVersion v : versions) {
    const std::string name(version_name(v));
    TlsSettings tls = scan.main_tls();
    tls.min_version = tls.max_version = v;
    tls.disabled_versions.clear();
    tls.forced_version = name;
    auto request = scan.request(name, obs::AssociationKind::version, tls);
    const std::string why = local_limitation(v, std::nullopt, registry);
    scan.out().matrix.push_back(why.empty() ? scan.run(request) : not_possible(request, why));
  }
  for (TlsVersion v : versions) {
    auto it = scan.tls().suites.find(v);
    if (it == scan.tls().suites.end()) continue;
    const std::string name(version_name(v));
    for (std::uint16_t code : it->second.accepted) {
      TlsSettings tls = scan.main_tls();
      tls.min_version = tls.max_version = v;
      tls.disabled_versions.clear();
      tls.forced_version = name;
      tls.forced_suite = code;
      const suites::CipherSuite* cs = registry.find(code);
      const std::string openssl_name = cs != nullptr ? cs->openssl_name : "";
      if (v == TlsVersion::TLSv1_3)
        tls.tls13_suites = openssl_name;
      else
        tls.cipher_list = openssl_name + ":@SECLEVEL=0";
      auto request =
          scan.request("suite " + format_code(code) + " " + name, obs::AssociationKind::suite, tls);
      const std::string why = local_limitation(v, code, registry);
      if (!why.empty()) {
        scan.out().matrix.push_back(not_possible(request, why));
        continue;
      }
      auto a = scan.run(request);
      note_negotiated(a, code);
      scan.out().matrix.push_back(std::move(a));
    }
  }
}

}  // namespace medtls::dicom
