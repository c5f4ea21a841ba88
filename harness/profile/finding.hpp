#pragma once
// What the evaluator hands to the report: one Check per requirement, one Result per profile.
#include <string>
#include <vector>

namespace medtls::profile {

struct Check {
  std::string id, title, level;
  std::string verdict;  // pass | fail | warn | inconclusive | not_applicable
  std::string detail;   // the observation behind the verdict, in words
  std::string cite, note;
  // Pointers into the observations: "tls.versions.TLSv1.0", "tls.suites.TLSv1.2",
  // "tls.attempts[3]", "tls.groups.TLSv1.3", "tls.dhe[0]", "tls.facts.alpn_dicom".
  std::vector<std::string> evidence;
};

struct Result {
  std::string id, name, section, edition, status;
  std::string verdict;  // pass | fail | inconclusive
  std::vector<Check> checks;
};

}  // namespace medtls::profile
