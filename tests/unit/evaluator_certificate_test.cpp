#define BOOST_TEST_MODULE evaluator_certificate
#include <boost/test/unit_test.hpp>

#include "support/source_registry.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"
#include "support/words.hpp"

using medtls::profile::Level;
using medtls::profile::Verdict;

using medtls::enum_values;
using medtls::name_of;
namespace test = medtls::test;

using medtls::profile::Check;
using medtls::profile::evaluate;
using medtls::profile::load_profile;
using medtls::profile::parse_profile;
using medtls::profile::ProfileError;
using medtls::profile::Result;
using medtls::suites::Registry;
namespace obs = medtls::obs;

namespace {

const Registry& registry() {
  return medtls::testing::source_registry();
}

const char* const kBadCases[] = {"expired",      "not_yet_valid", "self_signed",
                                 "untrusted_ca", "wrong_key",     "revoked",
                                 "rsa1024",      "sha1",          "wrong_eku"};

obs::CertificateInfo cert(const std::string& subject, const std::string& issuer) {
  obs::CertificateInfo c;
  c.subject = subject;
  c.issuer = issuer;
  c.serial = "01";
  c.not_before = "2025-06-01T00:00:00Z";
  c.not_after = "2026-06-01T00:00:00Z";
  c.key_type = "RSA";
  c.key_bits = 2048;
  c.signature_algorithm = "sha256WithRSAEncryption";
  c.signature_hash = "SHA256";
  c.self_signed = subject == issuer;
  return c;
}

// Certificate and client-authentication observations only: every TLS check of these
// profiles is inconclusive here, and only the certificate checks are looked at.
struct Obs {
  obs::TlsObservations o;
  Obs() {
    obs::CertificateInfo leaf = cert("CN=pacs", "CN=Intermediate");
    leaf.subject_alt_names = {"DNS:pacs"};
    leaf.extended_key_usage = {"serverAuth", "clientAuth"};
    obs::ServerCertificate& c = o.certificate;
    c.status = obs::ChainStatus::observed;
    c.chain = {leaf, cert("CN=Intermediate", "CN=Root"), cert("CN=Root", "CN=Root")};
    c.chain[1].is_ca = c.chain[2].is_ca = true;
    c.trust = obs::TrustStatus::trusted;
    c.trust_detail = "verified against 1 trust anchor(s)";
    c.hostname_checked = "pacs";
    c.hostname = obs::HostnameStatus::match;
    c.revocation = obs::RevocationStatus::good;
    c.ocsp_stapling = obs::StaplingStatus::stapled;
    o.client_auth.requested = obs::ClientAuthRequest::required;
    for (const char* v : {"TLSv1.2", "TLSv1.3"}) {
      set_case("none", v, "refused");
      set_case("good", v, "accepted");
      for (const char* name : kBadCases) set_case(name, v, "refused");
    }
  }
  obs::ServerCertificate& cert_obs() { return o.certificate; }
  Obs& problem(const std::string& code, const std::string& detail, int depth = 0) {
    o.certificate.problems.push_back({test::as<obs::ProblemCode>(code), detail, depth});
    return *this;
  }
  Obs& set_case(const std::string& name, const std::string& version, const std::string& outcome,
                const std::string& detail = "") {
    std::optional<std::uint8_t> alert;
    if (outcome == "refused") alert = 42;  // bad_certificate
    for (auto& c : o.client_auth.matrix)
      if (name_of(c.name) == name && c.version == version) {
        c.outcome = test::as<obs::CaseOutcome>(outcome);
        c.alert = alert;
        c.detail = detail;
        return *this;
      }
    o.client_auth.matrix.push_back({test::as<obs::ClientCase>(name), version,
                                    test::as<obs::CaseOutcome>(outcome), alert, detail});
    return *this;
  }
  Obs& drop_case(const std::string& name) {
    auto& m = o.client_auth.matrix;
    m.erase(std::remove_if(m.begin(), m.end(), [&](auto& c) { return name_of(c.name) == name; }),
            m.end());
    return *this;
  }
};

Result judge(const std::string& profile, const Obs& o) {
  return evaluate(load_profile(profile, "", registry()), o.o, registry());
}

const Check& check(const Result& r, const std::string& id) {
  auto it =
      std::find_if(r.checks.begin(), r.checks.end(), [&](const Check& c) { return c.id == id; });
  BOOST_REQUIRE_MESSAGE(it != r.checks.end(), r.id + " has no check " + id);
  return *it;
}
Check check_of(const std::string& profile, const Obs& o, const std::string& id) {
  return check(judge(profile, o), id);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
bool has_evidence(const Check& c, const std::string& pointer) {
  return std::find(c.evidence.begin(), c.evidence.end(), pointer) != c.evidence.end();
}

// A profile of one requirement with this rule (JSON text).
medtls::profile::Profile one_rule(const std::string& rule, const std::string& level = "shall") {
  return parse_profile(R"({"id": "x", "name": "n", "section": "s", "edition": "e",
    "status": "test", "description": "d", "requirements": [{"id": "R", "title": "t",
    "level": ")" + level + R"(", "cite": "c", "rule": )" +
                           rule + "}]}",
                       "x.json", "", registry());
}
Check judge_rule(const std::string& rule, const Obs& o, const std::string& level = "shall") {
  const Result r = evaluate(one_rule(rule, level), o.o, registry());
  BOOST_REQUIRE(r.checks.size() == 1u);
  return r.checks[0];
}

std::string load_error(const std::string& rule) {
  try {
    one_rule(rule);
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

const std::vector<std::string> kProfiles = {"dicom-b12", "dicom-b13", "dicom-b13-2024b",
                                            "dicom-b11", "ihe-atna-tls12"};

}  // namespace

BOOST_AUTO_TEST_CASE(a_good_chain_passes_every_certificate_check) {
  const Obs o;
  for (const auto& id : kProfiles) {
    const Result r = judge(id, o);
    for (const auto& c : r.checks) {
      if ((!contains(c.id, "CERT") && !contains(c.id, "MUTUAL") && !contains(c.id, "OCSP") &&
           !contains(c.id, "CLIENT")) ||
          contains(c.id, "CERTREQ"))  // a TLS 1.2 handshake fact, not the certificate's
        continue;
      // The DICOM bad-certificate requirement needs a dicom:// target (evaluator_dicom_test).
      if (contains(c.id, "-DICOM-")) {
        BOOST_TEST(c.verdict == Verdict::not_applicable, id << " " << c.id << ": " << c.detail);
        continue;
      }
      BOOST_TEST(c.verdict == Verdict::pass, id << " " << c.id << ": " << c.detail);
      BOOST_TEST(!c.evidence.empty(), c.id);
    }
  }
  const Check keys = check_of("dicom-b13", o, "B13-CERT-KEYS");
  BOOST_TEST(contains(keys.detail, "leaf CN=pacs: RSA 2048 bits"), keys.detail);
  BOOST_TEST(contains(keys.detail, "not judged: certificate 2 CN=Root (self-signed trust anchor)"),
             keys.detail);
  BOOST_TEST(has_evidence(keys, "certificate.chain[1]"));
  BOOST_TEST(!has_evidence(keys, "certificate.chain[2]"));
  const Check ma = check_of("dicom-b13", o, "B13-MUTUAL-AUTH");
  BOOST_TEST(contains(ma.detail, "client certificate required"), ma.detail);
  BOOST_TEST(
      contains(ma.detail, "refused: expired in TLSv1.2 (alert bad_certificate(42)), TLSv1.3"),
      ma.detail);
  BOOST_TEST(has_evidence(ma, "client_auth.matrix[2]"));
}

BOOST_AUTO_TEST_CASE(no_trust_anchor_is_never_a_pass) {
  Obs o;
  o.cert_obs().trust = obs::TrustStatus::no_trust_anchor;
  o.cert_obs().trust_detail = "no trust anchor given (--ca)";
  // The site baseline says trust was not checked: neither a pass nor an undecided scan.
  const Result site = judge("site-baseline", o);
  const Check& c = check(site, "SITE-CERT-TRUSTED");
  BOOST_TEST(c.verdict == Verdict::not_applicable);
  BOOST_TEST(c.detail.rfind("not checked: no trust anchor given (--ca)", 0) == 0, c.detail);
  BOOST_TEST(contains(c.detail, "issued by CN=Intermediate"), c.detail);
  BOOST_TEST(has_evidence(c, "certificate.trust"));
  BOOST_TEST(site.verdict == Verdict::pass);
  // A profile of the user's own without "without_anchor" keeps it undecided.
  const Check plain = judge_rule(R"({"type": "certificate_trust"})", o);
  BOOST_TEST(plain.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(plain.detail, "no trust anchor given (--ca)"), plain.detail);
  // The PS3.15 and IHE profiles make no trust rule (PS3.8 §9.1.1): nothing of it there.
  for (const char* profile : {"dicom-b13", "dicom-b12", "dicom-b11", "ihe-atna-tls12"})
    for (const auto& k : judge(profile, o).checks)
      BOOST_TEST(!contains(k.detail, "no trust anchor"), profile << " " << k.id);
  // The generic problem rule cannot clear "untrusted" without an anchor either.
  const Check p = judge_rule(R"({"type": "certificate_problems", "forbid": ["untrusted"]})", o);
  BOOST_TEST(p.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(p.detail, "untrusted not checked: no trust anchor given (--ca)"), p.detail);
}

BOOST_AUTO_TEST_CASE(untrusted_chain_fails_with_openssls_reason) {
  Obs o;
  o.cert_obs().trust = obs::TrustStatus::untrusted;
  o.cert_obs().trust_detail =
      "unable to get local issuer certificate (OpenSSL error 20) at depth 1";
  o.problem("untrusted",
            "the chain does not verify against --ca ca.pem: unable to get local issuer", 1);
  const Result r = judge("site-baseline", o);
  const Check& c = check(r, "SITE-CERT-TRUSTED");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "unable to get local issuer certificate"), c.detail);
  BOOST_TEST(has_evidence(c, "certificate.problems"));
  BOOST_TEST(has_evidence(c, "certificate.chain[1]"));
  BOOST_TEST(r.verdict == Verdict::fail);
  const Check p = judge_rule(R"({"type": "certificate_problems", "forbid": ["untrusted"]})", o);
  BOOST_TEST(p.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(hostname_mismatch_fails_the_site_baseline) {
  Obs o;
  o.cert_obs().hostname_checked = "10.0.0.7";
  o.cert_obs().hostname = obs::HostnameStatus::mismatch;
  o.problem("hostname_mismatch", "IP address 10.0.0.7 does not match the leaf: DNS:pacs");
  const Check site = check_of("site-baseline", o, "SITE-CERT-HOSTNAME");
  BOOST_TEST(site.verdict == Verdict::fail);
  BOOST_TEST(contains(site.detail, "IP address 10.0.0.7 does not match"), site.detail);
  BOOST_TEST(judge("dicom-b12", o).verdict != Verdict::fail);  // not a PS3.15 rule
  o.cert_obs().hostname = obs::HostnameStatus::unknown;
  BOOST_TEST(check_of("site-baseline", o, "SITE-CERT-HOSTNAME").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(expired_fails_and_expiring_soon_warns) {
  Obs o;
  o.problem("expired", "certificate 1 CN=Intermediate expired on 2025-12-01T00:00:00Z", 1);
  const Check c = check_of("site-baseline", o, "SITE-CERT-VALIDITY");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "CN=Intermediate expired on"), c.detail);
  BOOST_TEST(has_evidence(c, "certificate.chain[1]"));

  Obs soon;
  soon.problem("expires_soon", "leaf CN=pacs expires on 2026-01-10, in 9 day(s)");
  const Result r = judge("site-baseline", soon);
  const Check& w = check(r, "SITE-CERT-VALIDITY");
  BOOST_TEST(w.verdict == Verdict::warn);
  BOOST_TEST(contains(w.detail, "in 9 day(s)"), w.detail);
  BOOST_TEST(contains(w.detail, "renew it"), w.detail);
  // Without a reason in the data, expiring soon is only mentioned.
  const Check plain = judge_rule(R"({"type": "certificate_validity"})", soon);
  BOOST_TEST(plain.verdict == Verdict::pass);
  BOOST_TEST(contains(plain.detail, "in 9 day(s)"), plain.detail);

  Obs early;
  early.problem("not_yet_valid", "leaf CN=pacs is not valid before 2027-01-01");
  BOOST_TEST(check_of("site-baseline", early, "SITE-CERT-VALIDITY").verdict == Verdict::fail);
  BOOST_TEST(judge("ihe-atna-tls12", early).verdict != Verdict::fail);  // ITI-19 has no such rule
}

BOOST_AUTO_TEST_CASE(weak_keys_fail_b13_and_the_scope_decides_which_count) {
  Obs leaf;
  leaf.cert_obs().chain[0].key_bits = 1024;
  const Check b13 = check_of("dicom-b13", leaf, "B13-CERT-KEYS");
  BOOST_TEST(b13.verdict == Verdict::fail);
  BOOST_TEST(contains(b13.detail, "leaf CN=pacs: RSA 1024 bits, below 2048"), b13.detail);
  BOOST_TEST(check_of("dicom-b12", leaf, "B12-CERT-KEY").verdict == Verdict::fail);
  BOOST_TEST(check_of("dicom-b11", leaf, "B11-CERT-KEY").verdict == Verdict::warn);
  // ITI-19: RSA 1024 is within 1024–4096 (shall holds); BCP 195 wants 2048 (should warns).
  BOOST_TEST(check_of("ihe-atna-tls12", leaf, "ATNA-CERT-KEY-SIZE").verdict == Verdict::pass);
  BOOST_TEST(check_of("ihe-atna-tls12", leaf, "ATNA-CERT-KEY-BCP195").verdict == Verdict::warn);
  leaf.cert_obs().chain[0].key_bits = 768;
  BOOST_TEST(check_of("ihe-atna-tls12", leaf, "ATNA-CERT-KEY-SIZE").verdict == Verdict::fail);

  // A weak intermediate: B.13 judges the chain, B.12 only the server's own key.
  Obs mid;
  mid.cert_obs().chain[1].key_bits = 1024;
  BOOST_TEST(check_of("dicom-b13", mid, "B13-CERT-KEYS").verdict == Verdict::fail);
  BOOST_TEST(contains(check_of("dicom-b13", mid, "B13-CERT-KEYS").detail, "certificate 1"));
  BOOST_TEST(check_of("dicom-b12", mid, "B12-CERT-KEY").verdict == Verdict::pass);
  // A weak self-signed anchor sent along is not the server's key.
  Obs anchor;
  anchor.cert_obs().chain[2].key_bits = 1024;
  BOOST_TEST(check_of("dicom-b13", anchor, "B13-CERT-KEYS").verdict == Verdict::pass);

  // EC: P-256 passes B.13; a 224-bit curve fails it; EdDSA is not a permitted B.13 key.
  Obs ec;
  ec.cert_obs().chain[0].key_type = "EC";
  ec.cert_obs().chain[0].curve = "P-256";
  ec.cert_obs().chain[0].key_bits = 256;
  BOOST_TEST(check_of("dicom-b13", ec, "B13-CERT-KEYS").verdict == Verdict::pass);
  ec.cert_obs().chain[0].curve = "P-224";
  ec.cert_obs().chain[0].key_bits = 224;
  BOOST_TEST(check_of("dicom-b13", ec, "B13-CERT-KEYS").verdict == Verdict::fail);
  BOOST_TEST(check_of("dicom-b12", ec, "B12-CERT-KEY").verdict == Verdict::pass);
  Obs ed;
  ed.cert_obs().chain[0].key_type = "ED25519";
  ed.cert_obs().chain[0].key_bits = 253;
  BOOST_TEST(contains(check_of("dicom-b13", ed, "B13-CERT-KEYS").detail,
                      "ED25519 key, not one of RSA, RSA-PSS, EC"));
  BOOST_TEST(check_of("dicom-b13", ed, "B13-CERT-KEYS").verdict == Verdict::fail);
  BOOST_TEST(check_of("dicom-b12", ed, "B12-CERT-KEY").verdict == Verdict::pass);
  // Unknown size: never a pass.
  Obs unknown;
  unknown.cert_obs().chain[0].key_bits = 0;
  BOOST_TEST(check_of("dicom-b13", unknown, "B13-CERT-KEYS").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(sha1_fails_b12_and_b13_allows_sha512) {
  Obs o;
  o.cert_obs().chain[0].signature_algorithm = "sha1WithRSAEncryption";
  o.cert_obs().chain[0].signature_hash = "SHA1";
  const Check b12 = check_of("dicom-b12", o, "B12-CERT-SIGNATURE-HASH");
  BOOST_TEST(b12.verdict == Verdict::fail);
  BOOST_TEST(contains(b12.detail, "leaf CN=pacs: sha1WithRSAEncryption (SHA1)"), b12.detail);
  BOOST_TEST(check_of("dicom-b13", o, "B13-CERT-SIGNATURE-HASH").verdict == Verdict::fail);
  BOOST_TEST(check_of("ihe-atna-tls12", o, "ATNA-CERT-SIGNATURE-HASH").verdict == Verdict::warn);
  BOOST_TEST(judge("dicom-b12", o).verdict == Verdict::fail);

  Obs sha512;
  sha512.cert_obs().chain[1].signature_hash = "SHA512";
  BOOST_TEST(check_of("dicom-b13", sha512, "B13-CERT-SIGNATURE-HASH").verdict == Verdict::pass);
  sha512.cert_obs().chain[1].signature_hash = "SHA224";
  BOOST_TEST(check_of("dicom-b13", sha512, "B13-CERT-SIGNATURE-HASH").verdict == Verdict::fail);
  BOOST_TEST(check_of("dicom-b12", sha512, "B12-CERT-SIGNATURE-HASH").verdict == Verdict::pass);

  // A SHA-1 self-signature (the root) is not judged; a lone self-signed leaf leaves nothing.
  Obs root;
  root.cert_obs().chain[2].signature_hash = "SHA1";
  BOOST_TEST(check_of("dicom-b12", root, "B12-CERT-SIGNATURE-HASH").verdict == Verdict::pass);
  Obs self;
  self.cert_obs().chain = {cert("CN=pacs", "CN=pacs")};
  self.cert_obs().chain[0].signature_hash = "SHA1";
  const Check na = check_of("dicom-b12", self, "B12-CERT-SIGNATURE-HASH");
  BOOST_TEST(na.verdict == Verdict::not_applicable);
  BOOST_TEST(contains(na.detail, "self-signed"), na.detail);
  // Unknown hash: inconclusive.
  Obs unknown;
  unknown.cert_obs().chain[0].signature_hash = "unknown";
  BOOST_TEST(check_of("dicom-b13", unknown, "B13-CERT-SIGNATURE-HASH").verdict ==
             Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(eku_without_server_auth_fails) {
  Obs o;
  o.cert_obs().chain[0].extended_key_usage = {"clientAuth"};
  const Check c = check_of("site-baseline", o, "SITE-CERT-EKU");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "clientAuth without serverAuth"), c.detail);
  o.cert_obs().chain[0].extended_key_usage.clear();
  const Check none = check_of("site-baseline", o, "SITE-CERT-EKU");
  BOOST_TEST(none.verdict == Verdict::pass);
  BOOST_TEST(contains(none.detail, "not restricted"), none.detail);
}

BOOST_AUTO_TEST_CASE(revocation_needs_a_crl) {
  Obs o;
  o.cert_obs().revocation = obs::RevocationStatus::not_checked;
  const Check na = check_of("site-baseline", o, "SITE-CERT-REVOCATION");
  BOOST_TEST(na.verdict == Verdict::not_applicable);
  BOOST_TEST(na.detail.rfind("not checked: no --crl given", 0) == 0, na.detail);
  o.cert_obs().revocation = obs::RevocationStatus::revoked;
  o.problem("revoked", "leaf CN=pacs (serial 01) is listed as revoked");
  const Check revoked = check_of("site-baseline", o, "SITE-CERT-REVOCATION");
  BOOST_TEST(revoked.verdict == Verdict::fail);
  BOOST_TEST(contains(revoked.detail, "listed as revoked"), revoked.detail);
  o.cert_obs().revocation = obs::RevocationStatus::unknown;
  BOOST_TEST(check_of("site-baseline", o, "SITE-CERT-REVOCATION").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(ocsp_stapling_is_informational) {
  Obs o;
  o.cert_obs().ocsp_stapling = obs::StaplingStatus::not_stapled;
  const Check c = check_of("dicom-b13", o, "B13-OCSP-STAPLING");
  BOOST_TEST(c.level == Level::may);
  BOOST_TEST(c.verdict == Verdict::not_applicable);  // nothing stapled is never shown as a pass
  BOOST_TEST(contains(c.detail, "optional (may): not done"), c.detail);
  o.cert_obs().ocsp_stapling = obs::StaplingStatus::stapled;
  BOOST_TEST(check_of("dicom-b13", o, "B13-OCSP-STAPLING").verdict == Verdict::pass);
  o.cert_obs().ocsp_stapling = obs::StaplingStatus::unknown;
  BOOST_TEST(check_of("dicom-b13", o, "B13-OCSP-STAPLING").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(lifetime_over_two_years_warns_under_atna) {
  Obs o;
  o.cert_obs().chain[0].not_before = "2025-01-01T00:00:00Z";
  o.cert_obs().chain[0].not_after = "2028-01-01T00:00:00Z";
  const Check c = check_of("ihe-atna-tls12", o, "ATNA-CERT-LIFETIME");
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail, "valid for 1095 days"), c.detail);
  o.cert_obs().chain[0].not_after = "2027-01-01T00:00:00Z";  // 730 days
  BOOST_TEST(check_of("ihe-atna-tls12", o, "ATNA-CERT-LIFETIME").verdict == Verdict::pass);
  o.cert_obs().chain[0].not_after = "";
  BOOST_TEST(check_of("ihe-atna-tls12", o, "ATNA-CERT-LIFETIME").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(no_chain_observed_leaves_every_certificate_check_inconclusive) {
  Obs o;
  o.cert_obs().status = obs::ChainStatus::not_observed;
  o.cert_obs().detail = "handshake failed";
  for (const auto& id : kProfiles) {
    for (const auto& c : judge(id, o).checks) {
      // (client certificates are not the server's chain)
      if (!contains(c.id, "CERT-") || contains(c.id, "CLIENT") || contains(c.id, "-DICOM-") ||
          contains(c.id, "PEER-CERT"))
        continue;
      BOOST_TEST(c.verdict == Verdict::inconclusive, id << " " << c.id);
      BOOST_TEST(contains(c.detail, "no server certificate was observed (not_observed)"), c.detail);
    }
  }
}

BOOST_AUTO_TEST_CASE(client_auth_not_requested_is_inconclusive_with_the_reason) {
  Obs o;
  o.o.client_auth.requested = obs::ClientAuthRequest::not_requested;
  o.o.client_auth.matrix.clear();
  const Result r = judge("dicom-b13", o);
  const Check& c = check(r, "B13-MUTUAL-AUTH");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail,
                      "client authentication not requested: the server may support it but is not "
                      "configured to use it (PS3.15 B.12/B.13: servers shall support mutual "
                      "authentication; a server may be configured not to use it)"),
             c.detail);
  BOOST_TEST(has_evidence(c, "client_auth.requested"));
  BOOST_TEST(check(judge("dicom-b12", o), "B12-MUTUAL-AUTH").verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict != Verdict::pass);
  // ITI-19 needs node authentication: no request is a failure there.
  const Result atna = judge("ihe-atna-tls12", o);
  BOOST_TEST(check(atna, "ATNA-CLIENT-CERT-REQUIRED").verdict == Verdict::fail);
  BOOST_TEST(atna.verdict == Verdict::fail);
  BOOST_TEST(check(atna, "ATNA-BAD-CLIENT-CERTS").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(accepting_an_expired_client_certificate_fails) {
  Obs o;
  o.set_case("expired", "TLSv1.3", "accepted");
  const Result r = judge("dicom-b13", o);
  const Check& c = check(r, "B13-MUTUAL-AUTH");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "accepted: expired in TLSv1.3"), c.detail);
  BOOST_TEST(contains(c.detail, "refused: expired in TLSv1.2"), c.detail);
  BOOST_TEST(r.verdict == Verdict::fail);
  BOOST_TEST(check_of("dicom-b12", o, "B12-MUTUAL-AUTH").verdict == Verdict::fail);
  // ITI-19 lets a node restrict instead of refusing: an interpretation, so a warning.
  const Check atna = check_of("ihe-atna-tls12", o, "ATNA-BAD-CLIENT-CERTS");
  BOOST_TEST(atna.verdict == Verdict::warn);
  BOOST_TEST(contains(atna.detail, "reported as a warning"), atna.detail);
  // An inconclusive case does not hide the failure.
  o.set_case("self_signed", "TLSv1.2", "inconclusive", "read timed out");
  BOOST_TEST(check_of("dicom-b13", o, "B13-MUTUAL-AUTH").verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(weak_client_certificates_fail_b13_and_warn_b12) {
  Obs o;
  o.set_case("rsa1024", "TLSv1.2", "accepted").set_case("sha1", "TLSv1.2", "accepted");
  // B.13's certificate rules, judged apart from whether mutual authentication is supported.
  const Check rules = check_of("dicom-b13", o, "B13-PEER-CERT-RULES");
  BOOST_TEST(rules.verdict == Verdict::fail);
  BOOST_TEST(contains(rules.detail, "accepted: rsa1024 in TLSv1.2; sha1 in TLSv1.2"), rules.detail);
  BOOST_TEST(check_of("dicom-b13", o, "B13-MUTUAL-AUTH").verdict == Verdict::pass);
  BOOST_TEST(check_of("dicom-b12", o, "B12-MUTUAL-AUTH").verdict == Verdict::pass);
  const Check weak = check_of("dicom-b12", o, "B12-MUTUAL-AUTH-WEAK-CERTS");
  BOOST_TEST(weak.verdict == Verdict::warn);
  BOOST_TEST(contains(weak.detail, "accepted: rsa1024 in TLSv1.2; sha1 in TLSv1.2"), weak.detail);
  o.set_case("wrong_eku", "TLSv1.3", "accepted");
  BOOST_TEST(check_of("dicom-b13", o, "B13-MUTUAL-AUTH-WEAK-CERTS").verdict == Verdict::warn);
}

BOOST_AUTO_TEST_CASE(mutual_authentication_never_passes_without_proof) {
  // A listed case that could not be presented leaves the rule undecided, however many others
  // were refused, and says (once) what presenting it needs.
  Obs na;
  for (const char* v : {"TLSv1.2", "TLSv1.3"})
    na.set_case("revoked", v, "not_applicable", "needs the CRL installed on the device");
  const Check listed = check_of("dicom-b13", na, "B13-MUTUAL-AUTH");
  BOOST_TEST(listed.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(listed.detail,
                      "not presented: revoked (needs the CRL installed on the "
                      "device)"),
             listed.detail);
  BOOST_TEST(contains(listed.detail, "a case that was not presented decides nothing"));
  BOOST_TEST(check_of("dicom-b12", na, "B12-MUTUAL-AUTH").verdict == Verdict::inconclusive);
  // Cases the rule does not list do not matter.
  Obs other;
  for (const char* v : {"TLSv1.2", "TLSv1.3"})
    other.set_case("wrong_eku", v, "not_applicable", "needs the CA key");
  BOOST_TEST(check_of("dicom-b13", other, "B13-MUTUAL-AUTH").verdict == Verdict::pass);

  // Nothing bad presented at all: inconclusive, the needs grouped.
  Obs nothing;
  for (const char* v : {"TLSv1.2", "TLSv1.3"})
    for (const char* name : kBadCases) nothing.set_case(name, v, "not_applicable", "no CA key");
  const Check none = check_of("dicom-b13", nothing, "B13-MUTUAL-AUTH");
  BOOST_TEST(none.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(none.detail, "not presented: expired, not_yet_valid"), none.detail);
  BOOST_TEST(contains(none.detail, "(no CA key)"), none.detail);

  // A case still undecided, or never run: inconclusive.
  Obs undecided;
  undecided.set_case("wrong_key", "TLSv1.3", "inconclusive", "reset");
  BOOST_TEST(check_of("dicom-b13", undecided, "B13-MUTUAL-AUTH").verdict == Verdict::inconclusive);
  Obs missing;
  missing.drop_case("untrusted_ca");
  const Check m = check_of("dicom-b13", missing, "B13-MUTUAL-AUTH");
  BOOST_TEST(m.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(m.detail, "not run: untrusted_ca"), m.detail);

  // The connection without a certificate must be decided.
  Obs no_none;
  no_none.drop_case("none");
  BOOST_TEST(check_of("dicom-b13", no_none, "B13-MUTUAL-AUTH").verdict == Verdict::inconclusive);

  // Refusing the good certificate too proves nothing about checking.
  Obs refuses_all;
  refuses_all.set_case("good", "TLSv1.2", "refused").set_case("good", "TLSv1.3", "refused");
  const Check all = check_of("dicom-b13", refuses_all, "B13-MUTUAL-AUTH");
  BOOST_TEST(all.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(all.detail, "good certificate refused"), all.detail);

  // Unknown whether a certificate is requested.
  Obs unknown;
  unknown.o.client_auth.requested = obs::ClientAuthRequest::inconclusive;
  unknown.o.client_auth.detail = "the handshake timed out";
  const Check u = check_of("dicom-b13", unknown, "B13-MUTUAL-AUTH");
  BOOST_TEST(u.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(u.detail, "the handshake timed out"), u.detail);
}

BOOST_AUTO_TEST_CASE(optional_client_auth_never_passes_mutual_authentication) {
  // Every bad certificate refused, but a client without one admitted: DICOM cannot pass it (a
  // server may be configured not to use mutual authentication: inconclusive) and ATNA fails it.
  Obs o;
  o.o.client_auth.requested = obs::ClientAuthRequest::optional;
  o.set_case("none", "TLSv1.2", "accepted").set_case("none", "TLSv1.3", "accepted");
  for (const char* id : {"dicom-b12", "dicom-b13", "dicom-b13-2024b"}) {
    const std::string prefix = std::string(id) == "dicom-b12" ? "B12" : "B13";
    const Check c = check_of(id, o, prefix + "-MUTUAL-AUTH");
    BOOST_TEST(c.verdict == Verdict::inconclusive, id);
    BOOST_TEST(contains(c.detail, "admits a client without one"), c.detail);
    BOOST_TEST(check_of(id, o, prefix + "-MUTUAL-AUTH-WEAK-CERTS").verdict ==
               Verdict::inconclusive);
  }
  // A bad certificate accepted still fails, optional or not.
  o.set_case("expired", "TLSv1.2", "accepted");
  BOOST_TEST(check_of("dicom-b12", o, "B12-MUTUAL-AUTH").verdict == Verdict::fail);
  o.set_case("expired", "TLSv1.2", "refused");
  const Check atna = check_of("ihe-atna-tls12", o, "ATNA-CLIENT-CERT-REQUIRED");
  BOOST_TEST(atna.verdict == Verdict::fail);
  BOOST_TEST(contains(atna.detail, "accepted: none in TLSv1.2"), atna.detail);
}

BOOST_AUTO_TEST_CASE(certificate_problems_rule_forbids_listed_codes) {
  Obs o;
  o.problem("self_signed", "leaf CN=pacs is self-signed").problem("expires_soon", "soon");
  const std::string rule = R"({"type": "certificate_problems", "forbid": ["self_signed"]})";
  const Check c = judge_rule(rule, o);
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "self_signed: leaf CN=pacs is self-signed"), c.detail);
  BOOST_TEST(contains(c.detail, "other problems listed: expires_soon"), c.detail);
  BOOST_TEST(has_evidence(c, "certificate.problems"));
  BOOST_TEST(has_evidence(c, "certificate.chain[0]"));
  BOOST_TEST(judge_rule(R"({"type": "certificate_problems", "forbid": ["weak_key"]})", o).verdict ==
             Verdict::pass);
  o.cert_obs().revocation = obs::RevocationStatus::not_checked;
  const Check rev = judge_rule(R"({"type": "certificate_problems", "forbid": ["revoked"]})", o);
  BOOST_TEST(rev.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(rev.detail, "revoked not checked: no --crl given"), rev.detail);
}

BOOST_AUTO_TEST_CASE(certificate_rules_are_checked_when_loaded) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"type": "certificate_problems", "forbid": ["expird"]})",
       R"(x.json: /requirements/0/rule/forbid/0: "expird" is not a certificate problem code )"
       R"((known: expired, not_yet_valid, )"},
      {R"({"type": "certificate_key", "scope": "leaf"})",
       "x.json: /requirements/0/rule: a certificate_key rule needs rsa_min_bits, ec_min_bits, "
       "dsa_min_bits or types"},
      {R"({"type": "certificate_key", "rsa_min_bits": 2048, "scope": "all"})",
       R"(x.json: /requirements/0/rule/scope: "all" is not a scope (write leaf or chain))"},
      {R"({"type": "certificate_key", "types": ["RSA", "ECDSA"]})",
       R"(x.json: /requirements/0/rule/types/1: "ECDSA" is not a key type )"},
      {R"({"type": "certificate_signature_hash", "allowed": ["SHA256"], "forbidden": ["SHA1"]})",
       R"(x.json: /requirements/0/rule: give exactly one of "allowed" (a closed list) and )"
       R"("forbidden")"},
      {R"({"type": "certificate_signature_hash", "forbidden": ["SHA-1"]})",
       R"(x.json: /requirements/0/rule/forbidden/0: "SHA-1" is not a hash name )"},
      {R"({"type": "mutual_authentication", "refuse": ["good"], "not_requested": "r"})",
       R"(x.json: /requirements/0/rule/refuse/0: "good" is the certificate that must be accepted)"},
      {R"({"type": "mutual_authentication", "refuse": ["expired"]})",
       "x.json: /requirements/0/rule/not_requested: missing (required here)"},
      {R"({"type": "mutual_authentication", "refuse": ["none"], "not_requested": "r"})",
       R"(x.json: /requirements/0/rule/not_requested: not used: with "none" refused)"},
      {R"({"type": "certificate_lifetime", "max_days": 0})",
       "x.json: /requirements/0/rule/max_days: must be a positive number of days"},
      {R"({"type": "certificate_trust", "strict": true})",
       R"(x.json: /requirements/0/rule/strict: unknown key "strict")"},
      {R"({"type": "groups_families", "versions": ["TLSv1.3"], "allowed": ["pq"]})",
       R"(x.json: /requirements/0/rule/allowed/0: "pq" is not a group family )"},
      {R"({"type": "certificate_trust", "without_anchor": "pass"})",
       R"(x.json: /requirements/0/rule/without_anchor: "pass" is not a choice )"},
  };
  for (const auto& [rule, expected] : cases) {
    const std::string e = load_error(rule);
    BOOST_TEST(e.rfind(expected, 0) == 0, rule << " → " << e);
  }
}
