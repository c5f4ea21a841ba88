#include "profile/certificate_view.hpp"

#include <algorithm>

namespace medtls::profile {

std::string certificate_pointer(const std::string& field) {
  return "certificate." + field;
}
std::string chain_pointer(std::size_t depth) {
  return "certificate.chain[" + std::to_string(depth) + "]";
}
std::string matrix_pointer(std::size_t index) {
  return "client_auth.matrix[" + std::to_string(index) + "]";
}

bool chain_observed(const EvalContext& ctx, Outcome& o) {
  const obs::ServerCertificate& c = ctx.obs.certificate;
  if (c.status == obs::ChainStatus::observed && !c.chain.empty()) return true;
  o.state = State::undecidable;
  o.evidence.push_back(certificate_pointer("status"));
  if (c.status == obs::ChainStatus::unparseable) {
    for (std::size_t i = 0; i < c.chain.size(); ++i)
      if (!c.chain[i].parse_error.empty()) o.evidence.push_back(chain_pointer(i));
    o.detail =
        "the server's certificates do not all parse (certificate.chain[i].parse_error), so "
        "nothing about the chain can be judged";
    return false;
  }
  o.detail = "no server certificate was observed (" + c.status + ")" +
             (c.detail.empty() ? "" : ": " + c.detail);
  return false;
}

std::vector<std::size_t> scope_depths(const obs::ServerCertificate& cert, CertificateScope scope) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < cert.chain.size(); ++i) {
    if (scope == CertificateScope::leaf && i > 0) break;
    if (i > 0 && cert.chain[i].self_signed) continue;
    out.push_back(i);
  }
  return out;
}

std::string certificate_label(const obs::ServerCertificate& cert, std::size_t depth) {
  const std::string where = depth == 0 ? "leaf" : "certificate " + std::to_string(depth);
  return depth < cert.chain.size() ? where + " " + cert.chain[depth].subject : where;
}

std::vector<std::string> problem_details(const obs::ServerCertificate& cert,
                                         const std::string& code) {
  std::vector<std::string> out;
  for (const auto& p : cert.problems)
    if (name_of(p.code) == code) out.push_back(p.detail);
  return out;
}

bool admits_anonymous(const obs::ClientAuthObservations& ca,
                      const std::vector<std::string>& refuse) {
  return ca.requested == obs::ClientAuthRequest::optional && !listed(refuse, "none");
}

const char* const kAdmitsAnonymousText =
    "; the server asks for a client certificate but admits a client without one, so it is not "
    "configured to use mutual authentication (PS3.15 B.12/B.13 let a server be configured not "
    "to use it) and its refusals do not show that it authenticates clients";
const char* const kNotPresentedText =
    "; a case that was not presented decides nothing: present it as said above";

}  // namespace medtls::profile
