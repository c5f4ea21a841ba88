#pragma once
// Closed vocabularies as enums with one name table each. MEDTLS_ENUM(Name, a, b, c) declares
// `enum class Name { a, b, c }` and its table, whose names are the enumerators' own spelling (so
// the JSON word and the C++ word cannot differ). name_of(), parse_enum() and the JSON conversions
// all read that one table. Unlike NLOHMANN_JSON_SERIALIZE_ENUM, reading a word that is not in the
// table throws instead of silently taking the first value: a saved report is untrusted input, and
// a forged "accepted" must not hide behind a typo's default.
#include <array>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace medtls {

namespace enum_detail {
// An enumerator that would be a keyword carries a trailing underscore (requires_); its word not.
inline std::string_view word(const char* spelled) {
  std::string_view w(spelled);
  if (!w.empty() && w.back() == '_') w.remove_suffix(1);
  return w;
}
}  // namespace enum_detail

template <class E>
std::string name_of(E e) {
  for (const auto& [value, name] : enum_items(E{}))
    if (value == e) return std::string(enum_detail::word(name));
  return "?";
}

template <class E>
std::optional<E> parse_enum(std::string_view word) {
  for (const auto& [value, name] : enum_items(E{}))
    if (word == enum_detail::word(name)) return value;
  return std::nullopt;
}

template <class E>
std::vector<std::string> enum_names() {
  std::vector<std::string> out;
  for (const auto& item : enum_items(E{})) out.emplace_back(enum_detail::word(item.second));
  return out;
}

template <class E>
std::vector<E> enum_values() {
  std::vector<E> out;
  for (const auto& item : enum_items(E{})) out.push_back(item.first);
  return out;
}

// The words of several values, in their order (for evidence text: join(names_of(allowed))).
template <class E>
std::vector<std::string> names_of(const std::vector<E>& values) {
  std::vector<std::string> out;
  for (E e : values) out.push_back(name_of(e));
  return out;
}

// "a | b | c": the table as a reader sees it in an error message.
template <class E>
std::string enum_alternatives() {
  std::string out;
  for (const auto& name : enum_names<E>()) out += (out.empty() ? "" : " | ") + name;
  return out;
}

template <class E>
E enum_from_json(const nlohmann::json& j, const char* vocabulary) {
  if (j.is_string())
    if (auto e = parse_enum<E>(j.get_ref<const std::string&>())) return *e;
  throw std::invalid_argument(std::string("not a ") + vocabulary + " (" + enum_alternatives<E>() +
                              "): " + j.dump().substr(0, 80));
}

}  // namespace medtls

#define MEDTLS_ENUM_ITEM(x) std::pair<Enum, const char*>{Enum::x, #x},

// In the enum's namespace: the enum, its table, and its JSON conversions (found by ADL).
#define MEDTLS_ENUM(Name, ...)                                                                \
  enum class Name { __VA_ARGS__ };                                                            \
  struct Name##_table {                                                                       \
    using Enum = Name;                                                                        \
    static constexpr std::pair<Enum, const char*> items[] = {                                 \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(MEDTLS_ENUM_ITEM, __VA_ARGS__))};            \
  };                                                                                          \
  inline constexpr const auto& enum_items(Name) {                                             \
    return Name##_table::items;                                                               \
  }                                                                                           \
  inline void to_json(nlohmann::json& j, Name e) {                                            \
    j = ::medtls::name_of(e);                                                                 \
  }                                                                                           \
  inline void from_json(const nlohmann::json& j, Name& e) {                                   \
    e = ::medtls::enum_from_json<Name>(j, #Name);                                             \
  }                                                                                           \
  /* Words of the vocabulary in evidence text: "trust " + c.trust reads "trust untrusted". */ \
  inline std::string operator+(const std::string& text, Name e) {                             \
    return text + ::medtls::name_of(e);                                                       \
  }                                                                                           \
  inline std::string operator+(const char* text, Name e) {                                    \
    return text + ::medtls::name_of(e);                                                       \
  }                                                                                           \
  inline std::string operator+(Name e, const std::string& text) {                             \
    return ::medtls::name_of(e) + text;                                                       \
  }                                                                                           \
  inline std::string operator+(Name e, const char* text) {                                    \
    return ::medtls::name_of(e) + text;                                                       \
  }                                                                                           \
  inline std::ostream& operator<<(std::ostream& out, Name e) {                                \
    return out << ::medtls::name_of(e);                                                       \
  }
