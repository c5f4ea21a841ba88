#pragma once
// JSON form of the step records (report: targets[i].steps[]), derived from their field list like
// every other observation's (obs/fields.hpp). A status outside the vocabulary, or a field of the
// wrong type, throws: a saved report that says so is not one medtls wrote.
#include <nlohmann/json.hpp>

#include "obs/fields.hpp"
#include "obs/step_observations.hpp"

namespace medtls::obs {

MEDTLS_JSON_FIELDS(StepRecord, name, layer, status, reason)

}  // namespace medtls::obs
