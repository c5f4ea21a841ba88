#pragma once
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "tls/probe/options.hpp"

namespace medtls::probe {

// Runs every probing step against one TLS endpoint and returns what was observed. Never
// throws for network trouble: an unreachable or silent target yields observations with
// reachable=false / inconclusive results and the reason.
obs::TlsObservations scan_tls(const ProbeOptions& options, const suites::Registry& registry);

}  // namespace medtls::probe
