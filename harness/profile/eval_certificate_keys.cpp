// certificate_key and certificate_signature_hash: sizes and types of the public keys, and the
// hashes of the signatures, in the leaf or the whole chain the server sent.
#include <algorithm>

#include "profile/certificate_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"

namespace medtls::profile {

namespace {

std::optional<int> min_bits(const CertificateKeyRule& rule, const std::string& type) {
  if (type == "RSA" || type == "RSA-PSS") return rule.rsa_min_bits;
  if (type == "EC") return rule.ec_min_bits;
  if (type == "DSA") return rule.dsa_min_bits;
  return std::nullopt;
}

struct Sorted {
  std::vector<std::string> bad, unknown, fine, skipped;
};

Outcome conclude(const Sorted& s, const std::string& what_bad, const std::string& what_fine) {
  Outcome o;
  const std::string skipped = s.skipped.empty() ? "" : "; not judged: " + join(s.skipped, "; ");
  if (!s.bad.empty()) {
    o.state = State::violated;
    o.detail = what_bad + ": " + join(s.bad, "; ") +
               (s.fine.empty() ? "" : "; fine: " + join(s.fine, "; ")) + skipped;
  } else if (!s.unknown.empty()) {
    o.state = State::undecidable;
    o.detail = "not known: " + join(s.unknown, "; ") +
               (s.fine.empty() ? "" : "; fine: " + join(s.fine, "; ")) + skipped;
  } else if (!s.fine.empty()) {
    o.state = State::met;
    o.detail = what_fine + ": " + join(s.fine, "; ") + skipped;
  } else {
    o.state = State::not_applicable;
    o.detail = "nothing to judge" + skipped;
  }
  return o;
}

}  // namespace

Outcome evaluate_rule(const CertificateKeyRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  Sorted s;
  std::vector<std::string> evidence;
  for (std::size_t d : scope_depths(c, rule.scope)) {
    const obs::CertificateInfo& info = c.chain[d];
    evidence.push_back(chain_pointer(d));
    const std::string label = certificate_label(c, d);
    const std::string key = info.key_type + (info.curve.empty() ? "" : " " + info.curve) + " " +
                            std::to_string(info.key_bits) + " bits";
    if (info.key_type.empty() || info.key_type == "unknown") {
      s.unknown.push_back(label + ": key type");
      continue;
    }
    if (!rule.types.empty() && !listed(rule.types, info.key_type)) {
      s.bad.push_back(label + ": " + info.key_type + " key, not one of " + join(rule.types, ", "));
      continue;
    }
    const auto min = min_bits(rule, info.key_type);
    if (!min) {
      s.fine.push_back(label + ": " + key + " (no size limit for " + info.key_type + ")");
    } else if (info.key_bits <= 0) {
      s.unknown.push_back(label + ": size of its " + info.key_type + " key");
    } else if (info.key_bits < *min) {
      s.bad.push_back(label + ": " + key + ", below " + std::to_string(*min));
    } else {
      s.fine.push_back(label + ": " + key);
    }
  }
  for (std::size_t d = 1; d < c.chain.size() && rule.scope == CertificateScope::chain; ++d)
    if (c.chain[d].self_signed)
      s.skipped.push_back(certificate_label(c, d) + " (self-signed trust anchor)");
  o = conclude(s, "weak or disallowed keys", "keys");
  o.evidence = evidence;
  return o;
}

Outcome evaluate_rule(const CertificateSignatureHashRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (!chain_observed(ctx, o)) return o;
  const obs::ServerCertificate& c = ctx.obs.certificate;
  Sorted s;
  std::vector<std::string> evidence;
  for (std::size_t d : scope_depths(c, rule.scope)) {
    const obs::CertificateInfo& info = c.chain[d];
    evidence.push_back(chain_pointer(d));
    const std::string label = certificate_label(c, d);
    if (info.self_signed) {
      s.skipped.push_back(label + " (self-signed: its own signature is not validated)");
      continue;
    }
    const std::string text =
        label + ": " + info.signature_algorithm + " (" + info.signature_hash + ")";
    if (info.signature_hash.empty() || info.signature_hash == "unknown") {
      s.unknown.push_back(label + ": signature hash");
    } else if (!rule.allowed.empty() ? !listed(rule.allowed, info.signature_hash)
                                     : listed(rule.forbidden, info.signature_hash)) {
      s.bad.push_back(text);
    } else {
      s.fine.push_back(text);
    }
  }
  for (std::size_t d = 1; d < c.chain.size() && rule.scope == CertificateScope::chain; ++d)
    if (c.chain[d].self_signed)
      s.skipped.push_back(certificate_label(c, d) + " (self-signed trust anchor)");
  const std::string bad = !rule.allowed.empty()
                              ? "signed with a hash outside " + join(rule.allowed, ", ")
                              : "signed with " + join(rule.forbidden, " or ");
  o = conclude(s, bad, "signatures");
  o.evidence = evidence;
  return o;
}

}  // namespace medtls::profile
