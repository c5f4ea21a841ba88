#include "profile/field_parsers.hpp"

#include "common/tls_names.hpp"

#include <algorithm>
#include <string>

#include "common/codes.hpp"

namespace medtls::profile {

namespace {

std::string version_list() {
  std::string out;
  for (auto v : kAllVersions) out += (out.empty() ? "" : ", ") + std::string(version_name(v));
  return out;
}

bool negotiable(const suites::CipherSuite& s, TlsVersion v) {
  return s.tls13 == (v == TlsVersion::TLSv1_3) && wire_code(s.min_version) <= wire_code(v);
}

// One attribute field of a match: an array of words from suites::known_values()[field].
std::vector<std::string> read_words(const Node& node, const std::string& field) {
  const auto& known = suites::known_values().at(field);
  std::vector<std::string> words = node.as_strings();
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (std::find(known.begin(), known.end(), words[i]) != known.end()) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    node.as_array()[i].fail("\"" + words[i] + "\" is not a known " + field +
                            " value (known: " + list + ")");
  }
  return words;
}

std::vector<SuiteMatch> read_matches(const Node& node, const suites::Registry& registry) {
  std::vector<SuiteMatch> out;
  for (const Node& n : node.as_array()) out.push_back(read_match(n, registry));
  return out;
}

}  // namespace

TlsVersion read_version(const Node& node) {
  const std::string text = node.as_string();
  for (auto v : kAllVersions)
    if (text == version_name(v)) return v;
  node.fail("\"" + text + "\" is not a version (write one of " + version_list() + ")");
}

std::vector<TlsVersion> read_versions(const Node& node) {
  if (node.json().is_string() && node.json().get<std::string>() == "all")
    return {kAllVersions.begin(), kAllVersions.end()};
  if (!node.json().is_array()) node.fail("expected an array of versions or \"all\"");
  std::vector<TlsVersion> out;
  for (const Node& n : node.as_array()) {
    TlsVersion v = read_version(n);
    if (std::find(out.begin(), out.end(), v) != out.end())
      n.fail("\"" + std::string(version_name(v)) + "\" is listed twice");
    out.push_back(v);
  }
  return out;
}

std::uint16_t read_suite(const Node& node, const suites::Registry& registry,
                         const std::vector<TlsVersion>& versions) {
  const std::string text = node.as_string();
  const auto code = parse_code(text);
  if (!code) node.fail("\"" + text + "\" is not a cipher-suite code (write e.g. \"0xC02F\")");
  const suites::CipherSuite* suite = registry.find(*code);
  if (!suite) node.fail("\"" + text + "\" is not in the IANA cipher-suite registry");
  if (suite->scsv) node.fail("\"" + text + "\" (" + suite->name + ") is a signalling value");
  if (!versions.empty() && std::none_of(versions.begin(), versions.end(),
                                        [&](TlsVersion v) { return negotiable(*suite, v); })) {
    std::string list;
    for (auto v : versions) list += (list.empty() ? "" : ", ") + std::string(version_name(v));
    node.fail("\"" + text + "\" (" + suite->name + ") cannot be negotiated in " + list);
  }
  return *code;
}

std::vector<std::uint16_t> read_suites(const Node& node, const suites::Registry& registry,
                                       const std::vector<TlsVersion>& versions) {
  std::vector<std::uint16_t> out;
  for (const Node& n : node.as_array()) {
    const std::uint16_t code = read_suite(n, registry, versions);
    if (std::find(out.begin(), out.end(), code) != out.end())
      n.fail("\"" + format_code(code) + "\" is listed twice");
    out.push_back(code);
  }
  return out;
}

SuiteMatch read_match(const Node& node, const suites::Registry& registry) {
  const ObjectNode obj(node, {"suites", "kx", "auth", "cipher", "mode", "hash", "aead",
                              "forward_secrecy", "export", "strength_below", "any_of", "except"});
  if (obj.keys().empty()) node.fail("an empty match selects every suite; name at least one field");
  SuiteMatch m;
  if (auto n = obj.find("suites")) m.suites = read_suites(*n, registry, {});
  for (const char* field : {"kx", "auth", "cipher", "mode", "hash"}) {
    if (auto n = obj.find(field)) {
      auto words = read_words(*n, field);
      std::string f = field;
      (f == "kx"       ? m.kx
       : f == "auth"   ? m.auth
       : f == "cipher" ? m.cipher
       : f == "mode"   ? m.mode
                       : m.hash) = std::move(words);
    }
  }
  if (auto n = obj.find("aead")) m.aead = n->as_bool();
  if (auto n = obj.find("forward_secrecy")) m.forward_secrecy = n->as_bool();
  if (auto n = obj.find("export")) m.export_grade = n->as_bool();
  if (auto n = obj.find("strength_below")) {
    m.strength_below = n->as_int();
    if (*m.strength_below <= 0) n->fail("must be a positive number of bits");
  }
  if (auto n = obj.find("any_of")) m.any_of = read_matches(*n, registry);
  if (auto n = obj.find("except")) m.except = read_matches(*n, registry);
  if (obj.keys() == std::vector<std::string>{"except"})
    node.fail("a match with only \"except\" selects nearly every suite; add a positive field");
  return m;
}

std::uint8_t read_alert(const Node& node) {
  const std::string text = node.as_string();
  for (int d = 0; d < 256; ++d) {
    const std::string name = alert_name(static_cast<std::uint8_t>(d));
    if (name.rfind("alert(", 0) != 0 && name.substr(0, name.find('(')) == text)
      return static_cast<std::uint8_t>(d);
  }
  node.fail("\"" + text + "\" is not a TLS alert name (write e.g. \"protocol_version\")");
}

}  // namespace medtls::profile
