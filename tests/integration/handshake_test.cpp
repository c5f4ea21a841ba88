// run_handshake alone against real peers: what it reports (version, IANA suite, peer chain,
// CertificateRequest, OCSP stapling, alerts, the TLS 1.3 post-handshake verdict) is compared
// with how each peer was configured.
#define BOOST_TEST_MODULE handshake
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "common/tls_names.hpp"
#include "integration/scan_fixture.hpp"
#include "support/hostile_peers.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "tls/handshake/handshake.hpp"
#include "tls/probe/steps.hpp"
#include "x509/pem_files.hpp"

using namespace medtls;
using namespace medtls::testing;
using namespace std::chrono_literals;
using medtls::handshake::AfterHandshake;

namespace {

net::TcpConnection connect_local(std::uint16_t port) {
  std::string error;
  auto addresses = net::resolve("127.0.0.1", port, error);
  BOOST_TEST_REQUIRE(!addresses.empty(), error);
  int code = 0;
  auto conn = net::TcpConnection::open(addresses.front(), 5000ms, error, code);
  BOOST_TEST_REQUIRE(conn.has_value(), error);
  return std::move(*conn);
}

handshake::HandshakeResult handshake_with(std::uint16_t port, handshake::HandshakeOptions o) {
  auto conn = connect_local(port);
  auto r = handshake::run_handshake(conn, o);
  BOOST_TEST_MESSAGE(std::string(version_name(o.version)) << " → " << r.detail);
  return r;
}

handshake::HandshakeOptions options_for(TlsVersion v) {
  handshake::HandshakeOptions o;
  o.version = v;
  o.timeout = 5000ms;
  return o;
}

std::vector<std::uint8_t> der_of_file(const std::string& pem) {
  auto certs = x509::load_certificates(pem, "test");
  BOOST_TEST_REQUIRE(certs.size() == 1u);
  unsigned char* raw = nullptr;
  const int size = i2d_X509(certs.front().get(), &raw);
  BOOST_TEST_REQUIRE(size > 0);
  std::vector<std::uint8_t> der(raw, raw + size);
  OPENSSL_free(raw);
  return der;
}

struct ClientCredentials {
  x509::X509Ptr cert;
  x509::PkeyPtr key;
};

ClientCredentials test_client() {
  const auto& pki = shared_pki();
  auto certs = x509::load_certificates(pki.client_cert, "client");
  return {std::move(certs.front()), x509::load_private_key(pki.client_key, "client key")};
}

OpensslServerOptions plain_server() {
  const auto& pki = shared_pki();
  OpensslServerOptions o;
  o.cert = pki.server_rsa_cert;
  o.key = pki.server_rsa_key;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(tls12_and_tls13_without_client_auth) {
  OpensslServer server(plain_server());
  const auto expected_leaf = der_of_file(shared_pki().server_rsa_cert);
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_3}) {
    BOOST_TEST_CONTEXT(version_name(v)) {
      const auto r = handshake_with(server.port(), options_for(v));
      BOOST_TEST(r.completed);
      BOOST_TEST(r.version == std::string(version_name(v)));
      BOOST_TEST(r.cipher.rfind("TLS_", 0) == 0u, r.cipher);  // IANA, not OpenSSL, naming
      BOOST_TEST(r.cipher_code != 0);
      if (v == TlsVersion::TLSv1_3) BOOST_TEST((r.cipher_code >> 8) == 0x13);
      // s_server sends the leaf only (no -cert_chain): exactly the configured certificate.
      BOOST_TEST_REQUIRE(r.peer_chain.size() == 1u);
      BOOST_TEST(r.peer_chain.front() == expected_leaf);
      BOOST_TEST(!r.certificate_requested);
      BOOST_TEST(!r.client_certificates_sent.has_value());
      BOOST_TEST(!r.alert.has_value());
      BOOST_TEST(!r.ocsp_stapled);
      BOOST_TEST(!r.after_handshake);
      BOOST_TEST(!r.timed_out);
    }
  }
}

BOOST_AUTO_TEST_CASE(version_the_server_refuses_ends_in_protocol_version_alert) {
  auto o = plain_server();
  o.max_protocol = "TLSv1.2";
  OpensslServer server(o);
  const auto r = handshake_with(server.port(), options_for(TlsVersion::TLSv1_3));
  BOOST_TEST(!r.completed);
  BOOST_TEST_REQUIRE(r.alert.has_value());
  BOOST_TEST(alert_name(*r.alert) == alert_name(70));  // protocol_version
  BOOST_TEST(r.detail.find("protocol_version") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(stapled_ocsp_response_is_seen) {
  const auto& pki = shared_pki();
  auto o = plain_server();
  // An OCSP response for the server certificate, made by `openssl ocsp` in responder mode.
  TempDir dir("medtls-ocsp");
  const std::string index = dir.file("index.txt"), response = dir.file("resp.der");
  BOOST_TEST_REQUIRE(run_capture({"touch", index}, 10s).status == 0);
  const auto made = run_capture(
      {"openssl", "ocsp", "-index", index, "-rsigner", pki.ca, "-rkey", pki.ca_key, "-CA", pki.ca,
       "-issuer", pki.ca, "-cert", pki.server_rsa_cert, "-respout", response, "-ndays", "1"},
      30s);
  BOOST_TEST_REQUIRE(made.status == 0, made.out + made.err);
  o.extra_args = {"-status_file", response};
  OpensslServer server(o);
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_3}) {
    BOOST_TEST_CONTEXT(version_name(v)) {
      const auto r = handshake_with(server.port(), options_for(v));
      BOOST_TEST(r.completed);
      BOOST_TEST(r.ocsp_stapled);
      auto without = options_for(v);
      without.request_ocsp = false;  // no status_request → nothing stapled
      BOOST_TEST(!handshake_with(server.port(), without).ocsp_stapled);
    }
  }
}

BOOST_AUTO_TEST_CASE(client_certificate_required_tls12) {
  const auto& pki = shared_pki();
  auto o = plain_server();
  o.client_auth = ClientAuth::require;
  o.ca_file = pki.ca;
  OpensslServer server(o);
  auto none = options_for(TlsVersion::TLSv1_2);
  const auto refused = handshake_with(server.port(), none);
  BOOST_TEST(!refused.completed);
  BOOST_TEST(refused.certificate_requested);
  BOOST_TEST(refused.client_certificates_sent.value_or(-1) == 0);
  BOOST_TEST_REQUIRE(refused.alert.has_value());
  // OpenSSL's server answers an empty Certificate with handshake_failure in TLS 1.2.
  BOOST_TEST(alert_name(*refused.alert) == alert_name(40));
  BOOST_TEST_REQUIRE(refused.requested_ca_names.size() == 1u);
  BOOST_TEST(refused.requested_ca_names.front() == "CN=medtls Test Root CA");
  // With -CAfile s_server completes its chain from it: leaf and root, before the refusal.
  BOOST_TEST_REQUIRE(refused.peer_chain.size() == 2u);
  BOOST_TEST(refused.peer_chain[0] == der_of_file(pki.server_rsa_cert));
  BOOST_TEST(refused.peer_chain[1] == der_of_file(pki.ca));

  const auto client = test_client();
  auto good = options_for(TlsVersion::TLSv1_2);
  good.client_cert = client.cert.get();
  good.client_key = client.key.get();
  const auto accepted = handshake_with(server.port(), good);
  BOOST_TEST(accepted.completed);
  BOOST_TEST(accepted.certificate_requested);
  BOOST_TEST(accepted.client_certificates_sent.value_or(-1) == 1);
  BOOST_TEST(!accepted.alert.has_value());
  BOOST_TEST(!accepted.after_handshake);  // TLS 1.2: Finished is the verdict
}

BOOST_AUTO_TEST_CASE(client_certificate_required_tls13_verdict_after_handshake) {
  const auto& pki = shared_pki();
  auto o = plain_server();
  o.client_auth = ClientAuth::require;
  o.ca_file = pki.ca;
  OpensslServer server(o);
  const auto refused = handshake_with(server.port(), options_for(TlsVersion::TLSv1_3));
  // Our Finished goes out before the server judges the (empty) certificate.
  BOOST_TEST(refused.completed);
  BOOST_TEST(refused.certificate_requested);
  BOOST_TEST(refused.client_certificates_sent.value_or(-1) == 0);
  BOOST_TEST((refused.after_handshake == AfterHandshake::alert));
  BOOST_TEST_REQUIRE(refused.alert.has_value());
  BOOST_TEST(alert_name(*refused.alert) == alert_name(116));  // certificate_required
  BOOST_TEST(refused.peer_chain.size() == 2u);  // TLS 1.3: the chain arrives before our Finished
  BOOST_TEST(refused.requested_ca_names.size() == 1u);

  const auto client = test_client();
  auto good = options_for(TlsVersion::TLSv1_3);
  good.client_cert = client.cert.get();
  good.client_key = client.key.get();
  const auto accepted = handshake_with(server.port(), good);
  BOOST_TEST(accepted.completed);
  BOOST_TEST(accepted.client_certificates_sent.value_or(-1) == 1);
  BOOST_TEST((accepted.after_handshake ==
              AfterHandshake::session_ticket));  // OpenSSL sends tickets on success
  BOOST_TEST(!accepted.alert.has_value());
}

BOOST_AUTO_TEST_CASE(silent_server_times_out_within_the_budget) {
  HostilePeer silent(HostilePeer::Behaviour::silent);
  auto o = options_for(TlsVersion::TLSv1_2);
  o.timeout = 700ms;
  const auto start = std::chrono::steady_clock::now();
  const auto r = handshake_with(silent.port(), o);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(r.timed_out);
  BOOST_TEST(!r.completed);
  BOOST_TEST(!r.alert.has_value());
  BOOST_TEST((took >= 600ms && took < 3s));
}

BOOST_AUTO_TEST_CASE(garbage_and_reset_end_without_a_crash) {
  for (auto b : {HostilePeer::Behaviour::garbage, HostilePeer::Behaviour::reset}) {
    HostilePeer peer(b);
    const auto r = handshake_with(peer.port(), options_for(TlsVersion::TLSv1_2));
    BOOST_TEST(!r.completed);
    BOOST_TEST(!r.timed_out);
    BOOST_TEST(!r.alert.has_value());
    BOOST_TEST(!r.detail.empty());
  }
}

// ---- the certificate step built on run_handshake ----------------------------------------------

namespace {

struct Probed {
  obs::TlsObservations o;
  std::vector<probe::ServerChain> chains;
};

Probed fetch_chain(std::uint16_t port) {
  Probed p;
  LocalSession session(port, p.o);
  probe::probe_versions(*session);
  p.chains = probe::fetch_server_certificate(*session);
  BOOST_TEST_MESSAGE("certificate: " << p.o.certificate.status << " " << p.o.certificate.version
                                     << " — " << p.o.certificate.detail);
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(certificate_step_tls13_handshake_and_tls12_first_flight) {
  const auto& pki = shared_pki();
  auto o = plain_server();
  TempDir dir("medtls-ocsp");
  const std::string index = dir.file("index.txt"), response = dir.file("resp.der");
  BOOST_TEST_REQUIRE(run_capture({"touch", index}, 10s).status == 0);
  BOOST_TEST_REQUIRE(run_capture({"openssl", "ocsp", "-index", index, "-rsigner", pki.ca, "-rkey",
                                  pki.ca_key, "-CA", pki.ca, "-issuer", pki.ca, "-cert",
                                  pki.server_rsa_cert, "-respout", response, "-ndays", "1"},
                                 30s)
                         .status == 0);
  o.extra_args = {"-status_file", response};
  OpensslServer server(o);
  const auto p = fetch_chain(server.port());
  const auto leaf = der_of_file(pki.server_rsa_cert);
  BOOST_TEST(p.o.certificate.status == obs::ChainStatus::observed);
  BOOST_TEST(p.o.certificate.version == "TLSv1.3");
  BOOST_TEST(p.o.certificate.ocsp_stapling == obs::StaplingStatus::stapled);
  // TLS 1.3 from a handshake first, then TLS 1.2 from the version probe's raw first flight;
  // OCSP was told by the TLS 1.3 handshake, so no TLS 1.2 handshake was needed.
  BOOST_TEST_REQUIRE(p.chains.size() == 2u);
  BOOST_TEST((p.chains[0].version == TlsVersion::TLSv1_3));
  BOOST_TEST((p.chains[1].version == TlsVersion::TLSv1_2));
  for (const auto& c : p.chains) {
    BOOST_TEST_REQUIRE(c.der.size() == 1u);
    BOOST_TEST(c.der.front() == leaf);
  }
  BOOST_TEST(p.o.attempts.at(static_cast<std::size_t>(p.chains[0].attempt)).purpose ==
             "certificate chain TLSv1.3");
  BOOST_TEST(p.chains[1].attempt ==
             p.o.versions.at(TlsVersion::TLSv1_2).attempts.front());  // no extra connection
  // 5 versions, 3 refusals confirmed, + 1
  BOOST_TEST(p.o.connections == 9);
  BOOST_TEST(p.o.certificate.attempts.size() == 2u);
}

BOOST_AUTO_TEST_CASE(certificate_step_tls12_only_learns_ocsp_by_one_handshake) {
  auto o = plain_server();
  o.max_protocol = "TLSv1.2";
  OpensslServer server(o);
  const auto p = fetch_chain(server.port());
  BOOST_TEST(p.o.certificate.status == obs::ChainStatus::observed);
  BOOST_TEST(p.o.certificate.version == "TLSv1.2");
  BOOST_TEST(p.o.certificate.ocsp_stapling == obs::StaplingStatus::not_stapled);
  BOOST_TEST_REQUIRE(p.chains.size() == 1u);  // the raw first flight's; the handshake was for OCSP
  BOOST_TEST(p.chains[0].der.front() == der_of_file(shared_pki().server_rsa_cert));
  BOOST_TEST(p.o.connections == 10);  // 5 versions, 4 refusals confirmed, + 1
  BOOST_TEST(p.o.certificate.detail.find("OCSP") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(certificate_step_unreachable_peer_is_unknown) {
  HostilePeer silent(HostilePeer::Behaviour::silent);
  obs::TlsObservations o;
  LocalSession session(silent.port(), o, 300ms);
  probe::probe_versions(*session);
  const auto chains = probe::fetch_server_certificate(*session);
  BOOST_TEST(chains.empty());
  BOOST_TEST(name_of(o.certificate.status) == "unknown");
  BOOST_TEST(o.certificate.ocsp_stapling == obs::StaplingStatus::unknown);
  BOOST_TEST(!o.certificate.detail.empty());
}
