#pragma once
#include <functional>
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
obs::TlsObservations scan_tls(const ProbeOptions& options, const suites::Registry& registry,
                              const CertificateInputs& certificates = {});

}  // namespace medtls::probe
