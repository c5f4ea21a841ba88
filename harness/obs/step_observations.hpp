#pragma once
// What became of each step of a target's scan (targets[i].steps in the report): whether it ran,
// and if not why. A step that did not complete leaves its observations at their "unknown" /
// "inconclusive" defaults, so that no check can pass on it.
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls::obs {

MEDTLS_ENUM(StepStatus,
            not_run,  // a prerequisite did not run, the target was unreachable, the budget ran out
            completed,  // ran to its end
            error,    // threw inside medtls (a defect); what it would have observed stays undecided
            skipped)  // left out by --skip or --only
// The name written in the report ("not_run", "completed", "error", "skipped").
inline std::string step_status_name(StepStatus s) {
  return name_of(s);
}

// The layer a step belongs to (the report's targets[i].steps[].layer).
MEDTLS_ENUM(StepLayer, tls, dicom)

struct StepRecord {
  std::string name;  // stable id: "versions", "suites", "association" …
  StepLayer layer = StepLayer::tls;
  StepStatus status = StepStatus::not_run;
  std::string reason;  // why it was skipped, not run, or failed; "" when completed
};

}  // namespace medtls::obs
