#pragma once
#include <string>
#include <vector>

#include "report/report.hpp"

namespace medtls::report {
// The terminal summary: what was observed in brief, then per profile the verdict and one line
// per failed, inconclusive or warned check with the requirement, the evidence and the citation.
std::string render_summary(const Report& report);
// Certificate problems found against a given trust anchor that must not be overlooked
// (untrusted, hostname_mismatch, expired, not_yet_valid, revoked), "code: detail" each.
std::vector<std::string> serious_certificate_problems(const obs::TlsObservations& tls);
}  // namespace medtls::report
