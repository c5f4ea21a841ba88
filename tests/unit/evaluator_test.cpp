#define BOOST_TEST_MODULE evaluator
#include <boost/test/unit_test.hpp>

#include "support/source_registry.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
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

using medtls::TlsVersion;
using medtls::profile::Check;
using medtls::profile::evaluate;
using medtls::profile::load_profile;
using medtls::profile::parse_profile;
using medtls::profile::Result;
using medtls::suites::Registry;
namespace obs = medtls::obs;

namespace {

const Registry& registry() {
  return medtls::testing::source_registry();
}

using Codes = std::vector<std::uint16_t>;

// Synthetic observations, shaped as the prober records them: every verdict-bearing result
// names the attempts behind it.
class Server {
 public:
  Server() { o_.reachable = true; }

  Server& rejected(TlsVersion v, std::optional<std::uint8_t> alert = 70,
                   obs::Outcome how = obs::Outcome::alert) {
    obs::VersionResult& r = o_.versions[v];
    r.status = obs::VersionStatus::rejected;
    r.alert = alert;
    r.attempts = {attempt(v, how, alert, 0)};
    o_.suites.erase(v);
    return *this;
  }
  Server& accepted(TlsVersion v, Codes suites, std::string order = "server", bool complete = true) {
    obs::VersionResult& r = o_.versions[v];
    r.status = obs::VersionStatus::accepted;
    r.alert.reset();
    r.attempts = {attempt(v, obs::Outcome::server_hello, std::nullopt, suites.front())};
    obs::SuiteResult& s = o_.suites[v];
    s.accepted = std::move(suites);
    s.order = test::as<obs::SuiteOrder>(order);
    s.complete = complete;
    s.attempts = r.attempts;
    return *this;
  }
  Server& inconclusive(TlsVersion v) {
    obs::VersionResult& r = o_.versions[v];
    r.status = obs::VersionStatus::inconclusive;
    r.detail = "read timed out after 10 s";
    r.attempts = {attempt(v, obs::Outcome::timeout, std::nullopt, 0)};
    o_.suites.erase(v);
    return *this;
  }
  Server& groups(TlsVersion v, Codes groups, bool complete = true) {
    obs::GroupResult& g = o_.groups[v];
    g.supported = std::move(groups);
    g.complete = complete;
    g.attempts = {attempt(v, obs::Outcome::server_hello, std::nullopt, 0)};
    return *this;
  }
  Server& dhe(int bits, std::string name, std::uint16_t suite) {
    o_.dhe.push_back(
        {bits, std::move(name), suite,
         attempt(TlsVersion::TLSv1_2, obs::Outcome::server_hello, std::nullopt, suite)});
    return *this;
  }
  Server& fact(const std::string& name, const std::string& value) {
    obs::Fact& f = o_.facts[name];
    f.value = value;
    f.attempts = {attempt(TlsVersion::TLSv1_2, obs::Outcome::server_hello, std::nullopt, 0)};
    return *this;
  }
  Server& add_suites(TlsVersion v, const Codes& more) {
    auto& s = o_.suites.at(v).accepted;
    s.insert(s.end(), more.begin(), more.end());
    return *this;
  }
  // A chain that passes every certificate rule: trusted by --ca, host name matching, valid for
  // a year, CRL checked, OCSP stapled; and a server that refuses every bad client certificate.
  Server& good_certificate() {
    obs::CertificateInfo leaf;
    leaf.subject = "CN=localhost";
    leaf.issuer = "CN=medtls test root";
    leaf.serial = "1a2b";
    leaf.not_before = "2025-06-01T00:00:00Z";
    leaf.not_after = "2026-06-01T00:00:00Z";
    leaf.key_type = "RSA";
    leaf.key_bits = 2048;
    leaf.signature_algorithm = "sha256WithRSAEncryption";
    leaf.signature_hash = "SHA256";
    leaf.subject_alt_names = {"DNS:localhost"};
    leaf.extended_key_usage = {"serverAuth"};
    obs::CertificateInfo root = leaf;
    root.subject = root.issuer;
    root.key_bits = 4096;
    root.is_ca = true;
    root.self_signed = true;
    root.extended_key_usage.clear();
    obs::ServerCertificate& c = o_.certificate;
    c.status = obs::ChainStatus::observed;
    c.version = "TLSv1.3";
    c.chain = {leaf, root};
    c.trust = obs::TrustStatus::trusted;
    c.trust_detail = "verified";
    c.hostname_checked = "localhost";
    c.hostname = obs::HostnameStatus::match;
    c.revocation = obs::RevocationStatus::good;
    c.ocsp_stapling = obs::StaplingStatus::stapled;
    obs::ClientAuthObservations& ca = o_.client_auth;
    ca.requested = obs::ClientAuthRequest::required;
    ca.matrix.clear();
    for (const char* v : {"TLSv1.2", "TLSv1.3"})
      for (auto name : enum_values<obs::ClientCase>())
        ca.matrix.push_back(
            {name, v,
             name == obs::ClientCase::good ? obs::CaseOutcome::accepted : obs::CaseOutcome::refused,
             std::nullopt, ""});
    return *this;
  }
  const obs::TlsObservations& obs() const { return o_; }

 private:
  int attempt(TlsVersion v, obs::Outcome outcome, std::optional<std::uint8_t> alert,
              std::uint16_t suite) {
    obs::Attempt a;
    a.index = static_cast<int>(o_.attempts.size());
    a.purpose = "synthetic";
    a.reply.outcome = outcome;
    if (alert) a.reply.alert = obs::Alert{2, *alert};
    a.reply.version = medtls::wire_code(v);
    a.reply.suite = suite;
    o_.attempts.push_back(a);
    return a.index;
  }
  obs::TlsObservations o_;
};

const Codes kB13Tls13 = {0x1302, 0x1303, 0x1301, 0x1304, 0x1305};
const Codes kB13Tls12 = {0xC02C, 0xC030, 0xC0AD, 0xC0AF, 0xCCA9,
                         0xCCA8, 0xC02F, 0xC02B, 0xC0AC, 0xC0AE};
const Codes kCamellia = {0xC087, 0xC08B, 0xC086, 0xC08A};

// Facts of a server that does everything RFC 9325 asks.
Server& good_facts(Server& s) {
  return s.fact("tls13_preferred", "yes")
      .fact("extended_master_secret", "supported")
      .fact("renegotiation_info", "supported")
      .fact("truncated_hmac", "refused")
      .fact("compression", "refused")
      .fact("encrypt_then_mac", "not_applicable")
      .fact("alpn_dicom", "selected")
      .fact("alpn_wrong_protocol", "refused_no_application_protocol")
      .fact("sni_unknown_name", "refused_unrecognized_name")
      .fact("server_hello_conformance", "conformant")
      .fact("ske_weak_signature", "refused")
      .fact("signature_outside_b13", "refused")
      .fact("certificate_request_weak_hash", "not_listed")
      .fact("early_data", "not_offered");
}

// A server configured exactly as B.13 (2024c) asks, optionally with the Camellia-GCM suites.
Server b13_server(bool camellia) {
  Server s;
  Codes tls12 = kB13Tls12;
  if (camellia) tls12.insert(tls12.end(), kCamellia.begin(), kCamellia.end());
  s.rejected(TlsVersion::SSLv3)
      .rejected(TlsVersion::TLSv1_0)
      .rejected(TlsVersion::TLSv1_1)
      .accepted(TlsVersion::TLSv1_2, tls12)
      .accepted(TlsVersion::TLSv1_3, kB13Tls13)
      .groups(TlsVersion::TLSv1_2, {0x0017, 0x0018})
      .groups(TlsVersion::TLSv1_3, {0x0017, 0x0018})
      .good_certificate();
  good_facts(s);
  return s;
}

// What DCMTK's storescp with its default TLS setup typically shows.
Server storescp_like() {
  Server s;
  s.rejected(TlsVersion::SSLv3)
      .rejected(TlsVersion::TLSv1_0)
      .rejected(TlsVersion::TLSv1_1)
      .accepted(TlsVersion::TLSv1_2, {0xC02F, 0xC030, 0x009E, 0x009F})
      .accepted(TlsVersion::TLSv1_3, {0x1301, 0x1302, 0x1303})
      .groups(TlsVersion::TLSv1_2, {0x001D, 0x0017})
      .groups(TlsVersion::TLSv1_3, {0x001D, 0x0017})
      .dhe(2048, "ffdhe2048", 0x009E)
      .good_certificate();
  good_facts(s);
  return s;
}

Result judge(const std::string& profile, const Server& server) {
  return evaluate(load_profile(profile, "", registry()), server.obs(), registry());
}

const Check& check(const Result& r, const std::string& id) {
  auto it =
      std::find_if(r.checks.begin(), r.checks.end(), [&](const Check& c) { return c.id == id; });
  BOOST_REQUIRE_MESSAGE(it != r.checks.end(), r.id + " has no check " + id);
  return *it;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
bool has_evidence(const Check& c, const std::string& pointer) {
  return std::find(c.evidence.begin(), c.evidence.end(), pointer) != c.evidence.end();
}

// All checks of a given verdict, for messages.
std::string with_verdict(const Result& r, Verdict verdict) {
  std::string out;
  for (const auto& c : r.checks)
    if (c.verdict == verdict) out += c.id + " [" + c.detail + "] ";
  return out;
}

}  // namespace

// A server whose ServerHellos pick what was never offered fails the requirement every profile
// carries, and with nothing else wrong it is that failure alone.
BOOST_AUTO_TEST_CASE(a_protocol_violation_fails_every_profile) {
  Server s = b13_server(true);
  s.fact("server_hello_conformance", "violations");
  for (const char* id : {"dicom-b13", "dicom-b12", "dicom-b1", "ihe-atna-tls12"}) {
    const Result r = judge(id, s);
    BOOST_TEST_CONTEXT(id) {
      BOOST_TEST(r.verdict == Verdict::fail);
      bool found = false;
      for (const auto& c : r.checks)
        if (c.id.find("-SERVERHELLO-OFFERED") != std::string::npos) {
          found = true;
          BOOST_TEST(c.verdict == Verdict::fail);
          BOOST_TEST(c.level == Level::shall);
        }
      BOOST_TEST(found);
    }
  }
  s.fact("server_hello_conformance", "not_applicable");
  for (const auto& c : judge("dicom-b13", s).checks)
    if (c.id == "B13-SERVERHELLO-OFFERED") BOOST_TEST(c.verdict == Verdict::not_applicable);
}

BOOST_AUTO_TEST_CASE(exact_b13_server_passes_b13) {
  const Result r = judge("dicom-b13", b13_server(true));
  BOOST_TEST(r.verdict == Verdict::pass, with_verdict(r, Verdict::fail)
                                             << with_verdict(r, Verdict::inconclusive));
  BOOST_TEST(r.id == "dicom-b13");
  BOOST_TEST(r.edition == "PS3.15 2024c");
  // One check per server-role requirement (the client-role ones judge `medtls listen` targets).
  const auto& reqs = load_profile("dicom-b13", "", registry()).requirements;
  BOOST_TEST(r.checks.size() ==
             static_cast<std::size_t>(std::count_if(reqs.begin(), reqs.end(), [](const auto& q) {
               return q.role == medtls::obs::Role::server;
             })));
  BOOST_TEST(with_verdict(r, Verdict::fail).empty());
  BOOST_TEST(with_verdict(r, Verdict::inconclusive).empty());
  BOOST_TEST(with_verdict(r, Verdict::warn).empty());
  for (const auto& c : r.checks) {
    BOOST_TEST(!c.detail.empty(), c.id);
    BOOST_TEST(!c.evidence.empty(), c.id);
    BOOST_TEST(!c.cite.empty(), c.id);
  }
  const Check& required = check(r, "B13-TLS12-REQUIRED-SUITES");
  BOOST_TEST(required.verdict == Verdict::pass);
  BOOST_TEST(has_evidence(required, "tls.suites.TLSv1.2"));
  BOOST_TEST(
      contains(check(r, "B13-TLS12-OPTIONAL-SUITES").detail, "accepts 4 of 13 optional suites"));
  const Check& tls10 = check(r, "B13-TLS10-ALERT");
  BOOST_TEST(tls10.verdict == Verdict::pass);
  BOOST_TEST(tls10.detail == "TLSv1.0 refused with alert protocol_version(70) (attempt 1)");
  BOOST_TEST(has_evidence(tls10, "tls.versions.TLSv1.0"));
  BOOST_TEST(has_evidence(tls10, "tls.attempts[1]"));
  BOOST_TEST(check(r, "B13-DHE-2048").verdict == Verdict::not_applicable);
  // The 2024b edition also passes: this server has the Camellia suites it required.
  BOOST_TEST(judge("dicom-b13-2024b", b13_server(true)).verdict == Verdict::pass);
}

BOOST_AUTO_TEST_CASE(without_camellia_passes_b13_and_fails_b13_2024b) {
  const Server s = b13_server(false);
  const Result now = judge("dicom-b13", s);
  BOOST_TEST(now.verdict == Verdict::pass, with_verdict(now, Verdict::fail));
  BOOST_TEST(contains(check(now, "B13-TLS12-OPTIONAL-SUITES").detail, "accepts 0 of 13"));

  const Result before = judge("dicom-b13-2024b", s);
  BOOST_TEST(before.verdict == Verdict::fail);
  const Check& c = check(before, "B13-TLS12-REQUIRED-SUITES");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(c.level == Level::shall);
  BOOST_TEST(
      contains(c.detail, "TLSv1.2 is missing 0xC087 TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384"),
      c.detail);
  BOOST_TEST(contains(c.detail, "0xC08A TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256"), c.detail);
  BOOST_TEST(contains(c.cite, "2024b"));
  // Only that requirement fails.
  for (const auto& other : before.checks)
    if (other.id != c.id) BOOST_TEST(other.verdict != Verdict::fail, other.id);
}

BOOST_AUTO_TEST_CASE(accepting_tls10_fails_b12_with_the_version_check) {
  Server s = b13_server(false);
  s.accepted(TlsVersion::TLSv1_0, {0xC013});  // ECDHE-RSA-AES128-SHA
  const Result r = judge("dicom-b12", s);
  BOOST_TEST(r.verdict == Verdict::fail);
  const Check& c = check(r, "B12-TLS10-REJECTED");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail,
                      "TLSv1.0 accepted: ServerHello TLSv1.0 with 0xC013 "
                      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
             c.detail);
  BOOST_TEST(has_evidence(c, "tls.versions.TLSv1.0"));
  BOOST_TEST(std::any_of(c.evidence.begin(), c.evidence.end(),
                         [](const std::string& e) { return e.rfind("tls.attempts[", 0) == 0; }));
  BOOST_TEST(contains(c.cite, "RFC 8996 §4"));
  // The alert check has nothing to judge; the accepted CBC suite lacks encrypt_then_mac data.
  BOOST_TEST(check(r, "B12-TLS10-ALERT").verdict == Verdict::not_applicable);
  BOOST_TEST(check(r, "B12-TLS11-REJECTED").verdict == Verdict::pass);
  // ITI-19 asks only that the node be able to restrict itself to TLS 1.2 or higher, which the
  // wire cannot show: accepting TLS 1.0 is an interpretation there, a warning with its reason.
  const Result atna = judge("ihe-atna-tls12", s);
  const Check a = check(atna, "ATNA-TLS10-REJECTED");
  BOOST_TEST(a.verdict == Verdict::warn, a.detail);
  BOOST_TEST(contains(a.detail, "able to restrict"), a.detail);
  BOOST_TEST(check(atna, "ATNA-TLS11-REJECTED").verdict == Verdict::pass);
}

BOOST_AUTO_TEST_CASE(x25519_warns_under_b13_and_small_curves_fail) {
  Server s = b13_server(false);
  s.groups(TlsVersion::TLSv1_3, {0x001D, 0x0017});
  const Result r = judge("dicom-b13", s);
  const Check& c = check(r, "B13-ECDHE-256");
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(contains(c.detail, "x25519(255) in TLSv1.3"), c.detail);
  BOOST_TEST(contains(c.detail, "not settled by the text"), c.detail);
  BOOST_TEST(has_evidence(c, "tls.groups.TLSv1.3"));
  BOOST_TEST(r.verdict == Verdict::pass);  // a warning, never a failure
  // Under B.12 (>= 224 bits) X25519 simply passes.
  BOOST_TEST(check(judge("dicom-b12", s), "B12-ECDHE-224").verdict == Verdict::pass);

  s.groups(TlsVersion::TLSv1_2, {0x0015, 0x0017});  // secp224r1
  const Result small = judge("dicom-b13", s);
  BOOST_TEST(check(small, "B13-ECDHE-256").verdict == Verdict::fail);
  BOOST_TEST(contains(check(small, "B13-ECDHE-256").detail, "secp224r1(224) in TLSv1.2"));
  BOOST_TEST(small.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(dhe_accepted_warns_under_b12_only) {
  Server s = b13_server(false);
  s.add_suites(TlsVersion::TLSv1_2, {0x009E}).dhe(2048, "ffdhe2048", 0x009E);
  const Result b12 = judge("dicom-b12", s);
  const Check& c = check(b12, "B12-NO-DHE");
  BOOST_TEST(c.verdict == Verdict::warn);
  BOOST_TEST(c.level == Level::should);
  BOOST_TEST(contains(c.detail, "0x009E TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), c.detail);
  BOOST_TEST(!contains(c.detail, "first choice"), c.detail);
  BOOST_TEST(check(b12, "B12-DHE-2048").verdict == Verdict::pass);
  {  // DHE ranked first in server order is said.
    Server first = s;
    first.accepted(TlsVersion::TLSv1_2, {0x009F, 0xC030, 0xC02F});
    const Check f = check(judge("dicom-b12", first), "B12-NO-DHE");
    BOOST_TEST(contains(f.detail, "0x009F is the server's first choice"), f.detail);
  }
  BOOST_TEST(b12.verdict == Verdict::pass, with_verdict(b12, Verdict::fail));
  // B.13 lists DHE as optional: no warning there.
  const Result b13 = judge("dicom-b13", s);
  BOOST_TEST(b13.verdict == Verdict::pass);
  BOOST_TEST(with_verdict(b13, Verdict::warn).empty(), with_verdict(b13, Verdict::warn));

  Server weak = s;
  weak.dhe(1024, "", 0x009E);
  const Check small = check(judge("dicom-b12", weak), "B12-DHE-2048");
  BOOST_TEST(small.verdict == Verdict::fail);
  BOOST_TEST(contains(small.detail, "unnamed group(1024)"), small.detail);
}

BOOST_AUTO_TEST_CASE(alpn_and_sni_ignored_warn_never_fail) {
  Server s = b13_server(false);
  s.fact("alpn_dicom", "ignored").fact("sni_unknown_name", "ignored");
  const Result r = judge("dicom-b12", s);
  const Check& alpn = check(r, "B12-ALPN-DICOM");
  BOOST_TEST(alpn.verdict == Verdict::warn);
  BOOST_TEST(contains(alpn.detail, "alpn_dicom ignored"), alpn.detail);
  BOOST_TEST(contains(alpn.detail, "may not implement ALPN"), alpn.detail);
  BOOST_TEST(has_evidence(alpn, "tls.facts.alpn_dicom"));
  // A server that ignores names does not use SNI: nothing to judge (RFC 9325 §3.7), not a pass.
  BOOST_TEST(check(r, "B12-SNI-UNKNOWN-NAME").verdict == Verdict::not_applicable);
  s.fact("sni_unknown_name", "acknowledged");
  BOOST_TEST(check(judge("dicom-b12", s), "B12-SNI-UNKNOWN-NAME").verdict == Verdict::warn);
  s.fact("sni_unknown_name", "ignored");
  BOOST_TEST(r.verdict == Verdict::pass);
  // Unknown is inconclusive, and (being should-level) does not hold the profile up.
  s.fact("alpn_dicom", "unknown");
  const Result unknown = judge("dicom-b12", s);
  BOOST_TEST(check(unknown, "B12-ALPN-DICOM").verdict == Verdict::inconclusive);
  BOOST_TEST(unknown.verdict == Verdict::pass);
}

BOOST_AUTO_TEST_CASE(incomplete_enumeration_is_inconclusive_not_pass) {
  Server s = b13_server(false);
  Codes seen(kB13Tls12.begin(), kB13Tls12.begin() + 8);
  s.accepted(TlsVersion::TLSv1_2, seen, "server", false);
  const Result r = judge("dicom-b13", s);
  const Check& c = check(r, "B13-TLS12-REQUIRED-SUITES");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "not seen 0xC0AC"), c.detail);
  BOOST_TEST(contains(c.detail, "the enumeration was cut short"), c.detail);
  BOOST_TEST(check(r, "B13-TLS12-PERMITTED-SUITES").verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);

  // All required suites seen: the requirement is proven, the closed list still is not.
  s.accepted(TlsVersion::TLSv1_2, kB13Tls12, "server", false);
  const Result all = judge("dicom-b13", s);
  BOOST_TEST(check(all, "B13-TLS12-REQUIRED-SUITES").verdict == Verdict::pass);
  BOOST_TEST(check(all, "B13-TLS12-PERMITTED-SUITES").verdict == Verdict::inconclusive);
  BOOST_TEST(all.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(no_observations_never_pass) {
  const obs::TlsObservations nothing;
  for (const auto& id : medtls::profile::builtin_ids()) {
    const Result r = evaluate(load_profile(id, "", registry()), nothing, registry());
    BOOST_TEST(r.verdict == Verdict::inconclusive, id);
    BOOST_TEST(with_verdict(r, Verdict::pass).empty(),
               id << ": " << with_verdict(r, Verdict::pass));
    BOOST_TEST(with_verdict(r, Verdict::fail).empty(),
               id << ": " << with_verdict(r, Verdict::fail));
  }
}

BOOST_AUTO_TEST_CASE(tls10_refused_with_handshake_failure_fails_the_alert_check) {
  Server s = b13_server(false);
  s.rejected(TlsVersion::TLSv1_0, 40);
  const Result r = judge("dicom-b12", s);
  BOOST_TEST(check(r, "B12-TLS10-REJECTED").verdict == Verdict::pass);
  const Check& c = check(r, "B12-TLS10-ALERT");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "TLSv1.0 refused with alert handshake_failure(40)"), c.detail);
  BOOST_TEST(contains(c.detail, "not with protocol_version(70)"), c.detail);
  BOOST_TEST(r.verdict == Verdict::fail);

  s.rejected(TlsVersion::TLSv1_1, std::nullopt, obs::Outcome::closed);
  const Check closed = check(judge("dicom-b12", s), "B12-TLS11-ALERT");
  BOOST_TEST(closed.verdict == Verdict::fail);
  BOOST_TEST(contains(closed.detail, "TLSv1.1 refused without an alert (closed)"), closed.detail);
}

BOOST_AUTO_TEST_CASE(closed_list_violation_lists_the_extra_suites) {
  Server s = b13_server(false);
  s.add_suites(TlsVersion::TLSv1_2, {0xC027, 0x009C});
  const Result r = judge("dicom-b13", s);
  const Check& c = check(r, "B13-TLS12-PERMITTED-SUITES");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail,
                      "outside the permitted list: 0xC027 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, "
                      "0x009C TLS_RSA_WITH_AES_128_GCM_SHA256"),
             c.detail);
  // The same suites break the algorithm table.
  BOOST_TEST(check(r, "B13-FORBIDDEN-MODES").verdict == Verdict::fail);
  BOOST_TEST(contains(check(r, "B13-FORBIDDEN-MODES").detail, "0xC027"));
  BOOST_TEST(check(r, "B13-FORBIDDEN-KEY-EXCHANGE").verdict == Verdict::fail);
  BOOST_TEST(contains(check(r, "B13-FORBIDDEN-KEY-EXCHANGE").detail, "0x009C"));
  BOOST_TEST(check(r, "B13-FORBIDDEN-HASHES").verdict == Verdict::pass);
  BOOST_TEST(r.verdict == Verdict::fail);
}

BOOST_AUTO_TEST_CASE(client_order_with_a_cbc_suite_violates_the_c02f_preference) {
  Server s = b13_server(false);
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0xC030, 0xC027}, "client");
  const Check c = check(judge("dicom-b12", s), "B12-PREFER-C02F");
  BOOST_TEST(c.verdict == Verdict::fail);
  BOOST_TEST(contains(c.detail, "follows the client's order"), c.detail);
  BOOST_TEST(contains(c.detail, "0xC027 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"), c.detail);

  // Server order with 0xC02F above the CBC suite prefers it; below it does not.
  s.accepted(TlsVersion::TLSv1_2, {0xC030, 0xC02F, 0xC027}, "server");
  BOOST_TEST(check(judge("dicom-b12", s), "B12-PREFER-C02F").verdict == Verdict::pass);
  s.accepted(TlsVersion::TLSv1_2, {0xC027, 0xC02F}, "server");
  const Check below = check(judge("dicom-b12", s), "B12-PREFER-C02F");
  BOOST_TEST(below.verdict == Verdict::fail);
  BOOST_TEST(contains(below.detail, "puts 0xC027"), below.detail);
  // Client order with nothing weaker: nothing to prefer over.
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0xC030}, "client");
  BOOST_TEST(check(judge("dicom-b12", s), "B12-PREFER-C02F").verdict == Verdict::not_applicable);
}

BOOST_AUTO_TEST_CASE(forward_secrecy_must_be_supported_and_preferred) {
  // TLS 1.2 only, every suite static RSA: RFC 9325 §4.1 MUST support forward secrecy.
  Server s = b13_server(false);
  s.rejected(TlsVersion::TLSv1_3).accepted(TlsVersion::TLSv1_2, {0x009C, 0x009D});
  for (const char* id : {"dicom-b12", "dicom-b9", "dicom-b10", "ihe-atna-tls12"}) {
    const Result r = judge(id, s);
    const auto& fs = *std::find_if(r.checks.begin(), r.checks.end(), [](const Check& c) {
      return contains(c.id, "-FORWARD-SECRECY");
    });
    BOOST_TEST(fs.verdict == Verdict::fail, id);
    BOOST_TEST(fs.level == Level::shall);
    BOOST_TEST(contains(fs.detail, "TLSv1.2 accepts only 0x009C"), fs.detail);
    BOOST_TEST(contains(fs.detail, "no suite of the required kind"), fs.detail);
    BOOST_TEST(r.verdict == Verdict::fail, id);
  }
  // Cut short: maybe a forward-secret suite was not reached.
  s.accepted(TlsVersion::TLSv1_2, {0x009C}, "server", false);
  BOOST_TEST(check(judge("dicom-b12", s), "B12-FORWARD-SECRECY").verdict == Verdict::inconclusive);

  // Both kinds, server order: every forward-secret suite must rank first.
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0xC030, 0x009C});
  BOOST_TEST(check(judge("dicom-b12", s), "B12-FORWARD-SECRECY").verdict == Verdict::pass);
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0x009C, 0xC030});
  const Check mixed = check(judge("dicom-b12", s), "B12-FORWARD-SECRECY");
  BOOST_TEST(mixed.verdict == Verdict::fail);
  BOOST_TEST(contains(mixed.detail, "puts 0x009C TLS_RSA_WITH_AES_128_GCM_SHA256 above"),
             mixed.detail);
  // Client order: a client listing static RSA first gets it.
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0x009C}, "client");
  const Check client = check(judge("dicom-b12", s), "B12-FORWARD-SECRECY");
  BOOST_TEST(client.verdict == Verdict::fail);
  BOOST_TEST(contains(client.detail, "follows the client's order"), client.detail);
  // Order unknown: undecidable.
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0x009C}, "unknown");
  BOOST_TEST(check(judge("dicom-b12", s), "B12-FORWARD-SECRECY").verdict == Verdict::inconclusive);
  // Only forward-secret suites, or TLS 1.3 beside static RSA: supported (the latter named).
  s.accepted(TlsVersion::TLSv1_2, {0xC02F, 0xC030});
  BOOST_TEST(check(judge("dicom-b12", s), "B12-FORWARD-SECRECY").verdict == Verdict::pass);
  s.accepted(TlsVersion::TLSv1_2, {0x009C}).accepted(TlsVersion::TLSv1_3, {0x1301});
  const Check with13 = check(judge("dicom-b12", s), "B12-FORWARD-SECRECY");
  BOOST_TEST(with13.verdict == Verdict::pass);
  BOOST_TEST(contains(with13.detail, "TLSv1.2 accepts only 0x009C"), with13.detail);
}

BOOST_AUTO_TEST_CASE(tls13_must_support_secp256r1) {
  Server s = b13_server(false);
  BOOST_TEST(check(judge("dicom-b12", s), "B12-TLS13-P256").verdict == Verdict::pass);
  s.groups(TlsVersion::TLSv1_3, {0x001D, 0x0018});
  const Check missing = check(judge("dicom-b12", s), "B12-TLS13-P256");
  BOOST_TEST(missing.verdict == Verdict::fail);
  BOOST_TEST(contains(missing.detail, "TLSv1.3 does not support secp256r1"), missing.detail);
  BOOST_TEST(check(judge("dicom-b13", s), "B13-TLS13-P256").verdict == Verdict::fail);
  s.groups(TlsVersion::TLSv1_3, {0x001D}, false);  // cut short: maybe not reached
  BOOST_TEST(check(judge("dicom-b12", s), "B12-TLS13-P256").verdict == Verdict::inconclusive);
  s.rejected(TlsVersion::TLSv1_3);
  BOOST_TEST(check(judge("dicom-b12", s), "B12-TLS13-P256").verdict == Verdict::not_applicable);
  s.inconclusive(TlsVersion::TLSv1_3);
  BOOST_TEST(check(judge("dicom-b12", s), "B12-TLS13-P256").verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(renegotiation_info_is_required_by_the_rfc7525_profiles) {
  Server s = storescp_like();
  s.fact("renegotiation_info", "not_supported");
  for (const char* id : {"dicom-b9", "dicom-b10", "dicom-b11", "ihe-atna-tls12", "dicom-b12"}) {
    const Result r = judge(id, s);
    const auto it = std::find_if(r.checks.begin(), r.checks.end(), [](const Check& c) {
      return contains(c.id, "-RENEGOTIATION-INFO");
    });
    BOOST_TEST_REQUIRE((it != r.checks.end()), id);
    BOOST_TEST(it->verdict == Verdict::fail, id);
    BOOST_TEST(it->level == Level::shall);
  }
}

BOOST_AUTO_TEST_CASE(storescp_like_server_passes_b10_and_atna_and_fails_b13) {
  const Server s = storescp_like();
  const Result b10 = judge("dicom-b10", s);
  BOOST_TEST(b10.verdict == Verdict::pass, with_verdict(b10, Verdict::fail)
                                               << with_verdict(b10, Verdict::inconclusive));
  BOOST_TEST(check(b10, "B10-REQUIRED-SUITES").verdict == Verdict::pass);
  const Result atna = judge("ihe-atna-tls12", s);
  BOOST_TEST(atna.verdict == Verdict::pass, with_verdict(atna, Verdict::fail)
                                                << with_verdict(atna, Verdict::inconclusive));
  BOOST_TEST(check(atna, "ATNA-REQUIRED-SUITES").verdict == Verdict::pass);

  const Result b13 = judge("dicom-b13", s);
  BOOST_TEST(b13.verdict == Verdict::fail);
  BOOST_TEST(check(b13, "B13-TLS12-REQUIRED-SUITES").verdict == Verdict::fail);
  BOOST_TEST(check(b13, "B13-TLS13-REQUIRED-SUITES").verdict == Verdict::fail);
  BOOST_TEST(
      contains(check(b13, "B13-TLS13-REQUIRED-SUITES").detail, "0x1304 TLS_AES_128_CCM_SHA256"));
  // B.11: TLS 1.3 accepted is an interpretation (warn), the closed list holds, X25519 warns.
  const Result b11 = judge("dicom-b11", s);
  BOOST_TEST(check(b11, "B11-TLS13-EXCLUDED").verdict == Verdict::warn);
  BOOST_TEST(contains(check(b11, "B11-TLS13-EXCLUDED").detail, "reported as a warning"));
  BOOST_TEST(check(b11, "B11-ECDHE-256").verdict == Verdict::warn);
  BOOST_TEST(check(b11, "B11-RECOMMENDED-SUITES").verdict == Verdict::warn);
  BOOST_TEST(b11.verdict == Verdict::pass, with_verdict(b11, Verdict::fail));
}

BOOST_AUTO_TEST_CASE(inconclusive_version_makes_suite_rules_inconclusive) {
  Server s = b13_server(false);
  s.inconclusive(TlsVersion::TLSv1_1);
  const Result r = judge("dicom-b13", s);
  const Check& c = check(r, "B13-TLS11-REJECTED");
  BOOST_TEST(c.verdict == Verdict::inconclusive);
  BOOST_TEST(contains(c.detail, "TLSv1.1 inconclusive: read timed out after 10 s"), c.detail);
  // CBC suites exist in TLS 1.1, so "no CBC" cannot be proven; ChaCha20 cannot be in TLS 1.1.
  BOOST_TEST(check(r, "B13-FORBIDDEN-MODES").verdict == Verdict::inconclusive);
  BOOST_TEST(r.verdict == Verdict::inconclusive);
}

BOOST_AUTO_TEST_CASE(levels_map_violations_onto_verdicts) {
  const std::string doc = R"({"id": "levels", "name": "n", "section": "s", "edition": "e",
    "status": "test", "description": "d", "requirements": [
    {"id": "SHALL", "title": "t", "level": "shall", "cite": "c",
     "rule": {"type": "version", "version": "TLSv1.3", "expect": "rejected"}},
    {"id": "SHOULD", "title": "t", "level": "should", "cite": "c",
     "rule": {"type": "version", "version": "TLSv1.3", "expect": "rejected"}},
    {"id": "MAY", "title": "t", "level": "may", "cite": "c",
     "rule": {"type": "version", "version": "TLSv1.3", "expect": "rejected"}},
    {"id": "INTERPRETED", "title": "t", "level": "shall", "cite": "c", "interpretation": "a reading",
     "rule": {"type": "version", "version": "TLSv1.3", "expect": "rejected"}},
    {"id": "OPTIONAL-DHE", "title": "t", "level": "may", "cite": "c",
     "rule": {"type": "suites_optional", "versions": ["TLSv1.2"], "suites": ["0x009E", "0x009F"]}}]})";
  const auto profile = parse_profile(doc, "levels.json", "", registry());
  const Result r = evaluate(profile, b13_server(false).obs(), registry());
  BOOST_TEST(check(r, "SHALL").verdict == Verdict::fail);
  BOOST_TEST(check(r, "SHOULD").verdict == Verdict::warn);
  // A may-level rule not met is never shown as a pass.
  BOOST_TEST(check(r, "MAY").verdict == Verdict::not_applicable);
  BOOST_TEST(contains(check(r, "MAY").detail, "optional (may): not done"));
  BOOST_TEST(check(r, "INTERPRETED").verdict == Verdict::warn);
  BOOST_TEST(contains(check(r, "INTERPRETED").detail, "reported as a warning: a reading"));
  BOOST_TEST(check(r, "OPTIONAL-DHE").verdict == Verdict::pass);
  BOOST_TEST(contains(check(r, "OPTIONAL-DHE").detail, "TLSv1.2 accepts 0 of 2 optional suites"));
  BOOST_TEST(r.verdict == Verdict::fail);  // SHALL alone; INTERPRETED never counts

  // Without SHALL the interpretation's warning does not fail the profile.
  auto lenient = profile;
  lenient.requirements.erase(lenient.requirements.begin());
  BOOST_TEST(evaluate(lenient, b13_server(false).obs(), registry()).verdict == Verdict::pass);
}

// PS3.15 B.1: Table B.1-1's mechanisms are required only "if the corresponding features within
// TLS are supported": a server that encrypts must accept 3DES-EDE-CBC; one whose every suite is
// a NULL cipher is not asked for it; an incomplete enumeration without an encrypting suite
// leaves it open.
BOOST_AUTO_TEST_CASE(b1_3des_is_required_only_of_a_server_that_encrypts) {
  const auto v = TlsVersion::TLSv1_0;
  auto verdict = [&](const Server& s) { return check(judge("dicom-b1", s), "B1-3DES-SUITE"); };
  auto tls10_only = [] {
    return Server().rejected(TlsVersion::TLSv1_1).rejected(TlsVersion::TLSv1_2);
  };
  const Check aes_only = verdict(tls10_only().accepted(v, {0x002F}));
  BOOST_TEST(aes_only.verdict == Verdict::fail, aes_only.detail);
  BOOST_TEST(verdict(tls10_only().accepted(v, {0x002F, 0x000A})).verdict == Verdict::pass);
  const Check null_only = verdict(tls10_only().accepted(v, {0x0002}));
  BOOST_TEST(null_only.verdict == Verdict::not_applicable, null_only.detail);
  BOOST_TEST(null_only.detail.find("no accepted suite of TLSv1.0") != std::string::npos,
             null_only.detail);
  const Check open = verdict(tls10_only().accepted(v, {0x0002}, "server", false));
  BOOST_TEST(open.verdict == Verdict::inconclusive, open.detail);
}

// PS3.15 2024b B.13: "The above cipher suites are preferred for TLS 1.2", the DHE suites are a
// fallback (a should; gone in 2024c). A fallback suite ranked first warns under 2024b only.
BOOST_AUTO_TEST_CASE(b13_2024b_prefers_the_required_suites_over_the_dhe_fallback) {
  Server s = b13_server(true);
  BOOST_TEST(check(judge("dicom-b13-2024b", s), "B13-TLS12-REQUIRED-PREFERRED").verdict ==
             Verdict::pass);
  Codes dhe_first = {0x009F};
  for (auto c : kB13Tls12) dhe_first.push_back(c);
  for (auto c : kCamellia) dhe_first.push_back(c);
  s.accepted(TlsVersion::TLSv1_2, dhe_first);
  const Check w = check(judge("dicom-b13-2024b", s), "B13-TLS12-REQUIRED-PREFERRED");
  BOOST_TEST(w.verdict == Verdict::warn, w.detail);
  BOOST_TEST(w.level == Level::should);
  BOOST_TEST(contains(w.detail, "0x009F"), w.detail);
  const Result now = judge("dicom-b13", s);
  for (const auto& c : now.checks) BOOST_TEST(c.id != "B13-TLS12-REQUIRED-PREFERRED");
  s.accepted(TlsVersion::TLSv1_2, dhe_first, "client");
  BOOST_TEST(check(judge("dicom-b13-2024b", s), "B13-TLS12-REQUIRED-PREFERRED").verdict ==
             Verdict::warn);
}

// PS3.15 B.13 permits ECDHE and DHE key exchange only. A TLS 1.3 server that names a hybrid
// ML-KEM group in a HelloRetryRequest supports it: an interpretation there, so a warning that
// names the group; only EC groups pass; a cut-short enumeration decides nothing.
BOOST_AUTO_TEST_CASE(b13_warns_on_hybrid_key_exchange_groups) {
  Server s = b13_server(false);
  BOOST_TEST(check(judge("dicom-b13", s), "B13-KEY-EXCHANGE-GROUPS").verdict == Verdict::pass);
  s.groups(TlsVersion::TLSv1_3, {0x11EC, 0x0017, 0x0018});
  const Check w = check(judge("dicom-b13", s), "B13-KEY-EXCHANGE-GROUPS");
  BOOST_TEST(w.verdict == Verdict::warn, w.detail);
  BOOST_TEST(contains(w.detail, "X25519MLKEM768 (hybrid)"), w.detail);
  BOOST_TEST(check(judge("dicom-b13-2024b", s), "B13-KEY-EXCHANGE-GROUPS").verdict ==
             Verdict::warn);
  for (const auto& c : judge("dicom-b12", s).checks) BOOST_TEST(c.id != "B12-KEY-EXCHANGE-GROUPS");
  s.groups(TlsVersion::TLSv1_3, {0x0017}, false);
  BOOST_TEST(check(judge("dicom-b13", s), "B13-KEY-EXCHANGE-GROUPS").verdict ==
             Verdict::inconclusive);
  s.rejected(TlsVersion::TLSv1_3);
  BOOST_TEST(check(judge("dicom-b13", s), "B13-KEY-EXCHANGE-GROUPS").verdict ==
             Verdict::not_applicable);
}
