#pragma once
// The suites one version accepted, or why there is nothing to judge for it.
#include <string>
#include <vector>

#include "profile/outcome.hpp"

namespace medtls::profile {

struct VersionSuites {
  enum class Status { accepted, rejected, undecided } status = Status::undecided;
  const obs::SuiteResult* suites = nullptr;  // set when accepted
  std::string why;                           // rejected / undecided, in words
};

// Adds the version's (and its suites') pointers to evidence.
VersionSuites version_suites(const EvalContext& ctx, TlsVersion v,
                             std::vector<std::string>& evidence);

// "the enumeration was cut short: <detail>"
std::string incomplete_note(const obs::SuiteResult& suites);

// Per-version conclusions of a rule over several versions, folded into one outcome.
struct Tally {
  std::vector<std::string> met, violated, undecidable, not_applicable;
  std::vector<std::string> rejected;  // version names
  // First non-empty of violated, undecidable, met (in that order of strength); else
  // not_applicable with `nothing_text`.
  Outcome fold(Outcome o, const std::string& nothing_text) const;
  std::string rejected_text() const;  // "SSLv3, TLSv1.0 refused" or ""
};

}  // namespace medtls::profile
