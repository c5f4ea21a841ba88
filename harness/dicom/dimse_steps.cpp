#include "dicom/dimse_steps.hpp"

#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/cond.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/ofstd/ofstd.h"

#include "common/codes.hpp"
#include "dicom/condition_text.hpp"
#include "dicom/dcmtk_handles.hpp"

namespace medtls::dicom {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint8_t kReleaseRp = 0x06;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Statuses other than success, in PS3.7 Annex C words.
std::string status_class(std::uint16_t status) {
  if (status == 0x0000) return "success";
  if ((status & 0xF000) == 0xB000) return "warning";
  if (status == 0xFE00) return "cancel";
  if ((status & 0xFF00) == 0xFF00) return "pending";
  return "failure";
}

// The node answered nothing usable in time (silence, a drip, an endless stream cut at the
// phase's end), as opposed to a DIMSE or network error.
bool no_response(const OFCondition& c, const PduRecorder& received) {
  return c == DIMSE_NODATAAVAILABLE || received.stream_end() == StreamEnd::timeout;
}

// Why a DIMSE request got no response: how the stream ended when the recorder saw it end (that
// is what happened on the wire), else DCMTK's condition.
std::string failure_text(const OFCondition& c, const PduRecorder& received,
                         std::chrono::milliseconds timeout) {
  if (received.stream_end() != StreamEnd::open) return received.end_text();
  if (c == DIMSE_NODATAAVAILABLE)
    return "nothing within " + std::to_string(timeout.count()) + " ms";
  return "DCMTK: " + condition_text(c);
}

AfterStep after_error(const OFCondition& c) {
  if (c == DIMSE_NODATAAVAILABLE) return AfterStep::stuck;
  if (c == DUL_PEERABORTEDASSOCIATION || c == DUL_PEERREQUESTEDRELEASE) return AfterStep::gone;
  return AfterStep::stuck;
}

}  // namespace

std::string status_text(std::uint16_t status) {
  return format_code(status);
}

int whole_seconds(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  return ms <= 1000 ? 1 : static_cast<int>((ms + 999) / 1000);
}

AfterStep send_echo(T_ASC_Association* association, std::chrono::milliseconds timeout,
                    const PduRecorder& received, obs::DicomAssociation& r, std::string& note) {
  if (ASC_findAcceptedPresentationContextID(association, UID_VerificationSOPClass) == 0) {
    note = "C-ECHO not sent: Verification was not accepted";
    return AfterStep::usable;
  }
  DIC_US status = 0;
  DcmDataset* detail_raw = nullptr;
  const auto start = Clock::now();
  const OFCondition c = DIMSE_echoUser(association, association->nextMsgID++, DIMSE_NONBLOCKING,
                                       whole_seconds(timeout), &status, &detail_raw);
  DatasetPtr status_detail(detail_raw);
  r.echo_ms = ms_since(start);
  if (c.good()) {
    r.echo_status = status;
    r.echo = status == 0x0000 ? obs::DimseResult::success : obs::DimseResult::failed_status;
    note = "C-ECHO " + status_class(status) + " (status " + status_text(status) + ")";
    return AfterStep::usable;
  }
  r.echo = no_response(c, received) ? obs::DimseResult::no_response : obs::DimseResult::error;
  r.error = condition_text(c);
  note = "no C-ECHO-RSP: " + failure_text(c, received, timeout);
  return after_error(c);
}

AfterStep send_store(T_ASC_Association* association, DcmDataset& object,
                     std::chrono::milliseconds timeout, const PduRecorder& received,
                     obs::DicomAssociation& r, std::string& note) {
  OFString sop_class, sop_instance;
  object.findAndGetOFString(DCM_SOPClassUID, sop_class);
  object.findAndGetOFString(DCM_SOPInstanceUID, sop_instance);
  r.store_sop_instance_uid = sop_instance.c_str();
  const T_ASC_PresentationContextID context =
      ASC_findAcceptedPresentationContextID(association, sop_class.c_str());
  if (context == 0) {
    note = "C-STORE not sent: " + std::string(sop_class.c_str()) + " was not accepted";
    return AfterStep::usable;
  }
  T_DIMSE_C_StoreRQ request{};
  request.MessageID = association->nextMsgID++;
  OFStandard::strlcpy(request.AffectedSOPClassUID, sop_class.c_str(),
                      sizeof request.AffectedSOPClassUID);
  OFStandard::strlcpy(request.AffectedSOPInstanceUID, sop_instance.c_str(),
                      sizeof request.AffectedSOPInstanceUID);
  request.DataSetType = DIMSE_DATASET_PRESENT;
  request.Priority = DIMSE_PRIORITY_MEDIUM;
  T_DIMSE_C_StoreRSP response{};
  DcmDataset* detail_raw = nullptr;
  const auto start = Clock::now();
  const OFCondition c =
      DIMSE_storeUser(association, context, &request, nullptr, &object, nullptr, nullptr,
                      DIMSE_NONBLOCKING, whole_seconds(timeout), &response, &detail_raw);
  DatasetPtr status_detail(detail_raw);
  r.store_ms = ms_since(start);
  if (c.good()) {
    r.store_status = response.DimseStatus;
    r.store = response.DimseStatus == 0x0000 ? obs::DimseResult::success
                                             : obs::DimseResult::failed_status;
    note = "C-STORE " + status_class(response.DimseStatus) + " (status " +
           status_text(response.DimseStatus) + ")";
    return AfterStep::usable;
  }
  r.store = no_response(c, received) ? obs::DimseResult::no_response : obs::DimseResult::error;
  r.error = condition_text(c);
  note = "no C-STORE-RSP: " + failure_text(c, received, timeout);
  return after_error(c);
}

void release(T_ASC_Association* association, const PduRecorder& received, obs::DicomAssociation& r,
             std::string& note) {
  const auto start = Clock::now();
  const OFCondition c = ASC_releaseAssociation(association);
  r.release_ms = ms_since(start);
  const bool rp = received.first(kReleaseRp) != nullptr;
  if (c.good() && rp) {
    r.release = obs::ReleaseResult::released;
    note = "released";
    return;
  }
  if (c.good()) {  // DCMTK content without an A-RELEASE-RP we saw: say what we saw
    r.release = obs::ReleaseResult::error;
    note = "A-RELEASE reported done but no A-RELEASE-RP was received";
    return;
  }
  if (r.error.empty()) r.error = condition_text(c);
  switch (received.stream_end()) {
    case StreamEnd::timeout:
      r.release = obs::ReleaseResult::no_reply;
      note = "no A-RELEASE-RP: " + received.end_text();
      return;
    case StreamEnd::closed:
    case StreamEnd::reset:
      r.release = obs::ReleaseResult::aborted;
      note = "no A-RELEASE-RP: " + received.end_text();
      return;
    case StreamEnd::limit:
    case StreamEnd::error:
      r.release = obs::ReleaseResult::error;
      note = "no A-RELEASE-RP: " + received.end_text();
      return;
    case StreamEnd::open:
      break;
  }
  if (c == DUL_READTIMEOUT) {
    r.release = obs::ReleaseResult::no_reply;
    note = "no A-RELEASE-RP within the timeout";
    return;
  }
  if (c == DUL_PEERABORTEDASSOCIATION) {
    r.release = obs::ReleaseResult::aborted;
    note = "the peer aborted instead of A-RELEASE-RP";
    return;
  }
  r.release = obs::ReleaseResult::error;
  note = "A-RELEASE failed: " + condition_text(c);
}

}  // namespace medtls::dicom
