#include "profile/certificate_rule_parser.hpp"
#include "obs/certificate_observations.hpp"

#include <algorithm>

namespace medtls::profile {

namespace {

const std::vector<std::string>& key_types() {
  static const std::vector<std::string> v = {"RSA", "RSA-PSS", "EC", "DSA", "ED25519", "ED448"};
  return v;
}

// Names as obs::CertificateInfo::signature_hash spells them.
const std::vector<std::string>& hash_names() {
  static const std::vector<std::string> v = {"MD2",        "MD4",        "MD5",      "SHA1",
                                             "SHA224",     "SHA256",     "SHA384",   "SHA512",
                                             "SHA512-224", "SHA512-256", "SHA3-224", "SHA3-256",
                                             "SHA3-384",   "SHA3-512",   "SM3",      "NONE"};
  return v;
}

std::string list_text(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// A non-empty array of distinct names from `known`.
std::vector<std::string> read_names(const Node& node, const std::vector<std::string>& known,
                                    const char* what) {
  const auto values = node.as_strings();
  const auto nodes = node.as_array();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::find(known.begin(), known.end(), values[i]) == known.end())
      nodes[i].fail("\"" + values[i] + "\" is not " + what + " (known: " + list_text(known) + ")");
    if (std::find(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(i), values[i]) !=
        values.begin() + static_cast<std::ptrdiff_t>(i))
      nodes[i].fail("\"" + values[i] + "\" is listed twice");
  }
  return values;
}

CertificateScope read_scope(const ObjectNode& o, CertificateScope fallback) {
  const auto n = o.find("scope");
  return n ? read_enum<CertificateScope>(*n, "a scope") : fallback;
}

std::optional<int> read_bits(const ObjectNode& o, const char* key) {
  const auto n = o.find(key);
  if (!n) return std::nullopt;
  const int bits = n->as_int();
  if (bits <= 0) n->fail("must be a positive number of bits");
  return bits;
}

// `refuse`: client-certificate cases, never "good"; default every bad certificate.
std::vector<std::string> read_refuse(const ObjectNode& o) {
  std::vector<std::string> refuse;
  if (auto n = o.find("refuse")) {
    refuse = read_names(*n, client_auth_cases(), "a client-certificate case");
    const auto nodes = n->as_array();
    for (std::size_t i = 0; i < refuse.size(); ++i)
      if (refuse[i] == "good") nodes[i].fail("\"good\" is the certificate that must be accepted");
  } else {
    for (const auto& c : client_auth_cases())  // default: every bad certificate
      if (c != "none" && c != "good") refuse.push_back(c);
  }
  return refuse;
}

}  // namespace

// The observations' own tables: a profile can only name words the prober writes.
const std::vector<std::string>& certificate_problem_codes() {
  static const std::vector<std::string> v = enum_names<obs::ProblemCode>();
  return v;
}

const std::vector<std::string>& client_auth_cases() {
  static const std::vector<std::string> v = enum_names<obs::ClientCase>();
  return v;
}

Rule read_certificate_problems(const ObjectNode& o) {
  CertificateProblemsRule r;
  r.forbid = read_names(o.get("forbid"), certificate_problem_codes(), "a certificate problem code");
  return r;
}

Rule read_certificate_key(const ObjectNode& o) {
  CertificateKeyRule r;
  r.rsa_min_bits = read_bits(o, "rsa_min_bits");
  r.ec_min_bits = read_bits(o, "ec_min_bits");
  r.dsa_min_bits = read_bits(o, "dsa_min_bits");
  if (auto n = o.find("types")) r.types = read_names(*n, key_types(), "a key type");
  r.scope = read_scope(o, CertificateScope::leaf);
  if (!r.rsa_min_bits && !r.ec_min_bits && !r.dsa_min_bits && r.types.empty())
    o.node().fail("a certificate_key rule needs rsa_min_bits, ec_min_bits, dsa_min_bits or types");
  return r;
}

Rule read_certificate_signature_hash(const ObjectNode& o) {
  CertificateSignatureHashRule r;
  const bool allowed = o.has("allowed"), forbidden = o.has("forbidden");
  if (allowed == forbidden)
    o.node().fail("give exactly one of \"allowed\" (a closed list) and \"forbidden\"");
  if (allowed) r.allowed = read_names(o.get("allowed"), hash_names(), "a hash name");
  if (forbidden) r.forbidden = read_names(o.get("forbidden"), hash_names(), "a hash name");
  r.scope = read_scope(o, CertificateScope::chain);
  return r;
}

Rule read_certificate_trust(const ObjectNode& o) {
  CertificateTrustRule r;
  if (auto n = o.find("without_anchor")) {
    const std::string s = n->as_string();
    if (s != "inconclusive" && s != "not_checked")
      n->fail("\"" + s + "\" is not a choice (write inconclusive or not_checked)");
    r.not_checked_without_anchor = s == "not_checked";
  }
  return r;
}

Rule read_certificate_validity(const ObjectNode& o) {
  CertificateValidityRule r;
  if (auto n = o.find("expires_soon")) r.expires_soon = n->as_string();
  return r;
}

Rule read_certificate_lifetime(const ObjectNode& o) {
  CertificateLifetimeRule r;
  const Node days = o.get("max_days");
  r.max_days = days.as_int();
  if (r.max_days <= 0) days.fail("must be a positive number of days");
  return r;
}

Rule read_dicom_bad_certificate_association(const ObjectNode& o) {
  DicomBadCertificateAssociationRule r;
  r.refuse = read_refuse(o);
  return r;
}

Rule read_mutual_authentication(const ObjectNode& o) {
  MutualAuthenticationRule r;
  r.refuse = read_refuse(o);
  const bool requires_cert = std::find(r.refuse.begin(), r.refuse.end(), "none") != r.refuse.end();
  if (auto n = o.find("not_requested")) {
    if (requires_cert)
      n->fail(
          "not used: with \"none\" refused, a server that does not ask for a certificate "
          "violates the rule");
    r.not_requested = n->as_string();
  } else if (!requires_cert) {
    o.get("not_requested");  // "missing": the reason for an undecided check must be given
  }
  return r;
}

}  // namespace medtls::profile
