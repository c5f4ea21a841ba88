#pragma once
// JSON form of the observations, written into every report and read back by
// `medtls report` to re-judge a saved scan. Codes are written "0xC02F".
#include <nlohmann/json.hpp>

#include "obs/tls_observations.hpp"

namespace medtls::obs {

void to_json(nlohmann::json& j, const ClientHelloSpec& s);
void from_json(const nlohmann::json& j, ClientHelloSpec& s);
void to_json(nlohmann::json& j, const ServerReply& r);
void from_json(const nlohmann::json& j, ServerReply& r);
void to_json(nlohmann::json& j, const Attempt& a);
void from_json(const nlohmann::json& j, Attempt& a);
void to_json(nlohmann::json& j, const TlsObservations& o);
void from_json(const nlohmann::json& j, TlsObservations& o);

}  // namespace medtls::obs
