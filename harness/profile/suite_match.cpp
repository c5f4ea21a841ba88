#include "profile/suite_match.hpp"

#include <algorithm>

namespace medtls::profile {

namespace {

bool one_of(const std::vector<std::string>& allowed, const std::string& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

bool same(const std::optional<bool>& wanted, bool value) {
  return !wanted || *wanted == value;
}

}  // namespace

bool matches(const SuiteMatch& m, const suites::CipherSuite& s) {
  if (!m.suites.empty() && std::find(m.suites.begin(), m.suites.end(), s.code) == m.suites.end())
    return false;
  if (!one_of(m.kx, s.kx) || !one_of(m.auth, s.auth) || !one_of(m.cipher, s.cipher) ||
      !one_of(m.mode, s.mode) || !one_of(m.hash, s.hash))
    return false;
  if (!same(m.aead, s.aead) || !same(m.forward_secrecy, s.forward_secrecy) ||
      !same(m.export_grade, s.export_grade))
    return false;
  if (m.strength_below && s.strength_bits >= *m.strength_below) return false;
  if (!m.any_of.empty() && std::none_of(m.any_of.begin(), m.any_of.end(),
                                        [&](const SuiteMatch& sub) { return matches(sub, s); }))
    return false;
  return std::none_of(m.except.begin(), m.except.end(),
                      [&](const SuiteMatch& sub) { return matches(sub, s); });
}

}  // namespace medtls::profile
