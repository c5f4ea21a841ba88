#pragma once
// Small text helpers shared by the evidence writers.
#include <algorithm>
#include <string>
#include <vector>

namespace medtls {

// parts joined by separator; empty parts are left out.
inline std::string join(const std::vector<std::string>& parts,
                        const std::string& separator = ", ") {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// Whether `v` is one of `values`.
inline bool listed(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace medtls
