#include "profile/client_rule_parser.hpp"

#include <string>

#include "common/codes.hpp"
#include "common/enum_names.hpp"
#include "common/tls_names.hpp"
#include "profile/field_parsers.hpp"

namespace medtls::profile {

namespace {

std::vector<TlsVersion> read_version_list(const Node& node) {
  std::vector<TlsVersion> out;
  for (const Node& n : node.as_array()) out.push_back(read_version(n));
  return out;
}

// An extension by its name in tls_names.hpp ("extended_master_secret").
std::uint16_t read_extension(const Node& node) {
  const std::string text = node.as_string();
  for (int t = 0; t < 65536; ++t)
    if (extension_name(static_cast<std::uint16_t>(t)) == text) return static_cast<std::uint16_t>(t);
  node.fail("\"" + text + "\" is not a TLS extension name (write e.g. \"extended_master_secret\")");
}

std::uint16_t read_list_code(const Node& node, ClientList list) {
  const std::string text = node.as_string();
  if (list == ClientList::groups) {
    if (auto g = find_group(text)) return g->code;
    node.fail("\"" + text + "\" is not a named group (write e.g. \"x25519\")");
  }
  if (auto s = signature_scheme_code(text)) return *s;
  node.fail("\"" + text + "\" is not a signature scheme (write e.g. \"rsa_pss_rsae_sha256\")");
}

std::vector<std::uint16_t> read_list_codes(const std::optional<Node>& node, ClientList list) {
  std::vector<std::uint16_t> out;
  if (node)
    for (const Node& n : node->as_array()) out.push_back(read_list_code(n, list));
  return out;
}

}  // namespace

Rule read_client_versions(const ObjectNode& o) {
  ClientVersionsRule r;
  if (auto n = o.find("forbid")) r.forbid = read_version_list(*n);
  if (auto n = o.find("require_one_of")) r.require_one_of = read_version_list(*n);
  if (r.forbid.empty() && r.require_one_of.empty())
    o.node().fail("give \"forbid\" or \"require_one_of\" (or both)");
  return r;
}

Rule read_client_attempts_version(const ObjectNode& o) {
  ClientAttemptsVersionRule r;
  r.version = read_version(o.get("version"));
  return r;
}

Rule read_client_suites(const ObjectNode& o, const suites::Registry& reg) {
  ClientSuitesRule r;
  r.versions = read_versions(o.get("versions"));
  if (auto n = o.find("allowed")) r.allowed = read_suites(*n, reg, r.versions);
  if (auto n = o.find("require_one_of")) r.require_one_of = read_suites(*n, reg, r.versions);
  if (auto n = o.find("forbid")) r.forbid.push_back(read_match(*n, reg));
  if (r.allowed.empty() && r.require_one_of.empty() && r.forbid.empty())
    o.node().fail("give \"allowed\", \"require_one_of\" or \"forbid\"");
  return r;
}

Rule read_client_extension(const ObjectNode& o, const suites::Registry& reg) {
  ClientExtensionRule r;
  r.extension = read_extension(o.get("extension"));
  const Node expect = o.get("expect");
  const std::string e = expect.as_string();
  if (e != "offered" && e != "absent")
    expect.fail("\"" + e + "\" is not an expectation (write offered or absent)");
  r.expect_offered = e == "offered";
  if (auto n = o.find("versions")) r.versions = read_versions(*n);
  if (auto n = o.find("or_suites")) {
    for (const Node& s : n->as_array()) {
      const auto code = parse_code(s.as_string());
      if (!code || !reg.find(*code))
        s.fail("\"" + s.as_string() + "\" is not a code of the cipher-suite registry (\"0x00FF\")");
      r.or_suites.push_back(*code);
    }
  }
  return r;
}

Rule read_client_list(const ObjectNode& o) {
  ClientListRule r;
  r.list = read_enum<ClientList>(o.get("list"), "a list");
  r.require_all = read_list_codes(o.find("require_all"), r.list);
  r.require_one_of = read_list_codes(o.find("require_one_of"), r.list);
  r.forbid = read_list_codes(o.find("forbid"), r.list);
  if (auto n = o.find("versions")) r.versions = read_versions(*n);
  if (r.require_all.empty() && r.require_one_of.empty() && r.forbid.empty())
    o.node().fail("give \"require_all\", \"require_one_of\" or \"forbid\"");
  return r;
}

Rule read_client_alpn(const ObjectNode& o) {
  ClientAlpnRule r;
  r.protocol = o.get("protocol").as_string();
  return r;
}

Rule read_client_refuses(const ObjectNode& o) {
  ClientRefusesRule r;
  for (const Node& n : o.get("scenarios").as_array()) {
    const auto s = read_enum<obs::ClientScenario>(n, "a scenario");
    if (s == obs::ClientScenario::good)
      n.fail("\"good\" is the scenario a device must accept; it cannot be refused");
    r.scenarios.push_back(s);
  }
  if (auto n = o.find("alert")) r.alert = read_alert(*n);
  return r;
}

}  // namespace medtls::profile
