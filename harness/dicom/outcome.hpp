#pragma once
// What the node answered to an A-ASSOCIATE-RQ, decided from what the transport recorded (the
// PDUs that came back, how the stream ended, the TLS handshake) rather than from DCMTK's
// condition alone, which says "Peer aborted Association (or never connected)" for an A-ABORT, a
// closed connection and non-DICOM bytes alike.
#include <chrono>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/ofstd/ofcond.h"

#include "dicom/transport.hpp"
#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

// Sets result (accepted | rejected | aborted | no_answer | channel_failed), the A-ASSOCIATE-RJ
// and A-ABORT fields, channel.status, error and a first `detail`. `request` is DCMTK's
// condition from ASC_requestAssociation.
void classify_request(const OFCondition& request, const ConnectionObserver& observer, bool tls,
                      std::chrono::milliseconds timeout, obs::DicomAssociation& record);

// "non-DICOM reply: 15 03 03 00 02 02 46 (a TLS alert record: fatal protocol_version(70))".
std::string describe_non_dicom(const std::vector<std::uint8_t>& bytes);

}  // namespace medtls::dicom
