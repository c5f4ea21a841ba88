// The JSON form of the DICOM observations: every field survives a round trip (so that
// `medtls report saved.json` re-judges exactly what the scan saw), the report places them at
// targets[i].dicom and validates against the published schema, and reports saved before the
// DICOM layer existed still load.
#define BOOST_TEST_MODULE dicom_json
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <tuple>

#include "obs/json.hpp"
#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "report/json_report.hpp"
#include "report/summary.hpp"
#include "suites/registry.hpp"
#include "support/process.hpp"
#include "support/source_registry.hpp"
#include "support/temp_dir.hpp"
#include "support/words.hpp"

using medtls::profile::Verdict;

namespace medtls::obs {

// Field-by-field equality, written out here so that the round trip is checked against the
// structs themselves and not against their JSON.
bool operator==(const DicomChannel& a, const DicomChannel& b) {
  return std::tie(a.status, a.version, a.suite, a.suite_name, a.group, a.sni, a.alpn_offered,
                  a.alpn_selected, a.forced_version, a.forced_suite, a.client_certificate,
                  a.peer_subject, a.peer_sha256, a.peer_verification, a.peer_verification_detail,
                  a.alert, a.alert_sent, a.detail) ==
         std::tie(b.status, b.version, b.suite, b.suite_name, b.group, b.sni, b.alpn_offered,
                  b.alpn_selected, b.forced_version, b.forced_suite, b.client_certificate,
                  b.peer_subject, b.peer_sha256, b.peer_verification, b.peer_verification_detail,
                  b.alert, b.alert_sent, b.detail);
}
bool operator==(const DicomPresentationContext& a, const DicomPresentationContext& b) {
  return std::tie(a.id, a.abstract_syntax, a.proposed_transfer_syntaxes, a.result,
                  a.transfer_syntax) == std::tie(b.id, b.abstract_syntax,
                                                 b.proposed_transfer_syntaxes, b.result,
                                                 b.transfer_syntax);
}
bool operator==(const DicomPdu& a, const DicomPdu& b) {
  return std::tie(a.type, a.length, a.name, a.head_hex) ==
         std::tie(b.type, b.length, b.name, b.head_hex);
}
bool operator==(const DicomUserIdentity& a, const DicomUserIdentity& b) {
  return std::tie(a.type, a.positive_response_requested, a.server_response,
                  a.server_response_length) == std::tie(b.type, b.positive_response_requested,
                                                        b.server_response,
                                                        b.server_response_length);
}
bool operator==(const DicomAssociation& a, const DicomAssociation& b) {
  return std::tie(a.purpose, a.kind, a.client_case, a.result, a.calling_ae, a.called_ae, a.port,
                  a.channel, a.reject_result, a.reject_source, a.reject_reason, a.reject_text,
                  a.abort_source, a.abort_reason, a.abort_text, a.presentation_contexts, a.max_pdu,
                  a.implementation_class_uid, a.implementation_version_name, a.user_identity,
                  a.echo, a.echo_status, a.store, a.store_status, a.store_sop_instance_uid,
                  a.release, a.received, a.connect_ms, a.associate_ms, a.echo_ms, a.store_ms,
                  a.release_ms, a.error, a.detail) ==
         std::tie(b.purpose, b.kind, b.client_case, b.result, b.calling_ae, b.called_ae, b.port,
                  b.channel, b.reject_result, b.reject_source, b.reject_reason, b.reject_text,
                  b.abort_source, b.abort_reason, b.abort_text, b.presentation_contexts, b.max_pdu,
                  b.implementation_class_uid, b.implementation_version_name, b.user_identity,
                  b.echo, b.echo_status, b.store, b.store_status, b.store_sop_instance_uid,
                  b.release, b.received, b.connect_ms, b.associate_ms, b.echo_ms, b.store_ms,
                  b.release_ms, b.error, b.detail);
}
bool operator==(const DicomObservations& a, const DicomObservations& b) {
  return std::tie(a.status, a.detail, a.calling_ae, a.called_ae, a.association,
                  a.plaintext_on_tls_port, a.plaintext_tls_port, a.plaintext_other_port,
                  a.plaintext_other, a.matrix, a.ae_titles, a.client_certificates, a.user_identity,
                  a.user_identity_policy, a.user_identity_detail, a.store_test, a.connections,
                  a.budget_exhausted, a.started, a.finished) ==
         std::tie(b.status, b.detail, b.calling_ae, b.called_ae, b.association,
                  b.plaintext_on_tls_port, b.plaintext_tls_port, b.plaintext_other_port,
                  b.plaintext_other, b.matrix, b.ae_titles, b.client_certificates, b.user_identity,
                  b.user_identity_policy, b.user_identity_detail, b.store_test, b.connections,
                  b.budget_exhausted, b.started, b.finished);
}

}  // namespace medtls::obs

using namespace medtls;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Every field set to something other than its default.
obs::DicomAssociation full_association(const std::string& kind, int n) {
  obs::DicomAssociation a;
  a.purpose = "purpose " + kind;
  a.kind = test::as<obs::AssociationKind>(kind);
  a.client_case = "expired";
  a.result = obs::AssociationResult::accepted;
  a.calling_ae = "MEDTLS";
  a.called_ae = "PACS";
  a.port = static_cast<std::uint16_t>(2762 + n);
  obs::DicomChannel& c = a.channel;
  c.status = obs::ChannelStatus::established;
  c.version = "TLSv1.2";
  c.suite = 0xC02F;
  c.suite_name = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
  c.group = "secp256r1";
  c.sni = "pacs.example";
  c.alpn_offered = {"dicom", "x"};
  c.alpn_selected = "dicom";
  c.forced_version = "TLSv1.2";
  c.forced_suite = 0xC02F;
  c.client_certificate = "vector expired";
  c.peer_subject = "CN=pacs,O=Hospital";
  c.peer_sha256 = std::string(64, 'a');
  c.peer_verification = obs::PeerVerification::untrusted;
  c.peer_verification_detail = "unable to get local issuer certificate (depth 0)";
  c.alert = 116;
  c.alert_sent = 48;
  c.detail = "handshake complete";
  a.reject_result = 1;
  a.reject_source = 1;
  a.reject_reason = 7;
  a.reject_text = "rejected-permanent; service-user; called-AE-title-not-recognized";
  a.abort_source = 2;
  a.abort_reason = 6;
  a.abort_text = "A-ABORT service-provider, invalid PDU parameter value";
  a.presentation_contexts = {{1,
                              "1.2.840.10008.1.1",
                              {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"},
                              obs::ContextResult::acceptance,
                              "1.2.840.10008.1.2.1"},
                             {3,
                              "1.2.840.10008.5.1.4.1.1.7",
                              {"1.2.840.10008.1.2"},
                              obs::ContextResult::abstract_syntax_not_supported,
                              ""}};
  a.max_pdu = 16384 + static_cast<std::uint32_t>(n);
  a.implementation_class_uid = "1.2.276.0.7230010.3.0.3.6.8";
  a.implementation_version_name = "OFFIS_DCMTK_368";
  a.user_identity = obs::DicomUserIdentity{obs::IdentityType::username_passcode, true,
                                           obs::IdentityResponse::present, 12};
  a.echo = obs::DimseResult::success;
  a.echo_status = 0x0000;
  a.store = obs::DimseResult::failed_status;
  a.store_status = 0xA700;
  a.store_sop_instance_uid = "2.25.1234567890";
  a.release = obs::ReleaseResult::released;
  a.received = {{2, 187, "A-ASSOCIATE-AC", "02000000bb0001"},
                {0x16, 0, "not a DICOM PDU", "1603030045"}};
  a.connect_ms = 12.345678901234;
  a.associate_ms = 3.25;
  a.echo_ms = 1.0 / 3.0;
  a.store_ms = 7.5;
  a.release_ms = 0.125;
  a.error = "DUL peer aborted";
  a.detail = "detail " + kind;
  return a;
}

obs::DicomObservations full_observations() {
  obs::DicomObservations d;
  d.status = obs::LayerStatus::run;
  d.detail = "ran";
  d.calling_ae = "MEDTLS";
  d.called_ae = "PACS";
  d.association = full_association("main", 0);
  d.plaintext_on_tls_port = obs::PlaintextResult::refused;
  d.plaintext_tls_port = full_association("plaintext_tls_port", 1);
  d.plaintext_tls_port.channel.status = obs::ChannelStatus::plaintext;
  d.plaintext_other_port = obs::OtherPortResult::accepted;
  d.plaintext_other = full_association("plaintext_other_port", 2);
  d.matrix = {full_association("version", 3), full_association("suite", 4)};
  d.matrix[1].channel.status = obs::ChannelStatus::not_possible_locally;
  d.matrix[1].channel.forced_suite = 0xC08A;
  d.ae_titles = {full_association("calling_ae", 5), full_association("called_ae", 6)};
  d.client_certificates = {full_association("client_certificate", 7)};
  d.user_identity = {full_association("user_identity", 8)};
  d.user_identity_policy = obs::IdentityPolicy::accepts;
  d.user_identity_detail = "accepted with and without User Identity";
  d.store_test = full_association("main", 9);
  d.connections = 11;
  d.budget_exhausted = true;
  d.started = "2026-01-02T03:04:05Z";
  d.finished = "2026-01-02T03:04:09Z";
  return d;
}

obs::TlsObservations small_tls() {
  obs::TlsObservations t;
  t.host = "127.0.0.1";
  t.port = 2762;
  t.address = "127.0.0.1";
  t.reachable = true;
  t.started = "2026-01-02T03:04:00Z";
  t.finished = "2026-01-02T03:04:05Z";
  t.versions[TlsVersion::TLSv1_2] = {obs::VersionStatus::accepted, std::nullopt, "", {}};
  t.versions[TlsVersion::TLSv1_0] = {obs::VersionStatus::rejected, 70, "", {}};
  t.suites[TlsVersion::TLSv1_2] = {{0xC02F}, obs::SuiteOrder::single, true, "", {}, {}};
  t.client_auth.requested = obs::ClientAuthRequest::required;
  t.client_auth.matrix = {
      {obs::ClientCase::expired, "TLSv1.2", obs::CaseOutcome::accepted, std::nullopt, ""},
      {obs::ClientCase::none, "TLSv1.2", obs::CaseOutcome::refused, 116, ""}};
  t.connections = 7;
  return t;
}

report::Report dicom_report() {
  report::Report r;
  r.tool.version = "0.test";
  r.tool.openssl = "OpenSSL 3";
  r.tool.dcmtk = "3.6.7";
  r.started = "2026-01-02T03:04:00Z";
  r.finished = "2026-01-02T03:04:10Z";
  r.command = {"medtls", "scan", "dicom://127.0.0.1:2762"};
  report::TargetReport t;
  t.url = "dicom://127.0.0.1:2762";
  t.scheme = Scheme::dicom;
  t.tls = small_tls();
  t.dicom = full_observations();
  r.targets.push_back(t);
  report::TargetReport plain;
  plain.url = "tls://127.0.0.1:2762";
  plain.scheme = Scheme::tls;
  plain.tls = small_tls();
  plain.dicom.connections = 5;  // never written for a non-dicom target
  r.targets.push_back(plain);
  return r;
}

const suites::Registry& registry() {
  return testing::source_registry();
}

// Judges every target as cli/judging.cpp does: the DICOM layer only for dicom:// targets.
void judge_all(report::Report& r) {
  for (auto& t : r.targets) {
    t.profiles.clear();
    for (const char* id : {"dicom-b12", "dicom-b13", "ihe-atna-tls12"})
      t.profiles.push_back(
          profile::evaluate(profile::load_profile(id, MEDTLS_SOURCE_DIR "/profiles", registry()),
                            t.tls, registry(), t.scheme == Scheme::dicom ? &t.dicom : nullptr));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_field_survives_a_round_trip) {
  const obs::DicomObservations d = full_observations();
  const json j = d;
  const obs::DicomObservations back = json::parse(j.dump()).get<obs::DicomObservations>();
  BOOST_TEST((back == d));
  BOOST_TEST(json(back) == j);
  // And a default (not run) one, with its absent optionals.
  const obs::DicomObservations empty;
  BOOST_TEST((json::parse(json(empty).dump()).get<obs::DicomObservations>() == empty));
  BOOST_TEST(json(empty)["plaintext_other"].is_null());
  BOOST_TEST(json(empty)["association"]["echo_status"].is_null());
  BOOST_TEST(json(empty)["association"]["channel"]["suite"].is_null());
}

BOOST_AUTO_TEST_CASE(codes_and_alerts_are_written_readably) {
  const json j = full_observations();
  const json& a = j["association"];
  BOOST_TEST(a["result"] == "accepted");
  BOOST_TEST(a["echo_status"] == "0x0000");
  BOOST_TEST(a["store_status"] == "0xA700");
  BOOST_TEST(a["max_pdu"] == 16384);
  BOOST_TEST(a["implementation_class_uid"] == "1.2.276.0.7230010.3.0.3.6.8");
  BOOST_TEST(a["implementation_version_name"] == "OFFIS_DCMTK_368");
  BOOST_TEST(a["channel"]["suite"] == "0xC02F");
  BOOST_TEST(a["channel"]["forced_suite"] == "0xC02F");
  BOOST_TEST(a["channel"]["alert"] == "certificate_required(116)");
  BOOST_TEST(a["channel"]["alert_code"] == 116);
  BOOST_TEST(a["channel"]["alert_sent"] == "unknown_ca(48)");
  BOOST_TEST(a["channel"]["alert_sent_code"] == 48);
  BOOST_TEST(a["reject_reason"] == 7);
  BOOST_TEST(a["received"][0]["type"] == 2);
  BOOST_TEST(a["user_identity"]["server_response"] == "present");
  BOOST_TEST(j["plaintext_on_tls_port"] == "refused");
  BOOST_TEST(j["matrix"][1]["channel"]["forced_suite"] == "0xC08A");
}

BOOST_AUTO_TEST_CASE(report_places_dicom_at_the_target_and_counts_its_connections) {
  report::Report r = dicom_report();
  judge_all(r);
  const json j = report::to_json(r);
  const json& t = j["targets"][0];
  BOOST_TEST(t["dicom"]["association"]["result"] == "accepted");
  BOOST_TEST(t["dicom"]["plaintext_on_tls_port"] == "refused");
  BOOST_TEST(t["tls"]["connections"] == 7);
  BOOST_TEST(t["connections"] == 7 + 11);
  BOOST_TEST(!j["targets"][1].contains("dicom"));
  BOOST_TEST(j["targets"][1]["connections"] == 7);
}

BOOST_AUTO_TEST_CASE(report_with_dicom_validates_against_the_schema) {
  report::Report r = dicom_report();
  judge_all(r);
  testing::TempDir dir("medtls-dicom-json");
  const std::string path = dir.file("report.json");
  {
    std::ofstream f(path);
    f << report::to_json(r).dump(2) << "\n";
  }
  auto validate = [&](const std::string& file) {
    return testing::run_capture(
        {"/usr/bin/python3", "-c",
         "import json,sys,jsonschema;"
         "jsonschema.validate(json.load(open(sys.argv[1])),json.load(open(sys.argv[2])))",
         file, std::string(MEDTLS_SOURCE_DIR) + "/reports/schema/report.schema.json"},
        60s);
  };
  auto v = validate(path);
  BOOST_TEST_INFO(v.err);
  BOOST_TEST(v.status == 0);

  // The schema does check the DICOM contract: a result outside the enum is refused.
  json bad = report::to_json(r);
  bad["targets"][0]["dicom"]["association"]["result"] = "maybe";
  bad["targets"][0]["dicom"]["plaintext_on_tls_port"] = "perhaps";
  {
    std::ofstream f(dir.file("bad.json"));
    f << bad.dump(2) << "\n";
  }
  BOOST_TEST(validate(dir.file("bad.json")).status != 0);
  json missing = report::to_json(r);
  missing["targets"][0]["dicom"]["association"].erase("echo_status");
  {
    std::ofstream f(dir.file("missing.json"));
    f << missing.dump(2) << "\n";
  }
  BOOST_TEST(validate(dir.file("missing.json")).status != 0);
}

BOOST_AUTO_TEST_CASE(a_saved_report_is_rejudged_identically) {
  report::Report r = dicom_report();
  judge_all(r);
  const json saved = json::parse(report::to_json(r).dump());
  report::Report back = report::report_from_json(saved);
  BOOST_TEST_REQUIRE(back.targets.size() == 2u);
  BOOST_TEST((back.targets[0].dicom == r.targets[0].dicom));
  judge_all(back);
  for (std::size_t t = 0; t < r.targets.size(); ++t)
    for (std::size_t p = 0; p < r.targets[t].profiles.size(); ++p) {
      const auto& a = r.targets[t].profiles[p];
      const auto& b = back.targets[t].profiles[p];
      BOOST_TEST(a.verdict == b.verdict);
      BOOST_REQUIRE(a.checks.size() == b.checks.size());
      for (std::size_t c = 0; c < a.checks.size(); ++c) {
        BOOST_TEST(a.checks[c].verdict == b.checks[c].verdict, a.checks[c].id);
        BOOST_TEST(a.checks[c].detail == b.checks[c].detail, a.checks[c].id);
        BOOST_TEST((a.checks[c].evidence == b.checks[c].evidence), a.checks[c].id);
      }
    }
  // The expired client certificate's association was accepted: the DICOM check says so.
  bool found = false;
  for (const auto& c : back.targets[0].profiles[1].checks)
    if (c.id == "B13-DICOM-BAD-CERT-ASSOCIATION") {
      found = true;
      BOOST_TEST(c.verdict == Verdict::fail, c.detail);
    }
  BOOST_TEST(found);
  // The summary names it in a banner, and the DICOM section is there.
  const std::string summary = report::render_summary(back);
  BOOST_TEST_MESSAGE(summary);
  BOOST_TEST(summary.find("!! DICOM ASSOCIATION ACCEPTED AFTER BAD CLIENT CERTIFICATE expired") !=
                 std::string::npos,
             summary);
  BOOST_TEST(
      summary.find("DICOM association: accepted  MEDTLS → PACS  TLSv1.2 ") != std::string::npos,
      summary);
  BOOST_TEST(summary.find("cleartext on port 2764 (MDS2 TXCF-2): accepted") != std::string::npos,
             summary);
  BOOST_TEST(summary.find("18 connections") != std::string::npos, summary);
}

BOOST_AUTO_TEST_CASE(a_report_saved_before_the_dicom_layer_still_loads) {
  report::Report r = dicom_report();
  judge_all(r);
  json old = report::to_json(r);
  old["targets"][0].erase("dicom");
  const report::Report back = report::report_from_json(old);
  const auto& d = back.targets[0].dicom;
  BOOST_TEST(d.status == obs::LayerStatus::not_run);
  BOOST_TEST(d.detail == "not run: the saved report has no DICOM observations");
  BOOST_TEST(back.targets[1].dicom.status == obs::LayerStatus::not_run);
  // Re-judged, the DICOM requirements are inconclusive with that reason, never passed.
  report::Report rejudged = back;
  judge_all(rejudged);
  for (const auto& p : rejudged.targets[0].profiles)
    for (const auto& c : p.checks)
      if (c.id.find("-DICOM-") != std::string::npos) {
        BOOST_TEST(c.verdict == Verdict::inconclusive, c.id);
        BOOST_TEST(c.detail == d.detail, c.id);
      }
  // A partial dicom object (hand-trimmed) keeps the defaults of what is missing.
  json partial = report::to_json(r);
  partial["targets"][0]["dicom"] = {{"status", "run"}, {"plaintext_on_tls_port", "accepted"}};
  const auto p = report::report_from_json(partial).targets[0].dicom;
  BOOST_TEST(p.status == obs::LayerStatus::run);
  BOOST_TEST(p.plaintext_on_tls_port == obs::PlaintextResult::accepted);
  BOOST_TEST(p.association.result == obs::AssociationResult::not_attempted);
  BOOST_TEST(p.plaintext_other_port == obs::OtherPortResult::not_checked);
}

// A saved report is untrusted input: a scheme outside the vocabulary (or none) is refused with one
// line naming the target, which `medtls report` turns into a bad-input error (exit 2).
BOOST_AUTO_TEST_CASE(a_saved_report_with_an_unknown_scheme_is_refused) {
  const json good = report::to_json(dicom_report());
  for (const json& scheme : {json("ftp"), json("DICOM"), json(""), json(3), json()}) {
    json bad = good;
    if (scheme.is_null())
      bad["targets"][0].erase("scheme");
    else
      bad["targets"][0]["scheme"] = scheme;
    BOOST_TEST_CONTEXT(scheme.dump()) {
      try {
        report::report_from_json(bad);
        BOOST_ERROR("loaded");
      } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("target dicom://127.0.0.1:2762: unreadable scheme: ") == 0u, what);
        BOOST_TEST(what.find('\n') == std::string::npos, what);
      }
    }
  }
  BOOST_TEST(report::report_from_json(good).targets[1].scheme == Scheme::tls);
}

BOOST_AUTO_TEST_CASE(summary_banners_cleartext_on_the_tls_port) {
  report::Report r = dicom_report();
  r.targets[0].dicom.plaintext_on_tls_port = obs::PlaintextResult::accepted;
  r.targets[0].dicom.plaintext_tls_port.port = 2762;
  judge_all(r);
  const std::string summary = report::render_summary(r);
  BOOST_TEST(
      summary.find("  !! CLEARTEXT DICOM ACCEPTED on the TLS port 2762") != std::string::npos,
      summary);
  // Only the dicom:// target has a DICOM section.
  const auto second = summary.find("tls://127.0.0.1:2762");
  BOOST_REQUIRE(second != std::string::npos);
  BOOST_TEST(summary.find("DICOM association:", second) == std::string::npos);
  // A target whose DICOM layer did not run says why.
  r.targets[0].dicom = obs::DicomObservations{};
  r.targets[0].dicom.detail = "not run: --no-dicom";
  BOOST_TEST(report::render_summary(r).find("  DICOM: not_run (not run: --no-dicom)") !=
             std::string::npos);
}
