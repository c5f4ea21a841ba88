// Scans real TLS peers on loopback and compares what medtls reports with how each peer was
// configured (the suites come from the peer's own tooling), then checks the profile verdicts.
#define BOOST_TEST_MODULE scan_peers
#include <boost/test/unit_test.hpp>

#include <set>

#include "common/codes.hpp"
#include "integration/scan_fixture.hpp"
#include "support/peers.hpp"

using namespace medtls;
using namespace medtls::testing;

namespace {

// Exactly the B.13 required algorithms (PS3.15 2024c B.13), from both an RSA and an ECDSA key.
const std::string kB13Priority =
    "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+ECDHE-ECDSA:+AES-256-GCM:+AES-128-GCM:"
    "+AES-256-CCM:+AES-128-CCM:+AES-256-CCM-8:+AES-128-CCM-8:+CHACHA20-POLY1305:+AEAD:"
    "+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509";
const std::string kB13CamelliaPriority = kB13Priority + ":+CAMELLIA-256-GCM:+CAMELLIA-128-GCM";

std::string codes_text(const std::set<std::uint16_t>& s) {
  std::string out;
  for (auto c : s) out += format_code(c) + " ";
  return out;
}

GnutlsServerOptions b13_peer(const std::string& priority) {
  const auto& pki = shared_pki();
  GnutlsServerOptions opt;
  opt.priority = priority;
  opt.credentials = {{pki.server_rsa_cert, pki.server_rsa_key},
                     {pki.server_ec_cert, pki.server_ec_key}};
  // B.12/B.13 servers shall support mutual authentication: this one requires it.
  opt.client_auth = ClientAuth::require;
  opt.ca_file = pki.ca;
  return opt;
}

void expect_suites(const obs::TlsObservations& o, TlsVersion v,
                   const std::set<std::uint16_t>& expected) {
  auto got = accepted_suites(o, v);
  BOOST_TEST_INFO("version " << version_name(v) << " expected " << codes_text(expected) << " got "
                             << codes_text(got));
  BOOST_TEST((got == expected));
  BOOST_TEST(o.suites.at(v).complete);
}

// Every ClientHello or handshake is one connection, none was skipped, and the count stays
// near the minimum of the bundling strategy (accepted suites + one refusal, confirmed, + one
// order test per version, groups + one refusal, confirmed, version and feature probes, each
// refusal among them confirmed) plus one OpenSSL handshake per accepted TLS 1.2/1.3 (client
// certificate request, and the chain where the raw flight cannot show it).
void expect_economy(const obs::TlsObservations& o) {
  BOOST_TEST(o.connections == static_cast<int>(o.attempts.size()));
  BOOST_TEST(!o.budget_exhausted);
  int bound = 5 + 1 + 5;  // versions, preference, features
  for (const auto& [v, r] : o.versions)
    if (r.status == "rejected") ++bound;  // the refusal confirmed
  for (const auto& [name, f] : o.facts)
    if (f.value.rfind("refused", 0) == 0) ++bound;
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_3})
    if (version_status(o, v) == "accepted") ++bound;
  for (const auto& [v, s] : o.suites) bound += static_cast<int>(s.accepted.size()) + 2;
  for (const auto& [v, g] : o.groups) bound += static_cast<int>(g.supported.size()) + 2;
  BOOST_TEST(o.connections <= bound);
  BOOST_TEST_MESSAGE("connections: " << o.connections << " (bound " << bound << ")");
}

void expect_rejected_below_tls12(const obs::TlsObservations& o) {
  for (auto v : {TlsVersion::SSLv3, TlsVersion::TLSv1_0, TlsVersion::TLSv1_1})
    BOOST_TEST(version_status(o, v) == "rejected", version_name(v));
  BOOST_TEST(version_status(o, TlsVersion::TLSv1_2) == "accepted");
  BOOST_TEST(version_status(o, TlsVersion::TLSv1_3) == "accepted");
}

}  // namespace

BOOST_AUTO_TEST_CASE(gnutls_exact_b13_required_set) {
  GnutlsServer peer(b13_peer(kB13Priority));
  auto configured = gnutls_priority_suites(kB13Priority);
  auto o = scan_local(peer.port());
  expect_rejected_below_tls12(o);
  expect_suites(o, TlsVersion::TLSv1_2, configured.tls12_and_below);
  expect_suites(o, TlsVersion::TLSv1_3, configured.tls13);
  BOOST_TEST(o.facts.at("tls13_preferred").value == "yes");
  BOOST_TEST(o.certificate_request.status == "requested");
  BOOST_TEST(o.client_auth.requested == "required");
  BOOST_TEST(o.certificate.trust == "trusted");
  BOOST_TEST(o.certificate.hostname == "match");
  expect_economy(o);

  // Every TLS requirement of B.13 passes; the profile as a whole stays inconclusive only
  // because the bad client certificates were not tried (client_auth_test does that).
  auto b13 = judge(o, "dicom-b13");
  BOOST_TEST(tls_layer_verdict(b13) == "pass");
  BOOST_TEST(b13.verdict == "inconclusive");
  BOOST_TEST((open_shall_checks(b13) == std::set<std::string>{"B13-MUTUAL-AUTH"}));
  auto old = judge(o, "dicom-b13-2024b");
  BOOST_TEST(old.verdict == "fail");
  // The failure is the missing Camellia-GCM suites, and it says so.
  bool camellia_named = false;
  for (const auto& c : old.checks)
    if (c.verdict == "fail" && c.detail.find("0xC08A") != std::string::npos) camellia_named = true;
  BOOST_TEST(camellia_named);
}

BOOST_AUTO_TEST_CASE(gnutls_b13_with_camellia_gcm) {
  GnutlsServer peer(b13_peer(kB13CamelliaPriority));
  auto configured = gnutls_priority_suites(kB13CamelliaPriority);
  BOOST_TEST(configured.tls12_and_below.count(0xC08A) == 1u);  // the oracle really has them
  auto o = scan_local(peer.port());
  expect_rejected_below_tls12(o);
  expect_suites(o, TlsVersion::TLSv1_2, configured.tls12_and_below);
  expect_suites(o, TlsVersion::TLSv1_3, configured.tls13);
  expect_economy(o);
  BOOST_TEST(tls_layer_verdict(judge(o, "dicom-b13")) == "pass");
  BOOST_TEST(tls_layer_verdict(judge(o, "dicom-b13-2024b")) == "pass");
}

BOOST_AUTO_TEST_CASE(openssl_tls10_with_cbc_and_static_rsa) {
  const auto& pki = shared_pki();
  const std::string cipher =
      "AES128-SHA:AES256-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0";
  OpensslServerOptions opt;
  opt.cert = pki.server_rsa_cert;
  opt.key = pki.server_rsa_key;
  opt.cipher = cipher;
  opt.ciphersuites = "TLS_AES_128_GCM_SHA256";
  opt.min_protocol = "TLSv1";
  OpensslServer peer(opt);
  auto o = scan_local(peer.port());
  BOOST_TEST(version_status(o, TlsVersion::SSLv3) == "rejected");
  const std::pair<TlsVersion, const char*> legacy[] = {{TlsVersion::TLSv1_0, "-tls1"},
                                                       {TlsVersion::TLSv1_1, "-tls1_1"},
                                                       {TlsVersion::TLSv1_2, "-tls1_2"}};
  for (auto [v, flag] : legacy) {
    BOOST_TEST(version_status(o, v) == "accepted", version_name(v));
    expect_suites(o, v, openssl_cipher_suites(cipher, "", flag));
  }
  expect_suites(o, TlsVersion::TLSv1_3, {0x1301});
  BOOST_TEST(o.suites.at(TlsVersion::TLSv1_2).order == "client");  // s_server's default
  BOOST_TEST(o.facts.at("encrypt_then_mac").value == "supported");
  expect_economy(o);

  auto b12 = judge(o, "dicom-b12");
  BOOST_TEST(b12.verdict == "fail");
  BOOST_TEST(find_check(b12, "fail", "tls.versions.TLSv1.0") != nullptr);
  BOOST_TEST(find_check(b12, "fail", "tls.versions.TLSv1.1") != nullptr);
  BOOST_TEST(judge(o, "dicom-b13").verdict == "fail");
}

BOOST_AUTO_TEST_CASE(storescp_requiring_a_client_certificate) {
  const auto& pki = shared_pki();
  StorescpOptions opt;
  opt.key = pki.server_rsa_key;
  opt.cert = pki.server_rsa_cert;
  opt.ca = pki.ca;
  opt.client_auth = ClientAuth::require;
  Storescp peer(opt);
  auto o = scan_local(peer.port());
  expect_rejected_below_tls12(o);
  // DCMTK 3.6.7 "Non-downgrading BCP 195" (+py, storescp's default): the four B.10 suites
  // (dcmtls tlsciphr.cc), and OpenSSL's default TLS 1.3 suites.
  expect_suites(o, TlsVersion::TLSv1_2, {0x009E, 0x009F, 0xC02F, 0xC030});
  expect_suites(o, TlsVersion::TLSv1_3, {0x1301, 0x1302, 0x1303});
  BOOST_TEST(o.suites.at(TlsVersion::TLSv1_2).order == "server");  // DCMTK sets server order
  BOOST_TEST(o.certificate_request.status == "requested");
  BOOST_TEST(!o.dhe.empty());
  for (const auto& d : o.dhe) BOOST_TEST(d.bits >= 2048);
  expect_economy(o);

  BOOST_TEST(o.client_auth.requested == "required");
  BOOST_TEST(judge(o, "dicom-b10").verdict == "pass");
  BOOST_TEST(tls_layer_verdict(judge(o, "ihe-atna-tls12")) == "pass");
  BOOST_TEST(judge(o, "dicom-b13").verdict == "fail");
}
