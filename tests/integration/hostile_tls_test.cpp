// medtls against peers that misbehave at the TLS record, handshake and certificate level, and
// peers that change from connection to connection (tests/support/hostile_peer.py): never a crash
// or a hang, always a report, and no pass the peer did not earn (hostile_fixture.hpp).
#define BOOST_TEST_MODULE hostile_tls
#include "integration/hostile_fixture.hpp"

using namespace medtls::testing::hostile;

namespace {

// The ServerHello checks fire: the violation is recorded and fails its own requirement.
void violation_recorded(const Run& r) {
  BOOST_TEST(fact(r, "server_hello_conformance") == "violations");
  BOOST_TEST(r.report_text.find("B12-SERVERHELLO-OFFERED") != std::string::npos);
}

void no_version_accepted(const Run& r) {
  for (const auto& v : {"SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
    BOOST_TEST(version_status(r, v) != "accepted", v);
}

void no_version_refused(const Run& r) {
  for (const auto& v : {"SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
    BOOST_TEST(version_status(r, v) != "rejected", v);
}

void tls13_not_accepted(const Run& r) {
  BOOST_TEST(version_status(r, "TLSv1.3") != "accepted");
}

void chain_unparseable(const Run& r) {
  BOOST_TEST(target(r).at("certificate").at("status") == "unparseable");
}

void stopped_early(const Run& r) {
  BOOST_TEST(!target(r).at("tls").at("stopped_early").get<std::string>().empty());
}

// Bytes that are not UTF-8 are kept, escaped: the text (escapes included) is in the report.
std::function<void(const Run&)> report_contains(const std::string& text) {
  return [text](const Run& r) { BOOST_TEST(r.report_text.find(text) != std::string::npos, text); };
}

const std::vector<std::string> kCertificateChecks = {"-CERT-"};
const std::vector<std::string> kKeyExchangeChecks = {"-DHE-2048$", "-ECDHE-224$"};

const std::vector<Mode> kModes = {
    // Nothing usable comes back.
    {"silent", Earns::nothing, {}, {}, 10, {}, no_version_accepted},
    {"close", Earns::nothing, {}, {}, 20, {}, no_version_accepted},
    {"reset", Earns::nothing, {}, {}, 20, {}, no_version_accepted},
    {"garbage", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"http", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"sslv2", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"zero_length_appdata_flood", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"ccs_flood", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"hello_request_flood", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"warning_alert_flood", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"record_length_lie", Earns::nothing, {}, {}, 15, {}, no_version_refused},
    {"record_too_long", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"handshake_length_lie", Earns::nothing, {}, {}, 15, {}, no_version_refused},
    {"server_hello_truncated", Earns::nothing, {}, {}, 15, {}, no_version_refused},
    {"server_hello_extensions_overrun", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"server_hello_trailing_garbage", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"session_id_overlong", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"alert_invalid_level", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"alert_odd_length", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    // A warning alert refuses nothing: followed by silence the versions stay undecided.
    {"warning_alert_then_silence", Earns::nothing, {}, {}, 10, {}, no_version_refused},
    {"partial_record_header", Earns::nothing, {}, {}, 10, {}, no_version_refused},
    {"drip_everything", Earns::nothing, {}, {}, 10, {}, no_version_accepted},
    {"record_type_unknown", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"certificate_before_server_hello", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"application_data_before_hello", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    {"heartbeat_request", Earns::nothing, {}, {}, 20, {}, no_version_refused},
    // ServerHellos that pick what was never offered: violations, never acceptance.
    {"tls13_server_hello_unoffered",
     Earns::nothing,
     {},
     {},
     20,
     {},
     [](const Run& r) {
       violation_recorded(r);
       no_version_accepted(r);
     }},
    {"supported_versions_bogus",
     Earns::nothing,
     {},
     {},
     20,
     {},
     [](const Run& r) {
       violation_recorded(r);
       no_version_accepted(r);
     }},
    {"suite_not_offered",
     Earns::nothing,
     {},
     {},
     20,
     {},
     [](const Run& r) {
       violation_recorded(r);
       no_version_accepted(r);
       BOOST_TEST(r.result.status == 1);  // a proven violation outweighs the unknown
     }},
    {"compression_not_offered", Earns::nothing, {}, {}, 20, {}, violation_recorded},
    {"extension_not_offered", Earns::nothing, {}, {}, 20, {}, violation_recorded},
    {"duplicate_extension", Earns::nothing, {}, {}, 20, {}, violation_recorded},
    {"alpn_not_offered",
     Earns::nothing,
     {},
     {},
     20,
     {},
     [](const Run& r) {
       violation_recorded(r);
       report_contains("\\\\xff\\\\xfe\\\\x1b[31mevil")(r);
     }},
    {"tls13_key_share_unoffered_group",
     Earns::first_flight,
     {},
     {},
     30,
     {},
     [](const Run& r) {
       tls13_not_accepted(r);
       violation_recorded(r);
     }},
    // A HelloRetryRequest alone is not TLS 1.3 support.
    {"hrr_only", Earns::refusals, {}, {}, 20, {}, tls13_not_accepted},
    // Only refusals.
    {"unknown_alert", Earns::refusals, {}, {}, 20, {}, no_version_accepted},
    {"warning_alert_then_close", Earns::refusals, {}, {}, 20, {}, no_version_accepted},
    // Lawful TLS <= 1.2 first flights, then trouble.
    {"valid_tls12",
     Earns::first_flight,
     {},
     {},
     40,
     {},
     [](const Run& r) { BOOST_TEST(version_status(r, "TLSv1.2") == "accepted"); }},
    {"one_byte_records",
     Earns::first_flight,
     {},
     {},
     40,
     {},
     [](const Run& r) { BOOST_TEST(version_status(r, "TLSv1.2") == "accepted"); }},
    {"zero_length_handshake_record", Earns::first_flight, {}, {}, 30, {}, {}},
    {"rst_after_server_hello", Earns::first_flight, kCertificateChecks, {}, 30, {}, {}},
    {"tls13_encrypted_garbage", Earns::first_flight, {}, {}, 40, {}, tls13_not_accepted},
    {"downgrade_sentinel", Earns::first_flight, {}, {}, 40, {}, {}},
    {"trickle_after_server_hello",
     Earns::first_flight,
     kCertificateChecks,
     {},
     25,
     {},
     [](const Run& r) {
       stopped_early(r);
       BOOST_TEST(target(r).at("tls").at("stopped_early").get<std::string>().find("stalls") !=
                  std::string::npos);
     }},
    {"rst_mid_certificate", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"endless_handshake_stream", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"interleaved_alert_in_handshake", Earns::first_flight, {}, {}, 40, {}, {}},
    {"record_version_bogus", Earns::first_flight, {}, {}, 30, {}, {}},
    {"unexpected_handshake_type", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"double_server_hello", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"server_hello_done_with_body", Earns::first_flight, {}, {}, 40, {}, {}},
    // It accepts every suite in every version: the budget must reach the ALPN probes.
    {"alpn_non_utf8",
     Earns::first_flight,
     {},
     {},
     60,
     {"--max-connections", "1200"},
     report_contains("\\\\xc3(dicom\\\\x00")},
    {"session_id_mismatch", Earns::first_flight, {}, {}, 40, {}, {}},
    {"version_higher_than_offered",
     Earns::first_flight,
     {},
     {},
     40,
     {},
     [](const Run& r) {
       violation_recorded(r);
       BOOST_TEST(version_status(r, "TLSv1.0") != "accepted");
     }},
    // Certificates that are no certificates.
    {"cert_garbage_der", Earns::first_flight, kCertificateChecks, {}, 40, {}, chain_unparseable},
    {"cert_truncated_der", Earns::first_flight, kCertificateChecks, {}, 40, {}, chain_unparseable},
    {"cert_empty_entry", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_empty_list", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_list_length_lie", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_chain_long", Earns::first_flight, {"-CERT-TRUSTED$"}, {}, 60, {}, {}},
    {"cert_chain_1000", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_1mib", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_hostile_strings", Earns::first_flight, kCertificateChecks, {}, 40, {}, {}},
    {"cert_hostile_strings_loadable",
     Earns::first_flight,
     {"-CERT-TRUSTED$"},
     {},
     40,
     {},
     report_contains("\\\\xff")},
    {"cert_der_deep_nesting",
     Earns::first_flight,
     kCertificateChecks,
     {},
     40,
     {},
     chain_unparseable},
    {"cert_der_indefinite_length",
     Earns::first_flight,
     kCertificateChecks,
     {},
     40,
     {},
     chain_unparseable},
    {"cert_der_length_overflow",
     Earns::first_flight,
     kCertificateChecks,
     {},
     40,
     {},
     chain_unparseable},
    {"cert_request_garbage", Earns::first_flight, {}, {}, 40, {}, {}},
    {"cert_request_non_utf8", Earns::first_flight, {}, {}, 40, {}, {}},
    {"ske_garbage", Earns::first_flight, kKeyExchangeChecks, {}, 40, {}, {}},
    // Peers that change from one connection to the next. flaky_cycle dodges the stop rules (its
    // silent connections are never three in a row); a short deadline ends it.
    {"flaky_cycle",
     Earns::first_flight,
     {},
     {},
     4 + 6,
     {"--deadline", "4"},
     [](const Run& r) {
       BOOST_TEST(target(r).at("deadline").at("reached") == true);
       BOOST_TEST(
           target(r).at("tls").at("stopped_early").get<std::string>().find("deadline reached") !=
           std::string::npos);
     }},
    {"flaky_alternate_versions", Earns::first_flight, {}, {}, 60, {}, {}},
    {"flaky_first_ok_then_silent", Earns::first_flight, {}, {}, 25, {}, stopped_early},
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_tls_and_certificate_mode) {
  run_suite(kModes, [](const std::string& name, const std::string& category) {
    return !dicom_mode(name, category);
  });
}
