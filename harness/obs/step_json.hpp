#pragma once
// JSON form of the step records (report: targets[i].steps[]). Reading back throws
// nlohmann's type_error for a field of the wrong type, as every other part of a saved report.
#include <nlohmann/json_fwd.hpp>

#include "obs/step_observations.hpp"

namespace medtls::obs {

void to_json(nlohmann::json& j, const StepRecord& s);
void from_json(const nlohmann::json& j, StepRecord& s);

}  // namespace medtls::obs
