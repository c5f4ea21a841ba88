#include "common/tls_version.hpp"

#include <cctype>

#include "common/codes.hpp"

namespace medtls {

std::string_view version_name(TlsVersion v) {
  switch (v) {
    case TlsVersion::SSLv3:
      return "SSLv3";
    case TlsVersion::TLSv1_0:
      return "TLSv1.0";
    case TlsVersion::TLSv1_1:
      return "TLSv1.1";
    case TlsVersion::TLSv1_2:
      return "TLSv1.2";
    case TlsVersion::TLSv1_3:
      return "TLSv1.3";
  }
  return "?";
}

std::optional<TlsVersion> version_from_wire(std::uint16_t w) {
  for (auto v : kAllVersions)
    if (wire_code(v) == w) return v;
  return std::nullopt;
}

std::string wire_version_name(std::uint16_t w) {
  if (auto v = version_from_wire(w)) return std::string(version_name(*v));
  return format_code(w);
}

std::optional<TlsVersion> parse_version(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "sslv3" || t == "ssl3" || t == "ssl3.0") return TlsVersion::SSLv3;
  for (std::string_view prefix : {"tlsv", "tls", ""}) {
    if (t.rfind(prefix, 0) != 0) continue;
    std::string rest = t.substr(prefix.size());
    if (rest == "1.0" || rest == "1") return TlsVersion::TLSv1_0;
    if (rest == "1.1") return TlsVersion::TLSv1_1;
    if (rest == "1.2") return TlsVersion::TLSv1_2;
    if (rest == "1.3") return TlsVersion::TLSv1_3;
  }
  return std::nullopt;
}

}  // namespace medtls
