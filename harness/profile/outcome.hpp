#pragma once
// What one rule concludes from the observations, before the requirement's level turns it into a
// verdict (evaluator.cpp). Internal to the evaluator.
#include <string>
#include <vector>

#include "obs/client_role_observations.hpp"
#include "obs/dicom_observations.hpp"
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

struct Profile;

struct EvalContext {
  const obs::TlsObservations& obs;
  const suites::Registry& registry;
  // The DICOM layer of a dicom:// target; null for any other target (the dicom_* rules are then
  // not applicable).
  const obs::DicomObservations* dicom = nullptr;
  // The profile being judged: rules that depend on the profile's other requirements (which TLS
  // channels it allows) read them here.
  const Profile* profile = nullptr;
  // A device in its client role (`medtls listen`): what the client_* rules judge. Null when the
  // target is a server. For the client role, `obs` holds only the device's client certificate
  // (in obs.certificate), which the certificate rules that judge either role read.
  const obs::ClientRoleObservations* client = nullptr;
};

}  // namespace medtls::profile
