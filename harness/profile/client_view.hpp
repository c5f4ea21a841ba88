#pragma once
// What the client-role rules read from a ClientHello, and how they name it in a finding.
#include <cstdint>
#include <string>
#include <vector>

#include "common/tls_version.hpp"
#include "obs/client_role_observations.hpp"
#include "profile/outcome.hpp"

namespace medtls::profile {

// The versions a hello offers: supported_versions when sent (GREASE left out), else its
// legacy_version (RFC 8446 §4.2.1).
std::vector<std::uint16_t> offered_versions(const obs::ObservedClientHello& hello);
// Whether it offers any of `versions` (an empty list: any hello).
bool offers_any(const obs::ObservedClientHello& hello, const std::vector<TlsVersion>& versions);
// "ClientHello 2 (connection 2, scenario expired)".
std::string hello_label(const obs::ObservedClientHello& hello);
std::string hello_evidence(std::size_t index, const char* field);
// The hellos a rule can judge (parsed ones), or an outcome saying why there are none.
struct JudgedHellos {
  std::vector<std::size_t> indices;
  std::optional<Outcome> none;  // set when no hello can be judged
};
JudgedHellos judged_hellos(const EvalContext& ctx);

}  // namespace medtls::profile
