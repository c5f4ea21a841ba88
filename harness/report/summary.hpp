#pragma once
#include <string>
#include <vector>

#include "report/report.hpp"

namespace medtls::report {
// The terminal summary: what was observed in brief, then per profile the verdict and one line
// per failed, inconclusive or warned check with the requirement, the evidence and the citation.
std::string render_summary(const Report& report);
// The lines that lead a target's summary from its deployment profiles (site-baseline): each
// failed, undecided or warning check, and each check not made for want of an input (--ca,
// --crl), with the reason. Rendered only: the exit code comes from the profile verdicts.
std::vector<std::string> deployment_lines(const TargetReport& target);
}  // namespace medtls::report
