#include "dicom/synthetic_object.hpp"

#include <array>
#include <ctime>

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcuid.h"

#include "dicom/condition_text.hpp"

namespace medtls::dicom {

namespace {

constexpr int kSide = 8;

std::string new_uid(const char* root) {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, root);
}

// YYYYMMDD and HHMMSS of now, UTC.
std::pair<std::string, std::string> today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[16], time[16];
  std::strftime(date, sizeof date, "%Y%m%d", &utc);
  std::strftime(time, sizeof time, "%H%M%S", &utc);
  return {date, time};
}

}  // namespace

DatasetPtr make_synthetic_object(std::string& error) {
  auto ds = std::make_unique<DcmDataset>();
  const auto [date, time] = today();
  const std::pair<DcmTagKey, std::string> strings[] = {
      {DCM_SOPClassUID, UID_SecondaryCaptureImageStorage},
      {DCM_SOPInstanceUID, new_uid(SITE_INSTANCE_UID_ROOT)},
      {DCM_StudyInstanceUID, new_uid(SITE_STUDY_UID_ROOT)},
      {DCM_SeriesInstanceUID, new_uid(SITE_SERIES_UID_ROOT)},
      // Patient and study: fixed words, no person's data.
      {DCM_PatientName, kSyntheticPatientName},
      {DCM_PatientID, kSyntheticPatientId},
      {DCM_PatientBirthDate, ""},
      {DCM_PatientSex, ""},
      {DCM_StudyDate, date},
      {DCM_StudyTime, time},
      {DCM_ContentDate, date},
      {DCM_ContentTime, time},
      {DCM_ReferringPhysicianName, ""},
      {DCM_StudyID, "MEDTLS"},
      {DCM_AccessionNumber, ""},
      {DCM_StudyDescription, "medtls synthetic test object (no patient data)"},
      {DCM_SeriesDescription, "medtls DICOM TLS conformance store test"},
      // General series and equipment, SC equipment and image.
      {DCM_Modality, "OT"},
      {DCM_SeriesNumber, "1"},
      {DCM_InstanceNumber, "1"},
      {DCM_Manufacturer, "medtls"},
      {DCM_ConversionType, "WSD"},
      {DCM_PatientOrientation, ""},
      {DCM_ImageType, "DERIVED\\SECONDARY"},
      // Image pixel module.
      {DCM_PhotometricInterpretation, "MONOCHROME2"},
  };
  for (const auto& [tag, value] : strings) {
    const OFCondition c = ds->putAndInsertString(tag, value.c_str());
    if (c.bad()) {
      error = std::string("DCMTK refused ") + DcmTag(tag).getTagName() + ": " + condition_text(c);
      return nullptr;
    }
  }
  const std::pair<DcmTagKey, Uint16> numbers[] = {
      {DCM_SamplesPerPixel, 1},     {DCM_Rows, kSide},   {DCM_Columns, kSide},
      {DCM_BitsAllocated, 8},       {DCM_BitsStored, 8}, {DCM_HighBit, 7},
      {DCM_PixelRepresentation, 0},
  };
  for (const auto& [tag, value] : numbers) {
    const OFCondition c = ds->putAndInsertUint16(tag, value);
    if (c.bad()) {
      error = std::string("DCMTK refused ") + DcmTag(tag).getTagName() + ": " + condition_text(c);
      return nullptr;
    }
  }
  std::array<Uint8, kSide * kSide> pixels{};
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      pixels[static_cast<std::size_t>(y * kSide + x)] = static_cast<Uint8>((x + y) * 255 / 14);
  const OFCondition c = ds->putAndInsertUint8Array(DCM_PixelData, pixels.data(),
                                                   static_cast<unsigned long>(pixels.size()));
  if (c.bad()) {
    error = std::string("DCMTK refused the pixel data: ") + condition_text(c);
    return nullptr;
  }
  return ds;
}

}  // namespace medtls::dicom
