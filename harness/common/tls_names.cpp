#include "common/tls_names.hpp"

#include <map>

#include "common/codes.hpp"

namespace medtls {

std::string alert_name(std::uint8_t d) {
  static const std::map<int, const char*> names = {
      {0, "close_notify"},
      {10, "unexpected_message"},
      {20, "bad_record_mac"},
      {21, "decryption_failed"},
      {22, "record_overflow"},
      {30, "decompression_failure"},
      {40, "handshake_failure"},
      {41, "no_certificate"},
      {42, "bad_certificate"},
      {43, "unsupported_certificate"},
      {44, "certificate_revoked"},
      {45, "certificate_expired"},
      {46, "certificate_unknown"},
      {47, "illegal_parameter"},
      {48, "unknown_ca"},
      {49, "access_denied"},
      {50, "decode_error"},
      {51, "decrypt_error"},
      {60, "export_restriction"},
      {70, "protocol_version"},
      {71, "insufficient_security"},
      {80, "internal_error"},
      {86, "inappropriate_fallback"},
      {90, "user_canceled"},
      {100, "no_renegotiation"},
      {109, "missing_extension"},
      {110, "unsupported_extension"},
      {111, "certificate_unobtainable"},
      {112, "unrecognized_name"},
      {113, "bad_certificate_status_response"},
      {114, "bad_certificate_hash_value"},
      {115, "unknown_psk_identity"},
      {116, "certificate_required"},
      {120, "no_application_protocol"},
  };
  auto it = names.find(d);
  return std::string(it == names.end() ? "alert" : it->second) + "(" + std::to_string(d) + ")";
}

const std::vector<NamedGroup>& named_groups() {
  // IANA TLS Supported Groups registry (the groups a DICOM node may plausibly use, plus the
  // weak ones the profiles forbid so that a server choosing them is named correctly).
  constexpr auto ec = GroupFamily::ec, ff = GroupFamily::ff, hybrid = GroupFamily::hybrid;
  static const std::vector<NamedGroup> groups = {
      {0x0001, "sect163k1", ec, 163},
      {0x0003, "sect163r2", ec, 163},
      {0x0009, "sect283k1", ec, 283},
      {0x000A, "sect283r1", ec, 283},
      {0x000B, "sect409k1", ec, 409},
      {0x000C, "sect409r1", ec, 409},
      {0x000D, "sect571k1", ec, 571},
      {0x000E, "sect571r1", ec, 571},
      {0x000F, "secp160k1", ec, 160},
      {0x0010, "secp160r1", ec, 160},
      {0x0011, "secp160r2", ec, 160},
      {0x0012, "secp192k1", ec, 192},
      {0x0013, "secp192r1", ec, 192},
      {0x0014, "secp224k1", ec, 224},
      {0x0015, "secp224r1", ec, 224},
      {0x0016, "secp256k1", ec, 256},
      {0x0017, "secp256r1", ec, 256},
      {0x0018, "secp384r1", ec, 384},
      {0x0019, "secp521r1", ec, 521},
      {0x001A, "brainpoolP256r1", ec, 256},
      {0x001B, "brainpoolP384r1", ec, 384},
      {0x001C, "brainpoolP512r1", ec, 512},
      {0x001D, "x25519", ec, 255},
      {0x001E, "x448", ec, 448},
      {0x001F, "brainpoolP256r1tls13", ec, 256},
      {0x0020, "brainpoolP384r1tls13", ec, 384},
      {0x0021, "brainpoolP512r1tls13", ec, 512},
      {0x0100, "ffdhe2048", ff, 2048},
      {0x0101, "ffdhe3072", ff, 3072},
      {0x0102, "ffdhe4096", ff, 4096},
      {0x0103, "ffdhe6144", ff, 6144},
      {0x0104, "ffdhe8192", ff, 8192},
      {0x11EC, "X25519MLKEM768", hybrid, 255},
      {0x11EB, "SecP256r1MLKEM768", hybrid, 256},
  };
  return groups;
}

std::optional<NamedGroup> find_group(std::uint16_t code) {
  for (const auto& g : named_groups())
    if (g.code == code) return g;
  return std::nullopt;
}

std::optional<NamedGroup> find_group(const std::string& name) {
  for (const auto& g : named_groups())
    if (name == g.name) return g;
  return std::nullopt;
}

std::string group_name(std::uint16_t code) {
  if (auto g = find_group(code)) return g->name;
  return "unknown(" + format_code(code) + ")";
}

namespace {
// "unknown(0x1234)" → 0x1234, as group_name and signature_scheme_name write codes they cannot
// name.
std::optional<std::uint16_t> unknown_code(const std::string& name) {
  if (name.rfind("unknown(", 0) == 0 && name.size() > 9 && name.back() == ')')
    return parse_code(name.substr(8, name.size() - 9));
  return std::nullopt;
}
}  // namespace

std::optional<std::uint16_t> group_code(const std::string& name) {
  if (auto g = find_group(name)) return g->code;
  return unknown_code(name);
}

namespace {

const std::map<int, const char*>& signature_schemes() {
  static const std::map<int, const char*> names = {
      {0x0201, "rsa_pkcs1_sha1"},
      {0x0203, "ecdsa_sha1"},
      {0x0202, "dsa_sha1"},
      {0x0101, "rsa_pkcs1_md5"},
      {0x0401, "rsa_pkcs1_sha256"},
      {0x0501, "rsa_pkcs1_sha384"},
      {0x0601, "rsa_pkcs1_sha512"},
      {0x0403, "ecdsa_secp256r1_sha256"},
      {0x0503, "ecdsa_secp384r1_sha384"},
      {0x0603, "ecdsa_secp521r1_sha512"},
      {0x0804, "rsa_pss_rsae_sha256"},
      {0x0805, "rsa_pss_rsae_sha384"},
      {0x0806, "rsa_pss_rsae_sha512"},
      {0x0807, "ed25519"},
      {0x0808, "ed448"},
      {0x0809, "rsa_pss_pss_sha256"},
      {0x080A, "rsa_pss_pss_sha384"},
      {0x080B, "rsa_pss_pss_sha512"},
      {0x081A, "ecdsa_brainpoolP256r1tls13_sha256"},
      {0x081B, "ecdsa_brainpoolP384r1tls13_sha384"},
      {0x081C, "ecdsa_brainpoolP512r1tls13_sha512"},
      {0x0402, "dsa_sha256"},
      {0x0502, "dsa_sha384"},
      {0x0602, "dsa_sha512"},
      {0x0301, "rsa_sha224"},
      {0x0303, "ecdsa_sha224"},
      {0x0302, "dsa_sha224"},
  };
  return names;
}

}  // namespace

std::string signature_scheme_name(std::uint16_t code) {
  const auto& names = signature_schemes();
  auto it = names.find(code);
  return it == names.end() ? "unknown(" + format_code(code) + ")" : it->second;
}

std::optional<std::uint16_t> signature_scheme_code(const std::string& name) {
  for (const auto& [code, n] : signature_schemes())
    if (name == n) return static_cast<std::uint16_t>(code);
  return unknown_code(name);
}

std::string extension_name(std::uint16_t type) {
  static const std::map<int, const char*> names = {
      {0, "server_name"},
      {1, "max_fragment_length"},
      {4, "truncated_hmac"},
      {5, "status_request"},
      {10, "supported_groups"},
      {11, "ec_point_formats"},
      {13, "signature_algorithms"},
      {15, "heartbeat"},
      {16, "application_layer_protocol_negotiation"},
      {18, "signed_certificate_timestamp"},
      {21, "padding"},
      {22, "encrypt_then_mac"},
      {23, "extended_master_secret"},
      {35, "session_ticket"},
      {41, "pre_shared_key"},
      {42, "early_data"},
      {43, "supported_versions"},
      {44, "cookie"},
      {45, "psk_key_exchange_modes"},
      {47, "certificate_authorities"},
      {49, "post_handshake_auth"},
      {50, "signature_algorithms_cert"},
      {51, "key_share"},
      {0xFF01, "renegotiation_info"},
  };
  auto it = names.find(type);
  return it == names.end() ? "unknown(" + std::to_string(type) + ")" : it->second;
}

}  // namespace medtls
