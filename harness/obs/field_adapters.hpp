#pragma once
// The few members whose JSON is not their C++ value: 16-bit code points written "0xC02F",
// alerts written as a name beside their code, group code lists written with their names, raw
// bytes written as hex, a peer's raw strings written as peer text. Each adapter writes and reads
// one member (and a derived key beside it, which is never read back).
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
#include "common/tls_names.hpp"
#include "obs/json_get.hpp"

namespace medtls::obs::fields {

namespace detail {

inline std::uint16_t code_value(const nlohmann::json& j) {
  if (j.is_string())
    if (auto c = parse_code(j.get_ref<const std::string&>())) return *c;
  throw std::invalid_argument("not a code (\"0xC02F\"): " + j.dump().substr(0, 80));
}

inline nlohmann::json code_json(std::uint16_t c) {
  return format_code(c);
}
inline nlohmann::json code_json(const std::optional<std::uint16_t>& c) {
  return c ? code_json(*c) : nlohmann::json(nullptr);
}
inline nlohmann::json code_json(const std::vector<std::uint16_t>& v) {
  auto a = nlohmann::json::array();
  for (auto c : v) a.push_back(format_code(c));
  return a;
}
inline nlohmann::json code_json(const std::map<std::uint16_t, std::string>& m) {
  auto o = nlohmann::json::object();
  for (const auto& [c, text] : m) o[format_code(c)] = text;
  return o;
}

inline void code_read(const nlohmann::json& j, std::uint16_t& out) {
  out = code_value(j);
}
inline void code_read(const nlohmann::json& j, std::optional<std::uint16_t>& out) {
  out = j.is_null() ? std::nullopt : std::optional<std::uint16_t>(code_value(j));
}
inline void code_read(const nlohmann::json& j, std::vector<std::uint16_t>& out) {
  if (!j.is_array()) throw std::invalid_argument("not a list of codes: " + j.dump().substr(0, 80));
  out.clear();
  for (const auto& e : j) out.push_back(code_value(e));
}
inline void code_read(const nlohmann::json& j, std::map<std::uint16_t, std::string>& out) {
  if (!j.is_object()) throw std::invalid_argument("not a code map: " + j.dump().substr(0, 80));
  out.clear();
  for (const auto& [key, text] : j.items()) out[code_value(key)] = text.get<std::string>();
}

}  // namespace detail

// A code, list of codes, optional code or map keyed by code, written "0xC02F".
template <class R>
struct Hex {
  static constexpr bool is_field_adapter = true;
  R& ref;
  void write(nlohmann::json& p, const char* key) const { p[key] = detail::code_json(ref); }
  void read(const nlohmann::json& p, const char* key) const {
    if (auto it = p.find(key); it != p.end() && !(it->is_null() && !is_optional_code()))
      detail::code_read(*it, ref);
  }
  static constexpr bool is_optional_code() {
    return std::is_same_v<std::remove_const_t<R>, std::optional<std::uint16_t>>;
  }
};
template <class R>
Hex<R> hex(R& r) {
  return {r};
}

// A code where 0 means "none", written null.
template <class R>
struct HexOrNull {
  static constexpr bool is_field_adapter = true;
  R& ref;
  void write(nlohmann::json& p, const char* key) const {
    p[key] = ref ? detail::code_json(ref) : nlohmann::json(nullptr);
  }
  void read(const nlohmann::json& p, const char* key) const {
    auto it = p.find(key);
    if (it == p.end()) return;
    if (it->is_null())
      ref = 0;
    else
      ref = detail::code_value(*it);
  }
};
template <class R>
HexOrNull<R> hex_or_null(R& r) {
  return {r};
}

// An alert description: "alert": "certificate_required(116)" (or null) for the reader, and
// "alert_code": 116, which is what is read back.
template <class R>
struct AlertCode {
  static constexpr bool is_field_adapter = true;
  R& ref;  // std::optional<std::uint8_t>
  void write(nlohmann::json& p, const char* key) const {
    p[key] = ref ? nlohmann::json(alert_name(*ref)) : nlohmann::json(nullptr);
    if (ref) p[std::string(key) + "_code"] = *ref;
  }
  void read(const nlohmann::json& p, const char* key) const {
    ::medtls::obs::json_get::get_optional(p, (std::string(key) + "_code").c_str(), ref);
  }
};
template <class R>
AlertCode<R> alert_code(R& r) {
  return {r};
}

// Named groups: "supported": ["x25519", …] for the reader, "codes": ["0x001D", …] read back.
template <class R>
struct GroupList {
  static constexpr bool is_field_adapter = true;
  R& ref;  // std::vector<std::uint16_t>
  void write(nlohmann::json& p, const char* key) const {
    auto names = nlohmann::json::array();
    for (auto c : ref) names.push_back(group_name(c));
    p[key] = names;
    p["codes"] = detail::code_json(ref);
  }
  void read(const nlohmann::json& p, const char* /*key*/) const {
    if (auto it = p.find("codes"); it != p.end()) detail::code_read(*it, ref);
  }
};
template <class R>
GroupList<R> group_list(R& r) {
  return {r};
}

// Raw bytes written as lower-case hex text ("16030100"); read back from hex (either case).
template <class R>
struct HexBytes {
  static constexpr bool is_field_adapter = true;
  R& ref;  // std::vector<std::uint8_t>
  void write(nlohmann::json& p, const char* key) const { p[key] = to_hex(ref); }
  void read(const nlohmann::json& p, const char* key) const {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return;
    auto bytes = from_hex(it->get_ref<const std::string&>());
    if (!bytes) throw std::invalid_argument("not hex bytes: " + it->dump().substr(0, 80));
    ref = std::move(*bytes);
  }
};
template <class R>
HexBytes<R> hex_bytes(R& r) {
  return {r};
}

// A string, or list of strings, that holds the peer's raw bytes in the observation (an ALPN
// name or SNI a device sent): written as peer text (common/peer_text.hpp, the schema's
// $defs/peerText), read back to the same bytes with peer_bytes().
template <class R>
struct PeerString {
  static constexpr bool is_field_adapter = true;
  static constexpr bool is_peer_text = true;
  R& ref;  // std::string or std::vector<std::string>
  void write(nlohmann::json& p, const char* key) const {
    if constexpr (std::is_same_v<std::remove_const_t<R>, std::string>) {
      p[key] = peer_text(ref);
    } else {
      auto a = nlohmann::json::array();
      for (const auto& s : ref) a.push_back(peer_text(s));
      p[key] = a;
    }
  }
  void read(const nlohmann::json& p, const char* key) const {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) return;
    if constexpr (std::is_same_v<std::remove_const_t<R>, std::string>) {
      ref = peer_bytes(it->get_ref<const std::string&>());
    } else {
      if (!it->is_array()) throw std::invalid_argument("not a list: " + it->dump().substr(0, 80));
      ref.clear();
      for (const auto& e : *it) ref.push_back(peer_bytes(e.get_ref<const std::string&>()));
    }
  }
};
template <class R>
PeerString<R> peer_string(R& r) {
  return {r};
}

}  // namespace medtls::obs::fields
