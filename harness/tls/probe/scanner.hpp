#pragma once
#include <functional>
#include "obs/step_plan.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "tls/probe/options.hpp"
#include "x509/analysis.hpp"
#include "x509/client_vectors.hpp"

namespace medtls::probe {

// What the certificate steps need from the user: trust anchors, CRL, expiry horizon (host and
// time are filled by the scanner) and the client certificates of the matrix.
struct CertificateInputs {
  x509::VerifyInputs verify;
  // Called only when a client certificate is requested; empty: only the "none" case runs.
  std::function<const std::vector<x509::ClientVector>&()> client_vectors;
};

// Runs every probing step against one TLS endpoint and returns what was observed. Never
// throws for network trouble: an unreachable or silent target yields observations with
// reachable=false / inconclusive results and the reason.
// `selection` (--only, --skip) leaves steps out; what they would have observed stays at its
// "unknown" defaults. Every step's fate is in the result's `steps`.
obs::TlsObservations scan_tls(const ProbeOptions& options, const suites::Registry& registry,
                              const CertificateInputs& certificates = {},
                              const obs::StepSelection& selection = {});
// The TLS layer's steps (names, prerequisites), in the order they run.
std::vector<obs::StepInfo> tls_steps();

}  // namespace medtls::probe
