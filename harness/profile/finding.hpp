#pragma once
// What the evaluator hands to the report: one Check per requirement, one Result per profile.
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls::profile {

// A requirement's verdict: pass, fail (a shall or should not met, as the level says), warn (a
// should not met, or an interpretation), inconclusive (not decided from what was observed),
// not_applicable. A profile's verdict is pass, fail or inconclusive.
MEDTLS_ENUM(Verdict, pass, fail, warn, inconclusive, not_applicable)

// A requirement's level (RFC 2119 words, as profiles write them): it decides what a rule that is
// not met turns into (evaluator.cpp).
MEDTLS_ENUM(Level, shall, should, may)

struct Check {
  std::string id, title;
  Level level = Level::shall;
  Verdict verdict = Verdict::inconclusive;
  std::string detail;  // the observation behind the verdict, in words
  std::string cite, note;
  // Pointers into the observations: "tls.versions.TLSv1.0", "tls.suites.TLSv1.2",
  // "tls.attempts[3]", "tls.groups.TLSv1.3", "tls.dhe[0]", "tls.facts.alpn_dicom".
  std::vector<std::string> evidence;
};

struct Result {
  std::string id, name, section, edition, status;
  Verdict verdict = Verdict::inconclusive;  // pass | fail | inconclusive
  std::vector<Check> checks;
};

}  // namespace medtls::profile
