#pragma once
// Protocol versions as they appear on the wire, and their report names.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medtls {

enum class TlsVersion : std::uint16_t {
  SSLv3 = 0x0300,
  TLSv1_0 = 0x0301,
  TLSv1_1 = 0x0302,
  TLSv1_2 = 0x0303,
  TLSv1_3 = 0x0304,
};

// Every version the prober tests, oldest first.
inline constexpr std::array<TlsVersion, 5> kAllVersions = {TlsVersion::SSLv3, TlsVersion::TLSv1_0,
                                                           TlsVersion::TLSv1_1, TlsVersion::TLSv1_2,
                                                           TlsVersion::TLSv1_3};

// "SSLv3", "TLSv1.0" … "TLSv1.3" (the report contract's keys).
std::string_view version_name(TlsVersion v);
// Also names unknown wire values ("0x7F1C").
std::string wire_version_name(std::uint16_t wire);
// Accepts the report names and "TLS1.2"/"tls1.2"/"1.2".
std::optional<TlsVersion> parse_version(std::string_view text);
inline std::uint16_t wire_code(TlsVersion v) {
  return static_cast<std::uint16_t>(v);
}
std::optional<TlsVersion> version_from_wire(std::uint16_t wire);

}  // namespace medtls
