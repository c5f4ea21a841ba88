#include "dicom/pdu_words.hpp"

namespace medtls::dicom {

namespace {

std::string numbered(const char* what, std::uint8_t code) {
  return std::string(what) + " " + std::to_string(code);
}

std::string reject_result(std::uint8_t result) {
  switch (result) {
    case 1:
      return "rejected-permanent";
    case 2:
      return "rejected-transient";
    default:
      return numbered("result", result);
  }
}

std::string reject_source(std::uint8_t source) {
  switch (source) {
    case 1:
      return "service-user";
    case 2:
      return "service-provider (ACSE)";
    case 3:
      return "service-provider (presentation)";
    default:
      return numbered("source", source);
  }
}

std::string reject_reason(std::uint8_t source, std::uint8_t reason) {
  switch (source) {
    case 1:
      switch (reason) {
        case 1:
          return "no-reason-given";
        case 2:
          return "application-context-name-not-supported";
        case 3:
          return "calling-AE-title-not-recognized";
        case 7:
          return "called-AE-title-not-recognized";
        default:
          if (reason >= 4 && reason <= 6) return numbered("reserved reason", reason);
          break;
      }
      break;
    case 2:
      switch (reason) {
        case 1:
          return "no-reason-given";
        case 2:
          return "protocol-version-not-supported";
        default:
          break;
      }
      break;
    case 3:
      switch (reason) {
        case 0:
          return numbered("reserved reason", reason);
        case 1:
          return "temporary-congestion";
        case 2:
          return "local-limit-exceeded";
        default:
          if (reason >= 3 && reason <= 7) return numbered("reserved reason", reason);
          break;
      }
      break;
    default:
      break;
  }
  return numbered("reason", reason);
}

}  // namespace

std::string reject_text(std::uint8_t result, std::uint8_t source, std::uint8_t reason) {
  return reject_result(result) + "; " + reject_source(source) + "; " +
         reject_reason(source, reason);
}

std::string abort_text(std::uint8_t source, std::uint8_t reason) {
  std::string who;
  switch (source) {
    case 0:
      who = "service-user";
      break;
    case 1:
      who = "reserved source 1";
      break;
    case 2:
      who = "service-provider";
      break;
    default:
      who = numbered("source", source);
      break;
  }
  // Reasons are defined for the service-provider only; a service-user abort carries 0.
  if (source != 2) return who + (reason == 0 ? "" : "; " + numbered("reason", reason));
  switch (reason) {
    case 0:
      return who + "; reason-not-specified";
    case 1:
      return who + "; unrecognized-PDU";
    case 2:
      return who + "; unexpected-PDU";
    case 3:
      return who + "; reserved reason 3";
    case 4:
      return who + "; unrecognized-PDU-parameter";
    case 5:
      return who + "; unexpected-PDU-parameter";
    case 6:
      return who + "; invalid-PDU-parameter-value";
    default:
      return who + "; " + numbered("reason", reason);
  }
}

obs::ContextResult presentation_result(int code) {
  switch (code) {
    case 0:
      return obs::ContextResult::acceptance;
    case 1:
      return obs::ContextResult::user_rejection;
    case 2:
      return obs::ContextResult::no_reason;
    case 3:
      return obs::ContextResult::abstract_syntax_not_supported;
    case 4:
      return obs::ContextResult::transfer_syntaxes_not_supported;
    default:
      return obs::ContextResult::not_answered;
  }
}

}  // namespace medtls::dicom
