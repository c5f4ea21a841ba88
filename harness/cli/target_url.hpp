#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/target.hpp"

namespace medtls::cli {

struct TargetUrl {
  std::string text;  // as given
  Scheme scheme = Scheme::tls;
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
};

// dicom://host[:port] (port defaults to 2762, "dicom-tls"), hl7://host:port, tls://host:port.
// Schemes are case-insensitive (RFC 3986 §3.1); the host is an RFC 1123 name, an IPv4 literal
// or an IPv6 literal in brackets; the port is 1-65535. User information, paths, queries and
// fragments are refused (a trailing '/' is tolerated). nullopt with a one-line reason in `error`.
std::optional<TargetUrl> parse_target_url(const std::string& text, std::string& error);

}  // namespace medtls::cli
