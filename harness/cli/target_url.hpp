#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace medtls::cli {

struct TargetUrl {
  std::string text;    // as given
  std::string scheme;  // dicom | hl7 | tls
  std::string host;    // without brackets for IPv6
  std::uint16_t port = 0;
};

// dicom://host[:port] (port defaults to 2762, "dicom-tls"), hl7://host:port, tls://host:port;
// IPv6 literals in brackets. nullopt with a one-line reason in `error`.
std::optional<TargetUrl> parse_target_url(const std::string& text, std::string& error);

}  // namespace medtls::cli
