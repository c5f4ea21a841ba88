#pragma once
// The report's spelling of 16-bit code points ("0xC02F": upper-case, four hex digits) and
// hex dumps of raw bytes used as evidence.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medtls {

std::string format_code(std::uint16_t code);
// Accepts "0xC02F", "C02F", "0xC0,0x2F" (IANA style); nullopt otherwise.
std::optional<std::uint16_t> parse_code(std::string_view text);

std::string to_hex(const std::uint8_t* data, std::size_t size);
inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  return to_hex(bytes.data(), bytes.size());
}
// Ignores white space; nullopt on odd length or a non-hex character.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace medtls
