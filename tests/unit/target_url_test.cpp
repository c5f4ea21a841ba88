// Target URLs as users type them: every malformed one gives one clear line (never an internal
// placeholder), every well-formed one the scheme, host and port it names.
#define BOOST_TEST_MODULE target_url
#include <boost/test/unit_test.hpp>

#include <string>

#include "cli/target_url.hpp"

using medtls::Scheme;
using medtls::cli::parse_target_url;

namespace {

// Parses `url`, expecting a failure whose reason contains `words` and has no line break.
void expect_error(const std::string& url, const std::string& words) {
  std::string error;
  const auto t = parse_target_url(url, error);
  BOOST_TEST_INFO(url << " -> " << error);
  BOOST_TEST(!t.has_value());
  BOOST_TEST(error.find(words) != std::string::npos);
  BOOST_TEST(error.find('\n') == std::string::npos);
  BOOST_TEST(error.find("'-' is not a port") == std::string::npos);  // no placeholder leaks
}

void expect_target(const std::string& url, Scheme scheme, const std::string& host,
                   std::uint16_t port) {
  std::string error;
  const auto t = parse_target_url(url, error);
  BOOST_TEST_INFO(url << " -> " << error);
  BOOST_TEST_REQUIRE(t.has_value());
  BOOST_TEST(t->scheme == scheme);
  BOOST_TEST(t->host == host);
  BOOST_TEST(t->port == port);
  BOOST_TEST(t->text == url);
}

}  // namespace

BOOST_AUTO_TEST_CASE(well_formed_targets) {
  expect_target("tls://pacs.example:443", Scheme::tls, "pacs.example", 443);
  expect_target("hl7://10.0.0.5:2575", Scheme::hl7, "10.0.0.5", 2575);
  expect_target("dicom://pacs:11112", Scheme::dicom, "pacs", 11112);
  expect_target("tls://[::1]:5", Scheme::tls, "::1", 5);
  expect_target("tls://[2001:db8::1]:65535", Scheme::tls, "2001:db8::1", 65535);
  expect_target("tls://localhost:1/", Scheme::tls, "localhost", 1);  // empty path tolerated
  expect_target("tls://a-b.c0.example:8443", Scheme::tls, "a-b.c0.example", 8443);
}

BOOST_AUTO_TEST_CASE(schemes_are_case_insensitive) {
  expect_target("TLS://h:5", Scheme::tls, "h", 5);
  expect_target("Dicom://h", Scheme::dicom, "h", 2762);
  expect_target("HL7://h:7", Scheme::hl7, "h", 7);
  expect_error("ftp://h:21", "unknown scheme 'ftp'");
  expect_error("h:21", "no scheme");
  expect_error("://h:21", "unknown scheme");
}

BOOST_AUTO_TEST_CASE(default_and_missing_ports) {
  expect_target("dicom://pacs", Scheme::dicom, "pacs", 2762);  // IANA dicom-tls
  expect_target("dicom://[::1]", Scheme::dicom, "::1", 2762);
  expect_error("tls://h", "needs a port");
  expect_error("hl7://h", "needs a port");
  expect_error("dicom://host:", "empty port");
  expect_error("tls://h:", "empty port");
  expect_error("tls://[::1]:", "empty port");
}

BOOST_AUTO_TEST_CASE(bad_ports) {
  expect_error("tls://h:0", "'0' is not a port (1-65535)");
  expect_error("tls://h:65536", "'65536' is not a port");
  expect_error("tls://h:99999999999999999999", "is not a port");
  expect_error("tls://h:12a", "'12a' is not a port");
  expect_error("tls://h:-1", "'-1' is not a port");
  expect_error("tls://h: 5", "is not a port");
  expect_target("tls://h:00443", Scheme::tls, "h", 443);
}

BOOST_AUTO_TEST_CASE(host_names_follow_rfc_1123) {
  expect_error("tls://-:5", "starts or ends with '-'");
  expect_error("tls://a-.example:5", "starts or ends with '-'");
  expect_error("tls://local host:5", "not a host name");
  expect_error("tls://a_b:5", "contains '_'");
  expect_error("tls://a..b:5", "empty label");
  expect_error("tls://.a:5", "empty label");
  expect_error("tls://" + std::string(64, 'a') + ":5", "longer than 63");
  expect_target("tls://" + std::string(63, 'a') + ":5", Scheme::tls, std::string(63, 'a'), 5);
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'a') + ".";
  expect_error("tls://" + long_name + "a:5", "longer than 253");
  expect_error("tls://:5", "host is missing");
  expect_error("dicom://", "host is missing");
}

BOOST_AUTO_TEST_CASE(address_literals) {
  expect_error("tls://[1.2.3.4]:5", "is not an IPv6 address");
  expect_error("tls://[]:5", "is not an IPv6 address");
  expect_error("tls://[::1:5", "unclosed");
  expect_error("tls://[::1]x:5", "unexpected");
  expect_error("tls://[fe80::1%eth0]:5", "is not an IPv6 address");
  expect_error("tls://::1:5", "in brackets");
  expect_error("tls://1.2.3.256:5", "not an IPv4 address");
  expect_error("tls://1.2.3:5", "not an IPv4 address");
  expect_target("tls://192.168.0.1:5", Scheme::tls, "192.168.0.1", 5);
}

BOOST_AUTO_TEST_CASE(userinfo_paths_and_queries_are_refused) {
  expect_error("tls://user@h:5", "user information");
  expect_error("tls://user:pw@h:5", "user information");
  expect_error("tls://h:5/path", "path, query or fragment");
  expect_error("tls://h:5?x=1", "path, query or fragment");
  expect_error("tls://h:5#frag", "path, query or fragment");
  expect_target("dicom://h/", Scheme::dicom, "h", 2762);  // an empty path alone is the same target
}
