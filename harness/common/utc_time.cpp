#include "common/utc_time.hpp"

#include <chrono>
#include <cstdio>

namespace medtls {

namespace {

// "YYYY-MM-DDTHH:MM:SS" followed by `tail` ("Z", ".123Z"); "" without a calendar date.
std::string format_utc(std::int64_t unix_seconds, const char* tail) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tail);
  return buf;
}

// `count` decimal digits at text[pos], or -1.
int digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string utc_now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::int64_t secs = ms / 1000;
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%03dZ", static_cast<int>(ms % 1000));
  return format_utc(secs, tail);
}

std::string iso8601_utc(std::int64_t unix_seconds) {
  return format_utc(unix_seconds, "Z");
}

std::optional<std::int64_t> parse_iso8601_utc(std::string_view text) {
  // 0123456789012345678
  // YYYY-MM-DDTHH:MM:SS
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':')
    return std::nullopt;
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  std::size_t pos = 19;
  if (text[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;

  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::int64_t unix_seconds = unix_time_of_utc(tm);
  // timegm() rolls 2026-02-30 over into March: such a date does not exist.
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm back{};
  if (gmtime_r(&t, &back) == nullptr || back.tm_mday != day || back.tm_mon != month - 1)
    return std::nullopt;
  return unix_seconds;
}

std::int64_t unix_time_of_utc(const std::tm& utc) {
  std::tm copy = utc;  // timegm normalizes its argument
  return static_cast<std::int64_t>(timegm(&copy));
}

}  // namespace medtls
