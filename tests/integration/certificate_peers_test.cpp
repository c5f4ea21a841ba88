// Real peers serving each server vector of `medtls vectors`, and each kind of client-certificate
// policy: medtls must name the right certificate problem, and the profiles must judge mutual
// authentication as the standard says (refusing server passes, accept-any server fails; a server
// that never asks, one that admits a client without a certificate, and one whose bad cases could
// not be presented are inconclusive with the reason).
#define BOOST_TEST_MODULE certificate_peers
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "integration/scan_fixture.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "x509/client_vectors.hpp"
#include "x509/pem_files.hpp"

using medtls::profile::Verdict;

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
  return std::any_of(p.begin(), p.end(), [&](const auto& x) { return name_of(x.code) == code; });
}

// A failing check of the profile whose evidence points into the certificate.
bool certificate_check_fails(const obs::TlsObservations& o, const char* profile) {
  for (const auto& c : judge(o, profile).checks)
    if (c.verdict == Verdict::fail)
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
  // The profile that fails on it: B.13's own key and hash rules, or the site baseline for what
  // PS3.15 leaves to the site (trust, host name, validity, EKU, revocation).
  const char* fails = "";
};

const char* const kB13 = "dicom-b13";
const char* const kSite = "site-baseline";

const ServerCase kServerCases[] = {
    {"good-rsa", ""},
    {"good-ec256", ""},
    {"expired", "expired", kSite},
    {"not-yet-valid", "not_yet_valid", kSite},
    {"self-signed", "self_signed", kSite},
    {"untrusted", "untrusted", kSite},
    {"rsa1024", "weak_key", kB13},
    {"sha1", "weak_signature_hash", kB13},
    {"wrong-eku", "wrong_eku", kSite},
    {"wrong-san", "hostname_mismatch", kSite},
    {"revoked", "revoked", kSite},
    {"corrupt-signature", "untrusted", kSite},
};

void expect_finding(const obs::TlsObservations& o, const ServerCase& c) {
  BOOST_TEST_INFO("vector " << c.vector);
  BOOST_TEST(o.certificate.status == obs::ChainStatus::observed);
  if (std::string(c.problem).empty()) {
    BOOST_TEST(o.certificate.problems.empty());
    BOOST_TEST(o.certificate.trust == obs::TrustStatus::trusted);
    BOOST_TEST(!certificate_check_fails(o, kB13));
    BOOST_TEST(!certificate_check_fails(o, kSite));
  } else {
    BOOST_TEST(has_problem(o, c.problem));
    BOOST_TEST(certificate_check_fails(o, c.fails));
    // Never counted under B.13 for what B.13 does not require.
    if (c.fails == kSite) BOOST_TEST(!certificate_check_fails(o, kB13));
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
  BOOST_TEST(o.client_auth.requested == obs::ClientAuthRequest::required);
  for (const auto& m : o.client_auth.matrix) {
    BOOST_TEST_INFO(m.name << " " << m.version << ": " << m.detail);
    BOOST_TEST(name_of(m.outcome) == (m.name == obs::ClientCase::good ? "accepted" : "refused"));
  }
  auto b13 = judge(o, "dicom-b13");
  BOOST_TEST(check(b13, "B13-MUTUAL-AUTH")->verdict == Verdict::pass);
  BOOST_TEST(check(b13, "B13-PEER-CERT-RULES")->verdict == Verdict::pass);  // rsa1024, sha1 refused
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
  BOOST_TEST(check(b13, "B13-MUTUAL-AUTH")->verdict == Verdict::fail);
  BOOST_TEST(check(b12, "B12-MUTUAL-AUTH")->verdict == Verdict::fail);
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
  BOOST_TEST(o.client_auth.requested == obs::ClientAuthRequest::not_requested);
  for (const auto& m : o.client_auth.matrix)
    BOOST_TEST(m.outcome == obs::CaseOutcome::not_applicable);
  auto b13 = judge(o, "dicom-b13");
  const auto* c = check(b13, "B13-MUTUAL-AUTH");
  BOOST_TEST(c->verdict == Verdict::inconclusive);
  BOOST_TEST(c->detail.find("client authentication not requested") != std::string::npos);
}

// The usual case at a site: the tester has a client certificate the device accepts (--cert,
// leaf + intermediate) but not the device CA's key, so the cases that must be signed by that CA
// cannot be presented.
std::vector<x509::ClientVector> good_certificate_only() {
  auto certs = x509::load_certificates(vectors().file("client/good.pem"), "--cert");
  auto key = x509::load_private_key(vectors().file("client/good.key"), "--key");
  x509::ClientVectorInputs in;
  in.good_cert = certs.front().get();
  in.good_key = key.get();
  for (std::size_t i = 1; i < certs.size(); ++i) in.good_chain.push_back(certs[i].get());
  return x509::make_client_vectors(in);  // holds its own references
}

profile::Check b12_mutual_auth(const obs::TlsObservations& o) {
  const auto r = judge(o, "dicom-b12");
  const auto* c = check(r, "B12-MUTUAL-AUTH");
  BOOST_TEST_REQUIRE(c != nullptr);
  return *c;
}

BOOST_AUTO_TEST_CASE(cert_with_its_intermediate_is_sent_whole) {
  // The device trusts only the roots: a leaf sent without its intermediate is unknown_ca.
  const auto client = good_certificate_only();
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.client_auth = ClientAuth::require;
  opt.ca_file = vectors().file("ca/roots.pem");
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem")};
  OpensslServer peer(opt);
  const auto o = scan_with_trust(peer.port(), &client);
  for (const auto& m : o.client_auth.matrix) {
    BOOST_TEST_INFO(m.name << " " << m.version << ": " << m.detail);
    if (m.name == obs::ClientCase::good || m.name == obs::ClientCase::wrong_key)
      BOOST_TEST(name_of(m.outcome) == (m.name == obs::ClientCase::good ? "accepted" : "refused"));
  }
}

BOOST_AUTO_TEST_CASE(server_not_checking_validity_never_passes_without_the_ca_key) {
  // -no_check_time: s_server verifies the client's chain but not its dates, so it accepts an
  // expired or not yet valid certificate. Without the CA's key those cases cannot be presented:
  // B12-MUTUAL-AUTH must not pass on the cases that could, and must say how to present them.
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.client_auth = ClientAuth::require;
  opt.ca_file = vectors().file("ca/roots.pem");
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem"), "-no_check_time"};
  OpensslServer peer(opt);
  {
    const auto client = good_certificate_only();
    const auto o = scan_with_trust(peer.port(), &client);
    BOOST_TEST(o.client_auth.requested == obs::ClientAuthRequest::required);
    const auto c = b12_mutual_auth(o);
    BOOST_TEST(c.verdict == Verdict::inconclusive, c.detail);
    BOOST_TEST(c.detail.find("not presented: expired, not_yet_valid") != std::string::npos,
               c.detail);
    BOOST_TEST(c.detail.find("--client-ca-cert FILE --client-ca-key FILE") != std::string::npos,
               c.detail);
    BOOST_TEST(judge(o, "dicom-b12").verdict != Verdict::pass);
  }
  {
    // With vectors signed by the device's CA the same server fails.
    auto client = x509::load_client_vectors(vectors().path());
    const auto o = scan_with_trust(peer.port(), &client);
    const auto c = b12_mutual_auth(o);
    BOOST_TEST(c.verdict == Verdict::fail, c.detail);
    BOOST_TEST(c.detail.find("accepted: expired in TLSv1.2") != std::string::npos, c.detail);
  }
}

BOOST_AUTO_TEST_CASE(optional_client_authentication_never_passes_mutual_auth) {
  // s_server -verify 1 -verify_return_error: asks for a certificate, refuses every bad one
  // (the CRL is loaded, so revoked too), and admits a client that sends none.
  auto client = x509::load_client_vectors(vectors().path());
  OpensslServerOptions opt;
  opt.cert = vectors().file("server/good-rsa.pem");
  opt.key = vectors().file("server/good-rsa.key");
  opt.client_auth = ClientAuth::request;
  opt.ca_file = vectors().file("ca/roots.pem");
  opt.extra_args = {"-cert_chain", vectors().file("ca/intermediate-rsa.pem"), "-CRL",
                    vectors().file("client/crl.pem"), "-crl_check"};
  OpensslServer peer(opt);
  const auto o = scan_with_trust(peer.port(), &client);
  BOOST_TEST(o.client_auth.requested == obs::ClientAuthRequest::optional);
  for (const auto& m : o.client_auth.matrix) {
    BOOST_TEST_INFO(m.name << " " << m.version << ": " << m.detail);
    BOOST_TEST(name_of(m.outcome) ==
               (m.name == obs::ClientCase::good || m.name == obs::ClientCase::none ? "accepted"
                                                                                   : "refused"));
  }
  for (const char* id : {"dicom-b12", "dicom-b13"}) {
    const auto r = judge(o, id);
    const auto* c =
        check(r, std::string(id) == "dicom-b12" ? "B12-MUTUAL-AUTH" : "B13-MUTUAL-AUTH");
    BOOST_TEST_REQUIRE(c != nullptr);
    BOOST_TEST(c->verdict == Verdict::inconclusive, id << ": " << c->detail);
    BOOST_TEST(c->detail.find("admits a client without one") != std::string::npos, c->detail);
  }
  // ITI-19 needs the client authenticated: a client without a certificate admitted fails.
  const auto atna = judge(o, "ihe-atna-tls12");
  BOOST_TEST(check(atna, "ATNA-CLIENT-CERT-REQUIRED")->verdict == Verdict::fail);
  BOOST_TEST(atna.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(chain_out_of_order_is_flagged) {
  // The root ahead of the intermediate that issued the leaf: RFC 5246 §7.4.2 wants each
  // certificate to certify the one before it. The good order (openssl_serving_each_server_vector)
  // shows no problem at all.
  TempDir dir("medtls-chain-order");
  const std::string chain = dir.path() + "/chain.pem";
  {
    std::ofstream out(chain);
    for (const char* f : {"ca/root-rsa.pem", "ca/intermediate-rsa.pem"})
      out << std::ifstream(vectors().file(f)).rdbuf();
  }
  for (const char* max : {"TLSv1.2", "TLSv1.3"}) {
    OpensslServerOptions opt;
    opt.cert = vectors().file("server/good-rsa.pem");
    opt.key = vectors().file("server/good-rsa.key");
    opt.max_protocol = max;
    opt.extra_args = {"-cert_chain", chain};
    OpensslServer peer(opt);
    const auto o = scan_with_trust(peer.port());
    BOOST_TEST_INFO(max);
    BOOST_TEST_REQUIRE(o.certificate.chain.size() == 3u);
    BOOST_TEST(has_problem(o, "chain_order"));
    for (const auto& p : o.certificate.problems)
      if (p.code == obs::ProblemCode::chain_order) BOOST_TEST(p.depth >= 1);
    const auto b12 = judge(o, "dicom-b12");
    BOOST_TEST(check(b12, "B12-CERT-CHAIN-ORDER")->verdict == Verdict::warn);
    BOOST_TEST(check(b12, "B12-CERT-CHAIN-ORDER")->detail.find("RFC 5246") != std::string::npos);
  }
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
