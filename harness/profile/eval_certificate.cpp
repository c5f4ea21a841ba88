// Certificate rules that read the analysis of the server's chain: problems, trust, host name,
// EKU, validity, lifetime, revocation and OCSP stapling. Keys and hashes: eval_certificate_keys.
#include <algorithm>

#include "common/utc_time.hpp"
#include "profile/certificate_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"

namespace medtls::profile {

namespace {

const char* kNoTrustAnchor = "no trust anchor given (--ca)";

// Why a forbidden code could not be looked for, or "" when it could.
std::string unchecked_reason(const obs::ServerCertificate& c, const std::string& code) {
  if (code == "untrusted" && c.trust != obs::TrustStatus::trusted &&
      c.trust != obs::TrustStatus::untrusted)
    return c.trust == obs::TrustStatus::no_trust_anchor ? std::string(kNoTrustAnchor)
                                                        : "trust " + c.trust;
  if (code == "hostname_mismatch" && c.hostname != obs::HostnameStatus::match &&
      c.hostname != obs::HostnameStatus::mismatch)
    return "the host name could not be compared (" + c.hostname + ")";
  if (code == "revoked" && c.revocation != obs::RevocationStatus::good &&
      c.revocation != obs::RevocationStatus::revoked)
    return c.revocation == obs::RevocationStatus::not_checked ? "no --crl given"
                                                              : "revocation " + c.revocation;
  return "";
}

void add_problem_evidence(const obs::ServerCertificate& c, const std::string& code, Outcome& o) {
  add_unique(o.evidence, certificate_pointer("problems"));
  for (const auto& p : c.problems)
    if (name_of(p.code) == code && p.depth >= 0) add_unique(o.evidence, chain_pointer(p.depth));
}

}  // namespace

Outcome evaluate_rule(const CertificateProblemsRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  add_unique(o.evidence, certificate_pointer("problems"));
  std::vector<std::string> found, unchecked, others;
  for (const auto& code : rule.forbid) {
    for (const auto& d : problem_details(c, code)) found.push_back(code + ": " + d);
    if (!problem_details(c, code).empty()) add_problem_evidence(c, code, o);
    const std::string why = unchecked_reason(c, code);
    if (!why.empty()) unchecked.push_back(code + " not checked: " + why);
  }
  for (const auto& p : c.problems)
    if (!listed(rule.forbid, name_of(p.code))) others.push_back(name_of(p.code));
  const std::string also = others.empty() ? "" : "; other problems listed: " + join(others, ", ");
  if (!found.empty()) {
    o.state = State::violated;
    o.detail = join(found, "; ") + (unchecked.empty() ? "" : "; " + join(unchecked, "; ")) + also;
  } else if (!unchecked.empty()) {
    o.state = State::undecidable;
    o.detail = join(unchecked, "; ") + also;
  } else {
    o.state = State::met;
    o.detail = "none of " + join(rule.forbid, ", ") + " found" + also;
    o.evidence.push_back(chain_pointer(0));
  }
  return o;
}

Outcome evaluate_rule(const CertificateTrustRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {certificate_pointer("trust"), chain_pointer(0)};
  const std::string detail = c.trust_detail.empty() ? "" : ": " + c.trust_detail;
  if (c.trust == obs::TrustStatus::trusted) {
    o.state = State::met;
    o.detail = "the chain verifies against the trust anchors given (--ca)" + detail;
  } else if (c.trust == obs::TrustStatus::untrusted) {
    o.state = State::violated;
    o.detail = "the chain does not verify against the trust anchors given (--ca)" + detail;
    add_problem_evidence(c, "untrusted", o);
  } else if (c.trust == obs::TrustStatus::no_trust_anchor) {
    o.state = rule.not_checked_without_anchor ? State::not_applicable : State::undecidable;
    o.detail = std::string(rule.not_checked_without_anchor ? "not checked: " : "") +
               kNoTrustAnchor + ": the chain of " + certificate_label(c, 0) + ", issued by " +
               c.chain[0].issuer + ", cannot be verified";
  } else {
    o.state = State::undecidable;
    o.detail = "trust " + c.trust + detail;
  }
  return o;
}

Outcome evaluate_rule(const CertificateHostnameRule&, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {certificate_pointer("hostname"), chain_pointer(0)};
  const auto& sans = c.chain[0].subject_alt_names;
  const std::string san_text =
      sans.empty() ? "the leaf has no subjectAltName" : "subjectAltName " + join(sans, ", ");
  const std::string name = c.hostname_checked.empty() ? "(no host name)" : c.hostname_checked;
  if (c.hostname == obs::HostnameStatus::match) {
    o.state = State::met;
    o.detail = name + " matches the leaf: " + san_text;
  } else if (c.hostname == obs::HostnameStatus::mismatch) {
    o.state = State::violated;
    const auto details = problem_details(c, "hostname_mismatch");
    o.detail =
        details.empty() ? name + " does not match the leaf: " + san_text : join(details, "; ");
    add_problem_evidence(c, "hostname_mismatch", o);
  } else {
    o.state = State::undecidable;
    o.detail = "the host name was not compared with the leaf (" + c.hostname + ")";
  }
  return o;
}

Outcome evaluate_rule(const CertificateEkuRule&, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {chain_pointer(0)};
  const auto& eku = c.chain[0].extended_key_usage;
  const auto wrong = problem_details(c, "wrong_eku");
  if (!wrong.empty() ||
      (!eku.empty() && std::find(eku.begin(), eku.end(), "serverAuth") == eku.end())) {
    o.state = State::violated;
    o.detail = wrong.empty() ? certificate_label(c, 0) + " has extendedKeyUsage " +
                                   join(eku, ", ") + " without serverAuth"
                             : join(wrong, "; ");
    add_problem_evidence(c, "wrong_eku", o);
  } else if (eku.empty()) {
    o.state = State::met;
    o.detail = certificate_label(c, 0) +
               " has no extendedKeyUsage extension, so its use is not restricted";
  } else {
    o.state = State::met;
    o.detail = certificate_label(c, 0) + " has extendedKeyUsage " + join(eku, ", ");
  }
  return o;
}

Outcome evaluate_rule(const CertificateValidityRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {certificate_pointer("problems")};
  std::vector<std::string> bad;
  for (const char* code : {"expired", "not_yet_valid"}) {
    for (const auto& d : problem_details(c, code)) bad.push_back(d);
    add_problem_evidence(c, code, o);
  }
  const auto soon = problem_details(c, "expires_soon");
  if (!bad.empty()) {
    o.state = State::violated;
    o.detail = join(bad, "; ");
  } else if (!soon.empty() && !rule.expires_soon.empty()) {
    o.state = State::warn;
    o.detail = join(soon, "; ") + "; " + rule.expires_soon;
    add_problem_evidence(c, "expires_soon", o);
  } else {
    o.state = State::met;
    add_unique(o.evidence, chain_pointer(0));
    o.detail = "every certificate of the chain is within its validity period; " +
               certificate_label(c, 0) + " is valid until " + c.chain[0].not_after;
    if (!soon.empty()) o.detail += " (" + join(soon, "; ") + ")";
  }
  return o;
}

Outcome evaluate_rule(const CertificateLifetimeRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {chain_pointer(0)};
  const obs::CertificateInfo& leaf = c.chain[0];
  const auto from = parse_iso8601_utc(leaf.not_before);
  const auto to = parse_iso8601_utc(leaf.not_after);
  if (!from || !to) {
    o.state = State::undecidable;
    o.detail = "the leaf's validity period is not known";
    return o;
  }
  const std::int64_t days = (*to - *from) / (24 * 60 * 60);
  o.detail = certificate_label(c, 0) + " is valid for " + std::to_string(days) + " days (" +
             leaf.not_before + " to " + leaf.not_after + ")";
  if (days > rule.max_days) {
    o.state = State::violated;
    o.detail += ", more than " + std::to_string(rule.max_days);
  } else {
    o.state = State::met;
    o.detail += ", at most " + std::to_string(rule.max_days);
  }
  return o;
}

Outcome evaluate_rule(const CertificateRevocationRule&, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {certificate_pointer("revocation"), chain_pointer(0)};
  if (c.revocation == obs::RevocationStatus::revoked) {
    o.state = State::violated;
    const auto details = problem_details(c, "revoked");
    o.detail = details.empty() ? certificate_label(c, 0) + " is revoked" : join(details, "; ");
    add_problem_evidence(c, "revoked", o);
  } else if (c.revocation == obs::RevocationStatus::good) {
    o.state = State::met;
    o.detail = certificate_label(c, 0) + " (serial " + c.chain[0].serial +
               ") is not listed in the CRL given (--crl)";
  } else if (c.revocation == obs::RevocationStatus::not_checked) {
    o.state = State::not_applicable;
    o.detail =
        "not checked: no --crl given (a CRL from the leaf's issuer, " + c.chain[0].issuer + ")";
  } else {
    o.state = State::undecidable;
    o.detail = "the CRL given (--crl) could not decide: it is not from the leaf's issuer " +
               c.chain[0].issuer + ", its signature does not verify, or it is out of date";
  }
  return o;
}

Outcome evaluate_rule(const OcspStaplingRule&, const EvalContext& ctx) {
  Outcome o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  o.evidence = {certificate_pointer("ocsp_stapling")};
  if (c.ocsp_stapling == obs::StaplingStatus::stapled) {
    o.state = State::met;
    o.detail = "the server stapled an OCSP response (CertificateStatus)";
  } else if (c.ocsp_stapling == obs::StaplingStatus::not_stapled) {
    o.state = State::violated;
    o.detail = "the server sent no OCSP response although the client asked (status_request)";
  } else {
    o.state = State::undecidable;
    o.detail = "OCSP stapling was not observed (" + c.ocsp_stapling + ")";
  }
  return o;
}

}  // namespace medtls::profile
