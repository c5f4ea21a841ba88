#define BOOST_TEST_MODULE x509_analysis
#include <boost/test/unit_test.hpp>

#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/words.hpp"
#include "x509/analysis.hpp"
#include "x509/forge.hpp"
#include "x509/pem_files.hpp"

using medtls::enum_values;
using medtls::name_of;
namespace test = medtls::test;

namespace x509 = medtls::x509;
namespace obs = medtls::obs;
using medtls::testing::run_capture;
using medtls::testing::TempDir;

namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;
// A fixed "now" keeps every time-dependent verdict reproducible.
const std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

struct Pair {
  medtls::ossl::PkeyPtr key;
  medtls::ossl::X509Ptr cert;
};

x509::CertSpec spec(const std::string& cn) {
  x509::CertSpec s;
  s.common_name = cn;
  s.not_before = kNow - 30 * kDay;
  s.not_after = kNow + 365 * kDay;
  return s;
}

Pair make_ca(const std::string& cn, x509::KeySpec key = {}) {
  Pair p{x509::generate_key(key), nullptr};
  x509::CertSpec s = spec(cn);
  s.ca = true;
  s.key_usage = {"keyCertSign", "cRLSign"};
  s.not_before = kNow - 365 * kDay;
  s.not_after = kNow + 3650 * kDay;
  p.cert = x509::issue_certificate(s, p.key.get(), nullptr, nullptr);
  return p;
}

x509::CertSpec server_spec() {
  x509::CertSpec s = spec("localhost");
  s.dns = {"localhost"};
  s.ips = {"127.0.0.1", "::1"};
  s.key_usage = {"digitalSignature", "keyEncipherment"};
  s.extended_key_usage = {"serverAuth"};
  return s;
}

Pair issue(const x509::CertSpec& s, const Pair& ca, x509::KeySpec key = {}) {
  Pair p{x509::generate_key(key), nullptr};
  p.cert = x509::issue_certificate(s, p.key.get(), ca.cert.get(), ca.key.get());
  return p;
}

x509::Der der(X509* cert) {
  const int n = i2d_X509(cert, nullptr);
  BOOST_REQUIRE(n > 0);
  x509::Der out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  i2d_X509(cert, &p);
  return out;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Shared PKI: a root, a server certificate it issued, and the root written as --ca.
struct Pki {
  TempDir dir{"medtls-x509"};
  Pair root = make_ca("medtls analysis root");
  Pair other_root = make_ca("medtls other root");
  Pair server = issue(server_spec(), root);
  std::string ca_file = dir.file("ca.pem");
  std::string other_ca_file = dir.file("other-ca.pem");
  Pki() {
    write(ca_file, x509::pem(root.cert.get()));
    write(other_ca_file, x509::pem(other_root.cert.get()));
  }
  std::vector<x509::Der> chain(const Pair& leaf) const {
    return {der(leaf.cert.get()), der(root.cert.get())};
  }
};

x509::VerifyInputs in(const std::string& ca = "", const std::string& crl = "",
                      const std::string& host = "") {
  x509::VerifyInputs v;
  v.ca_file = ca;
  v.crl_file = crl;
  v.host = host;
  return v;
}

obs::ServerCertificate analyze(const std::vector<x509::Der>& chain, x509::VerifyInputs inputs) {
  if (inputs.now == 0) inputs.now = kNow;
  obs::ServerCertificate out;
  x509::analyze_chain(chain, inputs, out);
  return out;
}

std::vector<std::string> codes(const obs::ServerCertificate& c) {
  std::vector<std::string> out;
  for (const auto& p : c.problems) out.push_back(name_of(p.code));
  return out;
}
bool has_code(const obs::ServerCertificate& c, const std::string& code) {
  const auto all = codes(c);
  return std::find(all.begin(), all.end(), code) != all.end();
}
const obs::CertificateProblem& problem(const obs::ServerCertificate& c, const std::string& code) {
  auto it = std::find_if(c.problems.begin(), c.problems.end(),
                         [&](const obs::CertificateProblem& p) { return name_of(p.code) == code; });
  BOOST_REQUIRE_MESSAGE(it != c.problems.end(), "no problem " + code);
  return *it;
}
bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + " ";
  return out;
}

// `openssl x509` as an independent oracle for what describe() reads.
std::string openssl_x509(const std::string& pem_path, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl", "x509", "-in", pem_path, "-noout"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_capture(argv, std::chrono::seconds(20));
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(describe_reads_what_openssl_x509_prints) {
  Pki pki;
  const std::string path = pki.dir.file("server.pem");
  write(path, x509::pem(pki.server.cert.get()));
  const obs::CertificateInfo info = x509::describe(der(pki.server.cert.get()));

  std::string fp = openssl_x509(path, {"-fingerprint", "-sha256"});  // "sha256 Fingerprint=AB:CD…"
  fp = fp.substr(fp.find('=') + 1);
  fp.erase(std::remove_if(fp.begin(), fp.end(), [](char c) { return c == ':' || c == '\n'; }),
           fp.end());
  BOOST_TEST(info.sha256 == lower(fp));
  BOOST_TEST(info.sha256.size() == 64u);

  const std::string subject = openssl_x509(path, {"-subject", "-nameopt", "RFC2253"});
  BOOST_TEST(subject == "subject=" + info.subject + "\n");
  BOOST_TEST(contains(info.subject, "CN=localhost"), info.subject);
  BOOST_TEST(info.issuer == x509::describe(der(pki.root.cert.get())).subject);
  std::string serial = openssl_x509(path, {"-serial"});  // "serial=0A1B…"
  BOOST_TEST(lower(serial.substr(7, serial.size() - 8)) == info.serial);

  BOOST_TEST(info.not_before == "2025-12-02T00:00:00Z");
  BOOST_TEST(info.not_after == "2027-01-01T00:00:00Z");
  BOOST_TEST(info.key_type == "RSA");
  BOOST_TEST(info.key_bits == 2048);
  BOOST_TEST(info.curve.empty());
  BOOST_TEST(info.signature_algorithm == "sha256WithRSAEncryption");
  BOOST_TEST(info.signature_hash == "SHA256");
  const std::vector<std::string> sans = {"DNS:localhost", "IP:127.0.0.1", "IP:::1"};
  BOOST_TEST(info.subject_alt_names == sans, boost::test_tools::per_element());
  const std::vector<std::string> ku = {"digitalSignature", "keyEncipherment"};
  BOOST_TEST(info.key_usage == ku, boost::test_tools::per_element());
  BOOST_TEST(info.extended_key_usage == std::vector<std::string>{"serverAuth"},
             boost::test_tools::per_element());
  BOOST_TEST(!info.is_ca);
  BOOST_TEST(!info.self_signed);
  BOOST_TEST(contains(info.pem, "-----BEGIN CERTIFICATE-----"));

  const obs::CertificateInfo root = x509::describe(der(pki.root.cert.get()));
  BOOST_TEST(root.is_ca);
  BOOST_TEST(root.self_signed);
  BOOST_TEST(root.path_length == -1);
}

BOOST_AUTO_TEST_CASE(describe_names_ec_curves_the_nist_way) {
  Pki pki;
  for (const auto& [curve, bits, hash] :
       {std::tuple<std::string, int, std::string>{"P-256", 256, "SHA256"},
        {"P-384", 384, "SHA384"},
        {"P-521", 521, "SHA512"}}) {
    x509::CertSpec s = server_spec();
    s.hash = hash;
    const Pair ec = issue(s, pki.root, {x509::KeyType::EC, 0, curve});
    const obs::CertificateInfo info = x509::describe(der(ec.cert.get()));
    BOOST_TEST(info.key_type == "EC");
    BOOST_TEST(info.curve == curve);
    BOOST_TEST(info.key_bits == bits);
    BOOST_TEST(info.signature_hash == hash);  // the RSA root signed it
  }
  // An ECDSA signature: the algorithm and hash come from the issuer's key.
  const Pair ec_root = make_ca("ec root", {x509::KeyType::EC, 0, "P-384"});
  x509::CertSpec s = server_spec();
  s.hash = "SHA384";
  const Pair leaf = issue(s, ec_root, {x509::KeyType::EC, 0, "P-256"});
  const obs::CertificateInfo info = x509::describe(der(leaf.cert.get()));
  BOOST_TEST(info.signature_algorithm == "ecdsa-with-SHA384");
  BOOST_TEST(info.signature_hash == "SHA384");
}

BOOST_AUTO_TEST_CASE(describe_refuses_data_that_is_not_a_certificate) {
  BOOST_CHECK_THROW(x509::describe({0x30, 0x03, 0x02, 0x01, 0x01}), std::runtime_error);
  BOOST_CHECK_THROW(x509::describe({}), std::runtime_error);
  Pki pki;
  x509::Der trailing = der(pki.server.cert.get());
  trailing.push_back(0);
  BOOST_CHECK_THROW(x509::describe(trailing), std::runtime_error);
}

// Bytes a server sends as certificates are data: analyze_chain never throws for them. The chain
// becomes "unparseable", each bad certificate says why, and nothing about the chain is judged.
BOOST_AUTO_TEST_CASE(a_chain_that_does_not_parse_is_an_observation) {
  Pki pki;
  x509::Der trailing = der(pki.server.cert.get());
  trailing.push_back(0);
  obs::ServerCertificate out;
  out.status = obs::ChainStatus::observed;
  BOOST_CHECK_NO_THROW(x509::analyze_chain(
      {der(pki.server.cert.get()), trailing, {0x30, 0x03, 0x02, 0x01, 0x01}, {}}, {}, out));
  BOOST_TEST(out.status == obs::ChainStatus::unparseable);
  BOOST_REQUIRE(out.chain.size() == 4u);
  BOOST_TEST(out.chain[0].parse_error.empty());
  BOOST_TEST(contains(out.chain[0].subject, "CN=localhost"), out.chain[0].subject);
  BOOST_TEST(contains(out.chain[1].parse_error, "trailing bytes"), out.chain[1].parse_error);
  BOOST_TEST(out.chain[1].der_bytes == trailing.size());
  BOOST_TEST(out.chain[1].sha256.size() == 64u);
  BOOST_TEST(contains(out.chain[2].parse_error, "not an X.509 certificate (5 bytes"),
             out.chain[2].parse_error);
  BOOST_TEST(contains(out.detail, "certificate 2 of 4: not DER"), out.detail);
  BOOST_TEST(out.problems.empty());
  BOOST_TEST(out.trust == obs::TrustStatus::no_trust_anchor);
}

BOOST_AUTO_TEST_CASE(a_good_chain_is_trusted_with_its_ca_and_has_no_problems) {
  Pki pki;
  const auto c = analyze(pki.chain(pki.server), in(pki.ca_file, "", "localhost"));
  BOOST_TEST(c.trust == obs::TrustStatus::trusted);
  BOOST_TEST(contains(c.trust_detail, "ending at CN=medtls analysis root"), c.trust_detail);
  BOOST_TEST(c.hostname == obs::HostnameStatus::match);
  BOOST_TEST(c.hostname_checked == "localhost");
  BOOST_TEST(c.revocation == obs::RevocationStatus::not_checked);
  BOOST_TEST(c.problems.empty(), joined(codes(c)));
  BOOST_REQUIRE(c.chain.size() == 2u);
  BOOST_TEST(c.chain[1].self_signed);
  // The leaf alone also verifies: the root comes from --ca.
  BOOST_TEST(analyze({der(pki.server.cert.get())}, in(pki.ca_file)).trust ==
             obs::TrustStatus::trusted);
}

BOOST_AUTO_TEST_CASE(without_ca_trust_is_not_judged_and_never_untrusted) {
  Pki pki;
  const auto c = analyze(pki.chain(pki.server), in("", "", "localhost"));
  BOOST_TEST(c.trust == obs::TrustStatus::no_trust_anchor);
  BOOST_TEST(c.trust_detail == "no trust anchor given (--ca)");
  BOOST_TEST(!has_code(c, "untrusted"));
}

BOOST_AUTO_TEST_CASE(another_ca_makes_the_chain_untrusted_with_openssls_reason) {
  Pki pki;
  const auto c = analyze(pki.chain(pki.server), in(pki.other_ca_file, "", "localhost"));
  BOOST_TEST(c.trust == obs::TrustStatus::untrusted);
  const auto& p = problem(c, "untrusted");
  BOOST_TEST(contains(p.detail, "self-signed certificate in certificate chain"), p.detail);
  BOOST_TEST(contains(p.detail, pki.other_ca_file), p.detail);
  BOOST_TEST(contains(c.trust_detail, "at depth 1"), c.trust_detail);
  BOOST_TEST(p.depth == 1);
  // Without the root in the chain: "unable to get local issuer certificate" at the leaf.
  const auto leaf_only = analyze({der(pki.server.cert.get())}, in(pki.other_ca_file));
  BOOST_TEST(contains(problem(leaf_only, "untrusted").detail, "unable to get local issuer"),
             problem(leaf_only, "untrusted").detail);
  BOOST_TEST(problem(leaf_only, "untrusted").depth == 0);
  // An unreadable --ca is an input error, not a verdict.
  BOOST_CHECK_THROW(analyze(pki.chain(pki.server), in(pki.dir.file("missing.pem"))),
                    x509::CredentialError);
}

BOOST_AUTO_TEST_CASE(expired_and_not_yet_valid_name_the_certificate_and_depth) {
  Pki pki;
  x509::CertSpec old = server_spec();
  old.not_before = kNow - 400 * kDay;
  old.not_after = kNow - 5 * kDay;
  const auto expired = analyze(pki.chain(issue(old, pki.root)), in(pki.ca_file, "", "localhost"));
  const auto& p = problem(expired, "expired");
  BOOST_TEST(p.depth == 0);
  BOOST_TEST(contains(p.detail, "leaf CN=localhost"), p.detail);
  BOOST_TEST(contains(p.detail, "expired on 2025-12-27T00:00:00Z"), p.detail);
  // Expiry is its own problem: the chain still reaches the anchor, so it is not also untrusted.
  BOOST_TEST(expired.trust == obs::TrustStatus::trusted);
  BOOST_TEST(!has_code(expired, "untrusted"));
  BOOST_TEST(!has_code(expired, "expires_soon"));

  x509::CertSpec future = server_spec();
  future.not_before = kNow + 2 * kDay;
  const auto early = analyze(pki.chain(issue(future, pki.root)), in("", "", "localhost"));
  BOOST_TEST(contains(problem(early, "not_yet_valid").detail, "not valid before 2026-01-03"));

  // An expired issuer is found at depth 1.
  x509::CertSpec old_ca = spec("old root");
  old_ca.ca = true;
  old_ca.not_after = kNow - kDay;
  Pair root{x509::generate_key({}), nullptr};
  root.cert = x509::issue_certificate(old_ca, root.key.get(), nullptr, nullptr);
  const Pair leaf = issue(server_spec(), root);
  const auto c = analyze({der(leaf.cert.get()), der(root.cert.get())}, in());
  BOOST_TEST(problem(c, "expired").depth == 1);
  BOOST_TEST(contains(problem(c, "expired").detail, "certificate 1 CN=old root"));
}

BOOST_AUTO_TEST_CASE(expiry_horizon_is_configurable) {
  Pki pki;
  x509::CertSpec s = server_spec();
  s.not_after = kNow + 10 * kDay;
  const auto chain = pki.chain(issue(s, pki.root));
  const auto soon = analyze(chain, in("", "", "localhost"));
  BOOST_TEST(contains(problem(soon, "expires_soon").detail, "in 10 day(s)"));
  BOOST_TEST(contains(problem(soon, "expires_soon").detail, "warning horizon 30 days"));
  x509::VerifyInputs short_horizon = in("", "", "localhost");
  short_horizon.expiry_warning_days = 5;
  BOOST_TEST(!has_code(analyze(chain, short_horizon), "expires_soon"));
  BOOST_TEST(analyze(chain, short_horizon).expiry_warning_days == 5);
}

BOOST_AUTO_TEST_CASE(self_signed_leaf_is_flagged_and_directly_trusted_when_given_as_ca) {
  TempDir dir("medtls-x509");
  Pair self{x509::generate_key({}), nullptr};
  self.cert = x509::issue_certificate(server_spec(), self.key.get(), nullptr, nullptr);
  const std::string ca = dir.file("self.pem");
  write(ca, x509::pem(self.cert.get()));
  const auto c = analyze({der(self.cert.get())}, in(ca, "", "127.0.0.1"));
  BOOST_TEST(has_code(c, "self_signed"));
  BOOST_TEST(c.chain[0].self_signed);
  BOOST_TEST(c.trust == obs::TrustStatus::trusted);  // ITI-19: direct trust
  BOOST_TEST(!has_code(c, "untrusted"));
  Pki pki;
  const auto not_trusted = analyze({der(self.cert.get())}, in(pki.ca_file));
  BOOST_TEST(contains(problem(not_trusted, "untrusted").detail, "self-signed certificate"));
}

BOOST_AUTO_TEST_CASE(host_names_and_ip_literals_are_checked_against_the_san) {
  Pki pki;
  const auto chain = pki.chain(pki.server);
  BOOST_TEST(analyze(chain, in("", "", "LOCALHOST")).hostname == obs::HostnameStatus::match);
  BOOST_TEST(analyze(chain, in("", "", "127.0.0.1")).hostname == obs::HostnameStatus::match);
  BOOST_TEST(analyze(chain, in("", "", "::1")).hostname == obs::HostnameStatus::match);
  BOOST_TEST(analyze(chain, in("", "", "[::1]")).hostname == obs::HostnameStatus::match);
  const auto dns = analyze(chain, in(pki.ca_file, "", "pacs.example.org"));
  BOOST_TEST(dns.hostname == obs::HostnameStatus::mismatch);
  BOOST_TEST(contains(problem(dns, "hostname_mismatch").detail,
                      "host name pacs.example.org does not match the leaf: subjectAltName "
                      "DNS:localhost, IP:127.0.0.1, IP:::1"),
             problem(dns, "hostname_mismatch").detail);
  const auto ip = analyze(chain, in("", "", "10.0.0.7"));
  BOOST_TEST(ip.hostname == obs::HostnameStatus::mismatch);
  BOOST_TEST(contains(problem(ip, "hostname_mismatch").detail, "IP address 10.0.0.7"));
  // No host given: not checked, no problem.
  const auto none = analyze(chain, in());
  BOOST_TEST(none.hostname == obs::HostnameStatus::unknown);
  BOOST_TEST(!has_code(none, "hostname_mismatch"));

  // A CN that names the host does not count without a SAN.
  x509::CertSpec cn_only = spec("localhost");
  const auto cn = analyze(pki.chain(issue(cn_only, pki.root)), in("", "", "localhost"));
  BOOST_TEST(cn.hostname == obs::HostnameStatus::mismatch);
  BOOST_TEST(contains(problem(cn, "hostname_mismatch").detail, "no subjectAltName"));
  // An IP address written as a DNS name in the SAN does not match the IP literal.
  x509::CertSpec dns_ip = spec("x");
  dns_ip.dns = {"127.0.0.1"};
  BOOST_TEST(analyze(pki.chain(issue(dns_ip, pki.root)), in("", "", "127.0.0.1")).hostname ==
             obs::HostnameStatus::mismatch);
}

BOOST_AUTO_TEST_CASE(weak_keys_are_found_except_in_a_self_signed_anchor) {
  Pki pki;
  const auto rsa1024 =
      analyze(pki.chain(issue(server_spec(), pki.root, {x509::KeyType::RSA, 1024, ""})),
              in("", "", "localhost"));
  const auto& p = problem(rsa1024, "weak_key");
  BOOST_TEST(p.depth == 0);
  BOOST_TEST(contains(p.detail, "RSA 1024-bit key (minimum: RSA/DSA 2048, EC 256 bits)"), p.detail);

  // P-256 is strong enough; RSA 2048 too.
  BOOST_TEST(!has_code(
      analyze(pki.chain(issue(server_spec(), pki.root, {x509::KeyType::EC, 0, "P-256"})), in()),
      "weak_key"));
  BOOST_TEST(!has_code(analyze(pki.chain(pki.server), in()), "weak_key"));

  // A weak intermediate counts; a weak self-signed root sent along does not.
  const Pair weak_root = make_ca("weak root", {x509::KeyType::RSA, 1024, ""});
  x509::CertSpec mid_spec = spec("weak intermediate");
  mid_spec.ca = true;
  const Pair mid = issue(mid_spec, weak_root, {x509::KeyType::RSA, 1024, ""});
  const Pair leaf = issue(server_spec(), mid);
  const auto c =
      analyze({der(leaf.cert.get()), der(mid.cert.get()), der(weak_root.cert.get())}, in());
  BOOST_TEST(problem(c, "weak_key").depth == 1);
  const auto all = codes(c);
  BOOST_TEST(std::count(all.begin(), all.end(), "weak_key") == 1);
}

BOOST_AUTO_TEST_CASE(sha1_signatures_are_found_except_self_signatures) {
  Pki pki;
  x509::CertSpec s = server_spec();
  s.hash = "SHA1";
  const auto c = analyze(pki.chain(issue(s, pki.root)), in(pki.ca_file, "", "localhost"));
  BOOST_TEST(c.chain[0].signature_hash == "SHA1");
  BOOST_TEST(c.chain[0].signature_algorithm == "sha1WithRSAEncryption");
  const auto& p = problem(c, "weak_signature_hash");
  BOOST_TEST(p.depth == 0);
  BOOST_TEST(contains(p.detail, "signed with sha1WithRSAEncryption (SHA1)"), p.detail);

  // A SHA-1 self-signed root (a trust anchor) is not a weak signature.
  x509::CertSpec root_spec = spec("sha1 root");
  root_spec.ca = true;
  root_spec.hash = "SHA1";
  Pair root{x509::generate_key({}), nullptr};
  root.cert = x509::issue_certificate(root_spec, root.key.get(), nullptr, nullptr);
  const auto anchored = analyze({der(issue(server_spec(), root).cert.get()), der(root.cert.get())},
                                {"", "", "localhost"});
  BOOST_TEST(anchored.chain[1].signature_hash == "SHA1");
  BOOST_TEST(!has_code(anchored, "weak_signature_hash"), joined(codes(anchored)));
}

BOOST_AUTO_TEST_CASE(eku_without_server_auth_is_wrong) {
  Pki pki;
  x509::CertSpec s = server_spec();
  s.extended_key_usage = {"clientAuth"};
  const auto c = analyze(pki.chain(issue(s, pki.root)), in(pki.ca_file, "", "localhost"));
  BOOST_TEST(contains(problem(c, "wrong_eku").detail,
                      "has extendedKeyUsage clientAuth without serverAuth"));
  // The EKU fault is reported once, as wrong_eku; the chain itself is trusted.
  BOOST_TEST(c.trust == obs::TrustStatus::trusted);
  BOOST_TEST(!has_code(c, "untrusted"));
  // No EKU at all: no restriction.
  x509::CertSpec none = server_spec();
  none.extended_key_usage.clear();
  BOOST_TEST(!has_code(analyze(pki.chain(issue(none, pki.root)), in()), "wrong_eku"));
}

BOOST_AUTO_TEST_CASE(crl_says_good_or_revoked_and_must_come_from_the_issuer) {
  Pki pki;
  const Pair revoked_leaf = issue(server_spec(), pki.root);
  const auto crl = x509::issue_crl(pki.root.cert.get(), pki.root.key.get(),
                                   {revoked_leaf.cert.get()}, kNow - kDay, kNow + 7 * kDay);
  const std::string crl_pem = pki.dir.file("root.crl.pem");
  write(crl_pem, x509::pem(crl.get()));

  const auto good = analyze(pki.chain(pki.server), in(pki.ca_file, crl_pem, "localhost"));
  BOOST_TEST(good.revocation == obs::RevocationStatus::good);
  BOOST_TEST(good.problems.empty(), joined(codes(good)));

  const auto revoked = analyze(pki.chain(revoked_leaf), in(pki.ca_file, crl_pem, "localhost"));
  BOOST_TEST(revoked.revocation == obs::RevocationStatus::revoked);
  const auto& p = problem(revoked, "revoked");
  BOOST_TEST(contains(p.detail, "is listed as revoked since 2025-12-31T00:00:00Z"), p.detail);
  BOOST_TEST(contains(p.detail, revoked.chain[0].serial), p.detail);

  // DER works too, and the issuer's key may come from --ca alone.
  const std::string crl_der = pki.dir.file("root.crl.der");
  {
    const int n = i2d_X509_CRL(crl.get(), nullptr);
    std::string bytes(static_cast<std::size_t>(n), '\0');
    auto* out = reinterpret_cast<unsigned char*>(&bytes[0]);
    i2d_X509_CRL(crl.get(), &out);
    write(crl_der, bytes);
  }
  BOOST_TEST(analyze({der(revoked_leaf.cert.get())}, in(pki.ca_file, crl_der)).revocation ==
             obs::RevocationStatus::revoked);

  // A CRL of another issuer, or one that is out of date, decides nothing.
  const auto other = x509::issue_crl(pki.other_root.cert.get(), pki.other_root.key.get(), {},
                                     kNow - kDay, kNow + kDay);
  const std::string other_pem = pki.dir.file("other.crl.pem");
  write(other_pem, x509::pem(other.get()));
  BOOST_TEST(analyze(pki.chain(revoked_leaf), in("", other_pem)).revocation ==
             obs::RevocationStatus::unknown);
  const auto stale = x509::issue_crl(pki.root.cert.get(), pki.root.key.get(), {}, kNow - 30 * kDay,
                                     kNow - 20 * kDay);
  const std::string stale_pem = pki.dir.file("stale.crl.pem");
  write(stale_pem, x509::pem(stale.get()));
  BOOST_TEST(analyze(pki.chain(pki.server), in("", stale_pem)).revocation ==
             obs::RevocationStatus::unknown);
  // A CRL whose signature the issuer did not make: forged with another key, same name.
  Pair impostor{x509::generate_key({}), nullptr};
  x509::CertSpec same_name = spec("medtls analysis root");
  same_name.ca = true;
  impostor.cert = x509::issue_certificate(same_name, impostor.key.get(), nullptr, nullptr);
  const auto forged = x509::issue_crl(impostor.cert.get(), impostor.key.get(),
                                      {revoked_leaf.cert.get()}, kNow - kDay, kNow + kDay);
  const std::string forged_pem = pki.dir.file("forged.crl.pem");
  write(forged_pem, x509::pem(forged.get()));
  BOOST_TEST(analyze(pki.chain(revoked_leaf), in(pki.ca_file, forged_pem)).revocation ==
             obs::RevocationStatus::unknown);

  // Not a CRL: an input error.
  BOOST_CHECK_THROW(analyze(pki.chain(pki.server), in("", pki.ca_file)), x509::CredentialError);
}

BOOST_AUTO_TEST_CASE(an_empty_chain_leaves_nothing_judged) {
  obs::ServerCertificate out;
  out.problems.push_back({obs::ProblemCode::expired, "stale", 0});
  x509::analyze_chain({}, in("", "", "localhost"), out);
  BOOST_TEST(out.chain.empty());
  BOOST_TEST(out.problems.empty());
  BOOST_TEST(out.trust == obs::TrustStatus::no_trust_anchor);
  BOOST_TEST(out.hostname == obs::HostnameStatus::unknown);
}
