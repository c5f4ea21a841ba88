// medtls against DICOM nodes that misbehave after a real TLS handshake (tests/support/
// hostile_peer.py: Python's ssl, then crafted PDUs): endless or dripping streams, silence, lying
// lengths, odd reject and abort codes, hostile strings. Every phase ends within its timeout,
// memory stays bounded, and no DICOM check passes that the node did not earn
// (hostile_fixture.hpp).
#define BOOST_TEST_MODULE hostile_dicom
#include "integration/hostile_fixture.hpp"

using namespace medtls::testing::hostile;

namespace {

const json& association(const Run& r) {
  return target(r).at("dicom").at("association");
}

void no_echo(const Run& r) {
  BOOST_TEST(association(r).at("echo") != "success");
}

std::function<void(const Run&)> result_is(const std::string& result) {
  return [result](const Run& r) { BOOST_TEST(association(r).at("result") == result); };
}

// What a node that answers cleanly earns at the DICOM layer.
const std::vector<std::string> kAssociationEarned = {"-DICOM-ASSOCIATION$", "-DICOM-ALL-CHANNELS$"};

const std::vector<Mode> kModes = {
    {"dicom_valid",
     Earns::real_tls,
     {},
     kAssociationEarned,
     40,
     {},
     [](const Run& r) {
       BOOST_TEST(association(r).at("result") == "accepted");
       BOOST_TEST(association(r).at("echo") == "success");
     }},
    // Endless and dripping streams end with the phase: memory and time stay bounded.
    {"dicom_ac_then_endless_pdata",
     Earns::real_tls,
     {},
     {},
     40,
     {},
     [](const Run& r) {
       no_echo(r);
       BOOST_TEST(association(r).at("received_bytes").get<std::size_t>() <=
                  2 * 1024 * 1024 + 65536);
       BOOST_TEST(association(r).at("received").size() <= 40u);
     }},
    {"dicom_ac_then_drip_pdata", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_silent_after_ac", Earns::real_tls, {}, {}, 30, {}, no_echo},
    {"dicom_handshake_drip",
     Earns::real_tls,
     {},
     {},
     40,
     {},
     [](const Run& r) {
       BOOST_TEST(association(r).at("result") == "channel_failed");
       BOOST_TEST(association(r).at("channel").at("detail").get<std::string>().find(
                      "did not finish within") != std::string::npos);
     }},
    // Lying and odd PDUs.
    {"dicom_ac_length_lie", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_ac_truncated_items", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_ac_zero_length", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_rj_odd", Earns::real_tls, {}, {}, 40, {}, result_is("rejected")},
    {"dicom_abort_odd", Earns::real_tls, {}, {}, 40, {}, result_is("aborted")},
    {"dicom_unknown_pdu", Earns::real_tls, {}, {}, 40, {}, result_is("aborted")},
    {"dicom_ac_hostile_strings",
     Earns::real_tls,
     {},
     kAssociationEarned,
     40,
     {},
     [](const Run& r) {
       const std::string name = association(r).at("implementation_version_name");
       BOOST_TEST(name.find("\\x1b") != std::string::npos, name);
       BOOST_TEST(name.find('\x1b') == std::string::npos);
     }},
    // A command element claiming 4 GiB (see kMaxRssKbForLyingElementLength).
    {"dicom_echo_rsp_garbage",
     Earns::real_tls,
     {},
     {},
     40,
     {},
     no_echo,
     kMaxRssKbForLyingElementLength},
    {"dicom_pdv_length_lie", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_echo_status_failure",
     Earns::real_tls,
     {},
     {},
     40,
     {},
     [](const Run& r) { BOOST_TEST(association(r).at("echo") == "failed_status"); }},
    {"dicom_ac_all_rejected", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_ac_wrong_context_id", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_ac_tiny_max_pdu", Earns::real_tls, {}, {}, 40, {}, no_echo},
    {"dicom_release_never",
     Earns::real_tls,
     {},
     kAssociationEarned,
     40,
     {},
     [](const Run& r) { BOOST_TEST(association(r).at("release") != "released"); }},
    // No TLS at all: cleartext DICOM on the "TLS" port is found and fails.
    {"dicom_plaintext_accept",
     Earns::nothing,
     {},
     {},
     40,
     {},
     [](const Run& r) {
       BOOST_TEST(target(r).at("dicom").at("plaintext_on_tls_port") == "accepted");
     }},
    {"flaky_dicom_alternate", Earns::real_tls, {}, kAssociationEarned, 60, {}, {}},
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_dicom_mode) {
  run_suite(kModes, [](const std::string& name, const std::string& category) {
    return dicom_mode(name, category);
  });
}
