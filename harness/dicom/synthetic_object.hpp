#pragma once
// The one object the store test sends: a Secondary Capture Image made in memory, with no
// patient data (fixed MEDTLS^SYNTHETIC names, fresh UIDs) and an 8x8 8-bit MONOCHROME2 image.
#include <string>

#include "dicom/dcmtk_handles.hpp"

namespace medtls::dicom {

inline constexpr const char* kSyntheticPatientName = "MEDTLS^SYNTHETIC";
inline constexpr const char* kSyntheticPatientId = "MEDTLS-SYNTHETIC";

// Null with `error` set if DCMTK refuses an element.
DatasetPtr make_synthetic_object(std::string& error);

}  // namespace medtls::dicom
