#include "cli/target_url.hpp"

#include <cctype>

namespace medtls::cli {

namespace {
constexpr std::uint16_t kDicomTlsPort = 2762;  // IANA "dicom-tls", recommended by PS3.15

bool valid_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}
}  // namespace

std::optional<TargetUrl> parse_target_url(const std::string& text, std::string& error) {
  const std::string usage = " (expected dicom://host:port, hl7://host:port or tls://host:port)";
  auto sep = text.find("://");
  if (sep == std::string::npos) {
    error = "'" + text + "' has no scheme" + usage;
    return std::nullopt;
  }
  TargetUrl t;
  t.text = text;
  t.scheme = text.substr(0, sep);
  if (t.scheme != "dicom" && t.scheme != "hl7" && t.scheme != "tls") {
    error = "unknown scheme '" + t.scheme + "' in '" + text + "'" + usage;
    return std::nullopt;
  }
  std::string rest = text.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string port_text;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) {
      error = "unclosed '[' in '" + text + "'" + usage;
      return std::nullopt;
    }
    t.host = rest.substr(1, close - 1);
    std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        error = "unexpected '" + after + "' after the address in '" + text + "'" + usage;
        return std::nullopt;
      }
      port_text = after.substr(1);
      if (port_text.empty()) port_text = "-";
    }
    bool ok = !t.host.empty();
    for (char c : t.host)
      ok &= std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    if (!ok) {
      error = "'" + t.host + "' is not an IPv6 address in '" + text + "'";
      return std::nullopt;
    }
  } else {
    auto colon = rest.rfind(':');
    t.host = rest.substr(0, colon);
    if (colon != std::string::npos) {
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) port_text = "-";
    }
    bool ok = !t.host.empty();
    for (char c : t.host) ok &= valid_host_char(c);
    if (!ok) {
      error = "'" + t.host + "' is not a host name or address in '" + text + "'" + usage;
      return std::nullopt;
    }
  }
  if (port_text.empty()) {
    if (t.scheme != "dicom") {
      error = "'" + text + "' needs a port (" + t.scheme + "://host:port)";
      return std::nullopt;
    }
    t.port = kDicomTlsPort;
    return t;
  }
  unsigned long port = 0;
  bool digits = port_text.size() <= 5;
  for (char c : port_text) digits &= std::isdigit(static_cast<unsigned char>(c)) != 0;
  if (digits) port = std::stoul(port_text);
  if (!digits || port == 0 || port > 65535) {
    error = "'" + port_text + "' is not a port (1-65535) in '" + text + "'";
    return std::nullopt;
  }
  t.port = static_cast<std::uint16_t>(port);
  return t;
}

}  // namespace medtls::cli
