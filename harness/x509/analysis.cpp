// describe() and analyze_chain(): the public face of the certificate analysis; the pieces live in
// analysis_*.cpp.
#include "x509/analysis.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "common/codes.hpp"
#include "common/text.hpp"
#include "x509/analysis_parts.hpp"
#include "x509/fingerprint.hpp"
#include "x509/pem_files.hpp"

namespace medtls::x509 {

namespace {

using namespace analysis_detail;

// The certificate in `der`; throws std::runtime_error "not DER: …" when it is not exactly one.
ossl::X509Ptr parse(const Der& der) {
  const unsigned char* p = der.data();
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  if (!cert || p != der.data() + der.size())
    throw std::runtime_error(
        "not DER: " + std::string(!cert ? "not an X.509 certificate" : "trailing bytes after it") +
        " (" + std::to_string(der.size()) + " bytes" +
        (der.empty() ? ""
                     : ", starting " + to_hex(der.data(), std::min<std::size_t>(der.size(), 8))) +
        ")");
  return cert;
}

}  // namespace

obs::CertificateInfo describe(const Der& der) {
  auto cert = parse(der);
  return describe_cert(cert.get());
}

namespace {

// The problems, trust, host name and revocation of a chain whose every certificate parsed.
void judge_chain(const std::vector<X509*>& certs, const VerifyInputs& inputs,
                 obs::ServerCertificate& out) {
  const std::int64_t now =
      inputs.now != 0 ? inputs.now : static_cast<std::int64_t>(std::time(nullptr));
  out.problems = chain_problems(certs, out.chain, now, inputs.expiry_warning_days);
  auto add = [&](obs::ProblemCode code, const std::string& detail, int depth) {
    out.problems.push_back({code, detail, depth});
  };

  std::vector<ossl::X509Ptr> anchors;
  if (!inputs.ca_file.empty()) {
    anchors = load_certificates(inputs.ca_file, "--ca");
    const Trust t = verify_chain(certs, anchors, out.chain);
    out.trust = t.trust;
    out.trust_detail = t.detail;
    if (t.trust == obs::TrustStatus::untrusted)
      add(obs::ProblemCode::untrusted,
          "the chain does not verify against --ca " + inputs.ca_file + ": " + t.detail,
          std::max(t.error_depth, 0));
  } else {
    out.trust_detail = "no trust anchor given (--ca)";
  }

  if (!inputs.host.empty()) {
    const HostCheck h = check_host(certs[0], inputs.host, out.chain[0]);
    out.hostname = h.result;
    if (h.result == obs::HostnameStatus::mismatch)
      add(obs::ProblemCode::hostname_mismatch, h.detail, 0);
  }

  if (!inputs.crl_file.empty()) {
    std::vector<X509*> issuers = certs;  // the CRL's signer may be in the chain or among anchors
    for (const auto& a : anchors) issuers.push_back(a.get());
    const Revocation r = check_crl(certs[0], issuers, inputs.crl_file, now);
    out.revocation = r.status;
    out.revocation_detail = r.detail;
    if (r.status == obs::RevocationStatus::revoked) add(obs::ProblemCode::revoked, r.detail, 0);
  }
}

// What is known of bytes that are not a certificate: where they were, how many, their hash.
obs::CertificateInfo unparseable(const Der& der, const std::string& why) {
  obs::CertificateInfo info;
  info.parse_error = why;
  info.der_bytes = der.size();
  info.sha256 = sha256_hex(der);
  return info;
}

}  // namespace

void analyze_chain(const std::vector<Der>& chain, const VerifyInputs& inputs,
                   obs::ServerCertificate& out) {
  out.chain.clear();
  out.problems.clear();
  out.trust = obs::TrustStatus::no_trust_anchor;
  out.trust_detail.clear();
  out.hostname_checked = inputs.host;
  out.hostname = obs::HostnameStatus::unknown;
  out.revocation = obs::RevocationStatus::not_checked;
  out.expiry_warning_days = inputs.expiry_warning_days;
  if (chain.empty()) return;

  // Bytes from the server: a certificate that does not parse is an observation, not an error.
  std::vector<ossl::X509Ptr> owned;
  std::vector<X509*> certs;
  std::vector<std::string> broken;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string which =
        "certificate " + std::to_string(i + 1) + " of " + std::to_string(chain.size());
    try {
      owned.push_back(parse(chain[i]));
      certs.push_back(owned.back().get());
      out.chain.push_back(describe_cert(certs.back()));
    } catch (const std::exception& e) {
      broken.push_back(which + ": " + e.what());
      out.chain.push_back(unparseable(chain[i], e.what()));
    }
  }
  if (!broken.empty()) {
    out.status = obs::ChainStatus::unparseable;
    out.detail = join({out.detail, join(broken, "; ")}, "; ");
    out.trust_detail = "not checked: the chain does not parse";
    return;
  }
  judge_chain(certs, inputs, out);
}

}  // namespace medtls::x509
