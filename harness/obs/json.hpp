#pragma once
// JSON form of the observations, written into every report and read back by
// `medtls report` to re-judge a saved scan. Codes are written "0xC02F".
#include <nlohmann/json.hpp>

#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"

namespace medtls::obs {

void to_json(nlohmann::json& j, const ClientHelloSpec& s);
void from_json(const nlohmann::json& j, ClientHelloSpec& s);
void to_json(nlohmann::json& j, const ServerReply& r);
void from_json(const nlohmann::json& j, ServerReply& r);
void to_json(nlohmann::json& j, const Attempt& a);
void from_json(const nlohmann::json& j, Attempt& a);
// Without certificate and client_auth: the report places those at the target level.
void to_json(nlohmann::json& j, const TlsObservations& o);
void from_json(const nlohmann::json& j, TlsObservations& o);
// The certificate part (report: targets[i].certificate, with "problems" as a list of codes) and
// the mutual-authentication part (targets[i].client_auth).
void to_json(nlohmann::json& j, const ServerCertificate& s);
void from_json(const nlohmann::json& j, ServerCertificate& s);
void to_json(nlohmann::json& j, const ClientAuthObservations& c);
void from_json(const nlohmann::json& j, ClientAuthObservations& c);
// The DICOM layer (report: targets[i].dicom, dicom:// targets only; dicom_json.cpp). Suite codes
// and DIMSE statuses are written "0x0000"; alerts as a name ("certificate_required(116)") next to
// the number ("alert_code"); optional parts absent or null when not observed.
void to_json(nlohmann::json& j, const DicomChannel& c);
void from_json(const nlohmann::json& j, DicomChannel& c);
void to_json(nlohmann::json& j, const DicomPresentationContext& p);
void from_json(const nlohmann::json& j, DicomPresentationContext& p);
void to_json(nlohmann::json& j, const DicomPdu& p);
void from_json(const nlohmann::json& j, DicomPdu& p);
void to_json(nlohmann::json& j, const DicomUserIdentity& u);
void from_json(const nlohmann::json& j, DicomUserIdentity& u);
void to_json(nlohmann::json& j, const DicomAssociation& a);
void from_json(const nlohmann::json& j, DicomAssociation& a);
void to_json(nlohmann::json& j, const DicomObservations& d);
void from_json(const nlohmann::json& j, DicomObservations& d);

}  // namespace medtls::obs
