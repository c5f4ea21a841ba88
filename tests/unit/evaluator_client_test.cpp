// The client-role rules (profile/client_model.hpp) against hand-built observations of a device
// in its TLS client role, judged with the real profiles of the source tree.
#define BOOST_TEST_MODULE evaluator_client
#include <boost/test/unit_test.hpp>

#include "support/source_registry.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"

using medtls::name_of;
using medtls::profile::Check;
using medtls::profile::evaluate;
using medtls::profile::evaluate_client;
using medtls::profile::load_profile;
using medtls::profile::parse_profile;
using medtls::profile::Profile;
using medtls::profile::ProfileError;
using medtls::profile::Result;
using medtls::profile::Verdict;
namespace obs = medtls::obs;
using obs::ClientScenario;
using obs::ScenarioOutcome;

namespace {

const medtls::suites::Registry& registry() {
  return medtls::testing::source_registry();
}

const Profile& profile(const std::string& id) {
  static std::map<std::string, Profile> cache;
  auto it = cache.find(id);
  if (it == cache.end())
    it = cache.emplace(id, load_profile(id, MEDTLS_SOURCE_DIR "/profiles", registry())).first;
  return it->second;
}

// A ClientHello as DCMTK 3.6.8's B.13 profile would send it: TLS 1.3 and 1.2, the B.13 suites,
// EMS, renegotiation SCSV, P-256 and X25519, SHA-256+ signatures, ALPN "dicom".
obs::ObservedClientHello b13_hello(int connection, const std::string& scenario) {
  obs::ObservedClientHello h;
  h.connection = connection;
  h.scenario = scenario;
  h.record_version = 0x0301;
  h.legacy_version = 0x0303;
  h.versions = {0x0304, 0x0303};
  h.suites = {0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0x00FF};
  h.compression_methods = {0};
  h.groups = {0x001D, 0x0017, 0x0018};
  h.key_share_groups = {0x001D};
  h.signature_algorithms = {0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501};
  h.alpn = {"dicom"};
  h.sni = "pacs.example";
  for (std::uint16_t t : {0, 10, 13, 16, 23, 43, 45, 51}) h.extensions.push_back({t, {}});
  h.size = 300;
  return h;
}

obs::ScenarioResult scenario(ClientScenario id, ScenarioOutcome outcome,
                             std::optional<std::uint8_t> alert = std::nullopt) {
  obs::ScenarioResult s;
  s.id = id;
  s.outcome = outcome;
  s.alert = alert;
  s.connection = 1;
  if (outcome == ScenarioOutcome::accepted) {
    s.version = 0x0304;
    s.suite = 0x1302;
  } else if (outcome == ScenarioOutcome::refused) {
    s.ended = obs::ClientEnd::during_handshake;
  }
  return s;
}

// A device that validates everything: every bad scenario refused with a fitting alert.
obs::ClientRoleObservations validating_device() {
  obs::ClientRoleObservations c;
  c.server_name = "pacs.example";
  const std::pair<ClientScenario, std::uint8_t> refusals[] = {
      {ClientScenario::expired, 45},
      {ClientScenario::not_yet_valid, 45},
      {ClientScenario::self_signed, 48},
      {ClientScenario::untrusted_ca, 48},
      {ClientScenario::wrong_host, 42},
      {ClientScenario::wrong_key, 51},
      {ClientScenario::revoked, 44},
      {ClientScenario::rsa1024, 42},
      {ClientScenario::sha1, 42},
      {ClientScenario::wrong_eku, 43},
      {ClientScenario::tls10_server_hello, 70},
      {ClientScenario::tls11_server_hello, 70},
      {ClientScenario::unoffered_suite, 47}};
  c.scenarios.push_back(scenario(ClientScenario::good, ScenarioOutcome::accepted));
  for (const auto& [id, alert] : refusals)
    c.scenarios.push_back(scenario(id, ScenarioOutcome::refused, alert));
  c.scenarios.push_back(scenario(ClientScenario::dhe1024, ScenarioOutcome::not_applicable));
  c.scenarios.push_back(scenario(ClientScenario::good, ScenarioOutcome::accepted));
  for (std::size_t i = 0; i < c.scenarios.size(); ++i) {
    c.scenarios[i].position = static_cast<int>(i + 1);
    if (c.scenarios[i].outcome != ScenarioOutcome::not_applicable)
      c.client_hellos.push_back(b13_hello(static_cast<int>(i + 1), name_of(c.scenarios[i].id)));
  }
  c.connections = static_cast<int>(c.client_hellos.size());
  return c;
}

const Check& check(const Result& r, const std::string& id) {
  auto it =
      std::find_if(r.checks.begin(), r.checks.end(), [&](const Check& c) { return c.id == id; });
  if (it == r.checks.end()) throw std::runtime_error("no check " + id + " in " + r.id);
  return *it;
}

std::string open_checks(const Result& r) {
  std::string out;
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::fail || c.verdict == Verdict::inconclusive ||
        c.verdict == Verdict::warn)
      out += c.id + " " + name_of(c.verdict) + " [" + c.detail + "] ";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_b13_client_that_validates_passes_b13_b12_and_the_baseline) {
  const auto device = validating_device();
  for (const char* id : {"dicom-b13", "dicom-b12", "site-baseline"}) {
    const Result r = evaluate_client(profile(id), device, registry());
    BOOST_TEST_INFO(id);
    BOOST_TEST(!r.checks.empty());
    BOOST_TEST((r.verdict == Verdict::pass), open_checks(r));
    for (const auto& c : r.checks) BOOST_TEST(c.id.find("CLIENT") != std::string::npos, c.id);
  }
  const Result b13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST((check(b13, "B13-CLIENT-DHE-2048").verdict == Verdict::not_applicable));
  BOOST_TEST((check(b13, "B13-CLIENT-TLS13-ATTEMPTED").verdict == Verdict::pass));
  // No certificate presented: encouraged only (may), and the certificate rules do not apply.
  BOOST_TEST((check(b13, "B13-CLIENT-CERTIFICATE").verdict == Verdict::not_applicable));
  BOOST_TEST((check(b13, "B13-CLIENT-CERT-KEYS").verdict == Verdict::not_applicable));
  // ...but ITI-19 requires one.
  const Result atna = evaluate_client(profile("ihe-atna-tls12"), device, registry());
  BOOST_TEST((check(atna, "ATNA-CLIENT-CERTIFICATE").verdict == Verdict::fail));
}

BOOST_AUTO_TEST_CASE(server_and_client_requirements_never_mix) {
  const auto device = validating_device();
  const Result server = evaluate(profile("dicom-b13"), obs::TlsObservations{}, registry());
  for (const auto& c : server.checks) BOOST_TEST(c.id.find("-CLIENT-") == std::string::npos, c.id);
  const Result client = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST(client.checks.size() < server.checks.size());
  // A profile without client-role requirements says nothing of a client: never a pass.
  const Result b1 = evaluate_client(profile("dicom-b1"), device, registry());
  BOOST_TEST(b1.checks.empty());
  BOOST_TEST((b1.verdict == Verdict::inconclusive));
}

BOOST_AUTO_TEST_CASE(openssl_default_suites_fail_b13_but_not_b12) {
  auto device = validating_device();
  // OpenSSL 3.0's default TLS 1.2 list carries CBC suites with SHA-1 and SHA-384 MACs.
  for (auto& h : device.client_hellos)
    h.suites = {0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8,
                0xCCAA, 0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028, 0x006B, 0xC023,
                0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033,
                0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F, 0x00FF};
  const Result b13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST((b13.verdict == Verdict::fail));
  const auto& forbidden = check(b13, "B13-CLIENT-FORBIDDEN-ALGORITHMS");
  BOOST_TEST((forbidden.verdict == Verdict::fail));
  BOOST_TEST(forbidden.detail.find("0xC024") != std::string::npos, forbidden.detail);
  BOOST_TEST((check(b13, "B13-CLIENT-TLS12-SUITES").verdict == Verdict::fail));
  const Result b12 = evaluate_client(profile("dicom-b12"), device, registry());
  BOOST_TEST((check(b12, "B12-CLIENT-FORBIDDEN-SUITES").verdict == Verdict::pass),
             open_checks(b12));
}

BOOST_AUTO_TEST_CASE(old_versions_and_fallback) {
  auto device = validating_device();
  device.client_hellos[3].versions = {0x0303, 0x0302};
  device.client_hellos[5].versions.clear();  // no supported_versions: legacy_version is the offer
  const Result b12 = evaluate_client(profile("dicom-b12"), device, registry());
  const auto& old = check(b12, "B12-CLIENT-NO-OLD-VERSIONS");
  BOOST_TEST((old.verdict == Verdict::fail));
  BOOST_TEST(old.detail.find("TLSv1.1") != std::string::npos, old.detail);
  BOOST_TEST(old.evidence.front() == "client_hellos[3].versions");
  const auto& attempted = check(b12, "B12-CLIENT-TLS13-ATTEMPTED");
  BOOST_TEST((attempted.verdict == Verdict::fail), attempted.detail);
  BOOST_TEST(attempted.detail.find("falls back") != std::string::npos, attempted.detail);
  // A legacy_version of TLS 1.0 is an offer of TLS 1.0 whatever supported_versions says.
  device = validating_device();
  device.client_hellos[0].legacy_version = 0x0301;
  BOOST_TEST((
      check(evaluate_client(profile("dicom-b13"), device, registry()), "B13-CLIENT-NO-OLD-VERSIONS")
          .verdict == Verdict::fail));
  // Never offering TLS 1.3 is not applicable (support is invisible), not a pass.
  device = validating_device();
  for (auto& h : device.client_hellos) h.versions = {0x0303};
  BOOST_TEST((
      check(evaluate_client(profile("dicom-b13"), device, registry()), "B13-CLIENT-TLS13-ATTEMPTED")
          .verdict == Verdict::not_applicable));
}

BOOST_AUTO_TEST_CASE(missing_extensions_and_lists) {
  auto device = validating_device();
  auto& h = device.client_hellos[2];
  h.extensions.erase(std::remove_if(h.extensions.begin(), h.extensions.end(),
                                    [](const obs::HelloExtension& e) { return e.type == 23; }),
                     h.extensions.end());
  h.suites.pop_back();  // 0x00FF: renegotiation_info's SCSV
  h.signature_algorithms.push_back(0x0201);
  h.groups = {0x0018};
  h.alpn.clear();
  h.extensions.push_back({42, {}});  // early_data
  const Result b13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST((check(b13, "B13-CLIENT-EXTENDED-MASTER-SECRET").verdict == Verdict::fail));
  BOOST_TEST((check(b13, "B13-CLIENT-RENEGOTIATION-INFO").verdict == Verdict::fail));
  BOOST_TEST((check(b13, "B13-CLIENT-NO-0RTT").verdict == Verdict::fail));
  // An interpretation: offering SHA-1 warns, it cannot fail B.13.
  BOOST_TEST((check(b13, "B13-CLIENT-NO-WEAK-SIGNATURE-HASHES").verdict == Verdict::warn));
  BOOST_TEST((check(b13, "B13-CLIENT-GROUPS").verdict == Verdict::warn));
  // ALPN is a may: not offering it is allowed, never a pass.
  BOOST_TEST((check(b13, "B13-CLIENT-ALPN-DICOM").verdict == Verdict::not_applicable));
  // A TLS 1.3-only hello is not judged by the TLS 1.2 extension rules.
  device = validating_device();
  for (auto& hello : device.client_hellos) {
    hello.versions = {0x0304};
    hello.extensions.clear();
    hello.suites = {0x1301};
  }
  const Result only13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST(
      (check(only13, "B13-CLIENT-EXTENDED-MASTER-SECRET").verdict == Verdict::not_applicable));
  BOOST_TEST((check(only13, "B13-CLIENT-TLS12-OR-TLS13").verdict == Verdict::pass));
  BOOST_TEST((check(evaluate_client(profile("dicom-b12"), device, registry()), "B12-CLIENT-TLS12")
                  .verdict == Verdict::fail));
}

BOOST_AUTO_TEST_CASE(a_device_that_accepts_bad_certificates_fails_the_baseline) {
  auto device = validating_device();
  for (auto& s : device.scenarios) {
    if (s.id != ClientScenario::self_signed && s.id != ClientScenario::wrong_host) continue;
    s = scenario(s.id, ScenarioOutcome::accepted);
    s.association = true;
  }
  const Result base = evaluate_client(profile("site-baseline"), device, registry());
  BOOST_TEST((base.verdict == Verdict::fail));
  const auto& validates = check(base, "SITE-CLIENT-VALIDATES-SERVER-CERT");
  BOOST_TEST((validates.verdict == Verdict::fail));
  BOOST_TEST(validates.detail.find("self_signed: accepted") != std::string::npos, validates.detail);
  BOOST_TEST(validates.detail.find("A-ASSOCIATE-RQ") != std::string::npos, validates.detail);
  BOOST_TEST((check(base, "SITE-CLIENT-CHECKS-HOSTNAME").verdict == Verdict::fail));
}

BOOST_AUTO_TEST_CASE(refusals_count_only_after_the_good_scenario_was_accepted) {
  auto device = validating_device();
  for (auto& s : device.scenarios)
    if (s.id == ClientScenario::good)
      s = scenario(ClientScenario::good, ScenarioOutcome::refused, 48);
  // A device that does not trust the listener refuses everything: that shows nothing.
  const Result base = evaluate_client(profile("site-baseline"), device, registry());
  const auto& validates = check(base, "SITE-CLIENT-VALIDATES-SERVER-CERT");
  BOOST_TEST((validates.verdict == Verdict::inconclusive));
  BOOST_TEST(validates.detail.find("refused the good scenario") != std::string::npos,
             validates.detail);
  BOOST_TEST((base.verdict == Verdict::inconclusive));
  // Scenarios not served or without a connection are undecided too.
  device = validating_device();
  device.scenarios.erase(
      std::remove_if(device.scenarios.begin(), device.scenarios.end(),
                     [](const obs::ScenarioResult& s) { return s.id == ClientScenario::expired; }),
      device.scenarios.end());
  for (auto& s : device.scenarios)
    if (s.id == ClientScenario::wrong_key) s = scenario(s.id, ScenarioOutcome::no_connection);
  const Result open_result = evaluate_client(profile("site-baseline"), device, registry());
  const auto& open = check(open_result, "SITE-CLIENT-VALIDATES-SERVER-CERT");
  BOOST_TEST((open.verdict == Verdict::inconclusive));
  BOOST_TEST(open.detail.find("expired: not served") != std::string::npos, open.detail);
  BOOST_TEST(open.detail.find("wrong_key: the device did not connect") != std::string::npos,
             open.detail);
}

BOOST_AUTO_TEST_CASE(downgraded_server_hello_alerts) {
  auto device = validating_device();
  for (auto& s : device.scenarios) {
    if (s.id == ClientScenario::tls10_server_hello) s.alert = 40;  // handshake_failure
    if (s.id == ClientScenario::tls11_server_hello) s.alert.reset();
  }
  const Result b13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST((check(b13, "B13-CLIENT-TLS10-SERVER-HELLO-REFUSED").verdict == Verdict::pass));
  const auto& alert = check(b13, "B13-CLIENT-OLD-SERVER-HELLO-ALERT");
  BOOST_TEST((alert.verdict == Verdict::fail));
  BOOST_TEST(alert.detail.find("handshake_failure") != std::string::npos, alert.detail);
  BOOST_TEST(alert.detail.find("a close without an alert") != std::string::npos, alert.detail);
  for (auto& s : device.scenarios)
    if (s.id == ClientScenario::tls10_server_hello) {
      s = scenario(s.id, ScenarioOutcome::accepted);
      s.version = 0x0301;
    }
  const Result refused_result = evaluate_client(profile("dicom-b13"), device, registry());
  const auto& refused = check(refused_result, "B13-CLIENT-TLS10-SERVER-HELLO-REFUSED");
  BOOST_TEST((refused.verdict == Verdict::fail));
  BOOST_TEST(refused.detail.find("TLSv1.0") != std::string::npos, refused.detail);
}

BOOST_AUTO_TEST_CASE(cleartext_connections) {
  auto device = validating_device();
  obs::CleartextConnection k;
  k.connection = 4;
  k.start = obs::ConnectionStart::silent;
  device.cleartext.push_back(k);
  BOOST_TEST(
      (check(evaluate_client(profile("dicom-b13"), device, registry()), "B13-CLIENT-NO-CLEARTEXT")
           .verdict == Verdict::pass));
  k.start = obs::ConnectionStart::dicom_cleartext;
  k.pdu_type = 1;
  k.bytes = 220;
  k.after_failed_handshake = true;
  device.cleartext.push_back(k);
  const Result c_result = evaluate_client(profile("dicom-b13"), device, registry());
  const auto& c = check(c_result, "B13-CLIENT-NO-CLEARTEXT");
  BOOST_TEST((c.verdict == Verdict::fail));
  BOOST_TEST(c.detail.find("falls back to cleartext") != std::string::npos, c.detail);
  BOOST_TEST(c.evidence.front() == "cleartext[1]");
  // Nothing connected: undecided.
  obs::ClientRoleObservations none;
  BOOST_TEST(
      (check(evaluate_client(profile("dicom-b13"), none, registry()), "B13-CLIENT-NO-CLEARTEXT")
           .verdict == Verdict::inconclusive));
  BOOST_TEST(
      (evaluate_client(profile("dicom-b13"), none, registry()).verdict == Verdict::inconclusive));
}

BOOST_AUTO_TEST_CASE(client_certificates_are_judged_like_server_ones) {
  auto device = validating_device();
  device.scenarios.front().client_certificate = true;
  obs::CertificateInfo leaf;
  leaf.subject = "CN=modality";
  leaf.key_type = "RSA";
  leaf.key_bits = 1024;
  leaf.signature_hash = "SHA1";
  device.client_certificate.status = obs::ChainStatus::observed;
  device.client_certificate.chain = {leaf};
  const Result b13 = evaluate_client(profile("dicom-b13"), device, registry());
  BOOST_TEST((check(b13, "B13-CLIENT-CERTIFICATE").verdict == Verdict::pass));
  BOOST_TEST((check(b13, "B13-CLIENT-CERT-KEYS").verdict == Verdict::fail));
  BOOST_TEST((check(b13, "B13-CLIENT-CERT-SIGNATURE-HASH").verdict == Verdict::fail));
}

BOOST_AUTO_TEST_CASE(loader_keeps_roles_apart) {
  auto load = [](const std::string& requirement) {
    const std::string text = R"({"id": "t", "name": "t", "section": "s", "edition": "e",
      "status": "current", "description": "d", "requirements": [)" +
                             requirement + "]}";
    return parse_profile(text, "t.json", "", registry());
  };
  BOOST_CHECK_NO_THROW(load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c",
      "role": "client", "rule": {"type": "client_no_cleartext"}})"));
  BOOST_CHECK_THROW(load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c",
      "rule": {"type": "client_no_cleartext"}})"),
                    ProfileError);
  BOOST_CHECK_THROW(load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c",
      "role": "client", "rule": {"type": "version", "version": "TLSv1.2", "expect": "accepted"}})"),
                    ProfileError);
  BOOST_CHECK_THROW(load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c",
      "role": "device", "rule": {"type": "client_no_cleartext"}})"),
                    ProfileError);
  BOOST_CHECK_THROW(
      load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c", "role": "client",
      "rule": {"type": "client_refuses", "scenarios": ["good"]}})"),
      ProfileError);
  BOOST_CHECK_THROW(
      load(R"({"id": "A", "title": "t", "level": "shall", "cite": "c", "role": "client",
      "rule": {"type": "client_list", "list": "groups", "require_all": ["nope"]}})"),
      ProfileError);
}
