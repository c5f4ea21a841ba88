// Step 5: the bad client certificates the TLS layer let through (accepted, or not decided, in
// the mutual-authentication matrix): does the DICOM layer accept them too?
#include "dicom/scan_context.hpp"

namespace medtls::dicom {

namespace {

struct Case {
  std::string name;
  TlsVersion version;
};

// One per case other than "good" whose outcome was accepted or inconclusive, at the version of
// its first such row.
std::vector<Case> cases_to_run(const obs::TlsObservations& tls) {
  std::vector<Case> out;
  for (const auto& row : tls.client_auth.matrix) {
    if (row.name == obs::ClientCase::good || (row.outcome != obs::CaseOutcome::accepted &&
                                              row.outcome != obs::CaseOutcome::inconclusive))
      continue;
    bool seen = false;
    for (const auto& c : out) seen |= c.name == name_of(row.name);
    const auto version = parse_version(row.version);
    if (!seen && version) out.push_back({name_of(row.name), *version});
  }
  return out;
}

const x509::ClientVector* find_vector(const std::vector<x509::ClientVector>& vectors,
                                      const std::string& name) {
  for (const auto& v : vectors)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

void client_certificate_step(ScanContext& scan, const ClientVectorSource& client_vectors) {
  if (!scan.options().client_certificate_checks) return;
  const auto cases = cases_to_run(scan.tls());
  if (cases.empty()) return;
  const std::vector<x509::ClientVector>* vectors = nullptr;
  std::string unavailable;
  if (!client_vectors) {
    unavailable = "no client certificate vectors were given";
  } else {
    try {
      vectors = &client_vectors();
    } catch (const std::exception& e) {
      unavailable = std::string("the client certificate vectors could not be made: ") + e.what();
    }
  }
  for (const auto& c : cases) {
    const std::string v(version_name(c.version));
    TlsSettings tls = scan.main_tls();
    tls.min_version = tls.max_version = c.version;
    tls.disabled_versions.clear();
    auto request = scan.request("client certificate " + c.name + " " + v,
                                obs::AssociationKind::client_certificate, std::nullopt);
    request.client_case = c.name;
    const x509::ClientVector* vector = vectors ? find_vector(*vectors, c.name) : nullptr;
    std::string reason = unavailable;
    if (reason.empty() && vector == nullptr) reason = "no vector for case " + c.name;
    if (reason.empty() && !vector->not_applicable.empty()) reason = vector->not_applicable;
    if (reason.empty() && c.name != "none" && !vector->cert)
      reason = "the vector has no certificate";
    if (vector != nullptr && reason.empty()) {
      tls.client_cert = vector->cert.get();
      tls.client_key = vector->key.get();
      tls.client_chain.clear();
      for (const auto& x : vector->chain) tls.client_chain.push_back(x.get());
      tls.client_certificate = c.name == "none" ? "none" : "vector " + c.name;
    } else {
      tls.client_cert = nullptr;
      tls.client_key = nullptr;
      tls.client_certificate = "none";
    }
    request.tls = tls;
    scan.out().client_certificates.push_back(reason.empty() ? scan.run(request)
                                                            : not_attempted(request, reason));
  }
}

}  // namespace medtls::dicom
