#pragma once
// DICOM association outcomes in words, for the evaluator's details and the terminal summary
// alike (one wording: the summary never borrows the evaluator's).
#include <string>

#include "obs/dicom_observations.hpp"

namespace medtls::words {

// The C-ECHO as observed: "C-ECHO success (status 0x0000)", "C-ECHO failed with status 0x0122",
// "no C-ECHO response", "C-ECHO not sent".
std::string echo_text(const obs::DicomAssociation& a);
// What came back for an association request, in words: "A-ASSOCIATE-AC", "A-ASSOCIATE-RJ
// (rejected-permanent; …)", "A-ABORT (…)", "non-DICOM reply 15030300…", "no answer within the
// timeout", "no connection: …", with the attempt's own detail.
std::string reply_text(const obs::DicomAssociation& a);

}  // namespace medtls::words
