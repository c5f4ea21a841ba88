#pragma once
// Shared by the fuzz targets (tests/fuzz/fuzz_*.cpp): split plans that cut an input into chunks
// the way TCP reads might, and one way to report a broken property.
//
// A broken property is a *finding*. By default a finding aborts, so libFuzzer saves the input
// as crash-… and the replay test fails on it. Findings already reported to the lead and waiting
// for a fix can be tolerated while fuzzing, so that a run gets past them: list their tags in
// MEDTLS_FUZZ_KNOWN (comma- or space-separated; tests/fuzz.sh fills it from
// tests/fuzz/known-findings.txt). A tolerated finding is printed once per distinct signature
// and, when MEDTLS_FUZZ_SAVE_DIR is set, its input is written there as <tag>-<hash>, one file per
// signature (a way to collect one reproducer of each without stopping the run).
#include <cxxabi.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

namespace medtls::fuzz {

// Sizes of the chunks in which a stream is fed, from a few plan bytes taken off the input:
//   mode 0: everything in one chunk;
//   mode 1: 1-byte chunks;
//   mode 2: chunk sizes cycling through the plan bytes (1–256);
//   mode 3: pseudo-random sizes 1–4096 from a generator seeded by the plan bytes, with a 1-byte
//           chunk now and then.
class SplitPlan {
 public:
  static constexpr std::size_t kPlanBytes = 4;  // bytes taken off the front of the input

  // Consumes up to kPlanBytes from data/size.
  SplitPlan(const std::uint8_t*& data, std::size_t& size) {
    const std::size_t n = size < kPlanBytes ? size : kPlanBytes;
    for (std::size_t i = 0; i < n; ++i) plan_[i] = data[i];
    data += n;
    size -= n;
    mode_ = plan_[0] & 3;
    state_ = (static_cast<std::uint32_t>(plan_[1]) << 16 |
              static_cast<std::uint32_t>(plan_[2]) << 8 | plan_[3]) *
                 2654435761u +
             1;
  }

  // The size of the next chunk, 1..remaining (remaining > 0).
  std::size_t next(std::size_t remaining) {
    std::size_t n = remaining;
    switch (mode_) {
      case 0:
        break;
      case 1:
        n = 1;
        break;
      case 2:
        n = static_cast<std::size_t>(plan_[1 + step_++ % 3]) + 1;
        break;
      default:
        state_ = state_ * 1103515245u + 12345u;
        n = (state_ >> 8) % 16 == 0 ? 1 : (state_ >> 12) % 4096 + 1;
        break;
    }
    return n < remaining ? n : remaining;
  }

  int mode() const { return mode_; }
  std::uint8_t byte(std::size_t i) const { return plan_[i % kPlanBytes]; }

 private:
  std::uint8_t plan_[kPlanBytes] = {0, 0, 0, 0};
  int mode_ = 0;
  std::size_t step_ = 0;
  std::uint32_t state_ = 1;
};

inline bool env_lists(const char* variable, const std::string& tag) {
  const char* value = std::getenv(variable);
  if (!value) return false;
  std::string item;
  std::istringstream in(value);
  while (std::getline(in, item, ',')) {
    std::istringstream words(item);
    std::string word;
    while (words >> word)
      if (word == tag || word == "all") return true;
  }
  return false;
}

// True when MEDTLS_FUZZ_KNOWN lists `tag` (a known finding that is tolerated while fuzzing), or
// a prefix of it that ends before a '.': "profile_foreign_exception" covers
// "profile_foreign_exception.json_out_of_range_406".
inline bool known(const std::string& tag) {
  for (std::size_t dot = tag.find('.'); dot != std::string::npos; dot = tag.find('.', dot + 1))
    if (env_lists("MEDTLS_FUZZ_KNOWN", tag.substr(0, dot))) return true;
  return env_lists("MEDTLS_FUZZ_KNOWN", tag);
}

// A broken property. `signature` tells distinct causes apart (a short, input-independent text,
// e.g. the exception type and the fixed part of its message); `detail` is printed.
inline void finding(const std::string& tag, const std::string& signature, const std::string& detail,
                    const std::uint8_t* data, std::size_t size) {
  if (!known(tag)) {
    std::fprintf(stderr, "\n*** FINDING %s [%s]: %s\n", tag.c_str(), signature.c_str(),
                 detail.c_str());
    std::fflush(stderr);
    std::abort();
  }
  static std::set<std::string> seen;
  if (!seen.insert(tag + "|" + signature).second) return;
  std::fprintf(stderr, "known finding %s [%s]: %s\n", tag.c_str(), signature.c_str(),
               detail.c_str());
  if (const char* dir = std::getenv("MEDTLS_FUZZ_SAVE_DIR")) {
    std::uint32_t h = 2166136261u;  // FNV-1a of the signature: one file per distinct cause
    for (unsigned char c : tag + signature) h = (h ^ c) * 16777619u;
    char name[16];
    std::snprintf(name, sizeof name, "%08x", h);
    std::ofstream out(std::string(dir) + "/" + tag + "-" + name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
}

// A short name of an exception's kind, for a finding's tag: "json_out_of_range_406" for
// nlohmann's (from the "[json.exception.out_of_range.406]" of what()), else the class name
// without namespaces ("invalid_argument", "runtime_error").
inline std::string exception_kind(const std::exception& e) {
  const std::string what = e.what();
  if (what.rfind("[json.exception.", 0) == 0) {
    std::string kind = "json_" + what.substr(16, what.find(']') - 16);
    for (char& c : kind)
      if (c == '.') c = '_';
    return kind;
  }
  std::string name = typeid(e).name();
  int status = 0;
  if (char* demangled = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status)) {
    name = demangled;
    std::free(demangled);
  }
  if (const auto colon = name.rfind("::"); colon != std::string::npos) name.erase(0, colon + 2);
  return name;
}

// The fixed part of an exception message, for a signature: up to the first quote, digit run or
// colon, so that "bad code \"0xZZ\"" and "bad code \"0xYY\"" are one cause.
inline std::string message_shape(const std::string& what, std::size_t max = 48) {
  std::string out;
  for (char c : what) {
    if (c == '"' || c == ':' || c == '\'' || (c >= '0' && c <= '9') || out.size() >= max) break;
    out += c;
  }
  return out;
}

}  // namespace medtls::fuzz
