#include "words/dicom.hpp"

#include <algorithm>
#include <vector>

#include "common/codes.hpp"
#include "common/text.hpp"

namespace medtls::words {

namespace {

// The first PDU that is not DICOM, shown as its first bytes (a TLS alert, an HTTP reply …).
std::string non_dicom_reply(const obs::DicomAssociation& a) {
  for (const auto& p : a.received)
    if (p.type < 1 || p.type > 7 || p.name == "not a DICOM PDU")
      return "non-DICOM reply " + (p.head_hex.empty() ? std::string("(no bytes)") : p.head_hex);
  return "";
}

}  // namespace

std::string echo_text(const obs::DicomAssociation& a) {
  const std::string status = a.echo_status ? "status " + format_code(*a.echo_status) : "";
  if (a.echo == obs::DimseResult::success)
    return "C-ECHO success" + (status.empty() ? "" : " (" + status + ")");
  if (a.echo == obs::DimseResult::failed_status)
    return "C-ECHO failed" + (status.empty() ? "" : " with " + status);
  if (a.echo == obs::DimseResult::no_response) return "no C-ECHO response";
  if (a.echo == obs::DimseResult::error) return "C-ECHO error";
  return "C-ECHO not sent";
}

std::string reply_text(const obs::DicomAssociation& a) {
  std::vector<std::string> parts;
  auto with = [](const std::string& head, const std::string& text) {
    return text.empty() ? head : head + " (" + text + ")";
  };
  if (a.result == obs::AssociationResult::accepted) {
    parts.push_back("A-ASSOCIATE-AC");
  } else if (a.result == obs::AssociationResult::rejected) {
    parts.push_back(with("A-ASSOCIATE-RJ", a.reject_text.empty() ? a.detail : a.reject_text));
  } else if (a.result == obs::AssociationResult::aborted) {
    const bool pdu = std::any_of(a.received.begin(), a.received.end(),
                                 [](const obs::DicomPdu& p) { return p.type == 7; });
    parts.push_back(
        with(pdu ? "A-ABORT" : "aborted", a.abort_text.empty() ? a.detail : a.abort_text));
  } else if (a.result == obs::AssociationResult::no_answer) {
    parts.push_back("no answer within the timeout");
  } else if (a.result == obs::AssociationResult::channel_failed) {
    const std::string& why = a.channel.detail.empty() ? a.detail : a.channel.detail;
    parts.push_back("no connection" + (why.empty() ? "" : ": " + why));
  } else {
    parts.push_back(a.result == obs::AssociationResult::not_attempted ? std::string("not attempted")
                                                                      : name_of(a.result));
    if (!a.detail.empty()) parts.push_back(a.detail);
  }
  parts.push_back(non_dicom_reply(a));
  return join(parts, "; ");
}

}  // namespace medtls::words
