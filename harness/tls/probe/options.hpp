#pragma once
// The TLS probes are driven by the scan's Target (common/target.hpp); the name stays for the
// callers that drive the prober directly.
#include "common/target.hpp"

namespace medtls::probe {

using ProbeOptions = Target;

}  // namespace medtls::probe
