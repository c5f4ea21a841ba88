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
      for (const Scheme scheme : {Scheme::dicom, Scheme::tls}) {
        report::TargetReport t;
        t.scheme = scheme;
        t.url = scheme + "://host:2762";
        gen.fill(t.tls);
        gen.fill(t.tls.certificate);
        gen.fill(t.tls.client_auth);
        if (t.scheme == Scheme::dicom) gen.fill(t.dicom);
        r.targets.push_back(std::move(t));
      }
      out << obs::dump_json(report::to_json(r)) << "\n";
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
