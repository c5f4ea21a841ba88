#pragma once
// What one rule concludes from the observations, before the requirement's level turns it into a
// verdict (evaluator.cpp). Internal to the evaluator.
#include <string>
#include <vector>

#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

enum class State {
  met,             // the observations show the rule holds
  violated,        // the observations show it does not
  undecidable,     // they cannot show either (missing, inconclusive, incomplete)
  not_applicable,  // the rule does not apply to this server
  warn,            // the data asks for a warning here (e.g. X25519 under "ECDHE >= 256 bits")
};

struct Outcome {
  State state = State::undecidable;
  std::string detail;                 // the observation behind the state, in words
  std::vector<std::string> evidence;  // pointers into the observations
};

struct EvalContext {
  const obs::TlsObservations& obs;
  const suites::Registry& registry;
};

}  // namespace medtls::profile
