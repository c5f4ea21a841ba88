#pragma once
// Reading observations back from a saved report, which may have been edited or forged: a value
// of the wrong type or out of range is an error (std::invalid_argument or nlohmann's type_error),
// never undefined behaviour. nlohmann converts a number to an integer with a plain cast, so
// 1e10 read as a port, or 300 as an alert code, would be UB or silently wrong; every integer
// goes through number<T>() instead.
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace medtls::obs::json_get {

template <class T>
T number(const nlohmann::json& j) {
  static_assert(std::is_arithmetic_v<T>);
  if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T>) {
    return j.get<T>();
  } else {
    using Limits = std::numeric_limits<T>;
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (v <= static_cast<std::uint64_t>(Limits::max())) return static_cast<T>(v);
    } else if (j.is_number_integer()) {
      const auto v = j.get<std::int64_t>();
      if (v >= static_cast<std::int64_t>(Limits::min()) &&
          (v < 0 || static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(Limits::max())))
        return static_cast<T>(v);
    } else if (j.is_number_float()) {
      const double v = j.get<double>();
      if (std::isfinite(v) && v == std::trunc(v) && v >= static_cast<double>(Limits::min()) &&
          v <= static_cast<double>(Limits::max()))
        return static_cast<T>(v);
    } else {
      return j.get<T>();  // not a number: nlohmann's type_error
    }
    throw std::invalid_argument("number out of range: " + j.dump());
  }
}

template <class T>
struct is_number_vector : std::false_type {};
template <class U, class A>
struct is_number_vector<std::vector<U, A>> : std::is_arithmetic<U> {};

// One value of type T: numbers through number<T>(), vectors of them element by element,
// anything else through nlohmann.
template <class T>
T value(const nlohmann::json& j) {
  if constexpr (std::is_arithmetic_v<T>) {
    return number<T>(j);
  } else if constexpr (is_number_vector<T>::value) {
    if (!j.is_array()) throw std::invalid_argument("not a list: " + j.dump());
    T out;
    for (const auto& e : j) out.push_back(number<typename T::value_type>(e));
    return out;
  } else {
    return j.get<T>();
  }
}

// `out` = j[key] when present and not null.
template <class T>
void get_opt(const nlohmann::json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = value<T>(*it);
}

template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = value<T>(*it);
}

}  // namespace medtls::obs::json_get
