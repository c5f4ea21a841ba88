// Real peers serving each server vector of `medtls vectors`, and each kind of client-certificate
// policy: medtls must name the right certificate problem, and the profiles must judge mutual
// authentication as the standard says (refusing server passes, accept-any server fails, a server
// that never asks is inconclusive with the reason).
#define BOOST_TEST_MODULE certificate_peers
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>

#include "integration/scan_fixture.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "x509/client_vectors.hpp"

using namespace medtls;
using namespace medtls::testing;
using namespace std::chrono_literals;

namespace {

// One `medtls vectors` run for the whole program.
const TempDir& vectors() {
  static TempDir dir = [] {
    TempDir d("medtls-cert-vectors");
    auto r = run_capture({MEDTLS_BINARY, "vectors", "--out", d.path()}, 120s);
    if (r.status != 0) throw std::runtime_error("medtls vectors failed: " + r.err);
    return d;
  }();
  return dir;
}

obs::TlsObservations scan_with_trust(std::uint16_t port,
                                     const std::vector<x509::ClientVector>* client = nullptr) {
  probe::ProbeOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  probe::CertificateInputs certs;
  certs.verify.ca_file = vectors().file("ca/roots.pem");
  certs.verify.crl_file = vectors().file("ca/crls.pem");
  if (client)
    certs.client_vectors = [client]() -> const std::vector<x509::ClientVector>& { return *client; };
  return probe::scan_tls(o, suites::Registry::builtin(), certs);
}

bool has_problem(const obs::TlsObservations& o, const std::string& code) {
  const auto& p = o.certificate.problems;
  return std::any_of(p.begin(), p.end(), [&](const auto& x) { return x.code == code; });
}

// A failing dicom-b13 check whose evidence points into the certificate.
bool b13_certificate_check_fails(const obs::TlsObservations& o) {
  for (const auto& c : judge(o, "dicom-b13").checks)
    if (c.verdict == "fail")
      for (const auto& e : c.evidence)
        if (e.rfind("certificate", 0) == 0) return true;
  return false;
}

const profile::Check* check(const profile::Result& r, const std::string& id) {
  for (const auto& c : r.checks)
    if (c.id == id) return &c;
  return nullptr;
}

struct ServerCase {
  const char* vector;
  const char* problem;  // expected problem code; "" for a good certificate
};

const ServerCase kServerCases[] = {
    {"good-rsa", ""},
    {"good-ec256", ""},
    {"expired", "expired"},
    {"not-yet-valid", "not_yet_valid"},
    {"self-signed", "self_signed"},
    {"untrusted", "untrusted"},
    {"rsa1024", "weak_key"},
    {"sha1", "weak_signature_hash"},
    {"wrong-eku", "wrong_eku"},
    {"wrong-san", "hostname_mismatch"},
    {"revoked", "revoked"},
    {"corrupt-signature", "untrusted"},
};

void expect_finding(const obs::TlsObservations& o, const ServerCase& c) {
  BOOST_TEST_INFO("vector " << c.vector);
  BOOST_TEST(o.certificate.status == "observed");
  if (std::string(c.problem).empty()) {
    BOOST_TEST(o.certificate.problems.empty());
    BOOST_TEST(o.certificate.trust == "trusted");
    BOOST_TEST(!b13_certificate_check_fails(o));
  } else {
    BOOST_TEST(has_problem(o, c.problem));
    BOOST_TEST(b13_certificate_check_fails(o));
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(openssl_serving_each_server_vector) {
  for (const auto& c : kServerCases) {
    OpensslServerOptions opt;
    opt.cert = vectors().file(std::string("server/") + c.vector + ".pem");
    opt.key = vectors().file(std::string("server/") + c.vector + ".key");
    opt.cipher = "DEFAULT:@SECLEVEL=0";  // let OpenSSL serve RSA-1024 and SHA-1 certificates
    // s_server sends only the leaf of -cert; the issuing CA goes with -cert_chain.
    const bool ec = std::string(c.vector).rfind("good-ec", 0) == 0;
    opt.extra_args = {"-cert_chain",
                      vectors().file(ec ? "ca/intermediate-ec.pem" : "ca/intermediate-rsa.pem")};
    OpensslServer peer(opt);
    expect_finding(scan_with_trust(peer.port()), c);
  }
}

BOOST_AUTO_TEST_CASE(gnutls_serving_each_server_vector) {
  for (const auto& c : kServerCases) {
    GnutlsServerOptions opt;
    opt.priority = "NORMAL:%VERIFY_ALLOW_SIGN_WITH_SHA1";
    opt.credentials = {{vectors().file(std::string("server/") + c.vector + ".pem"),
                        vectors().file(std::string("server/") + c.vector + ".key")}};
    GnutlsServer peer(opt);
    expect_finding(scan_with_trust(peer.port()), c);
  }
}

BOOST_AUTO_TEST_CASE(server_refusing_every_bad_client_certificate_passes_mutual_auth) {
  auto client = x509::load_client_vectors(vectors().path());
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.client_auth = ClientAuth::require;
  opt.ca_file = vectors().file("ca/roots.pem");
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem"), "-CRL",
                    vectors().file("client/crl.pem"), "-crl_check"};
  OpensslServer peer(opt);
  auto o = scan_with_trust(peer.port(), &client);
  BOOST_TEST(o.client_auth.requested == "required");
  for (const auto& m : o.client_auth.matrix) {
    BOOST_TEST_INFO(m.name << " " << m.version << ": " << m.detail);
    BOOST_TEST(m.outcome == (m.name == "good" ? "accepted" : "refused"));
  }
  auto b13 = judge(o, "dicom-b13");
  BOOST_TEST(check(b13, "B13-MUTUAL-AUTH")->verdict == "pass");
}

BOOST_AUTO_TEST_CASE(server_accepting_any_client_certificate_fails_mutual_auth) {
  auto client = x509::load_client_vectors(vectors().path());
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.client_auth = ClientAuth::require;
  opt.ca_file = vectors().file("ca/roots.pem");
  opt.accept_any_client_certificate = true;
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem")};
  OpensslServer peer(opt);
  auto o = scan_with_trust(peer.port(), &client);
  auto b13 = judge(o, "dicom-b13"), b12 = judge(o, "dicom-b12");
  BOOST_TEST(check(b13, "B13-MUTUAL-AUTH")->verdict == "fail");
  BOOST_TEST(check(b12, "B12-MUTUAL-AUTH")->verdict == "fail");
  BOOST_TEST(check(b13, "B13-MUTUAL-AUTH")->detail.find("expired") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(server_not_requesting_client_certificates_is_inconclusive) {
  auto client = x509::load_client_vectors(vectors().path());
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem")};
  OpensslServer peer(opt);
  auto o = scan_with_trust(peer.port(), &client);
  BOOST_TEST(o.client_auth.requested == "not_requested");
  for (const auto& m : o.client_auth.matrix) BOOST_TEST(m.outcome == "not_applicable");
  auto b13 = judge(o, "dicom-b13");
  const auto* c = check(b13, "B13-MUTUAL-AUTH");
  BOOST_TEST(c->verdict == "inconclusive");
  BOOST_TEST(c->detail.find("client authentication not requested") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tls12_only_server_chain_from_the_raw_flight) {
  // Without TLS 1.3 the chain comes from the plaintext TLS 1.2 first flight.
  for (const auto& c : kServerCases) {
    OpensslServerOptions opt;
    opt.cert = vectors().file(std::string("server/") + c.vector + ".pem");
    opt.key = vectors().file(std::string("server/") + c.vector + ".key");
    opt.cipher = "DEFAULT:@SECLEVEL=0";
    opt.max_protocol = "TLSv1.2";
    const bool ec = std::string(c.vector).rfind("good-ec", 0) == 0;
    opt.extra_args = {"-cert_chain",
                      vectors().file(ec ? "ca/intermediate-ec.pem" : "ca/intermediate-rsa.pem")};
    OpensslServer peer(opt);
    auto o = scan_with_trust(peer.port());
    BOOST_TEST(o.certificate.version == "TLSv1.2", c.vector);
    expect_finding(o, c);
  }
}
