#pragma once
// Judges observations against a profile: one Check per requirement, and the profile verdict
// (fail if a shall check fails, else inconclusive if a shall check is inconclusive, else pass;
// shall requirements marked "interpretation" never count, as they can only warn).
#include "obs/client_role_observations.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"
#include "profile/finding.hpp"
#include "profile/loader.hpp"  // the whole public API of profile/ comes with this header
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

// `dicom`: the DICOM layer of a dicom:// target, null for any other target (every dicom_* rule
// is then not applicable).
Result evaluate(const Profile& profile, const obs::TlsObservations& observations,
                const suites::Registry& registry, const obs::DicomObservations* dicom = nullptr);

// A device in its TLS client role (`medtls listen`), by the profile's client-role requirements
// only ("role": "client"). A profile without any is inconclusive: it says nothing of clients.
Result evaluate_client(const Profile& profile, const obs::ClientRoleObservations& client,
                       const suites::Registry& registry);

}  // namespace medtls::profile
