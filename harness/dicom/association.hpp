#pragma once
// One association on one connection: TCP (and TLS) connect, A-ASSOCIATE-RQ, then C-ECHO and/or
// C-STORE when accepted, then A-RELEASE; every step bounded by the request's timeout and
// recorded, never judged.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/deadline.hpp"
#include "dicom/tls_settings.hpp"
#include "obs/dicom_observations.hpp"

class DcmDataset;

namespace medtls::dicom {

struct PresentationContextSpec {
  std::string abstract_syntax;
  std::vector<std::string> transfer_syntaxes;
};

// User Identity negotiation (PS3.7 D.3.3.7) to request.
struct IdentityRequest {
  obs::IdentityType type = obs::IdentityType::username;
  std::string user, passcode, jwt;
  bool positive_response = false;
};

struct AssociationRequest {
  std::string purpose;
  obs::AssociationKind kind = obs::AssociationKind::main;
  std::string client_case;
  std::string host;
  std::uint16_t port = 0;
  std::string calling_ae, called_ae;
  std::optional<TlsSettings> tls;  // nullopt: cleartext DICOM
  std::vector<PresentationContextSpec> contexts;
  std::optional<IdentityRequest> identity;
  bool echo = true;
  DcmDataset* store = nullptr;  // C-STORE this object when set (not owned)
  // End with A-ABORT instead of A-RELEASE (a node that did not answer before would make the
  // release wait out its whole timeout).
  bool abort_instead_of_release = false;
  std::chrono::milliseconds timeout{5000};  // each phase: handshake, A-ASSOCIATE, DIMSE, release
  Deadline deadline;                        // the target's --deadline
};

struct AssociationRun {
  obs::DicomAssociation record;
  bool connection_opened = false;  // a TCP connection was attempted (counts against the budget)
};

// The record of `request` before anything is sent: what was asked, with what, to whom.
obs::DicomAssociation requested_record(const AssociationRequest& request);

// Never throws for network, TLS or DICOM trouble.
AssociationRun run_association(const AssociationRequest& request);

// Verification (1.2.840.10008.1.1) with Explicit and Implicit VR Little Endian.
PresentationContextSpec verification_context();

}  // namespace medtls::dicom
