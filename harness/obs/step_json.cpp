#include <nlohmann/json.hpp>

#include "obs/step_json.hpp"

namespace medtls::obs {

// The one name table of StepStatus. Unknown text read back from a forged report maps to the
// first entry, not_run: a step nobody can vouch for did not run.
NLOHMANN_JSON_SERIALIZE_ENUM(StepStatus, {
                                             {StepStatus::not_run, "not_run"},
                                             {StepStatus::completed, "completed"},
                                             {StepStatus::error, "error"},
                                             {StepStatus::skipped, "skipped"},
                                         })

std::string step_status_name(StepStatus s) {
  return nlohmann::json(s).get<std::string>();
}

void to_json(nlohmann::json& j, const StepRecord& s) {
  j = {{"name", s.name}, {"layer", s.layer}, {"status", s.status}, {"reason", s.reason}};
}

void from_json(const nlohmann::json& j, StepRecord& s) {
  j.at("name").get_to(s.name);
  j.at("layer").get_to(s.layer);
  // A status that is not text is a wrong type (an error, as for every other field); unknown
  // text is not_run.
  s.status = nlohmann::json(j.at("status").get<std::string>()).get<StepStatus>();
  s.reason = j.value("reason", std::string());
}

}  // namespace medtls::obs
