#pragma once
// Names and sizes of TLS code points (alerts, named groups, signature schemes, extensions)
// for evidence text, and the facts the evaluator needs about groups (bit size, family).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls {

// "protocol_version(70)"; unknown ones as "alert(NNN)".
std::string alert_name(std::uint8_t description);

// A named group's family: elliptic curve (x25519/x448 included), finite-field, or a hybrid with
// a post-quantum KEM. The profiles' group rules name families by these words.
MEDTLS_ENUM(GroupFamily, ec, ff, hybrid)

struct NamedGroup {
  std::uint16_t code;
  const char* name;  // IANA name: "x25519", "secp256r1", "ffdhe2048", "brainpoolP256r1tls13" …
  GroupFamily family;
  int bits;  // field/curve size: secp256r1 256, x25519 255, ffdhe2048 2048
};
const std::vector<NamedGroup>& named_groups();
std::optional<NamedGroup> find_group(std::uint16_t code);
std::optional<NamedGroup> find_group(const std::string& name);
std::string group_name(std::uint16_t code);  // "unknown(0x1234)" when not in the table
// The inverse of group_name ("unknown(0x1234)" included).
std::optional<std::uint16_t> group_code(const std::string& name);

std::string signature_scheme_name(std::uint16_t code);
// The inverse of signature_scheme_name ("unknown(0x1234)" included).
std::optional<std::uint16_t> signature_scheme_code(const std::string& name);
std::string extension_name(std::uint16_t type);

}  // namespace medtls
