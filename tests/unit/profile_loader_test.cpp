#define BOOST_TEST_MODULE profile_loader
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "profile/loader.hpp"
#include "suites/registry.hpp"

using medtls::profile::builtin_ids;
using medtls::profile::FactRule;
using medtls::profile::GroupsMinBitsRule;
using medtls::profile::Level;
using medtls::profile::load_profile;
using medtls::profile::parse_profile;
using medtls::profile::Profile;
using medtls::profile::ProfileError;
using medtls::profile::Requirement;
using medtls::profile::SuitesRequiredRule;
using medtls::suites::Registry;

namespace {

const std::string kSource = MEDTLS_SOURCE_DIR;
const std::string kData = kSource + "/tests/unit/data/profiles";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The real IANA data, independent of the registry compiled into the binary.
const Registry& registry() {
  static const Registry r =
      Registry::from_csv(read_text(kSource + "/profiles/iana-tls-cipher-suites.csv"));
  return r;
}

// The ProfileError message for a profile document, or "" when it loads.
std::string error_of(const std::string& text) {
  try {
    parse_profile(text, "profiles/x.json", "", registry());
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

std::string load_error(const std::string& id_or_path, const std::string& dir = "") {
  try {
    load_profile(id_or_path, dir, registry());
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// A valid one-requirement profile whose requirement has `rule` (JSON text) and extra members.
std::string with_rule(const std::string& rule, const std::string& extra_requirement_members = "") {
  return R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "test",
  "description": "d", "requirements": [{"id": "R-1", "title": "t", "level": "shall", "cite": "c",)" +
         extra_requirement_members + R"( "rule": )" + rule + "}]}";
}

// A valid profile around one requirement given as its JSON members.
std::string with_requirement(const std::string& members) {
  return R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "test",
  "description": "d", "requirements": [{)" +
         members + "}]}";
}
const std::string kRule =
    R"("rule": {"type": "version", "version": "TLSv1.2", "expect": "accepted"})";

const Requirement& requirement(const Profile& p, const std::string& id) {
  auto it = std::find_if(p.requirements.begin(), p.requirements.end(),
                         [&](const Requirement& r) { return r.id == id; });
  BOOST_REQUIRE_MESSAGE(it != p.requirements.end(), p.id + " lacks " + id);
  return *it;
}

}  // namespace

BOOST_AUTO_TEST_CASE(builtin_ids_are_the_contract_ids) {
  const std::vector<std::string> expected = {
      "dicom-b1",        "dicom-b10", "dicom-b11", "dicom-b12",      "dicom-b13",
      "dicom-b13-2024b", "dicom-b3",  "dicom-b9",  "ihe-atna-tls12", "site-baseline"};
  BOOST_TEST(builtin_ids() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_builtin_loads_with_complete_requirements) {
  for (const auto& id : builtin_ids()) {
    BOOST_TEST_CONTEXT("profile " << id) {
      const Profile p = load_profile(id, "", registry());
      BOOST_TEST(p.id == id);
      BOOST_TEST(p.source == "profiles/" + id + ".json");
      for (const std::string* field : {&p.name, &p.section, &p.edition, &p.status, &p.description})
        BOOST_TEST(!field->empty());
      BOOST_TEST(!p.requirements.empty());
      std::set<std::string> ids;
      for (const auto& r : p.requirements) {
        BOOST_TEST(ids.insert(r.id).second, "duplicate " << r.id);
        BOOST_TEST(!r.title.empty());
        BOOST_TEST(!r.cite.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(profiles_dir_copy_matches_the_embedded_one) {
  for (const auto& id : builtin_ids()) {
    const Profile embedded = load_profile(id, "", registry());
    const Profile on_disk = load_profile(id, kSource + "/profiles", registry());
    BOOST_TEST(on_disk.source == kSource + "/profiles/" + id + ".json");
    BOOST_TEST(on_disk.requirements.size() == embedded.requirements.size(), id);
  }
}

BOOST_AUTO_TEST_CASE(b13_editions_differ_only_in_the_camellia_suites) {
  const Profile now = load_profile("dicom-b13", "", registry());
  const Profile before = load_profile("dicom-b13-2024b", "", registry());
  const auto& req_now =
      std::get<SuitesRequiredRule>(requirement(now, "B13-TLS12-REQUIRED-SUITES").rule);
  const auto& req_before =
      std::get<SuitesRequiredRule>(requirement(before, "B13-TLS12-REQUIRED-SUITES").rule);
  BOOST_TEST(req_now.suites.size() == 10u);
  BOOST_TEST(req_before.suites.size() == 14u);
  for (std::uint16_t camellia : {0xC087, 0xC08B, 0xC086, 0xC08A}) {
    BOOST_TEST(std::count(req_now.suites.begin(), req_now.suites.end(), camellia) == 0);
    BOOST_TEST(std::count(req_before.suites.begin(), req_before.suites.end(), camellia) == 1);
  }
  BOOST_TEST(now.edition == "PS3.15 2024c");
  BOOST_TEST(before.edition == "PS3.15 2024b");
  const auto& ecdhe = std::get<GroupsMinBitsRule>(requirement(now, "B13-ECDHE-256").rule);
  BOOST_TEST(ecdhe.bits == 256);
  BOOST_TEST(ecdhe.warn.count("x25519") == 1u);
}

BOOST_AUTO_TEST_CASE(interpretations_are_marked_in_the_data) {
  BOOST_TEST(!requirement(load_profile("dicom-b11", "", registry()), "B11-TLS13-EXCLUDED")
                  .interpretation.empty());
  const Profile b12 = load_profile("dicom-b12", "", registry());
  BOOST_TEST(requirement(b12, "B12-NO-DHE").level == Level::should);
  const auto& alpn = std::get<FactRule>(requirement(b12, "B12-ALPN-DICOM").rule);
  BOOST_TEST(alpn.warn.count("ignored") == 1u);
  BOOST_TEST(requirement(b12, "B12-ALPN-DICOM").level != Level::shall);
  BOOST_TEST(requirement(b12, "B12-SNI-UNKNOWN-NAME").level != Level::shall);
}

BOOST_AUTO_TEST_CASE(unknown_id_lists_the_known_ids) {
  const std::string e = load_error("dicom-b99");
  BOOST_TEST(starts_with(e, "unknown profile \"dicom-b99\" (known: dicom-b1, dicom-b10"), e);
  BOOST_TEST(contains(e, "dicom-b13-2024b"), e);
  BOOST_TEST(contains(e, "ihe-atna-tls12"), e);
}

BOOST_AUTO_TEST_CASE(unknown_id_in_a_directory_lists_that_directory) {
  const std::string e = load_error("dicom-b13", kData);
  BOOST_TEST(starts_with(e, "unknown profile \"dicom-b13\" in " + kData + " (known: "), e);
  BOOST_TEST(contains(e, "site-no-dhe"), e);
}

BOOST_AUTO_TEST_CASE(unreadable_file_gives_the_os_reason) {
  BOOST_TEST(load_error("/nonexistent/dir/p.json") ==
             "/nonexistent/dir/p.json: cannot read: No such file or directory");
  BOOST_TEST(load_error(kData + "/") == kData + "/: cannot read: Is a directory");
}

BOOST_AUTO_TEST_CASE(invalid_json_gives_nlohmanns_position) {
  const std::string path = kData + "/syntax-error.json";
  const std::string e = load_error(path);
  BOOST_TEST(starts_with(e, path + ": invalid JSON: parse error at line 4, column 11: syntax error "
                                   "while parsing object"),
             e);
  BOOST_TEST(!contains(e, "\n"));
}

BOOST_AUTO_TEST_CASE(id_must_match_the_requested_id) {
  BOOST_TEST(load_error("wrong-id", kData) ==
             kData +
                 "/wrong-id.json: /id: \"another-id\" does not match the requested profile "
                 "\"wrong-id\"");
}

BOOST_AUTO_TEST_CASE(broken_profiles_name_file_pointer_and_reason) {
  struct Case {
    std::string name, text, expected;  // expected: the whole message, or its prefix ending in "…"
  };
  const std::string version_rule =
      R"({"type": "version", "version": "TLSv1.2", "expect": "accepted"})";
  const std::vector<Case> cases = {
      {"unknown top-level key", R"({"id": "x", "name": "n", "colour": "red"})",
       R"(profiles/x.json: /colour: unknown key "colour" (expected one of: $schema, id, name, )"
       R"(section, edition, status, description, extends, remove, requirements))"},
      {"unknown requirement key", with_rule(version_rule, R"( "levle": "shall",)"),
       R"(profiles/x.json: /requirements/0/levle: unknown key "levle" (expected one of: id, )"
       R"(title, level, cite, note, interpretation, role, rule))"},
      {"unknown rule type", with_rule(R"({"type": "versoin"})"),
       R"(profiles/x.json: /requirements/0/rule/type: "versoin" is not a rule type (known: )"
       R"(version, version_alert, suites_required, suites_allowed, suites_forbidden, )"
       R"(suites_optional, suite_preference, suite_class_preference, fact, groups_min_bits, groups_required, groups_families, certificate_problems, )"
       R"(certificate_key, certificate_signature_hash, certificate_trust, certificate_hostname, )"
       R"(certificate_eku, certificate_validity, certificate_lifetime, certificate_revocation, )"
       R"(ocsp_stapling, mutual_authentication, dicom_association, dicom_plaintext, )"
       R"(dicom_association_channels, dicom_bad_certificate_association, client_versions, )"
       R"(client_attempts_version, client_suites, client_extension, client_list, client_alpn, )"
       R"(client_refuses, client_no_cleartext, client_certificate))"},
      {"unknown rule key",
       with_rule(R"({"type": "version", "version": "TLSv1.2", "expect": "accepted", "x": 1})"),
       R"(profiles/x.json: /requirements/0/rule/x: unknown key "x" (expected one of: type, )"
       R"(version, expect))"},
      {"rule without type", with_rule(R"({"version": "TLSv1.2"})"),
       "profiles/x.json: /requirements/0/rule/type: missing (required here)"},
      {"wrong type for level",
       with_requirement(R"("id": "R-1", "title": "t", "level": 3, "cite": "c", )" + kRule),
       "profiles/x.json: /requirements/0/level: expected a string, found an integer"},
      {"wrong type for requirements",
       R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "t", "description": "d",
          "requirements": {}})",
       "profiles/x.json: /requirements: expected an array, found an object"},
      {"empty requirements",
       R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "t", "description": "d",
          "requirements": []})",
       "profiles/x.json: /requirements: must not be empty"},
      {"bad suite code",
       with_rule(
           R"({"type": "suites_required", "versions": ["TLSv1.2"], "suites": ["0xC02F", "0xC0ZZ"],
                    "mode": "all"})"),
       R"(profiles/x.json: /requirements/0/rule/suites/1: "0xC0ZZ" is not a cipher-suite code )"
       R"((write e.g. "0xC02F"))"},
      {"suite code not in the registry",
       with_rule(R"({"type": "suites_allowed", "versions": ["TLSv1.2"], "suites": ["0xABCD"]})"),
       R"(profiles/x.json: /requirements/0/rule/suites/0: "0xABCD" is not in the IANA )"
       R"(cipher-suite registry)"},
      {"signalling value",
       with_rule(R"({"type": "suites_allowed", "versions": ["TLSv1.2"], "suites": ["0x5600"]})"),
       R"(profiles/x.json: /requirements/0/rule/suites/0: "0x5600" (TLS_FALLBACK_SCSV) is a )"
       R"(signalling value)"},
      {"suite of another version",
       with_rule(R"({"type": "suites_optional", "versions": ["TLSv1.2"], "suites": ["0x1301"]})"),
       R"(profiles/x.json: /requirements/0/rule/suites/0: "0x1301" (TLS_AES_128_GCM_SHA256) )"
       R"(cannot be negotiated in TLSv1.2)"},
      {"suite listed twice",
       with_rule(
           R"({"type": "suites_allowed", "versions": ["TLSv1.2"], "suites": ["0xC02F", "0xc0,0x2f"]})"),
       R"(profiles/x.json: /requirements/0/rule/suites/1: "0xC02F" is listed twice)"},
      {"unknown version",
       with_rule(R"({"type": "version", "version": "TLSv1.4", "expect": "accepted"})"),
       R"(profiles/x.json: /requirements/0/rule/version: "TLSv1.4" is not a version (write one )"
       R"(of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3))"},
      {"unknown version in a list",
       with_rule(
           R"({"type": "suites_forbidden", "versions": ["TLSv1.2", "TLS1.3"], "match": {"kx": ["RSA"]}})"),
       R"(profiles/x.json: /requirements/0/rule/versions/1: "TLS1.3" is not a version (write one )"
       R"(of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3))"},
      {"versions neither a list nor all",
       with_rule(
           R"({"type": "suites_forbidden", "versions": "TLSv1.2", "match": {"kx": ["RSA"]}})"),
       R"(profiles/x.json: /requirements/0/rule/versions: expected an array of versions or "all")"},
      {"bad mode",
       with_rule(
           R"({"type": "suites_required", "versions": ["TLSv1.2"], "suites": ["0xC02F"], "mode": "some"})"),
       R"(profiles/x.json: /requirements/0/rule/mode: "some" is not a mode (write all or any))"},
      {"bad expectation",
       with_rule(R"({"type": "version", "version": "TLSv1.2", "expect": "yes"})"),
       R"(profiles/x.json: /requirements/0/rule/expect: "yes" is not an expectation (write )"
       R"(accepted or rejected))"},
      {"unknown alert",
       with_rule(R"({"type": "version_alert", "version": "TLSv1.0", "alert": "protocol_versoin"})"),
       R"(profiles/x.json: /requirements/0/rule/alert: "protocol_versoin" is not a TLS alert )"
       R"(name (write e.g. "protocol_version"))"},
      {"unknown fact", with_rule(R"({"type": "fact", "fact": "heartbleed", "pass": ["no"]})"),
       R"(profiles/x.json: /requirements/0/rule/fact: "heartbleed" is not a fact the prober )"
       R"(derives (known: …)"},
      {"unknown fact value",
       with_rule(R"({"type": "fact", "fact": "extended_master_secret", "pass": ["yes"]})"),
       R"(profiles/x.json: /requirements/0/rule/pass/0: "yes" is not a value of fact )"
       R"(extended_master_secret (values: supported, not_supported, not_applicable))"},
      {"unknown fact value as warn key",
       with_rule(
           R"({"type": "fact", "fact": "alpn_dicom", "pass": ["selected"], "warn": {"ignord": "r"}})"),
       R"(profiles/x.json: /requirements/0/rule/warn/ignord: "ignord" is not a value of fact )"
       R"(alpn_dicom (values: selected, ignored, refused, not_applicable))"},
      {"fact value mapped twice",
       with_rule(
           R"({"type": "fact", "fact": "compression", "pass": ["refused"], "fail": ["refused"]})"),
       R"(profiles/x.json: /requirements/0/rule/fail/0: "refused" is mapped twice)"},
      {"unknown mapped",
       with_rule(
           R"({"type": "fact", "fact": "compression", "pass": ["refused"], "fail": ["unknown"]})"),
       R"(profiles/x.json: /requirements/0/rule/fail/0: "unknown" is always inconclusive; do not )"
       R"(map it)"},
      {"unknown attribute value in a match",
       with_rule(
           R"({"type": "suites_forbidden", "versions": "all", "match": {"kx": ["RSA", "RSAA"]}})"),
       R"(profiles/x.json: /requirements/0/rule/match/kx/1: "RSAA" is not a known kx value )"
       R"((known: NULL, RSA, …)"},
      {"unknown attribute value deep in a match",
       with_rule(R"({"type": "suite_preference", "versions": ["TLSv1.2"], "prefer": "0xC02F",
                    "over": {"any_of": [{"aead": false}, {"cipher": ["AES", "3DESS"]}]}})"),
       R"(profiles/x.json: /requirements/0/rule/over/any_of/1/cipher/1: "3DESS" is not a known )"
       R"(cipher value (known: …)"},
      {"unknown match field",
       with_rule(
           R"({"type": "suites_forbidden", "versions": "all", "match": {"cypher": ["RC4"]}})"),
       R"(profiles/x.json: /requirements/0/rule/match/cypher: unknown key "cypher" (expected one )"
       R"(of: …)"},
      {"empty match", with_rule(R"({"type": "suites_forbidden", "versions": "all", "match": {}})"),
       R"(profiles/x.json: /requirements/0/rule/match: an empty match selects every suite; name )"
       R"(at least one field)"},
      {"wrong type in a match",
       with_rule(R"({"type": "suites_forbidden", "versions": "all", "match": {"aead": "no"}})"),
       "profiles/x.json: /requirements/0/rule/match/aead: expected true or false, found a string"},
      {"unknown group name",
       with_rule(
           R"({"type": "groups_min_bits", "family": "ec", "bits": 256, "warn": {"x25518": "r"}})"),
       R"(profiles/x.json: /requirements/0/rule/warn/x25518: "x25518" is not a named group )"
       R"((write e.g. "x25519"))"},
      {"group of the other family",
       with_rule(
           R"({"type": "groups_min_bits", "family": "ff", "bits": 2048, "warn": {"x25519": "r"}})"),
       R"(profiles/x.json: /requirements/0/rule/warn/x25519: "x25519" is a group of family ec, )"
       R"(not ff)"},
      {"bad family", with_rule(R"({"type": "groups_min_bits", "family": "rsa", "bits": 2048})"),
       R"(profiles/x.json: /requirements/0/rule/family: "rsa" is not a group family (write ec or ff))"},
      {"bad level",
       with_requirement(R"("id": "R-1", "title": "t", "level": "must", "cite": "c", )" + kRule),
       R"(profiles/x.json: /requirements/0/level: "must" is not a level (write shall, should or may))"},
      {"missing cite", with_requirement(R"("id": "R-1", "title": "t", "level": "shall", )" + kRule),
       "profiles/x.json: /requirements/0/cite: missing (required here)"},
      {"missing title", with_requirement(R"("id": "R-1", "level": "shall", "cite": "c", )" + kRule),
       "profiles/x.json: /requirements/0/title: missing (required here)"},
      {"missing level", with_requirement(R"("id": "R-1", "title": "t", "cite": "c", )" + kRule),
       "profiles/x.json: /requirements/0/level: missing (required here)"},
      {"empty cite",
       with_requirement(R"("id": "R-1", "title": "t", "level": "shall", "cite": "", )" + kRule),
       "profiles/x.json: /requirements/0/cite: must not be empty"},
      {"missing top-level field", R"({"id": "x", "name": "n"})",
       "profiles/x.json: /section: missing (required here)"},
      {"duplicate requirement ids",
       R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "t", "description": "d",
          "requirements": [
            {"id": "R-1", "title": "t", "level": "shall", "cite": "c", "rule": )" +
           version_rule + R"(},
            {"id": "R-1", "title": "t", "level": "may", "cite": "c", "rule": )" +
           version_rule + R"(}]})",
       R"(profiles/x.json: /requirements/1/id: "R-1" is already the id of another requirement in )"
       R"(this file)"},
      {"key repeated in one object", with_rule(version_rule, R"( "note": "a", "note": "b",)"),
       R"(profiles/x.json: /requirements/0/note: key "note" appears twice in this object)"},
      {"remove without extends",
       R"({"id": "x", "name": "n", "section": "s", "edition": "e", "status": "t", "description": "d",
          "remove": ["R-1"], "requirements": [{"id": "R-1", "title": "t", "level": "shall", "cite": "c",
          "rule": )" +
           version_rule + "}]}",
       R"(profiles/x.json: /remove: "remove" needs "extends" (it removes requirements of the base )"
       R"(profile))"},
      {"remove of an unknown requirement",
       R"({"id": "x", "name": "n", "extends": "dicom-b12", "remove": ["B12-NOPE"]})",
       R"(profiles/x.json: /remove/0: "B12-NOPE" is not a requirement of the base profile)"},
      {"extends an unknown profile", R"({"id": "x", "name": "n", "extends": "dicom-b14"})",
       R"(unknown profile "dicom-b14" (known: …)"},
      {"bad profile id", R"({"id": "My Profile", "name": "n"})",
       R"(profiles/x.json: /id: "My Profile" is not a profile id (lower-case letters, digits, '-', )"
       R"('_', '.'))"},
      {"root is not an object", "[1, 2]", "profiles/x.json: /: expected an object, found an array"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string e = error_of(c.text);
      BOOST_TEST(!e.empty(), "no error for: " << c.text);
      BOOST_TEST(!contains(e, "\n"), "not one line: " << e);
      const auto ellipsis = c.expected.find("…");
      if (ellipsis == std::string::npos)
        BOOST_TEST(e == c.expected);
      else
        BOOST_TEST(starts_with(e, c.expected.substr(0, ellipsis)), e);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_valid_minimal_profile_loads) {
  const Profile p = parse_profile(with_rule(R"({"type": "suites_forbidden", "versions": "all",
                    "match": {"any_of": [{"kx": ["RSA"]}, {"strength_below": 128}],
                              "except": [{"suites": ["0x000A"]}]}})",
                                            R"( "note": "why", "interpretation": "reading",)"),
                                  "profiles/x.json", "", registry());
  BOOST_TEST(p.id == "x");
  BOOST_REQUIRE(p.requirements.size() == 1u);
  BOOST_TEST(p.requirements[0].note == "why");
  BOOST_TEST(p.requirements[0].interpretation == "reading");
  BOOST_TEST(p.requirements[0].level == Level::shall);
}

BOOST_AUTO_TEST_CASE(extends_layers_a_site_policy_on_a_builtin) {
  const Profile base = load_profile("dicom-b12", "", registry());
  const Profile site = load_profile(kData + "/site-no-dhe.json", "", registry());
  BOOST_TEST(site.id == "site-no-dhe");
  BOOST_TEST(site.section == base.section);  // inherited
  BOOST_TEST(site.edition == base.edition);
  BOOST_TEST(site.status == "site policy");  // overridden
  // one removed, one replaced in place, one added
  BOOST_TEST(site.requirements.size() == base.requirements.size());
  auto index_of = [](const Profile& p, const std::string& id) {
    for (std::size_t i = 0; i < p.requirements.size(); ++i)
      if (p.requirements[i].id == id) return static_cast<long>(i);
    return -1L;
  };
  BOOST_TEST(index_of(site, "B12-SNI-UNKNOWN-NAME") == -1);
  BOOST_TEST(index_of(site, "B12-NO-DHE") == index_of(base, "B12-NO-DHE"));
  BOOST_TEST(requirement(site, "B12-NO-DHE").level == Level::shall);
  BOOST_TEST(requirement(site, "B12-NO-DHE").cite == "Site security policy 4.2");
  BOOST_TEST(index_of(site, "SITE-NO-CHACHA") == static_cast<long>(site.requirements.size()) - 1);
}

BOOST_AUTO_TEST_CASE(extends_loops_are_refused) {
  const std::string e = load_error("loop-a", kData);
  BOOST_TEST(starts_with(e, kData + "/loop-"), e);
  BOOST_TEST(contains(e, "/extends: \"extends\" chain loops"), e);
}
