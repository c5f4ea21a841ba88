// The observations' JSON, derived from the types' field lists (obs/json.hpp):
//  - observation → JSON text → observation is the identity, for every type, on generated values
//    (every field filled, every word of every vocabulary drawn);
//  - the published schema (reports/schema/report.schema.json) declares exactly what the types
//    write: reports made of generated observations validate against a strict copy of it (no
//    property the schema does not name), and every property and enum word the schema names is
//    written by some generated report — so neither can drift from the other;
//  - each vocabulary's table reads back its own words and refuses any other.
#define BOOST_TEST_MODULE observation_json
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <string>

#include "obs/json.hpp"
#include "obs/json_dump.hpp"
#include "obs/step_json.hpp"
#include "report/json_report.hpp"
#include "report/summary.hpp"
#include "support/observation_gen.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace medtls;
using nlohmann::json;

namespace {

constexpr int kRounds = 300;

template <class T>
void check_identity(const char* type) {
  for (int seed = 1; seed <= kRounds; ++seed) {
    test::RandomSource source(static_cast<std::uint64_t>(seed) * 7919);
    test::ObservationGen<test::RandomSource> gen(source);
    const T before = gen.make<T>();
    const json j = before;
    const std::string text = obs::dump_json(j);
    const T after = json::parse(text).get<T>();
    const std::string diff = test::difference(before, after, type);
    BOOST_TEST(diff.empty(), type << " seed " << seed << ": differs at " << diff);
    if (!diff.empty()) return;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_observation_type_survives_its_json) {
  check_identity<obs::ClientHelloSpec>("ClientHelloSpec");
  check_identity<obs::ServerReply>("ServerReply");
  check_identity<obs::Attempt>("Attempt");
  check_identity<obs::Fact>("Fact");
  check_identity<obs::VersionResult>("VersionResult");
  check_identity<obs::SuiteResult>("SuiteResult");
  check_identity<obs::GroupResult>("GroupResult");
  check_identity<obs::DhGroupSeen>("DhGroupSeen");
  check_identity<obs::CertificateRequestSeen>("CertificateRequestSeen");
  check_identity<obs::CertificateInfo>("CertificateInfo");
  check_identity<obs::CertificateProblem>("CertificateProblem");
  check_identity<obs::ServerCertificate>("ServerCertificate");
  check_identity<obs::ClientAuthCase>("ClientAuthCase");
  check_identity<obs::ClientAuthObservations>("ClientAuthObservations");
  check_identity<obs::TlsObservations>("TlsObservations");
  check_identity<obs::DicomChannel>("DicomChannel");
  check_identity<obs::DicomPresentationContext>("DicomPresentationContext");
  check_identity<obs::DicomPdu>("DicomPdu");
  check_identity<obs::DicomUserIdentity>("DicomUserIdentity");
  check_identity<obs::DicomAssociation>("DicomAssociation");
  check_identity<obs::DicomObservations>("DicomObservations");
  check_identity<obs::StepRecord>("StepRecord");
  check_identity<obs::HelloExtension>("HelloExtension");
  check_identity<obs::ObservedClientHello>("ObservedClientHello");
  check_identity<obs::ScenarioResult>("ScenarioResult");
  check_identity<obs::CleartextConnection>("CleartextConnection");
  check_identity<obs::ClientRoleObservations>("ClientRoleObservations");
}

// Client-role observations are written flat into the target object they are given (the report
// merges them beside url, scheme, …), peer strings as peer text, codes and bytes as hex.
BOOST_AUTO_TEST_CASE(client_role_json_is_flat_and_peer_strings_are_peer_text) {
  obs::ClientRoleObservations o;
  o.connections = 3;
  o.server_name = "pacs.example";
  obs::ObservedClientHello h;
  h.connection = 1;
  h.suites = {0xC02F, 0x0A0A};
  h.alpn = {"dicom", std::string("d\\x\0\xff", 5)};
  h.sni =
      "\xE2\x80\xAE"
      "evil";
  h.extensions = {{0x0010, {0x00, 0x06, 0xAB}}};
  o.client_hellos.push_back(h);
  obs::ScenarioResult r;
  r.id = obs::ClientScenario::tls10_server_hello;
  r.alert = 70;
  r.outcome = obs::ScenarioOutcome::refused;
  r.ended = obs::ClientEnd::during_handshake;
  o.scenarios.push_back(r);

  json target = {{"url", "tls://device"}, {"connections", 7}};
  obs::to_json(target, o);
  BOOST_TEST(target["url"] == "tls://device");
  BOOST_TEST(target["connections"] == 7);
  BOOST_TEST(target["client_connections"] == 3);
  const auto& jh = target["client_hellos"][0];
  BOOST_TEST(jh["suites"] == json({"0xC02F", "0x0A0A"}));
  BOOST_TEST(jh["alpn"][1] == "d\\\\x\\x00\\xff");
  BOOST_TEST(jh["sni"] == "\\u{202E}evil");
  BOOST_TEST(jh["extensions"][0]["type"] == "0x0010");
  BOOST_TEST(jh["extensions"][0]["body"] == "0006ab");
  const auto& js = target["scenarios"][0];
  BOOST_TEST(js["id"] == "tls10_server_hello");
  BOOST_TEST(js["alert"] == "protocol_version(70)");
  BOOST_TEST(js["alert_code"] == 70);
  BOOST_TEST(js["version"].is_null());
  const auto back = target.get<obs::ClientRoleObservations>();
  BOOST_TEST(test::difference(o, back, "o").empty());
  BOOST_TEST(back.client_hellos[0].alpn[1] == h.alpn[1]);
  BOOST_CHECK_THROW(json({{"type", "0x0010"}, {"body", "0g"}}).get<obs::HelloExtension>(),
                    std::invalid_argument);
}

// The generator and the comparison are not blind: a changed field is seen.
BOOST_AUTO_TEST_CASE(the_comparison_sees_a_changed_field) {
  test::RandomSource source(42);
  test::ObservationGen<test::RandomSource> gen(source);
  auto a = gen.make<obs::DicomObservations>();
  auto b = a;
  b.association.channel.peer_sha256 += "x";
  BOOST_TEST(test::difference(a, b, "d") == "d.association.channel.peer_sha256");
  auto t = gen.make<obs::TlsObservations>();
  auto u = t;
  u.certificate_request.signature_schemes.push_back(0x0804);
  BOOST_TEST(test::difference(t, u, "t") == "t.certificate_request.signature_schemes.size");
}

template <class E>
void check_vocabulary() {
  for (const auto& word : enum_names<E>()) {
    const auto e = parse_enum<E>(word);
    BOOST_TEST_REQUIRE(e.has_value(), word);
    BOOST_TEST(name_of(*e) == word);
    BOOST_TEST(json(*e).get<std::string>() == word);
    BOOST_TEST((json(word).get<E>() == *e));
  }
  BOOST_CHECK_THROW(json("Accepted ").get<E>(), std::invalid_argument);
  BOOST_CHECK_THROW(json(1).get<E>(), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(each_vocabulary_reads_back_its_own_words_and_no_other) {
  check_vocabulary<obs::Outcome>();
  check_vocabulary<obs::VersionStatus>();
  check_vocabulary<obs::HandshakeStatus>();
  check_vocabulary<obs::SuiteOrder>();
  check_vocabulary<obs::RequestSeen>();
  check_vocabulary<obs::ProblemCode>();
  check_vocabulary<obs::ChainStatus>();
  check_vocabulary<obs::TrustStatus>();
  check_vocabulary<obs::HostnameStatus>();
  check_vocabulary<obs::RevocationStatus>();
  check_vocabulary<obs::StaplingStatus>();
  check_vocabulary<obs::ClientCase>();
  check_vocabulary<obs::CaseOutcome>();
  check_vocabulary<obs::ClientAuthRequest>();
  check_vocabulary<obs::ChannelStatus>();
  check_vocabulary<obs::PeerVerification>();
  check_vocabulary<obs::ContextResult>();
  check_vocabulary<obs::IdentityType>();
  check_vocabulary<obs::IdentityResponse>();
  check_vocabulary<obs::AssociationKind>();
  check_vocabulary<obs::AssociationResult>();
  check_vocabulary<obs::DimseResult>();
  check_vocabulary<obs::ReleaseResult>();
  check_vocabulary<obs::LayerStatus>();
  check_vocabulary<obs::PlaintextResult>();
  check_vocabulary<obs::OtherPortResult>();
  check_vocabulary<obs::IdentityPolicy>();
  check_vocabulary<obs::StepStatus>();
  check_vocabulary<obs::Role>();
  check_vocabulary<obs::ConnectionStart>();
  check_vocabulary<obs::ClientScenario>();
  check_vocabulary<obs::ScenarioOutcome>();
  check_vocabulary<obs::ClientEnd>();
  check_vocabulary<obs::StepLayer>();
  check_vocabulary<Scheme>();
  // A keyword spelled with a trailing underscore in C++ is the plain word in JSON.
  BOOST_TEST(name_of(obs::IdentityPolicy::requires_) == "requires");
}

// Reports of generated observations (a dicom:// target and a tls:// one each) against the schema,
// by an independent validator (Debian's python3-jsonschema), made strict, with coverage.
BOOST_AUTO_TEST_CASE(the_schema_declares_exactly_what_the_types_write) {
  testing::TempDir dir("medtls-observation-json");
  const std::string reports = dir.file("reports.jsonl");
  {
    std::ofstream out(reports);
    for (int seed = 1; seed <= 150; ++seed) {
      test::RandomSource source(static_cast<std::uint64_t>(seed) * 104729);
      test::ObservationGen<test::RandomSource> gen(source);
      report::Report r;
      r.tool.version = "0.0.0";
      r.started = r.finished = "2026-01-01T00:00:00Z";
      r.command = {"medtls", "scan"};
      for (const Scheme scheme : {Scheme::dicom, Scheme::tls, Scheme::tls}) {
        report::TargetReport t;
        t.scheme = scheme;
        t.url = scheme + "://host:2762";
        gen.fill(t.tls);
        gen.fill(t.tls.certificate);
        gen.fill(t.tls.client_auth);
        if (t.scheme == Scheme::dicom) gen.fill(t.dicom);
        r.targets.push_back(std::move(t));
      }
      json document = report::to_json(r);
      // The third target is a device in its client role: its observations merged flat into the
      // target object, with its role. (What report/json_report.cpp writes for a `medtls listen`
      // target; this test places them itself until that writer lands.)
      auto& client = document["targets"][2];
      obs::to_json(client, gen.make<obs::ClientRoleObservations>());
      client["role"] = "client";
      out << obs::dump_json(document) << "\n";
      // The renderers take any report too (counts near INT_MAX, every word of every
      // vocabulary) without undefined behaviour; the sanitizers watch. Quiet output of a
      // report without profiles is empty by design.
      for (auto level :
           {report::Verbosity::quiet, report::Verbosity::normal, report::Verbosity::verbose}) {
        const std::string text = report::render_summary(r, level);
        if (level != report::Verbosity::quiet)
          BOOST_TEST(text.find(r.targets.front().url) != std::string::npos);
      }
    }
  }
  const std::string script = std::string(MEDTLS_SOURCE_DIR) + "/tests/support/schema_check.py";
  const auto result = testing::run_capture(
      {"/usr/bin/python3", script,
       std::string(MEDTLS_SOURCE_DIR) + "/reports/schema/report.schema.json", reports},
      std::chrono::minutes(5));
  BOOST_TEST(result.status == 0, "schema check:\n" << result.out << result.err);
}
