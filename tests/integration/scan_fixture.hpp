#pragma once
// Shared by the scan integration tests: one test PKI per test program, and a scan of a local
// peer judged against built-in profiles.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "obs/tls_observations.hpp"
#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"
#include "support/pki.hpp"
#include "support/temp_dir.hpp"
#include "tls/probe/scanner.hpp"

namespace medtls::testing {

inline const TestPki& shared_pki() {
  static TempDir dir("medtls-scan-pki");
  static TestPki pki = make_test_pki(dir.path());
  return pki;
}

inline obs::TlsObservations scan_local(std::uint16_t port) {
  probe::ProbeOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.timeout = std::chrono::milliseconds(5000);
  return probe::scan_tls(o, suites::Registry::builtin());
}

inline std::set<std::uint16_t> accepted_suites(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.suites.find(v);
  if (it == o.suites.end()) return {};
  return {it->second.accepted.begin(), it->second.accepted.end()};
}

inline std::string version_status(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.versions.find(v);
  return it == o.versions.end() ? "missing" : it->second.status;
}

// Judges `o` against a built-in profile; logs every non-passing check so a failure explains
// itself.
inline profile::Result judge(const obs::TlsObservations& o, const std::string& id) {
  const auto& reg = suites::Registry::builtin();
  auto result = profile::evaluate(profile::load_profile(id, "", reg), o, reg);
  for (const auto& c : result.checks)
    if (c.verdict != "pass" && c.verdict != "not_applicable")
      BOOST_TEST_MESSAGE(id << ": " << c.verdict << " " << c.id << " [" << c.level << "] "
                            << c.detail);
  return result;
}

inline const profile::Check* find_check(const profile::Result& r, const std::string& verdict,
                                        const std::string& evidence) {
  for (const auto& c : r.checks) {
    if (c.verdict != verdict) continue;
    for (const auto& e : c.evidence)
      if (e == evidence) return &c;
  }
  return nullptr;
}

}  // namespace medtls::testing
