#pragma once
// The DICOM part of the terminal summary (dicom:// targets): what each association showed, in
// a few lines, and the banners for findings that must not be overlooked.
#include <ostream>
#include <string>
#include <vector>

#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"

namespace medtls::report {

// The DICOM section: the main association, cleartext on the TLS port and on --plain-port,
// AE-title checks, bad client certificates, User Identity, the association matrix and the
// store test. `tls` gives the port and the client-certificate request.
void render_dicom(std::ostream& out, const obs::DicomObservations& dicom,
                  const obs::TlsObservations& tls);

// "CLEARTEXT DICOM ACCEPTED on the TLS port 2762 …", "DICOM ASSOCIATION ACCEPTED AFTER BAD
// CLIENT CERTIFICATE expired …": one line each, without the "!! " prefix.
std::vector<std::string> dicom_banners(const obs::DicomObservations& dicom,
                                       const obs::TlsObservations& tls);

}  // namespace medtls::report
