#pragma once
#include <string>

namespace medtls {
// Current UTC time as ISO 8601 with milliseconds, e.g. "2026-11-21T15:07:34.123Z".
std::string utc_now_iso8601();
}  // namespace medtls
