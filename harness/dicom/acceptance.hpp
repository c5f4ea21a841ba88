#pragma once
// What an A-ASSOCIATE-AC carried: the answer to each presentation context, the acceptor's
// maximum PDU length, its Implementation Class UID and Version Name, and the User Identity
// response (59H).
#include <optional>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmnet/assoc.h"

#include "dicom/association.hpp"
#include "dicom/pdu_recorder.hpp"
#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

// The contexts as proposed (result not_answered), before any answer.
std::vector<obs::DicomPresentationContext> proposed_contexts(
    const std::vector<PresentationContextSpec>& specs);

// After an A-ASSOCIATE-AC: fills the fields above from DCMTK's parameters and the AC's bytes.
void read_acceptance(T_ASC_Parameters* params, const PduRecorder& received,
                     obs::DicomAssociation& record);

// The User Identity record of a request: the 59H item of the AC (if there was one).
obs::DicomUserIdentity read_user_identity(const IdentityRequest& identity, T_ASC_Parameters* params,
                                          const PduRecorder& received, bool accepted);

}  // namespace medtls::dicom
