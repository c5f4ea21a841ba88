#pragma once
#include <string>

#include "report/report.hpp"

namespace medtls::report {
// The terminal summary: what was observed in brief, then per profile the verdict and one line
// per failed, inconclusive or warned check with the requirement, the evidence and the citation.
std::string render_summary(const Report& report);
}  // namespace medtls::report
