// The dicom_* rules against hand-built DICOM observations, judged with the real profiles read
// from the source tree (profiles/*.json), so that "which channel the profile allows" is the data
// a reviewer sees.
#define BOOST_TEST_MODULE evaluator_dicom
#include <boost/test/unit_test.hpp>

#include "support/source_registry.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"
#include "support/words.hpp"

using medtls::profile::Level;
using medtls::profile::Verdict;

using medtls::enum_values;
using medtls::name_of;
namespace test = medtls::test;

using medtls::profile::Check;
using medtls::profile::evaluate;
using medtls::profile::load_profile;
using medtls::profile::parse_profile;
using medtls::profile::Profile;
using medtls::profile::ProfileError;
using medtls::profile::Result;
using medtls::suites::Registry;
namespace obs = medtls::obs;

namespace {

const Registry& registry() {
  return medtls::testing::source_registry();
}

const Profile& source_profile(const std::string& id) {
  static std::map<std::string, Profile> cache;
  auto it = cache.find(id);
  if (it == cache.end())
    it = cache.emplace(id, load_profile(id, MEDTLS_SOURCE_DIR "/profiles", registry())).first;
  return it->second;
}

const char* const kAllProfiles[] = {"dicom-b12", "dicom-b13", "dicom-b13-2024b",
                                    "dicom-b11", "dicom-b10", "dicom-b9",
                                    "dicom-b3",  "dicom-b1",  "ihe-atna-tls12"};
const char* const kBadCases[] = {"expired",      "not_yet_valid", "self_signed",
                                 "untrusted_ca", "wrong_key",     "revoked",
                                 "rsa1024",      "sha1",          "wrong_eku"};

obs::DicomChannel tls_channel(const std::string& version, std::uint16_t suite) {
  obs::DicomChannel c;
  c.status = obs::ChannelStatus::established;
  c.version = version;
  c.suite = suite;
  c.suite_name = registry().name_of(suite);
  c.group = "x25519";
  c.sni = "pacs.example";
  c.alpn_offered = {"dicom"};
  c.alpn_selected = "dicom";
  c.client_certificate = "--cert client.pem";
  c.peer_subject = "CN=pacs";
  c.peer_verification = obs::PeerVerification::trusted;
  c.detail = "handshake complete";
  return c;
}

obs::DicomAssociation accepted(const std::string& kind, const std::string& version,
                               std::uint16_t suite) {
  obs::DicomAssociation a;
  a.purpose = kind == "main" ? "association" : version;
  a.kind = test::as<obs::AssociationKind>(kind);
  a.result = obs::AssociationResult::accepted;
  a.calling_ae = "MEDTLS";
  a.called_ae = "PACS";
  a.port = 2762;
  a.channel = tls_channel(version, suite);
  a.presentation_contexts = {{1,
                              "1.2.840.10008.1.1",
                              {"1.2.840.10008.1.2"},
                              obs::ContextResult::acceptance,
                              "1.2.840.10008.1.2"}};
  a.max_pdu = 16384;
  a.implementation_class_uid = "1.2.276.0.7230010.3.0.3.6.8";
  a.implementation_version_name = "OFFIS_DCMTK_368";
  a.echo = obs::DimseResult::success;
  a.echo_status = 0x0000;
  a.release = obs::ReleaseResult::released;
  a.received = {{2, 180, "A-ASSOCIATE-AC", "0200000000b4"}};
  a.detail = "A-ASSOCIATE-AC, C-ECHO success";
  return a;
}

obs::DicomAssociation rejected(obs::DicomAssociation a, std::uint8_t result, std::uint8_t source,
                               std::uint8_t reason, const std::string& text) {
  a.result = obs::AssociationResult::rejected;
  a.reject_result = result;
  a.reject_source = source;
  a.reject_reason = reason;
  a.reject_text = text;
  a.echo = obs::DimseResult::not_sent;
  a.echo_status.reset();
  a.implementation_class_uid.clear();
  a.implementation_version_name.clear();
  a.received = {{3, 4, "A-ASSOCIATE-RJ", "0300000000040001"}};
  a.detail = "A-ASSOCIATE-RJ";
  return a;
}

// A dicom:// target whose DICOM layer ran: main association accepted over TLS 1.3, cleartext on
// the TLS port refused with a TLS alert, no --plain-port, no matrix.
struct Target {
  obs::TlsObservations tls;
  obs::DicomObservations dicom;
  Target() {
    tls.host = "pacs.example";
    tls.port = 2762;
    tls.reachable = true;
    tls.client_auth.requested = obs::ClientAuthRequest::required;
    for (const char* v : {"TLSv1.2", "TLSv1.3"}) {
      set_case("none", v, "refused");
      set_case("good", v, "accepted");
      for (const char* name : kBadCases) set_case(name, v, "refused");
    }
    dicom.status = obs::LayerStatus::run;
    dicom.calling_ae = "MEDTLS";
    dicom.called_ae = "PACS";
    dicom.association = accepted("main", "TLSv1.3", 0x1302);
    dicom.plaintext_on_tls_port = obs::PlaintextResult::refused;
    obs::DicomAssociation& p = dicom.plaintext_tls_port;
    p.purpose = "plaintext on the TLS port";
    p.kind = obs::AssociationKind::plaintext_tls_port;
    p.result = obs::AssociationResult::aborted;
    p.calling_ae = "MEDTLS";
    p.called_ae = "PACS";
    p.port = 2762;
    p.channel.status = obs::ChannelStatus::plaintext;
    p.abort_text = "non-DICOM bytes after A-ASSOCIATE-RQ";
    p.received = {{0x15, 0, "not a DICOM PDU", "15030300020246"}};
    dicom.plaintext_other_port = obs::OtherPortResult::not_checked;
    dicom.connections = 2;
  }
  Target& set_case(const std::string& name, const std::string& version, const std::string& outcome,
                   const std::string& detail = "") {
    std::optional<std::uint8_t> alert;
    if (outcome == "refused") alert = 42;
    for (auto& c : tls.client_auth.matrix)
      if (name_of(c.name) == name && c.version == version) {
        c.outcome = test::as<obs::CaseOutcome>(outcome);
        c.alert = alert;
        c.detail = detail;
        return *this;
      }
    tls.client_auth.matrix.push_back({test::as<obs::ClientCase>(name), version,
                                      test::as<obs::CaseOutcome>(outcome), alert, detail});
    return *this;
  }
  Target& client_association(const std::string& name, const std::string& result,
                             const std::string& version = "TLSv1.2") {
    obs::DicomAssociation a = accepted("client_certificate", version, 0xC02F);
    a.purpose = "client certificate " + name + " " + version;
    a.client_case = name;
    a.channel.client_certificate = "vector " + name;
    if (result == "rejected")
      a = rejected(a, 1, 1, 1, "rejected-permanent; service-user; no-reason-given");
    if (result == "channel_failed") {
      a.result = obs::AssociationResult::channel_failed;
      a.channel.status = obs::ChannelStatus::handshake_failed;
      a.channel.version.clear();
      a.channel.suite = 0;
      a.channel.forced_version = version;
      a.channel.alert = 48;
      a.channel.detail = "tlsv1 alert unknown ca";
      a.echo = obs::DimseResult::not_sent;
      a.echo_status.reset();
    }
    if (result == "aborted") {
      a.result = obs::AssociationResult::aborted;
      a.abort_text = "connection closed by the peer after A-ASSOCIATE-RQ";
      a.echo = obs::DimseResult::not_sent;
      a.echo_status.reset();
    }
    dicom.client_certificates.push_back(a);
    return *this;
  }
};

Result judge(const std::string& profile, const Target& t, bool dicom = true) {
  return evaluate(source_profile(profile), t.tls, registry(), dicom ? &t.dicom : nullptr);
}

const Check& check(const Result& r, const std::string& id) {
  auto it =
      std::find_if(r.checks.begin(), r.checks.end(), [&](const Check& c) { return c.id == id; });
  BOOST_REQUIRE_MESSAGE(it != r.checks.end(), r.id + " has no check " + id);
  return *it;
}
Check check_of(const std::string& profile, const Target& t, const std::string& id) {
  return check(judge(profile, t), id);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
bool has_evidence(const Check& c, const std::string& pointer) {
  return std::find(c.evidence.begin(), c.evidence.end(), pointer) != c.evidence.end();
}
bool is_dicom(const Check& c) {
  return contains(c.id, "-DICOM-");
}

// A one-requirement profile around `rule` (JSON text).
Profile one_rule(const std::string& rule, const std::string& level = "shall") {
  return parse_profile(R"({"id": "x", "name": "n", "section": "s", "edition": "e",
    "status": "test", "description": "d", "requirements": [{"id": "X-1", "title": "t",
    "level": ")" + level + R"(", "cite": "c", "rule": )" +
                           rule + "}]}",
                       "x.json", "", registry());
}

std::string load_error(const std::string& rule) {
  try {
    one_rule(rule);
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// ---- the data ----

BOOST_AUTO_TEST_CASE(profiles_carry_the_dicom_requirements) {
  for (const char* id : {"dicom-b12", "dicom-b13", "dicom-b13-2024b", "dicom-b11", "dicom-b10",
                         "dicom-b9", "dicom-b3", "dicom-b1"}) {
    BOOST_TEST_CONTEXT(id) {
      const Profile& p = source_profile(id);
      const std::string prefix =
          p.requirements.front().id.substr(0, p.requirements.front().id.find('-'));
      auto level = [&](const std::string& suffix) -> std::optional<Level> {
        for (const auto& r : p.requirements)
          if (r.id == prefix + suffix) return r.level;
        return std::nullopt;  // missing
      };
      BOOST_TEST((level("-DICOM-ASSOCIATION") == Level::shall));
      BOOST_TEST((level("-DICOM-CLEARTEXT-REFUSED") == Level::shall));
      BOOST_TEST((level("-DICOM-CLEARTEXT-OTHER-PORT") == Level::should));
      BOOST_TEST((level("-DICOM-ALL-CHANNELS") == Level::should));
    }
  }
  // The bad-certificate requirement refuses what the profile's shall mutual_authentication
  // requirements do together (B.13 judges its certificate-rule cases apart from support).
  const std::vector<std::pair<std::string, std::vector<std::string>>> sets = {
      {"dicom-b12", {"B12-MUTUAL-AUTH"}},
      {"dicom-b13", {"B13-MUTUAL-AUTH", "B13-PEER-CERT-RULES"}},
      {"dicom-b13-2024b", {"B13-MUTUAL-AUTH", "B13-PEER-CERT-RULES"}},
      {"ihe-atna-tls12", {"ATNA-BAD-CLIENT-CERTS"}}};
  for (const auto& [id, mutual] : sets) {
    const Profile& p = source_profile(id);
    std::vector<std::string> union_of_cases;
    std::size_t found = 0;
    const medtls::profile::DicomBadCertificateAssociationRule* d = nullptr;
    for (const auto& r : p.requirements) {
      if (std::find(mutual.begin(), mutual.end(), r.id) != mutual.end()) {
        ++found;
        for (const auto& c : std::get<medtls::profile::MutualAuthenticationRule>(r.rule).refuse)
          union_of_cases.push_back(c);
      }
      if (contains(r.id, "-DICOM-BAD-CERT-ASSOCIATION")) {
        d = &std::get<medtls::profile::DicomBadCertificateAssociationRule>(r.rule);
        BOOST_TEST(r.level == Level::shall);
        // ITI-19 lets a node restrict instead of reject: an interpretation there, as for TLS.
        BOOST_TEST(r.interpretation.empty() == (id != "ihe-atna-tls12"), id);
      }
    }
    BOOST_TEST(found == mutual.size(), id);
    BOOST_REQUIRE(d);
    auto refuse = d->refuse;
    std::sort(refuse.begin(), refuse.end());
    std::sort(union_of_cases.begin(), union_of_cases.end());
    BOOST_TEST(refuse == union_of_cases, boost::test_tools::per_element());
  }
  for (const char* id : {"dicom-b11", "dicom-b10", "dicom-b9", "dicom-b3", "dicom-b1"})
    for (const auto& r : source_profile(id).requirements)
      BOOST_TEST(!contains(r.id, "BAD-CERT"), id);
}

BOOST_AUTO_TEST_CASE(parser_checks_the_dicom_rules) {
  BOOST_TEST(load_error(R"({"type": "dicom_plaintext", "port": "both"})") ==
             "x.json: /requirements/0/rule/port: \"both\" is not a port (write tls: the TLS port "
             "itself, or other: the --plain-port)");
  BOOST_TEST(contains(load_error(R"({"type": "dicom_plaintext"})"), "/rule/port: missing"));
  BOOST_TEST(load_error(R"({"type": "dicom_bad_certificate_association", "refuse": ["good"]})") ==
             "x.json: /requirements/0/rule/refuse/0: \"good\" is the certificate that must be "
             "accepted");
  BOOST_TEST(
      contains(load_error(R"({"type": "dicom_bad_certificate_association", "refuse": ["expird"]})"),
               "\"expird\" is not a client-certificate case"));
  BOOST_TEST(contains(load_error(R"({"type": "dicom_association", "port": "tls"})"),
                      "unknown key \"port\""));
  // Default refuse list: every bad certificate, as mutual_authentication.
  const Profile p = one_rule(R"({"type": "dicom_bad_certificate_association"})");
  const auto& rule =
      std::get<medtls::profile::DicomBadCertificateAssociationRule>(p.requirements.front().rule);
  BOOST_TEST(rule.refuse.size() == 9u);
  BOOST_TEST(rule_type(p.requirements.front().rule) ==
             std::string("dicom_bad_certificate_association"));
}

// ---- not a dicom:// target, DICOM layer not run ----

BOOST_AUTO_TEST_CASE(every_dicom_rule_is_not_applicable_without_a_dicom_target) {
  const Target t;
  for (const char* id : kAllProfiles) {
    int seen = 0;
    for (const auto& c : judge(id, t, false).checks) {
      if (!is_dicom(c)) continue;
      ++seen;
      BOOST_TEST(c.verdict == Verdict::not_applicable, id << " " << c.id);
      BOOST_TEST(c.detail == "not a dicom:// target", c.id);
      BOOST_TEST(has_evidence(c, "scheme"), c.id);
    }
    BOOST_TEST(seen == (std::string(id) == "ihe-atna-tls12"          ? 1
                        : contains(id, "b12") || contains(id, "b13") ? 5
                                                                     : 4),
               id);
  }
}

BOOST_AUTO_TEST_CASE(every_dicom_rule_is_inconclusive_when_the_layer_did_not_run) {
  Target t;
  t.dicom = obs::DicomObservations{};
  t.dicom.detail = "not run: --no-dicom";
  for (const char* id : kAllProfiles) {
    const Result r = judge(id, t);
    for (const auto& c : r.checks) {
      if (!is_dicom(c)) continue;
      BOOST_TEST(c.verdict == Verdict::inconclusive, id << " " << c.id);
      BOOST_TEST(c.detail == "not run: --no-dicom", c.id);
      BOOST_TEST(has_evidence(c, "dicom.status"), c.id);
    }
    BOOST_TEST(r.verdict != Verdict::pass, id);
  }
}

// ---- dicom_association ----

BOOST_AUTO_TEST_CASE(association_over_an_allowed_channel_passes_with_its_evidence) {
  const Target t;
  for (const char* id : {"dicom-b13", "dicom-b12"}) {
    const std::string prefix = std::string(id) == "dicom-b13" ? "B13" : "B12";
    const Check c = check_of(id, t, prefix + "-DICOM-ASSOCIATION");
    BOOST_TEST(c.verdict == Verdict::pass, c.detail);
    BOOST_TEST(has_evidence(c, "dicom.association"));
    for (const char* part :
         {"association accepted and C-ECHO success (status 0x0000) over TLSv1.3 0x1302 "
          "TLS_AES_256_GCM_SHA384",
          "MEDTLS → PACS on port 2762", "group x25519", "ALPN dicom",
          "client certificate --cert client.pem", "server certificate trusted",
          "Implementation Class UID 1.2.276.0.7230010.3.0.3.6.8, version name OFFIS_DCMTK_368"})
      BOOST_TEST(contains(c.detail, part), c.detail);
  }
}

BOOST_AUTO_TEST_CASE(the_profile_data_decides_which_channels_are_allowed) {
  Target t;
  auto verdict = [&](const std::string& profile, const std::string& id, const std::string& v,
                     std::uint16_t suite) {
    t.dicom.association = accepted("main", v, suite);
    return check_of(profile, t, id);
  };
  // B.13: CBC is forbidden and outside the closed TLS 1.2 list.
  Check c = verdict("dicom-b13", "B13-DICOM-ASSOCIATION", "TLSv1.2", 0xC027);
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail,
                      "which this profile does not allow (B13-TLS12-PERMITTED-SUITES, "
                      "B13-FORBIDDEN-MODES)"),
             c.detail);
  // B.12 only discourages nothing about CBC: allowed.
  BOOST_TEST(verdict("dicom-b12", "B12-DICOM-ASSOCIATION", "TLSv1.2", 0xC027).verdict ==
             Verdict::pass);
  // B.12 discourages DHE at should level: a warning, never a failure of the shall requirement.
  c = verdict("dicom-b12", "B12-DICOM-ASSOCIATION", "TLSv1.2", 0x009E);
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail, "which this profile discourages (B12-NO-DHE)"), c.detail);
  // B.13 lists DHE-GCM as optional: allowed there.
  BOOST_TEST(verdict("dicom-b13", "B13-DICOM-ASSOCIATION", "TLSv1.2", 0x009E).verdict ==
             Verdict::pass);
  BOOST_TEST(verdict("dicom-b13", "B13-DICOM-ASSOCIATION", "TLSv1.3", 0x1305).verdict ==
             Verdict::pass);
  // TLS 1.0 is refused by a shall version rule in both.
  c = verdict("dicom-b12", "B12-DICOM-ASSOCIATION", "TLSv1.0", 0xC013);
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "(B12-TLS10-REJECTED)"), c.detail);
  c = verdict("dicom-b13", "B13-DICOM-ASSOCIATION", "TLSv1.0", 0x002F);
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "B13-TLS10-REJECTED, B13-FORBIDDEN-KEY-EXCHANGE"), c.detail);
  // B.11 excludes TLS 1.3 only by interpretation: a warning.
  c = verdict("dicom-b11", "B11-DICOM-ASSOCIATION", "TLSv1.3", 0x1301);
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail, "discourages (B11-TLS13-EXCLUDED)"), c.detail);
  // B.1 has no version or suite restriction at all.
  BOOST_TEST(verdict("dicom-b1", "B1-DICOM-ASSOCIATION", "TLSv1.0", 0x000A).verdict ==
             Verdict::pass);
  // A suite outside the registry cannot be judged against a forbidden-suites rule.
  c = verdict("dicom-b12", "B12-DICOM-ASSOCIATION", "TLSv1.2", 0xFAFA);
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "not in the registry"), c.detail);
}

BOOST_AUTO_TEST_CASE(association_with_a_failed_c_echo_fails) {
  Target t;
  t.dicom.association.echo = obs::DimseResult::failed_status;
  t.dicom.association.echo_status = 0x0122;
  Check c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "association accepted, but C-ECHO failed with status 0x0122"),
             c.detail);
  // No response is not proof of a failure.
  t.dicom.association.echo = obs::DimseResult::no_response;
  t.dicom.association.echo_status.reset();
  c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "no C-ECHO response"), c.detail);
  // "success" without the status that proves it never passes.
  t.dicom.association.echo = obs::DimseResult::success;
  BOOST_TEST(check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(rejected_association_fails_and_names_the_setting_to_check) {
  Target t;
  const obs::DicomAssociation main = t.dicom.association;
  t.dicom.association =
      rejected(main, 1, 1, 7, "rejected-permanent; service-user; called-AE-title-not-recognized");
  Check c = check_of("dicom-b12", t, "B12-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail,
                      "association rejected: rejected-permanent; service-user; "
                      "called-AE-title-not-recognized; check --called-ae"),
             c.detail);
  BOOST_TEST(contains(c.detail, "MEDTLS → PACS"), c.detail);
  t.dicom.association =
      rejected(main, 1, 1, 3, "rejected-permanent; service-user; calling-AE-title-not-recognized");
  c = check_of("dicom-b12", t, "B12-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "check --calling-ae"), c.detail);
  // Transient (congestion): says nothing about the configuration.
  t.dicom.association =
      rejected(main, 2, 3, 1, "rejected-transient; service-provider (presentation); congestion");
  c = check_of("dicom-b12", t, "B12-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "transient"), c.detail);
}

BOOST_AUTO_TEST_CASE(aborted_silent_and_failed_channels_are_inconclusive) {
  Target t;
  obs::DicomAssociation& a = t.dicom.association;
  a.result = obs::AssociationResult::aborted;
  a.abort_source = 2;
  a.abort_reason = 0;
  a.abort_text = "A-ABORT service-provider, reason not specified";
  a.echo = obs::DimseResult::not_sent;
  a.echo_status.reset();
  Check c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "association aborted: A-ABORT service-provider"), c.detail);

  a.result = obs::AssociationResult::no_answer;
  c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "no answer to the A-ASSOCIATE-RQ within the timeout"), c.detail);

  // TLS 1.3 client certificate required, none given: the hint names --cert/--key.
  a.result = obs::AssociationResult::channel_failed;
  a.channel.status = obs::ChannelStatus::handshake_failed;
  a.channel.version.clear();
  a.channel.suite = 0;
  a.channel.client_certificate = "none";
  a.channel.alert = 116;
  a.channel.detail = "tlsv13 alert certificate required";
  c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail,
                      "tlsv13 alert certificate required (alert received "
                      "certificate_required(116))"),
             c.detail);
  BOOST_TEST(contains(c.detail, "give --cert/--key of a certificate the device trusts"), c.detail);

  a.result = obs::AssociationResult::not_attempted;
  a.detail = "not attempted: connection budget exhausted";
  c = check_of("dicom-b13", t, "B13-DICOM-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "connection budget exhausted"), c.detail);
}

// ---- dicom_plaintext ----

BOOST_AUTO_TEST_CASE(cleartext_on_the_tls_port) {
  Target t;
  Check c = check_of("dicom-b13", t, "B13-DICOM-CLEARTEXT-REFUSED");
  BOOST_TEST(c.verdict == Verdict::pass);
  BOOST_TEST(contains(c.detail, "cleartext A-ASSOCIATE-RQ to the TLS port 2762 refused"), c.detail);
  BOOST_TEST(contains(c.detail, "non-DICOM reply 15030300020246"), c.detail);
  BOOST_TEST(has_evidence(c, "dicom.plaintext_tls_port"));

  t.dicom.plaintext_on_tls_port = obs::PlaintextResult::accepted;
  obs::DicomAssociation ac = accepted("plaintext_tls_port", "", 0);
  ac.channel = obs::DicomChannel{};
  ac.channel.status = obs::ChannelStatus::plaintext;
  t.dicom.plaintext_tls_port = ac;
  const Result r = judge("dicom-b13", t);
  c = check(r, "B13-DICOM-CLEARTEXT-REFUSED");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "cleartext DICOM accepted on the TLS port 2762: A-ASSOCIATE-AC"),
             c.detail);
  BOOST_TEST(r.verdict == Verdict::fail);
  // B.9 states it only by interpretation: a warning.
  BOOST_TEST(check_of("dicom-b9", t, "B9-DICOM-CLEARTEXT-REFUSED").verdict == Verdict::warn);
  BOOST_TEST(check_of("dicom-b1", t, "B1-DICOM-CLEARTEXT-REFUSED").verdict == Verdict::fail);

  t.dicom.plaintext_on_tls_port = obs::PlaintextResult::inconclusive;
  t.dicom.plaintext_tls_port.result = obs::AssociationResult::no_answer;
  c = check_of("dicom-b13", t, "B13-DICOM-CLEARTEXT-REFUSED");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "no answer within the timeout"), c.detail);
}

BOOST_AUTO_TEST_CASE(a_cleartext_rejection_proves_nothing_when_tls_is_rejected_too) {
  Target t;
  t.dicom.plaintext_tls_port = rejected(t.dicom.plaintext_tls_port, 1, 1, 7,
                                        "rejected-permanent; service-user; "
                                        "called-AE-title-not-recognized");
  // The same AE titles accepted over TLS: the cleartext rejection is a refusal.
  BOOST_TEST(check_of("dicom-b12", t, "B12-DICOM-CLEARTEXT-REFUSED").verdict == Verdict::pass);
  t.dicom.association =
      rejected(t.dicom.association, 1, 1, 7,
               "rejected-permanent; service-user; called-AE-title-not-recognized");
  const Check c = check_of("dicom-b12", t, "B12-DICOM-CLEARTEXT-REFUSED");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "may concern the AE titles"), c.detail);
}

BOOST_AUTO_TEST_CASE(cleartext_on_another_port) {
  Target t;
  Check c = check_of("dicom-b12", t, "B12-DICOM-CLEARTEXT-OTHER-PORT");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "not checked: give --plain-port N"), c.detail);
  BOOST_TEST(has_evidence(c, "dicom.plaintext_other"));

  obs::DicomAssociation p = accepted("plaintext_other_port", "", 0);
  p.channel = obs::DicomChannel{};
  p.channel.status = obs::ChannelStatus::plaintext;
  p.port = 11112;
  t.dicom.plaintext_other = p;
  t.dicom.plaintext_other_port = obs::OtherPortResult::accepted;
  const Result r = judge("dicom-b12", t);
  c = check(r, "B12-DICOM-CLEARTEXT-OTHER-PORT");
  BOOST_TEST(c.verdict == Verdict::warn);  // should level: MDS2 TXCF-2, not a PS3.15 requirement
  BOOST_TEST(contains(c.detail, "cleartext DICOM accepted on port 11112 (--plain-port)"), c.detail);
  BOOST_TEST(contains(c.detail, "MDS2 TXCF-2"), c.detail);

  t.dicom.plaintext_other_port = obs::OtherPortResult::refused;
  t.dicom.plaintext_other->result = obs::AssociationResult::channel_failed;
  t.dicom.plaintext_other->channel.detail = "connection refused";
  c = check_of("dicom-b12", t, "B12-DICOM-CLEARTEXT-OTHER-PORT");
  BOOST_TEST(c.verdict == Verdict::pass);
  BOOST_TEST(contains(c.detail, "no connection: connection refused"), c.detail);

  t.dicom.plaintext_other_port = obs::OtherPortResult::inconclusive;
  BOOST_TEST(check_of("dicom-b12", t, "B12-DICOM-CLEARTEXT-OTHER-PORT").verdict ==
             Verdict::inconclusive);
}

// ---- dicom_association_channels ----

BOOST_AUTO_TEST_CASE(matrix_not_run_is_inconclusive) {
  const Check c = check_of("dicom-b13", Target(), "B13-DICOM-ALL-CHANNELS");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(c.detail ==
             "not run: add --association-matrix (one association per accepted TLS "
             "version and suite)");
}

BOOST_AUTO_TEST_CASE(matrix_rows_over_allowed_channels_decide) {
  Target t;
  auto& m = t.dicom.matrix;
  m.push_back(accepted("version", "TLSv1.3", 0x1302));
  m.push_back(accepted("suite", "TLSv1.2", 0xC02F));
  obs::DicomAssociation camellia = accepted("suite", "", 0);
  camellia.result = obs::AssociationResult::not_attempted;
  camellia.channel = obs::DicomChannel{};
  camellia.channel.status = obs::ChannelStatus::not_possible_locally;
  camellia.channel.forced_version = "TLSv1.2";
  camellia.channel.forced_suite = 0xC08A;
  camellia.channel.detail = "OpenSSL cannot offer Camellia-GCM";
  m.push_back(camellia);
  m.push_back(accepted("version", "TLSv1.0", 0x002F));
  m.push_back(accepted("suite", "TLSv1.3", 0x1302));  // the same channel as row 0: listed once
  Check c = check_of("dicom-b13", t, "B13-DICOM-ALL-CHANNELS");
  BOOST_TEST(c.verdict == Verdict::pass, c.detail);
  BOOST_TEST(contains(c.detail,
                      "DICOM works over 2 allowed channels: TLSv1.3 0x1302 "
                      "TLS_AES_256_GCM_SHA384, TLSv1.2 0xC02F "
                      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
             c.detail);
  BOOST_TEST(contains(c.detail,
                      "TLSv1.2 (forced) 0xC08A TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256 "
                      "(forced): accepted at ServerHello, full handshake not possible "
                      "with the local TLS library"),
             c.detail);
  BOOST_TEST(contains(c.detail,
                      "DICOM also works over TLSv1.0 0x002F TLS_RSA_WITH_AES_128_CBC_SHA, "
                      "which this profile does not allow (B13-TLS10-REJECTED"),
             c.detail);
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(has_evidence(c, "dicom.matrix[" + std::to_string(i) + "]"), i);

  // A rejection over an allowed channel: should level, so a warning.
  m[1] = rejected(m[1], 1, 1, 1, "rejected-permanent; service-user; no-reason-given");
  c = check_of("dicom-b13", t, "B13-DICOM-ALL-CHANNELS");
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail,
                      "DICOM fails over TLSv1.2 0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_"
                      "SHA256: A-ASSOCIATE-RJ (rejected-permanent"),
             c.detail);
  // …but the same rejection over a channel the profile excludes is only information.
  m[1] = rejected(accepted("suite", "TLSv1.2", 0xC027), 1, 1, 1, "rejected-permanent");
  c = check_of("dicom-b13", t, "B13-DICOM-ALL-CHANNELS");
  BOOST_TEST(c.verdict == Verdict::pass, c.detail);
  // An allowed row without an answer leaves the rule open.
  m[1] = accepted("suite", "TLSv1.2", 0xC02F);
  m[1].result = obs::AssociationResult::no_answer;
  BOOST_TEST(check_of("dicom-b13", t, "B13-DICOM-ALL-CHANNELS").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(rows_not_possible_locally_never_pass) {
  Target t;
  obs::DicomAssociation camellia = accepted("suite", "", 0);
  camellia.result = obs::AssociationResult::not_attempted;
  camellia.channel = obs::DicomChannel{};
  camellia.channel.status = obs::ChannelStatus::not_possible_locally;
  camellia.channel.forced_version = "TLSv1.2";
  camellia.channel.forced_suite = 0xC08A;
  t.dicom.matrix = {camellia};
  const Check c = check_of("dicom-b13", t, "B13-DICOM-ALL-CHANNELS");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "no association over a channel this profile allows was decided"),
             c.detail);
}

// ---- dicom_bad_certificate_association ----

BOOST_AUTO_TEST_CASE(bad_certificates_refused_by_tls_pass) {
  const Target t;
  const Check c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::pass, c.detail);
  BOOST_TEST(contains(c.detail,
                      "refused at the TLS layer in every version: expired, "
                      "not_yet_valid, self_signed, untrusted_ca, wrong_key, revoked, "
                      "rsa1024, sha1"),
             c.detail);
  BOOST_TEST(has_evidence(c, "client_auth.matrix[4]"));
}

BOOST_AUTO_TEST_CASE(association_after_a_certificate_tls_let_through_fails) {
  Target t;
  t.set_case("rsa1024", "TLSv1.2", "accepted").client_association("rsa1024", "accepted");
  Check c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail,
                      "association accepted after client certificate rsa1024 (TLSv1.2, "
                      "A-ASSOCIATE-AC, C-ECHO success (status 0x0000)), although TLS "
                      "should have refused it"),
             c.detail);
  BOOST_TEST(has_evidence(c, "dicom.client_certificates[0]"));
  // B.12 lists RSA-1024 only at should level (B12-MUTUAL-AUTH-WEAK-CERTS): not judged here.
  BOOST_TEST(check_of("dicom-b12", t, "B12-DICOM-BAD-CERT-ASSOCIATION").verdict == Verdict::pass);
  // ITI-19: a node may restrict instead of reject, so an interpretation warns.
  t.set_case("expired", "TLSv1.2", "accepted").client_association("expired", "accepted");
  c = check_of("ihe-atna-tls12", t, "ATNA-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail, "reported as a warning"), c.detail);
}

BOOST_AUTO_TEST_CASE(an_association_refused_after_a_certificate_tls_let_through) {
  Target t;
  t.set_case("rsa1024", "TLSv1.2", "accepted").client_association("rsa1024", "rejected");
  Check c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::pass, c.detail);
  BOOST_TEST(contains(c.detail,
                      "let through by TLS, association refused: rsa1024 (TLSv1.2, "
                      "A-ASSOCIATE-RJ (rejected-permanent"),
             c.detail);
  // With the main association rejected too, the rejection may concern the AE titles.
  t.dicom.association = rejected(t.dicom.association, 1, 1, 7, "called-AE-title-not-recognized");
  c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "the main association was not accepted either"), c.detail);
  // A channel that now fails is a TLS refusal, whatever the main association did.
  t.dicom.client_certificates.clear();
  t.client_association("rsa1024", "channel_failed");
  BOOST_TEST(check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION").verdict == Verdict::pass);
}

BOOST_AUTO_TEST_CASE(a_certificate_tls_let_through_without_association_is_inconclusive) {
  Target t;
  t.set_case("sha1", "TLSv1.3", "accepted");
  Check c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail,
                      "not decided: sha1 in TLSv1.3 (TLS accepted): no refused "
                      "association"),
             c.detail);
  // The DICOM layer tries a case once, in the first version TLS let it through: the
  // application's check does not depend on the TLS version.
  t.set_case("sha1", "TLSv1.2", "accepted").client_association("sha1", "aborted", "TLSv1.2");
  c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::pass, c.detail);
  BOOST_TEST(contains(c.detail,
                      "let through by TLS, association refused: sha1 (TLSv1.2, aborted "
                      "(connection closed by the peer after A-ASSOCIATE-RQ))"),
             c.detail);

  Target missing;
  auto& mx = missing.tls.client_auth.matrix;
  mx.erase(std::remove_if(mx.begin(), mx.end(),
                          [](auto& m) { return m.name == obs::ClientCase::revoked; }),
           mx.end());
  c = check_of("dicom-b13", missing, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "not in the client-certificate matrix: revoked"), c.detail);

  Target unknown;
  unknown.tls.client_auth.requested = obs::ClientAuthRequest::inconclusive;
  c = check_of("dicom-b13", unknown, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "whether the server asks for a client certificate is not known"),
             c.detail);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_asks_for_a_certificate) {
  Target t;
  t.tls.client_auth.requested = obs::ClientAuthRequest::not_requested;
  t.tls.client_auth.matrix.clear();
  Check c = check_of("dicom-b13", t, "B13-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "never asks for a client certificate"), c.detail);

  // A profile that refuses "none": an association without any certificate violates.
  const Profile p = one_rule(R"({"type": "dicom_bad_certificate_association",
                                 "refuse": ["none", "expired"]})");
  t.dicom.association.channel.client_certificate = "none";
  c = evaluate(p, t.tls, registry(), &t.dicom).checks.front();
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "the association without one was accepted: none (TLSv1.3"),
             c.detail);
  BOOST_TEST(has_evidence(c, "dicom.association"));
  // Without such an association, nothing is shown.
  t.dicom.association.channel.client_certificate = "--cert client.pem";
  c = evaluate(p, t.tls, registry(), &t.dicom).checks.front();
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "no association without a certificate was decided"), c.detail);
  // …and the matrix case "none" with its own association decides as well.
  t.client_association("none", "accepted");
  BOOST_TEST(evaluate(p, t.tls, registry(), &t.dicom).checks.front().verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(optional_client_auth_or_a_case_not_presented_never_passes) {
  // The server admits a client without a certificate: refusals of bad ones prove nothing.
  Target t;
  t.tls.client_auth.requested = obs::ClientAuthRequest::optional;
  Check c = check_of("dicom-b12", t, "B12-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "admits a client without one"), c.detail);
  // …but an association after a bad certificate still fails.
  t.set_case("expired", "TLSv1.2", "accepted").client_association("expired", "accepted");
  BOOST_TEST(check_of("dicom-b12", t, "B12-DICOM-BAD-CERT-ASSOCIATION").verdict == Verdict::fail);

  // A listed case the harness could not build decides nothing.
  Target na;
  na.set_case("revoked", "TLSv1.2", "not_applicable", "needs the CRL installed on the device")
      .set_case("revoked", "TLSv1.3", "not_applicable", "needs the CRL installed on the device");
  c = check_of("dicom-b12", na, "B12-DICOM-BAD-CERT-ASSOCIATION");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "not presented: revoked (needs the CRL installed"), c.detail);
}

// ---- the profile verdict ----

BOOST_AUTO_TEST_CASE(a_dicom_target_with_everything_refused_and_working) {
  Target t;
  t.dicom.matrix = {accepted("version", "TLSv1.3", 0x1302), accepted("version", "TLSv1.2", 0xC02F)};
  obs::DicomAssociation other = t.dicom.plaintext_tls_port;
  other.purpose = "plaintext on port 11112";
  other.kind = obs::AssociationKind::plaintext_other_port;
  other.port = 11112;
  other.result = obs::AssociationResult::channel_failed;
  other.channel.detail = "connection refused";
  t.dicom.plaintext_other = other;
  t.dicom.plaintext_other_port = obs::OtherPortResult::refused;
  for (const char* id : {"dicom-b12", "dicom-b13"}) {
    for (const auto& c : judge(id, t).checks) {
      if (!is_dicom(c)) continue;
      BOOST_TEST(c.verdict == Verdict::pass, id << " " << c.id << ": " << c.detail);
      BOOST_TEST(!c.evidence.empty(), c.id);
      BOOST_TEST(!c.cite.empty(), c.id);
      BOOST_TEST(!c.note.empty(), c.id);
    }
  }
}
