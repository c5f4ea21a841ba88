#pragma once
// The meaning of the codes in A-ASSOCIATE-RJ, A-ABORT and presentation-context results
// (PS3.8 §9.3.3.2, §9.3.4, §9.3.8), in the words the standard uses.
#include <cstdint>
#include <string>

#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

// "rejected-permanent; service-user; called-AE-title-not-recognized". Unknown codes are named
// with their number ("result 9"); reasons that PS3.8 leaves reserved say so.
std::string reject_text(std::uint8_t result, std::uint8_t source, std::uint8_t reason);

// "service-provider; unexpected-PDU".
std::string abort_text(std::uint8_t source, std::uint8_t reason);

// acceptance | user_rejection | no_reason | abstract_syntax_not_supported |
// transfer_syntaxes_not_supported | not_answered (DCMTK's "not yet negotiated" and unknown codes)
obs::ContextResult presentation_result(int code);

}  // namespace medtls::dicom
