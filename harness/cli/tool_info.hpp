#pragma once
#include "report/report.hpp"

namespace medtls::cli {
// medtls, OpenSSL (run-time library) and DCMTK versions for the report header.
report::ToolInfo tool_info();
}  // namespace medtls::cli
