#pragma once
// Time as the reports write it: ISO 8601 in UTC ("2026-11-21T15:07:34Z", with milliseconds for
// the time of a scan), and back. The one place medtls formats or parses such times.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace medtls {

// Current UTC time as ISO 8601 with milliseconds, e.g. "2026-11-21T15:07:34.123Z".
std::string utc_now_iso8601();

// UNIX time (seconds) as ISO 8601 UTC to the second, e.g. "2024-05-01T12:00:00Z" (the year
// always has at least four digits); "" when the time has no calendar date (gmtime fails).
std::string iso8601_utc(std::int64_t unix_seconds);

// "YYYY-MM-DDTHH:MM:SSZ", optionally with a fraction of a second before the Z (".123"), to UNIX
// seconds (the fraction dropped). nullopt for anything else: another form or offset, a field
// out of range, a day the month does not have.
std::optional<std::int64_t> parse_iso8601_utc(std::string_view text);

// A broken-down UTC time (from gmtime_r or OpenSSL's ASN1_TIME_to_tm) to UNIX seconds.
std::int64_t unix_time_of_utc(const std::tm& utc);

}  // namespace medtls
