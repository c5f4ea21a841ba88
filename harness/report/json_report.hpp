#pragma once
// report.json (schema "medtls.report/1", documented in reports/schema/report.schema.json).
#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace medtls::report {

inline constexpr const char* kSchemaId = "medtls.report/1";

nlohmann::json to_json(const Report& report);
// Reads a saved report back (for re-judging). Throws std::runtime_error with a one-line reason.
Report report_from_json(const nlohmann::json& j);

}  // namespace medtls::report
