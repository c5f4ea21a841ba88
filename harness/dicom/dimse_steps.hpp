#pragma once
// The DIMSE work on an accepted association (C-ECHO, C-STORE) and its A-RELEASE, each bounded
// by the timeout and recorded into the association's fields.
#include <chrono>
#include <string>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmnet/assoc.h"

#include "dicom/pdu_recorder.hpp"
#include "obs/dicom_observations.hpp"

class DcmDataset;

namespace medtls::dicom {

// Whether the association can still be used after a step.
enum class AfterStep {
  usable,  // carry on (next step, then A-RELEASE)
  gone,    // the peer aborted or the connection ended: nothing more can be sent
  stuck,   // no response within the timeout: abort rather than release
};

// C-ECHO on the accepted Verification context.
AfterStep send_echo(T_ASC_Association* association, std::chrono::milliseconds timeout,
                    const PduRecorder& received, obs::DicomAssociation& record, std::string& note);

// C-STORE of `object` on the accepted context of its SOP Class.
AfterStep send_store(T_ASC_Association* association, DcmDataset& object,
                     std::chrono::milliseconds timeout, const PduRecorder& received,
                     obs::DicomAssociation& record, std::string& note);

// A-RELEASE-RQ and its reply (bounded by the socket timeout: DCMTK waits blocking here).
void release(T_ASC_Association* association, const PduRecorder& received,
             obs::DicomAssociation& record, std::string& note);

// "0x0000": the DIMSE status as the report spells 16-bit codes.
std::string status_text(std::uint16_t status);

// DCMTK's timeouts are whole seconds: at least one, rounded up.
int whole_seconds(std::chrono::milliseconds timeout);

}  // namespace medtls::dicom
