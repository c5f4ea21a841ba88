#include "cli/target_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace medtls::cli {

namespace {

constexpr std::uint16_t kDicomTlsPort = 2762;  // IANA "dicom-tls", recommended by PS3.15
constexpr const char* kUsage =
    " (expected dicom://host[:port], hl7://host:port or tls://host:port)";

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RFC 1123 §2.1 host name: dot-separated labels of letters, digits and hyphens, none starting
// or ending with a hyphen, 1-63 characters each, 253 in all. Returns "" or the reason.
std::string host_name_problem(const std::string& host) {
  if (host.size() > 253) return "longer than 253 characters";
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::string label =
        host.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (label.empty()) return "has an empty label";
    if (label.size() > 63) return "has a label longer than 63 characters";
    if (label.front() == '-' || label.back() == '-')
      return "has a label that starts or ends with '-'";
    for (char c : label)
      if (!is_alpha(c) && !is_digit(c) && c != '-')
        return std::string("contains '") + c + "' (letters, digits, '-' and '.' only)";
    if (dot == std::string::npos) return "";
    start = dot + 1;
  }
}

// A name, an IPv4 literal (dotted quad), never an unbracketed IPv6 literal. "" or the reason.
std::string plain_host_problem(const std::string& host) {
  if (host.empty()) return "the host is missing";
  if (host.find(':') != std::string::npos)
    return "'" + host + "' looks like an IPv6 address: write it in brackets, [" + host + "]";
  const bool numeric =
      std::all_of(host.begin(), host.end(), [](char c) { return is_digit(c) || c == '.'; });
  if (numeric) {
    in_addr a{};
    return inet_pton(AF_INET, host.c_str(), &a) == 1 ? "" : "'" + host + "' is not an IPv4 address";
  }
  const std::string why = host_name_problem(host);
  return why.empty() ? "" : "'" + host + "' is not a host name: it " + why;
}

// The port after ':' (RFC 3986 §3.2.3 digits), 1-65535. "" or the reason.
std::string parse_port(const std::string& text, std::uint16_t& port) {
  if (text.empty()) return "empty port after ':'";
  const bool digits = std::all_of(text.begin(), text.end(), is_digit);
  const auto first = text.find_first_not_of('0');
  const bool small = first == std::string::npos || text.size() - first <= 5;
  const unsigned long value = digits && small ? std::stoul(text) : 0;
  if (value == 0 || value > 65535) return "'" + text + "' is not a port (1-65535)";
  port = static_cast<std::uint16_t>(value);
  return "";
}

}  // namespace

std::optional<TargetUrl> parse_target_url(const std::string& text, std::string& error) {
  const auto fail = [&](const std::string& why) {
    error = why + " in '" + text + "'" + kUsage;
    return std::nullopt;
  };
  const auto sep = text.find("://");
  if (sep == std::string::npos) {
    error = "'" + text + "' has no scheme" + kUsage;
    return std::nullopt;
  }
  TargetUrl t;
  t.text = text;
  // Schemes are case-insensitive (RFC 3986 §3.1).
  const auto scheme = parse_enum<Scheme>(lower(text.substr(0, sep)));
  if (!scheme) return fail("unknown scheme '" + text.substr(0, sep) + "'");
  t.scheme = *scheme;

  std::string authority = text.substr(sep + 3);
  // An empty path ("host:port/") is the same target; anything more names no TLS endpoint.
  if (!authority.empty() && authority.back() == '/') authority.pop_back();
  if (const auto at = authority.find('@'); at != std::string::npos)
    return fail("user information ('" + authority.substr(0, at + 1) +
                "') is not allowed: credentials go in --user/--passcode");
  if (const auto extra = authority.find_first_of("/?#"); extra != std::string::npos)
    return fail("a path, query or fragment ('" + authority.substr(extra) +
                "') is not allowed: a target is host and port only");

  std::string port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return fail("unclosed '['");
    t.host = authority.substr(1, close - 1);
    const std::string after = authority.substr(close + 1);
    in6_addr a{};
    if (inet_pton(AF_INET6, t.host.c_str(), &a) != 1)
      return fail("'[" + t.host + "]' is not an IPv6 address");
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected '" + after + "' after the address");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    t.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    // "tls://::1:443": the last colon is not the port's, the address needs brackets.
    if (auto why = plain_host_problem(t.host); !why.empty()) return fail(why);
  }

  if (!has_port) {
    if (t.scheme != Scheme::dicom) {
      error = "'" + text + "' needs a port (" + t.scheme + "://host:port)";
      return std::nullopt;
    }
    t.port = kDicomTlsPort;
    return t;
  }
  if (auto why = parse_port(port_text, t.port); !why.empty()) return fail(why);
  return t;
}

}  // namespace medtls::cli
