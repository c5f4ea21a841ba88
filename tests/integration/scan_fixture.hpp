#pragma once
// Shared by the scan integration tests: one test PKI per test program, and a scan of a local
// peer judged against built-in profiles.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "net/tcp_connection.hpp"
#include "obs/json_dump.hpp"
#include "obs/tls_observations.hpp"
#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "report/json_report.hpp"
#include "suites/registry.hpp"
#include "support/peers.hpp"
#include "support/pki.hpp"
#include "support/temp_dir.hpp"
#include "tls/probe/scanner.hpp"
#include "tls/probe/session.hpp"

using medtls::profile::Level;
using medtls::profile::Verdict;

namespace medtls::testing {

inline const TestPki& shared_pki() {
  static TempDir dir("medtls-scan-pki");
  static TestPki pki = make_test_pki(dir.path());
  return pki;
}

// storescp with TLS and the test PKI's RSA server certificate, trusting its root for clients.
inline StorescpOptions tls_storescp(const std::string& profile = "+py",
                                    ClientAuth auth = ClientAuth::require) {
  const auto& pki = shared_pki();
  StorescpOptions o;
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  o.ca = pki.ca;
  o.profile = profile;
  o.client_auth = auth;
  return o;
}

// Scans 127.0.0.1:port with the test PKI's root as trust anchor (--ca); only the "none" case of
// the client-certificate matrix runs unless vectors are given.
inline obs::TlsObservations scan_local(std::uint16_t port,
                                       const std::vector<x509::ClientVector>* vectors = nullptr) {
  probe::ProbeOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.timeout = std::chrono::milliseconds(5000);
  probe::CertificateInputs certs;
  certs.verify.ca_file = shared_pki().ca;
  if (vectors)
    certs.client_vectors = [vectors]() -> const std::vector<x509::ClientVector>& {
      return *vectors;
    };
  return probe::scan_tls(o, suites::Registry::builtin(), certs);
}

// A probing session on 127.0.0.1:port writing into `out`, for tests that run single steps
// (probe_versions, enumerate_suites …) instead of the whole scan. The options live here because
// the session keeps a reference to them.
class LocalSession {
 public:
  LocalSession(std::uint16_t port, obs::TlsObservations& out,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    options_.host = "127.0.0.1";
    options_.port = port;
    options_.timeout = timeout;
    std::string error;
    auto addresses = net::resolve(options_.host, options_.port, error);
    BOOST_TEST_REQUIRE(!addresses.empty(), error);
    session_.emplace(options_, suites::Registry::builtin(), addresses.front(), out);
  }
  probe::Session& operator*() { return *session_; }
  probe::Session* operator->() { return &*session_; }

 private:
  probe::ProbeOptions options_;
  std::optional<probe::Session> session_;
};

inline std::set<std::uint16_t> accepted_suites(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.suites.find(v);
  if (it == o.suites.end()) return {};
  return {it->second.accepted.begin(), it->second.accepted.end()};
}

inline std::string version_status(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.versions.find(v);
  return it == o.versions.end() ? "missing" : name_of(it->second.status);
}

// Judges `o` against a built-in profile; logs every non-passing check so a failure explains
// itself.
// Every judgement is also made again from the observations as report.json keeps them: `medtls
// report` must give the same verdicts as the scan, for every peer the tests scan.
inline profile::Result judge(const obs::TlsObservations& o, const std::string& id) {
  const auto& reg = suites::Registry::builtin();
  const auto p = profile::load_profile(id, "", reg);
  auto result = profile::evaluate(p, o, reg);
  for (const auto& c : result.checks)
    if (c.verdict != Verdict::pass && c.verdict != Verdict::not_applicable)
      BOOST_TEST_MESSAGE(id << ": " << c.verdict << " " << c.id << " [" << c.level << "] "
                            << c.detail);
  report::Report scanned;
  scanned.targets.push_back({"tls://127.0.0.1", Scheme::tls, {}, o, {}, {}});
  const auto saved =
      report::report_from_json(nlohmann::json::parse(obs::dump_json(report::to_json(scanned))));
  const auto again = profile::evaluate(p, saved.targets.at(0).tls, reg);
  BOOST_TEST(again.verdict == result.verdict, id << " re-judged from its JSON");
  BOOST_TEST_REQUIRE(again.checks.size() == result.checks.size());
  for (std::size_t i = 0; i < result.checks.size(); ++i)
    BOOST_TEST(again.checks[i].verdict == result.checks[i].verdict,
               id << " " << result.checks[i].id << " re-judged from its JSON: "
                  << again.checks[i].detail << " (scan: " << result.checks[i].detail << ")");
  return result;
}

// The verdict a profile would have over its TLS checks alone, i.e. without the certificate and
// mutual-authentication requirements (whose evidence points into certificate.* / client_auth.*).
inline profile::Verdict tls_layer_verdict(const profile::Result& r) {
  bool inconclusive = false;
  for (const auto& c : r.checks) {
    bool certificate_layer = false;
    for (const auto& e : c.evidence)
      certificate_layer |= e.rfind("certificate", 0) == 0 || e.rfind("client_auth", 0) == 0;
    if (certificate_layer || c.level != Level::shall) continue;
    if (c.verdict == Verdict::fail) return Verdict::fail;
    inconclusive |= c.verdict == Verdict::inconclusive;
  }
  return inconclusive ? Verdict::inconclusive : Verdict::pass;
}

// The shall checks of `r` that fail or are inconclusive (what decides the verdict), by id.
inline std::set<std::string> open_shall_checks(const profile::Result& r) {
  std::set<std::string> out;
  for (const auto& c : r.checks)
    if (c.level == Level::shall &&
        (c.verdict == Verdict::fail || c.verdict == Verdict::inconclusive))
      out.insert(c.id);
  return out;
}

inline const profile::Check* find_check(const profile::Result& r, profile::Verdict verdict,
                                        const std::string& evidence) {
  for (const auto& c : r.checks) {
    if (c.verdict != verdict) continue;
    for (const auto& e : c.evidence)
      if (e == evidence) return &c;
  }
  return nullptr;
}

}  // namespace medtls::testing
