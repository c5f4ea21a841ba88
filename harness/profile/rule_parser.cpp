#include "profile/rule_parser.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "common/tls_names.hpp"
#include "obs/tls_observations.hpp"
#include "profile/certificate_rule_parser.hpp"
#include "profile/client_rule_parser.hpp"
#include "profile/field_parsers.hpp"

namespace medtls::profile {

namespace {

Rule read_version_rule(const ObjectNode& o) {
  VersionRule r;
  r.version = read_version(o.get("version"));
  const Node expect = o.get("expect");
  const std::string e = expect.as_string();
  if (e != "accepted" && e != "rejected")
    expect.fail("\"" + e + "\" is not an expectation (write accepted or rejected)");
  r.expect_accepted = e == "accepted";
  return r;
}

Rule read_version_alert_rule(const ObjectNode& o) {
  VersionAlertRule r;
  r.version = read_version(o.get("version"));
  r.alert = read_alert(o.get("alert"));
  return r;
}

Rule read_suites_required(const ObjectNode& o, const suites::Registry& reg) {
  SuitesRequiredRule r;
  r.versions = read_versions(o.get("versions"));
  r.suites = read_suites(o.get("suites"), reg, r.versions);
  const Node mode = o.get("mode");
  const std::string m = mode.as_string();
  if (m != "all" && m != "any") mode.fail("\"" + m + "\" is not a mode (write all or any)");
  r.all = m == "all";
  if (auto n = o.find("only_if_accepted")) r.only_if_accepted = n->as_bool();
  if (auto n = o.find("only_if_any")) r.only_if_any = read_match(*n, reg);
  return r;
}

Rule read_suites_allowed(const ObjectNode& o, const suites::Registry& reg) {
  SuitesAllowedRule r;
  r.versions = read_versions(o.get("versions"));
  r.suites = read_suites(o.get("suites"), reg, r.versions);
  return r;
}

Rule read_suites_forbidden(const ObjectNode& o, const suites::Registry& reg) {
  SuitesForbiddenRule r;
  r.versions = read_versions(o.get("versions"));
  r.match = read_match(o.get("match"), reg);
  return r;
}

Rule read_suites_optional(const ObjectNode& o, const suites::Registry& reg) {
  SuitesOptionalRule r;
  r.versions = read_versions(o.get("versions"));
  r.suites = read_suites(o.get("suites"), reg, r.versions);
  return r;
}

Rule read_suite_preference(const ObjectNode& o, const suites::Registry& reg) {
  SuitePreferenceRule r;
  r.versions = read_versions(o.get("versions"));
  r.prefer = read_suite(o.get("prefer"), reg, r.versions);
  r.over = read_match(o.get("over"), reg);
  return r;
}

Rule read_suite_class_preference(const ObjectNode& o, const suites::Registry& reg) {
  SuiteClassPreferenceRule r;
  r.versions = read_versions(o.get("versions"));
  r.prefer = read_match(o.get("prefer"), reg);
  r.over = read_match(o.get("over"), reg);
  if (auto n = o.find("required")) r.required = n->as_bool();
  return r;
}

Rule read_fact_rule(const ObjectNode& o) {
  FactRule r;
  const Node fact = o.get("fact");
  r.fact = fact.as_string();
  const auto& facts = obs::fact_values();
  const auto known = facts.find(r.fact);
  if (known == facts.end()) {
    std::string list;
    for (const auto& [name, values] : facts) list += (list.empty() ? "" : ", ") + name;
    fact.fail("\"" + r.fact + "\" is not a fact the prober derives (known: " + list + ")");
  }
  std::vector<std::string> mapped;
  // Each value may be mapped once; "unknown" is always inconclusive and is not mapped.
  auto check_value = [&](const Node& at, const std::string& value) {
    const auto& values = known->second;
    if (value == "unknown") at.fail("\"unknown\" is always inconclusive; do not map it");
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      std::string list;
      for (const auto& v : values)
        if (v != "unknown") list += (list.empty() ? "" : ", ") + v;
      at.fail("\"" + value + "\" is not a value of fact " + r.fact + " (values: " + list + ")");
    }
    if (std::find(mapped.begin(), mapped.end(), value) != mapped.end())
      at.fail("\"" + value + "\" is mapped twice");
    mapped.push_back(value);
  };
  auto read_list = [&](const char* key, std::vector<std::string>& out) {
    if (auto n = o.find(key)) {
      out = n->as_strings();
      const auto nodes = n->as_array();
      for (std::size_t i = 0; i < out.size(); ++i) check_value(nodes[i], out[i]);
    }
  };
  read_list("pass", r.pass);
  read_list("fail", r.fail);
  read_list("not_applicable", r.not_applicable);
  if (auto n = o.find("warn")) {
    if (!n->json().is_object() || n->json().empty())
      n->fail("expected a non-empty object mapping fact values to reasons");
    for (const auto& item : n->json().items()) {
      const Node at(item.value(), n->file(), pointer_append(n->pointer(), item.key()));
      check_value(at, item.key());
      r.warn[item.key()] = at.as_string();
    }
  }
  if (r.pass.empty()) o.get("pass");  // a rule that can never pass is a mistake: "missing"
  return r;
}

Rule read_groups_required(const ObjectNode& o) {
  GroupsRequiredRule r;
  r.versions = read_versions(o.get("versions"));
  for (const Node& n : o.get("groups").as_array()) {
    const auto group = find_group(n.as_string());
    if (!group) n.fail("\"" + n.as_string() + "\" is not a named group (write e.g. \"secp256r1\")");
    r.groups.push_back(group->code);
  }
  return r;
}

Rule read_groups_families(const ObjectNode& o) {
  GroupFamiliesRule r;
  r.versions = read_versions(o.get("versions"));
  for (const Node& n : o.get("allowed").as_array())
    r.allowed.push_back(read_enum<GroupFamily>(n, "a group family"));
  return r;
}

Rule read_groups_min_bits(const ObjectNode& o) {
  GroupsMinBitsRule r;
  // ECDHE or DHE groups: the rule does not judge hybrids.
  r.family =
      read_enum<GroupFamily>(o.get("family"), "a group family", {GroupFamily::ec, GroupFamily::ff});
  const Node bits = o.get("bits");
  r.bits = bits.as_int();
  if (r.bits <= 0) bits.fail("must be a positive number of bits");
  if (auto n = o.find("warn")) {
    if (!n->json().is_object() || n->json().empty())
      n->fail("expected a non-empty object mapping group names to reasons");
    for (const auto& item : n->json().items()) {
      const Node at(item.value(), n->file(), pointer_append(n->pointer(), item.key()));
      const auto group = find_group(item.key());
      if (!group) at.fail("\"" + item.key() + "\" is not a named group (write e.g. \"x25519\")");
      if (group->family != r.family)
        at.fail("\"" + item.key() + "\" is a group of family " + group->family + ", not " +
                r.family);
      r.warn[item.key()] = at.as_string();
    }
  }
  return r;
}

Rule read_dicom_plaintext(const ObjectNode& o) {
  DicomPlaintextRule r;
  const Node port = o.get("port");
  const auto parsed = parse_enum<PlaintextPort>(port.as_string());
  if (!parsed)
    port.fail("\"" + port.as_string() +
              "\" is not a port (write tls: the TLS port itself, or other: the --plain-port)");
  r.port = *parsed;
  return r;
}

struct RuleKind {
  const char* type;
  std::vector<const char*> keys;
  std::function<Rule(const ObjectNode&, const suites::Registry&)> read;
};

const std::vector<RuleKind>& rule_kinds() {
  using R = const suites::Registry&;
  static const std::vector<RuleKind> kinds = {
      {"version",
       {"type", "version", "expect"},
       [](const ObjectNode& o, R) { return read_version_rule(o); }},
      {"version_alert",
       {"type", "version", "alert"},
       [](const ObjectNode& o, R) { return read_version_alert_rule(o); }},
      {"suites_required",
       {"type", "versions", "suites", "mode", "only_if_accepted", "only_if_any"},
       read_suites_required},
      {"suites_allowed", {"type", "versions", "suites"}, read_suites_allowed},
      {"suites_forbidden", {"type", "versions", "match"}, read_suites_forbidden},
      {"suites_optional", {"type", "versions", "suites"}, read_suites_optional},
      {"suite_preference", {"type", "versions", "prefer", "over"}, read_suite_preference},
      {"suite_class_preference",
       {"type", "versions", "prefer", "over", "required"},
       read_suite_class_preference},
      {"fact",
       {"type", "fact", "pass", "fail", "warn", "not_applicable"},
       [](const ObjectNode& o, R) { return read_fact_rule(o); }},
      {"groups_min_bits",
       {"type", "family", "bits", "warn"},
       [](const ObjectNode& o, R) { return read_groups_min_bits(o); }},
      {"groups_required",
       {"type", "versions", "groups"},
       [](const ObjectNode& o, R) { return read_groups_required(o); }},
      {"groups_families",
       {"type", "versions", "allowed"},
       [](const ObjectNode& o, R) { return read_groups_families(o); }},
      {"certificate_problems",
       {"type", "forbid"},
       [](const ObjectNode& o, R) { return read_certificate_problems(o); }},
      {"certificate_key",
       {"type", "rsa_min_bits", "ec_min_bits", "dsa_min_bits", "types", "scope"},
       [](const ObjectNode& o, R) { return read_certificate_key(o); }},
      {"certificate_signature_hash",
       {"type", "allowed", "forbidden", "scope"},
       [](const ObjectNode& o, R) { return read_certificate_signature_hash(o); }},
      {"certificate_trust",
       {"type", "without_anchor"},
       [](const ObjectNode& o, R) { return read_certificate_trust(o); }},
      {"certificate_hostname",
       {"type"},
       [](const ObjectNode&, R) { return CertificateHostnameRule{}; }},
      {"certificate_eku", {"type"}, [](const ObjectNode&, R) { return CertificateEkuRule{}; }},
      {"certificate_validity",
       {"type", "expires_soon"},
       [](const ObjectNode& o, R) { return read_certificate_validity(o); }},
      {"certificate_lifetime",
       {"type", "max_days"},
       [](const ObjectNode& o, R) { return read_certificate_lifetime(o); }},
      {"certificate_revocation",
       {"type"},
       [](const ObjectNode&, R) { return CertificateRevocationRule{}; }},
      {"ocsp_stapling", {"type"}, [](const ObjectNode&, R) { return OcspStaplingRule{}; }},
      {"mutual_authentication",
       {"type", "refuse", "not_requested"},
       [](const ObjectNode& o, R) { return read_mutual_authentication(o); }},
      {"dicom_association", {"type"}, [](const ObjectNode&, R) { return DicomAssociationRule{}; }},
      {"dicom_plaintext",
       {"type", "port"},
       [](const ObjectNode& o, R) { return read_dicom_plaintext(o); }},
      {"dicom_association_channels",
       {"type"},
       [](const ObjectNode&, R) { return DicomAssociationChannelsRule{}; }},
      {"dicom_bad_certificate_association",
       {"type", "refuse"},
       [](const ObjectNode& o, R) { return read_dicom_bad_certificate_association(o); }},
      // client role (client_model.hpp)
      {"client_versions",
       {"type", "forbid", "require_one_of"},
       [](const ObjectNode& o, R) { return read_client_versions(o); }},
      {"client_attempts_version",
       {"type", "version"},
       [](const ObjectNode& o, R) { return read_client_attempts_version(o); }},
      {"client_suites",
       {"type", "versions", "allowed", "require_one_of", "forbid"},
       read_client_suites},
      {"client_extension",
       {"type", "extension", "expect", "versions", "or_suites"},
       read_client_extension},
      {"client_list",
       {"type", "list", "require_all", "require_one_of", "forbid", "versions"},
       [](const ObjectNode& o, R) { return read_client_list(o); }},
      {"client_alpn",
       {"type", "protocol"},
       [](const ObjectNode& o, R) { return read_client_alpn(o); }},
      {"client_refuses",
       {"type", "scenarios", "alert"},
       [](const ObjectNode& o, R) { return read_client_refuses(o); }},
      {"client_no_cleartext",
       {"type"},
       [](const ObjectNode&, R) { return ClientNoCleartextRule{}; }},
      {"client_certificate",
       {"type"},
       [](const ObjectNode&, R) { return ClientCertificateRule{}; }},
  };
  return kinds;
}

}  // namespace

Rule read_rule(const Node& node, const suites::Registry& registry) {
  if (!node.json().is_object()) ObjectNode(node, {});  // fails "expected an object, found …"
  if (!node.json().contains("type"))
    Node(node.json(), node.file(), pointer_append(node.pointer(), "type"))
        .fail("missing (required here)");
  const Node type(node.json().at("type"), node.file(), pointer_append(node.pointer(), "type"));
  const std::string t = type.as_string();
  for (const auto& kind : rule_kinds()) {
    if (t != kind.type) continue;
    const ObjectNode obj(node, kind.keys);
    return kind.read(obj, registry);
  }
  std::string list;
  for (const auto& kind : rule_kinds()) list += (list.empty() ? "" : ", ") + std::string(kind.type);
  type.fail("\"" + t + "\" is not a rule type (known: " + list + ")");
}

}  // namespace medtls::profile
