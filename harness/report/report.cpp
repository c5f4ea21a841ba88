#include "report/report.hpp"

#include "report/summary.hpp"

namespace medtls::report {

bool unobservable(const obs::TlsObservations& tls) {
  if (!tls.reachable) return true;
  for (const auto& [v, r] : tls.versions)
    if (r.status != "inconclusive") return false;
  return true;
}

int exit_code(const Report& report) {
  bool fail = false, inconclusive = false, nothing = false;
  for (const auto& t : report.targets) {
    nothing |= unobservable(t.tls);
    // With a trust anchor given, a broken server certificate fails the run whatever profiles
    // were chosen: it must not be overlooked.
    fail |= !serious_certificate_problems(t.tls).empty();
    for (const auto& p : t.profiles) {
      fail |= p.verdict == "fail";
      inconclusive |= p.verdict == "inconclusive";
    }
  }
  if (fail) return 1;  // a proven failure (e.g. a protocol violation) outweighs what is unknown
  if (nothing) return 3;
  if (inconclusive) return 4;
  return 0;
}

}  // namespace medtls::report
