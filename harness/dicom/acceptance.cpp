#include "dicom/acceptance.hpp"

#include "common/peer_text.hpp"
#include "dicom/pdu_words.hpp"

namespace medtls::dicom {

namespace {

constexpr std::uint8_t kAssociateAc = 0x02;
constexpr std::uint8_t kUserIdentityAc = 0x59;

}  // namespace

std::vector<obs::DicomPresentationContext> proposed_contexts(
    const std::vector<PresentationContextSpec>& specs) {
  std::vector<obs::DicomPresentationContext> out;
  int id = 1;
  for (const auto& spec : specs) {
    obs::DicomPresentationContext pc;
    pc.id = id;
    pc.abstract_syntax = spec.abstract_syntax;
    pc.proposed_transfer_syntaxes = spec.transfer_syntaxes;
    out.push_back(std::move(pc));
    id += 2;
  }
  return out;
}

void read_acceptance(T_ASC_Parameters* params, const PduRecorder& /*received*/,
                     obs::DicomAssociation& r) {
  const int count = ASC_countPresentationContexts(params);
  for (int i = 0; i < count; ++i) {
    T_ASC_PresentationContext pc;
    if (ASC_getPresentationContext(params, i, &pc).bad()) continue;
    for (auto& mine : r.presentation_contexts) {
      if (mine.id != pc.presentationContextID) continue;
      mine.result = presentation_result(pc.resultReason);
      if (pc.resultReason == ASC_P_ACCEPTANCE)
        mine.transfer_syntax = peer_text(pc.acceptedTransferSyntax);
    }
  }
  r.max_pdu = params->theirMaxPDUReceiveSize > 0
                  ? static_cast<std::uint32_t>(params->theirMaxPDUReceiveSize)
                  : 0;
  // The node's own strings: anything may be in them (peer text, escaped where needed).
  r.implementation_class_uid = peer_text(params->theirImplementationClassUID);
  r.implementation_version_name = peer_text(params->theirImplementationVersionName);
}

obs::DicomUserIdentity read_user_identity(const IdentityRequest& identity, T_ASC_Parameters* params,
                                          const PduRecorder& received, bool accepted) {
  obs::DicomUserIdentity ui;
  ui.type = identity.type;
  ui.positive_response_requested = identity.positive_response;
  if (!accepted) return ui;  // server_response stays not_applicable
  // The AC's own bytes first (the wire fact, with the length); DCMTK's parsed item otherwise.
  bool parsed = false;
  if (const RecordedPdu* ac = received.first(kAssociateAc)) {
    std::string error;
    const auto items = user_information_items(*ac, &error);
    parsed = error.empty();
    for (const auto& item : items) {
      if (item.type != kUserIdentityAc) continue;
      ui.server_response = obs::IdentityResponse::present;
      if (item.value.size() >= 2)
        ui.server_response_length = static_cast<std::uint16_t>(item.value[0] << 8 | item.value[1]);
      return ui;
    }
  }
  if (!parsed && params->DULparams.ackUserIdentNeg != nullptr) {
    ui.server_response = obs::IdentityResponse::present;
    return ui;
  }
  ui.server_response = obs::IdentityResponse::absent;
  return ui;
}

}  // namespace medtls::dicom
