#pragma once
#include <string>
#include <vector>

#include "report/report.hpp"

namespace medtls::report {
// quiet: per target only each profile's verdict line and the errors (internal errors, steps
// that failed); normal: the summary below; verbose: also one line per connection (purpose and
// answer), from the observations' attempts.
enum class Verbosity { quiet, normal, verbose };
// The terminal summary: what was observed in brief, the steps that did not run, then per
// profile the verdict and one line per failed, inconclusive or warned check with the
// requirement, the evidence and the citation.
std::string render_summary(const Report& report, Verbosity verbosity = Verbosity::normal);
// The lines that lead a target's summary from its deployment profiles (site-baseline): each
// failed, undecided or warning check, and each check not made for want of an input (--ca,
// --crl), with the reason. Rendered only: the exit code comes from the profile verdicts.
std::vector<std::string> deployment_lines(const TargetReport& target);
}  // namespace medtls::report
