#include "report/report.hpp"

namespace medtls::report {

bool unobservable(const obs::TlsObservations& tls) {
  if (!tls.reachable) return true;
  for (const auto& [v, r] : tls.versions)
    if (r.status != obs::VersionStatus::inconclusive) return false;
  return true;
}

int exit_code(const Report& report) {
  bool fail = false, inconclusive = false, nothing = false;
  for (const auto& t : report.targets) {
    nothing |= unobservable(t.tls);
    // Profile verdicts only: certificate deployment problems count through the site-baseline
    // profile like any other requirement, never by a rule of the renderer's own.
    for (const auto& p : t.profiles) {
      fail |= p.verdict == profile::Verdict::fail;
      inconclusive |= p.verdict == profile::Verdict::inconclusive;
    }
  }
  if (fail) return 1;  // a proven failure (e.g. a protocol violation) outweighs what is unknown
  if (nothing) return 3;
  if (inconclusive) return 4;
  return 0;
}

std::int64_t total_connections(const TargetReport& target) {
  return std::int64_t{target.tls.connections} +
         (target.scheme == Scheme::dicom ? std::int64_t{target.dicom.connections} : 0);
}

}  // namespace medtls::report
