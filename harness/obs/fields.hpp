#pragma once
// Each observation type names its fields once, in a field list; the JSON writer, the reader, the
// round-trip tests' generator and their equality all walk that list, so a field cannot be written
// and forgotten on reading (or the reverse).
//
//   MEDTLS_FIELDS(Type, a, b, c)       the list: visit_fields(f, objects...) calls f("a", o.a...)
//   MEDTLS_JSON_FIELDS(Type, a, b, c)  the list plus to_json/from_json derived from it
//
// A type whose JSON differs from its members (codes written "0xC02F", alert names beside codes,
// the version maps) writes its visit_fields by hand and wraps those members in one of the
// adapters in obs/field_adapters.hpp; everything else is generic.
//
// Reading: a saved report is untrusted input. Missing keys and nulls leave the default in place;
// a wrong type, an integer out of range or a word outside a vocabulary throws
// (json_get::number, enum_from_json), never reaches undefined behaviour.
#include <optional>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "obs/json_get.hpp"

namespace medtls::obs::fields {

// An adapter: a member seen through a custom JSON form. It has write(json& parent, key) and
// read(const json& parent, key), and `ref`, the member itself.
template <class V, class = void>
struct is_adapter : std::false_type {};
template <class V>
struct is_adapter<V, std::void_t<decltype(&V::is_field_adapter)>> : std::true_type {};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class V>
void write_field(nlohmann::json& parent, const char* key, const V& value) {
  if constexpr (is_adapter<V>::value) {
    value.write(parent, key);
  } else if constexpr (is_optional<V>::value) {
    parent[key] = value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  } else {
    parent[key] = value;
  }
}

template <class V>
void read_field(const nlohmann::json& parent, const char* key, V& value) {
  if constexpr (is_adapter<V>::value) {
    value.read(parent, key);
  } else if constexpr (is_optional<V>::value) {
    json_get::get_optional(parent, key, value);
  } else {
    json_get::get_opt(parent, key, value);
  }
}

// Adapters are temporaries made by visit_fields; they are passed on by value.
template <class T>
void write(nlohmann::json& j, const T& object) {
  if (!j.is_object()) j = nlohmann::json::object();
  visit_fields([&j](const char* key, const auto& value) { write_field(j, key, value); }, object);
}

template <class T>
void read(const nlohmann::json& j, T& object) {
  if (!j.is_object()) throw std::invalid_argument("not an object: " + j.dump().substr(0, 80));
  visit_fields([&j](const char* key, auto&& value) { read_field(j, key, value); }, object);
}

}  // namespace medtls::obs::fields

#define MEDTLS_FIELD_VISIT(member) f(#member, objects.member...);

// visit_fields(f, a, b…) calls f("member", a.member, b.member…) for each member, in order.
#define MEDTLS_FIELDS(Type, ...)                                                        \
  template <class F, class... Objects>                                                  \
  auto visit_fields(F&& f, Objects&... objects)                                         \
      ->std::enable_if_t<(std::is_same_v<std::remove_const_t<Objects>, Type> && ...)> { \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(MEDTLS_FIELD_VISIT, __VA_ARGS__))          \
  }

#define MEDTLS_JSON_FIELDS(Type, ...)                       \
  MEDTLS_FIELDS(Type, __VA_ARGS__)                          \
  inline void to_json(nlohmann::json& j, const Type& t) {   \
    ::medtls::obs::fields::write(j, t);                     \
  }                                                         \
  inline void from_json(const nlohmann::json& j, Type& t) { \
    ::medtls::obs::fields::read(j, t);                      \
  }
