// Times as the reports write them (common/utc_time): ISO 8601 UTC out, the same form back in,
// and nothing else accepted.
#define BOOST_TEST_MODULE utc_time
#include <boost/test/unit_test.hpp>

#include <ctime>
#include <string>

#include "common/utc_time.hpp"

using namespace medtls;

namespace {
constexpr std::int64_t kRefused = -999999999999;
// parse_iso8601_utc with nullopt as kRefused (so that Boost.Test can print it).
std::int64_t parsed(const std::string& text) {
  return parse_iso8601_utc(text).value_or(kRefused);
}
}  // namespace

BOOST_AUTO_TEST_CASE(unix_seconds_are_written_to_the_second) {
  BOOST_TEST(iso8601_utc(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(iso8601_utc(1700000000) == "2023-11-14T22:13:20Z");
  BOOST_TEST(iso8601_utc(1709164800) == "2024-02-29T00:00:00Z");  // leap day
  BOOST_TEST(iso8601_utc(-86400) == "1969-12-31T00:00:00Z");
  BOOST_TEST(iso8601_utc(253402300799) == "9999-12-31T23:59:59Z");  // last GeneralizedTime
  BOOST_TEST(iso8601_utc(-62135596800) == "0001-01-01T00:00:00Z");  // four digits, always
}

BOOST_AUTO_TEST_CASE(now_has_milliseconds_and_reads_back) {
  const std::time_t before = std::time(nullptr);
  const std::string now = utc_now_iso8601();
  const std::time_t after = std::time(nullptr);
  BOOST_TEST_REQUIRE(now.size() == 24u);  // 2026-11-21T15:07:34.123Z
  BOOST_TEST(now[19] == '.');
  BOOST_TEST(now.back() == 'Z');
  BOOST_TEST(parsed(now) >= before);
  BOOST_TEST(parsed(now) <= after);
}

BOOST_AUTO_TEST_CASE(what_is_written_is_read_back) {
  for (const std::int64_t t :
       {std::int64_t{0}, std::int64_t{951782400} /* 2000-02-29 */, std::int64_t{1700000000},
        std::int64_t{4102444799}, std::int64_t{-1}})
    BOOST_TEST(parsed(iso8601_utc(t)) == t);
  BOOST_TEST(parsed("2026-01-01T00:00:00Z") == 1767225600);
  // A fraction of a second is accepted and dropped.
  BOOST_TEST(parsed("2026-01-01T00:00:00.999Z") == 1767225600);
  BOOST_TEST(parsed("2026-01-01T00:00:00.5Z") == 1767225600);
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused) {
  for (const char* bad : {"",
                          "2026-01-01",
                          "2026-01-01T00:00:00",
                          "2026-01-01T00:00:00+00:00",
                          "2026-01-01 00:00:00Z",
                          "2026-01-01T00:00:00z",
                          "2026-1-01T00:00:00Z",
                          "2026-01-01T00:00:00.Z",
                          "2026-01-01T00:00:00Zjunk",
                          " 2026-01-01T00:00:00Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z",
                          "2026-01-00T00:00:00Z",
                          "2026-01-32T00:00:00Z",
                          "2026-02-29T00:00:00Z",
                          "2024-04-31T00:00:00Z",
                          "2026-01-01T24:00:00Z",
                          "2026-01-01T00:60:00Z",
                          "2026-01-01T00:00:60Z",
                          "20x6-01-01T00:00:00Z",
                          "+026-01-01T00:00:00Z"})
    BOOST_CHECK_MESSAGE(!parse_iso8601_utc(bad).has_value(), "accepted: " << bad);
  BOOST_TEST(parsed("2024-02-29T00:00:00Z") == 1709164800);  // leap year
}

BOOST_AUTO_TEST_CASE(broken_down_time_is_utc) {
  std::tm tm{};
  tm.tm_year = 2024 - 1900;
  tm.tm_mon = 4;
  tm.tm_mday = 1;
  tm.tm_hour = 12;
  BOOST_TEST(unix_time_of_utc(tm) == 1714564800);
  BOOST_TEST(iso8601_utc(unix_time_of_utc(tm)) == "2024-05-01T12:00:00Z");
  BOOST_TEST(tm.tm_mday == 1);  // not normalized in place
}
