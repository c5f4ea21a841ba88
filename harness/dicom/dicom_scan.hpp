#pragma once
// The DICOM layer of a dicom:// scan, run after the TLS scan: associations through DCMTK over
// TLS (OpenSSL settings of our own, the SSL* of each connection read back), cleartext
// associations to check that TLS is enforced, AE-title and User Identity variants, and the
// client certificates the TLS layer let through. C-ECHO only, unless store_test asks for one
// synthetic Secondary Capture C-STORE. Records; never judges.
#include <vector>

#include "dicom/options.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/step_plan.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"

namespace medtls::dicom {

// Runs the DICOM checks against a target whose TLS layer `tls` describes (accepted versions and
// suites for the matrix, the mutual-authentication matrix for the bad certificates). Never
// throws for network, TLS or DICOM trouble: each ends in a recorded result with its reason,
// within the timeouts.
// `selection` (--only, --skip) leaves steps out; prerequisites in the TLS layer are looked up in
// tls.steps. Every step's fate is in the result's `steps`.
obs::DicomObservations scan_dicom(const DicomOptions& options, const obs::TlsObservations& tls,
                                  const suites::Registry& registry,
                                  const ClientVectorSource& client_vectors = {},
                                  const obs::StepSelection& selection = {});
// The DICOM layer's steps (names, prerequisites), in the order they run.
std::vector<obs::StepInfo> dicom_steps();

}  // namespace medtls::dicom
