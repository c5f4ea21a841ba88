#pragma once
// DCMTK's condition text in one line: its texts may span lines ("DUL Association Rejected\n
// Result: …"), and a detail in the report is one line.
#include <string>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/ofstd/ofcond.h"

#include "common/peer_text.hpp"

namespace medtls::dicom {

inline std::string condition_text(const OFCondition& condition) {
  const char* text = condition.text();
  return one_line(text ? text : "");
}

}  // namespace medtls::dicom
