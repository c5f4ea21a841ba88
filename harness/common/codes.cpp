#include "common/codes.hpp"

#include <cctype>
#include <cstdio>

namespace medtls {

std::string format_code(std::uint16_t code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(code));
  return buf;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
// Parses exactly `digits` hex digits (1..4) into value.
bool parse_hex_digits(std::string_view s, unsigned& value) {
  if (s.empty() || s.size() > 4) return false;
  value = 0;
  for (char c : s) {
    int v = hex_value(c);
    if (v < 0) return false;
    value = value * 16 + static_cast<unsigned>(v);
  }
  return true;
}
std::string_view strip_0x(std::string_view s) {
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  return s;
}
}  // namespace

std::optional<std::uint16_t> parse_code(std::string_view text) {
  auto comma = text.find(',');
  unsigned value = 0;
  if (comma != std::string_view::npos) {
    unsigned hi = 0, lo = 0;
    auto a = strip_0x(text.substr(0, comma)), b = strip_0x(text.substr(comma + 1));
    if (a.size() != 2 || b.size() != 2 || !parse_hex_digits(a, hi) || !parse_hex_digits(b, lo))
      return std::nullopt;
    return static_cast<std::uint16_t>(hi << 8 | lo);
  }
  auto s = strip_0x(text);
  if (s.size() != 4 || !parse_hex_digits(s, value)) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v = hex_value(c);
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

}  // namespace medtls
