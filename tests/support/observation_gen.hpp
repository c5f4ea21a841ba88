#pragma once
// Property tests of the observations' JSON: a generator that fills every field of every type
// through the types' own field lists (obs/json.hpp), and an equality that walks the same lists
// and names the first field that differs. Neither knows any type by name except ServerReply,
// whose JSON keeps its wire shape (its rules are in normalize() below), so a field added to a
// type is generated and compared without touching this file.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "common/enum_names.hpp"
#include "common/tls_version.hpp"
#include "obs/json.hpp"

namespace medtls::test {

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class T, class = void>
struct is_peer_text : std::false_type {};
template <class T>
struct is_peer_text<T, std::void_t<decltype(&T::is_peer_text)>> : std::true_type {};
template <class T, class = void>
struct is_named_enum : std::false_type {};
template <class T>
struct is_named_enum<T, std::void_t<decltype(enum_items(T{}))>> : std::true_type {};

// Randomness from a seed: sizes stay small, strings are valid UTF-8 with controls, quotes,
// backslashes and code points beyond the BMP.
class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : rng_(seed) {}
  bool flag() { return rng_() & 1; }
  std::size_t count(std::size_t max) { return rng_() % (max + 1); }
  template <class T>
  T integral() {
    // Edge values a third of the time: 0, the extremes.
    switch (rng_() % 6) {
      case 0:
        return T{0};
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return std::numeric_limits<T>::min();
      default:
        return static_cast<T>(rng_());
    }
  }
  double real() {
    const double d =
        std::ldexp(static_cast<double>(rng_() % 1000000), -static_cast<int>(rng_() % 20));
    return flag() ? -d : d;
  }
  std::string text() {
    std::string s;
    const std::size_t n = count(12);
    for (std::size_t i = 0; i < n; ++i) {
      const auto kind = rng_() % 10;
      if (kind < 6) {
        s += static_cast<char>(0x20 + rng_() % 95);
      } else if (kind < 7) {
        s += static_cast<char>(rng_() % 32);
      } else {
        auto cp = static_cast<std::uint32_t>(0x80 + rng_() % (0x10FFFF - 0x80));
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        append_utf8(s, cp);
      }
    }
    return s;
  }
  // Any bytes (what a peer may send): invalid UTF-8, NUL, backslashes, escapes' look-alikes.
  std::string raw() {
    static const char* const kTricky[] = {"\\", "\\x41", "\\u{202E}", "\xE2\x80\xAE", "\xC0\x80"};
    std::string s;
    const std::size_t n = count(12);
    for (std::size_t i = 0; i < n; ++i) {
      if (rng_() % 4 == 0)
        s += kTricky[rng_() % 5];
      else
        s += static_cast<char>(rng_() % 256);
    }
    return s;
  }

 private:
  static void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  std::mt19937_64 rng_;
};

// What the JSON of a ServerReply keeps: the ServerHello's fields only with a ServerHello (or an
// OpenSSL handshake's version), the key exchange only with a ServerKeyExchange, and so on.
inline void normalize(obs::ServerReply& r) {
  const bool wire = !r.server_hello_hex.empty();
  if (!wire) {
    r.record_version = r.legacy_version = 0;
    r.compression = 0;
    r.extensions.clear();
    r.alpn.reset();
    r.key_share_group.reset();
    r.session_id_hex.clear();
    r.retry_request = false;
  }
  if (!wire && r.version == 0) {
    obs::ServerReply first;
    first.outcome = r.outcome;
    first.error = r.error;
    first.alert = r.alert;
    first.bytes_received = r.bytes_received;
    first.cut_short = r.cut_short;
    first.violations = r.violations;
    r = first;
    return;
  }
  if (!r.server_key_exchange) {
    r.ske_named_group.reset();
    r.ske_dh_p_bits = 0;
    r.ske_signature_scheme.reset();
  }
  if (r.ske_dh_p_bits == 0) r.ske_dh_p_hex.clear();
  if (!r.certificate_request) {
    r.cr_certificate_types.clear();
    r.cr_signature_schemes.clear();
    r.cr_ca_names.clear();
  }
  if (r.session_tickets <= 0) {
    r.session_tickets = 0;
    r.ticket_max_early_data = 0;
  }
}
template <class T>
void normalize(T&) {}

template <class Source>
class ObservationGen {
 public:
  explicit ObservationGen(Source& source) : s_(source) {}

  // `key`: the JSON key of the field being filled. A few free-text fields hold words of a closed
  // set that the schema lists (the versions a matrix row names, how groups were learned); the
  // generator draws those from the set. Everything else is any value of the C++ type.
  template <class T>
  void fill(T& v, const char* key = "") {
    if constexpr (std::is_same_v<T, std::string>) {
      const std::string k = key;
      if (k == "version")
        v = s_.flag() ? "TLSv1.2" : "TLSv1.3";
      else if (k == "method")
        v = s_.flag() ? "HelloRetryRequest" : "ServerKeyExchange";
      else
        v = s_.text();
    } else if constexpr (std::is_same_v<T, bool>) {
      v = s_.flag();
    } else if constexpr (std::is_floating_point_v<T>) {
      v = s_.real();
    } else if constexpr (std::is_integral_v<T>) {
      v = s_.template integral<T>();
    } else if constexpr (is_named_enum<T>::value) {
      const auto all = enum_values<T>();
      v = all[s_.count(all.size() - 1)];
    } else if constexpr (std::is_same_v<T, TlsVersion>) {
      v = kAllVersions[s_.count(kAllVersions.size() - 1)];
    } else if constexpr (is_vector<T>::value) {
      v.resize(s_.count(depth_ > 2 ? 1 : 3));
      ++depth_;
      for (auto& e : v) fill(e);
      --depth_;
    } else if constexpr (obs::fields::is_optional<T>::value) {
      if (s_.flag()) {
        typename T::value_type inner{};
        fill(inner);
        v = std::move(inner);
      } else {
        v.reset();
      }
    } else if constexpr (is_map<T>::value) {
      v.clear();
      const std::size_t n = s_.count(3);
      for (std::size_t i = 0; i < n; ++i) {
        typename T::key_type key{};
        fill(key);
        fill(v[key]);
      }
    } else if constexpr (is_peer_text<T>::value) {
      fill_raw(v.ref);
    } else if constexpr (obs::fields::is_adapter<T>::value) {
      fill(v.ref, key);
    } else {
      visit_fields([&](const char* k, auto&& field) { fill(field, k); }, v);
      normalize(v);
    }
  }

  // The members a peer's raw bytes fill (fields::peer_string): any bytes.
  void fill_raw(std::string& v) { v = s_.raw(); }
  void fill_raw(std::vector<std::string>& v) {
    v.resize(s_.count(3));
    for (auto& e : v) e = s_.raw();
  }

  template <class T>
  T make() {
    T v{};
    fill(v);
    return v;
  }

 private:
  Source& s_;
  int depth_ = 0;
};

// "" when a and b are equal in every listed field, else the path of the first difference.
template <class T>
std::string difference(const T& a, const T& b, const std::string& path = "") {
  if constexpr (is_vector<T>::value) {
    if (a.size() != b.size()) return path + ".size";
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto d = difference(a[i], b[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  } else if constexpr (obs::fields::is_optional<T>::value) {
    if (a.has_value() != b.has_value()) return path + ".has_value";
    return a ? difference(*a, *b, path) : "";
  } else if constexpr (is_map<T>::value) {
    if (a.size() != b.size()) return path + ".size";
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (i->first != j->first) return path + ".keys";
      auto d = difference(i->second, j->second, path + "[key]");
      if (!d.empty()) return d;
    }
    return "";
  } else if constexpr (obs::fields::is_adapter<T>::value) {
    return difference(a.ref, b.ref, path);
  } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> ||
                       std::is_same_v<T, std::string>) {
    return a == b ? "" : path;
  } else {
    std::string first;
    visit_fields(
        [&](const char* key, const auto& x, const auto& y) {
          if (first.empty()) first = difference(x, y, path + "." + key);
        },
        a, b);
    return first;
  }
}

}  // namespace medtls::test
