#pragma once
// JSON form of the observations, written into every report and read back by `medtls report` to
// re-judge a saved scan. Each type's field list below is the one place that says what its JSON
// holds (obs/fields.hpp derives writing and reading from it); tests/unit/observation_json_test
// proves observation → JSON → observation is the identity for every type, and that the report
// schema (reports/schema/report.schema.json) declares exactly what the types write.
// Codes are written "0xC02F"; alerts as a name ("certificate_required(116)") beside the number
// ("alert_code", what is read back); optional parts null when not observed.
#include <nlohmann/json.hpp>

#include "obs/client_role_observations.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/field_adapters.hpp"
#include "obs/fields.hpp"
#include "obs/tls_observations.hpp"

namespace medtls::obs {

// --- certificates (report: targets[i].certificate, targets[i].client_auth)

MEDTLS_JSON_FIELDS(CertificateInfo, subject, issuer, serial, not_before, not_after, key_type,
                   key_bits, curve, signature_algorithm, signature_hash, subject_alt_names,
                   key_usage, extended_key_usage, is_ca, path_length, self_signed, sha256, pem,
                   parse_error, der_bytes)
MEDTLS_JSON_FIELDS(CertificateProblem, code, detail, depth)

namespace fields {
// "problems": the list of distinct codes (the report contract), "problem_details": the entries,
// which are what is read back.
template <class R>
struct ProblemList {
  static constexpr bool is_field_adapter = true;
  R& ref;  // std::vector<CertificateProblem>
  void write(nlohmann::json& p, const char* key) const {
    auto codes = nlohmann::json::array();
    for (const auto& problem : ref)
      if (std::find(codes.begin(), codes.end(), nlohmann::json(problem.code)) == codes.end())
        codes.push_back(problem.code);
    p[key] = codes;
    p["problem_details"] = ref;
  }
  void read(const nlohmann::json& p, const char* /*key*/) const {
    json_get::get_opt(p, "problem_details", ref);
  }
};
template <class R>
ProblemList<R> problem_list(R& r) {
  return {r};
}
}  // namespace fields

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ServerCertificate> && ...)> {
  f("status", s.status...);
  f("detail", s.detail...);
  f("version", s.version...);
  f("chain", s.chain...);
  f("trust", s.trust...);
  f("trust_detail", s.trust_detail...);
  f("hostname_checked", s.hostname_checked...);
  f("hostname", s.hostname...);
  f("revocation", s.revocation...);
  f("revocation_detail", s.revocation_detail...);
  f("ocsp_stapling", s.ocsp_stapling...);
  f("expiry_warning_days", s.expiry_warning_days...);
  f("problems", fields::problem_list(s.problems)...);
  f("attempts", s.attempts...);
}
inline void to_json(nlohmann::json& j, const ServerCertificate& s) {
  fields::write(j, s);
}
inline void from_json(const nlohmann::json& j, ServerCertificate& s) {
  fields::read(j, s);
}

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ClientAuthCase> && ...)> {
  f("case", s.name...);
  f("version", s.version...);
  f("outcome", s.outcome...);
  f("alert", fields::alert_code(s.alert)...);
  f("detail", s.detail...);
}
inline void to_json(nlohmann::json& j, const ClientAuthCase& c) {
  fields::write(j, c);
}
inline void from_json(const nlohmann::json& j, ClientAuthCase& c) {
  fields::read(j, c);
}

MEDTLS_JSON_FIELDS(ClientAuthObservations, requested, detail, ca_names, matrix)

// --- TLS (report: targets[i].tls)

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ClientHelloSpec> && ...)> {
  using fields::hex;
  f("record_version", hex(s.record_version)...);
  f("legacy_version", hex(s.legacy_version)...);
  f("supported_versions", hex(s.supported_versions)...);
  f("suites", hex(s.suites)...);
  f("compression", s.compression...);
  f("groups", hex(s.groups)...);
  f("key_shares", hex(s.key_shares)...);
  f("signature_algorithms", hex(s.signature_algorithms)...);
  f("alpn", s.alpn...);
  f("sni", s.sni...);
  f("ec_point_formats", s.ec_point_formats...);
  f("extended_master_secret", s.extended_master_secret...);
  f("renegotiation_info", s.renegotiation_info...);
  f("encrypt_then_mac", s.encrypt_then_mac...);
  f("truncated_hmac", s.truncated_hmac...);
  f("session_ticket", s.session_ticket...);
  f("status_request", s.status_request...);
}
inline void to_json(nlohmann::json& j, const ClientHelloSpec& s) {
  fields::write(j, s);
}
inline void from_json(const nlohmann::json& j, ClientHelloSpec& s) {
  fields::read(j, s);
}

MEDTLS_FIELDS(Alert, level, description)
// The server's reply keeps its wire shape: the ServerHello's fields only when one was parsed
// (or an OpenSSL handshake reported them), the DER certificates not at all (only their count).
// Its field list serves the round-trip tests; json.cpp writes and reads it.
MEDTLS_FIELDS(ServerReply, outcome, error, alert, bytes_received, cut_short, violations,
              record_version, legacy_version, version, suite, compression, extensions, alpn,
              key_share_group, session_id_hex, retry_request, server_hello_hex, certificate_count,
              server_key_exchange, ske_named_group, ske_dh_p_bits, ske_dh_p_hex,
              ske_signature_scheme, certificate_verify_scheme, certificate_status,
              certificate_request, cr_certificate_types, cr_signature_schemes, cr_ca_names,
              server_hello_done, session_tickets, ticket_max_early_data)
void to_json(nlohmann::json& j, const ServerReply& r);
void from_json(const nlohmann::json& j, ServerReply& r);

MEDTLS_JSON_FIELDS(Attempt, index, purpose, elapsed_ms, sent, reply)
MEDTLS_JSON_FIELDS(Fact, value, detail, attempts)

// tls.version_details[v]; tls.versions[v] is the status alone.
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, VersionResult> && ...)> {
  f("status", s.status...);
  f("detail", s.detail...);
  f("attempts", s.attempts...);
  f("handshake", s.handshake...);
  f("handshake_attempt", s.handshake_attempt...);
  f("alert", fields::alert_code(s.alert)...);
}
inline void to_json(nlohmann::json& j, const VersionResult& r) {
  fields::write(j, r);
}
inline void from_json(const nlohmann::json& j, VersionResult& r) {
  fields::read(j, r);
}

// tls.suite_details[v]; tls.suites[v] is the accepted list (the report contract).
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, SuiteResult> && ...)> {
  f("order", s.order...);
  f("complete", s.complete...);
  f("detail", s.detail...);
  f("attempts", s.attempts...);
  f("key_exchange", fields::hex(s.kx)...);
}
inline void to_json(nlohmann::json& j, const SuiteResult& r) {
  fields::write(j, r);
}
inline void from_json(const nlohmann::json& j, SuiteResult& r) {
  fields::read(j, r);
}

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, GroupResult> && ...)> {
  f("supported", fields::group_list(s.supported)...);
  f("complete", s.complete...);
  f("method", s.method...);
  f("detail", s.detail...);
  f("attempts", s.attempts...);
}
inline void to_json(nlohmann::json& j, const GroupResult& r) {
  fields::write(j, r);
}
inline void from_json(const nlohmann::json& j, GroupResult& r) {
  fields::read(j, r);
}

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, DhGroupSeen> && ...)> {
  f("bits", s.bits...);
  f("name", s.name...);
  f("suite", fields::hex(s.suite)...);
  f("attempt", s.attempt...);
}
inline void to_json(nlohmann::json& j, const DhGroupSeen& d) {
  fields::write(j, d);
}
inline void from_json(const nlohmann::json& j, DhGroupSeen& d) {
  fields::read(j, d);
}

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, CertificateRequestSeen> && ...)> {
  f("status", s.status...);
  f("version", s.version...);
  f("ca_names", s.ca_names...);
  f("signature_schemes", fields::hex(s.signature_schemes)...);
  f("certificate_types", s.certificate_types...);
  f("detail", s.detail...);
  f("attempts", s.attempts...);
}
inline void to_json(nlohmann::json& j, const CertificateRequestSeen& c) {
  fields::write(j, c);
}
inline void from_json(const nlohmann::json& j, CertificateRequestSeen& c) {
  fields::read(j, c);
}

namespace fields {
// The per-version maps: "versions" {"TLSv1.2": "accepted"} (the report contract) beside
// "version_details" {"TLSv1.2": {…}}, which is read back; "suites" {"TLSv1.2": ["0xC02F"]}
// (the contract) beside "suite_details"; "groups" {"TLSv1.3": {…}}.
template <class R>
struct VersionMap {
  static constexpr bool is_field_adapter = true;
  R& ref;
  const char* details;  // the key of the details object, or nullptr when `key` holds them
  void write(nlohmann::json& p, const char* key) const;
  void read(const nlohmann::json& p, const char* key) const;
};
template <class R>
VersionMap<R> version_map(R& r, const char* details = nullptr) {
  return {r, details};
}
}  // namespace fields

// Without certificate and client_auth: the report places those at the target level.
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, TlsObservations> && ...)> {
  using fields::version_map;
  f("host", s.host...);
  f("port", s.port...);
  f("address", s.address...);
  f("sni", s.sni...);
  f("reachable", s.reachable...);
  f("unreachable_reason", s.unreachable_reason...);
  f("started", s.started...);
  f("finished", s.finished...);
  f("versions", version_map(s.versions, "version_details")...);
  f("suites", version_map(s.suites, "suite_details")...);
  f("groups", version_map(s.groups)...);
  f("dhe", s.dhe...);
  f("certificate_request", s.certificate_request...);
  f("facts", s.facts...);
  f("connections", s.connections...);
  f("budget_exhausted", s.budget_exhausted...);
  f("stopped_early", s.stopped_early...);
  f("internal_errors", s.internal_errors...);
  f("attempts", s.attempts...);
}
void to_json(nlohmann::json& j, const TlsObservations& o);
void from_json(const nlohmann::json& j, TlsObservations& o);

// --- DICOM (report: targets[i].dicom, dicom:// targets only). Suite codes and DIMSE statuses
// are written "0x0000".

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, DicomChannel> && ...)> {
  using fields::hex;
  f("status", s.status...);
  f("version", s.version...);
  f("suite", fields::hex_or_null(s.suite)...);
  f("suite_name", s.suite_name...);
  f("group", s.group...);
  f("sni", s.sni...);
  f("alpn_offered", s.alpn_offered...);
  f("alpn_selected", s.alpn_selected...);
  f("forced_version", s.forced_version...);
  f("forced_suite", hex(s.forced_suite)...);
  f("client_certificate", s.client_certificate...);
  f("peer_subject", s.peer_subject...);
  f("peer_sha256", s.peer_sha256...);
  f("peer_verification", s.peer_verification...);
  f("peer_verification_detail", s.peer_verification_detail...);
  f("detail", s.detail...);
  f("alert", fields::alert_code(s.alert)...);
  f("alert_sent", fields::alert_code(s.alert_sent)...);
}
inline void to_json(nlohmann::json& j, const DicomChannel& c) {
  fields::write(j, c);
}
inline void from_json(const nlohmann::json& j, DicomChannel& c) {
  fields::read(j, c);
}

MEDTLS_JSON_FIELDS(DicomPresentationContext, id, abstract_syntax, proposed_transfer_syntaxes,
                   result, transfer_syntax)
MEDTLS_JSON_FIELDS(DicomPdu, type, length, name, head_hex)
MEDTLS_JSON_FIELDS(DicomUserIdentity, type, positive_response_requested, server_response,
                   server_response_length)

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, DicomAssociation> && ...)> {
  using fields::hex;
  f("purpose", s.purpose...);
  f("kind", s.kind...);
  f("client_case", s.client_case...);
  f("result", s.result...);
  f("calling_ae", s.calling_ae...);
  f("called_ae", s.called_ae...);
  f("port", s.port...);
  f("channel", s.channel...);
  f("reject_result", s.reject_result...);
  f("reject_source", s.reject_source...);
  f("reject_reason", s.reject_reason...);
  f("reject_text", s.reject_text...);
  f("abort_source", s.abort_source...);
  f("abort_reason", s.abort_reason...);
  f("abort_text", s.abort_text...);
  f("presentation_contexts", s.presentation_contexts...);
  f("max_pdu", s.max_pdu...);
  f("implementation_class_uid", s.implementation_class_uid...);
  f("implementation_version_name", s.implementation_version_name...);
  f("user_identity", s.user_identity...);
  f("echo", s.echo...);
  f("echo_status", hex(s.echo_status)...);
  f("store", s.store...);
  f("store_status", hex(s.store_status)...);
  f("store_sop_instance_uid", s.store_sop_instance_uid...);
  f("release", s.release...);
  f("received", s.received...);
  f("received_bytes", s.received_bytes...);
  f("received_pdus_dropped", s.received_pdus_dropped...);
  f("connect_ms", s.connect_ms...);
  f("associate_ms", s.associate_ms...);
  f("echo_ms", s.echo_ms...);
  f("store_ms", s.store_ms...);
  f("release_ms", s.release_ms...);
  f("error", s.error...);
  f("detail", s.detail...);
}
inline void to_json(nlohmann::json& j, const DicomAssociation& a) {
  fields::write(j, a);
}
inline void from_json(const nlohmann::json& j, DicomAssociation& a) {
  fields::read(j, a);
}

MEDTLS_JSON_FIELDS(DicomObservations, status, detail, calling_ae, called_ae, association,
                   plaintext_on_tls_port, plaintext_tls_port, plaintext_other_port, plaintext_other,
                   matrix, ae_titles, client_certificates, user_identity, user_identity_policy,
                   user_identity_detail, store_test, connections, budget_exhausted,
                   deadline_reached, started, finished)

// --- client role (`medtls listen`: a device in its TLS client role). The report writes these
// at the target level (targets[i].client_hellos, .scenarios, …). Peer strings (ALPN names, SNI,
// AE titles) are raw bytes in the observations and written as peer text (fields::peer_string).

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, HelloExtension> && ...)> {
  f("type", fields::hex(s.type)...);
  f("body", fields::hex_bytes(s.body)...);
}
inline void to_json(nlohmann::json& j, const HelloExtension& e) {
  fields::write(j, e);
}
inline void from_json(const nlohmann::json& j, HelloExtension& e) {
  fields::read(j, e);
}

// The keys of the hello a probe sent (ClientHelloSpec) where they mean the same.
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ObservedClientHello> && ...)> {
  using fields::hex;
  using fields::peer_string;
  f("connection", s.connection...);
  f("scenario", s.scenario...);
  f("record_version", hex(s.record_version)...);
  f("legacy_version", hex(s.legacy_version)...);
  f("supported_versions", hex(s.versions)...);
  f("suites", hex(s.suites)...);
  f("compression", s.compression_methods...);
  f("groups", hex(s.groups)...);
  f("key_shares", hex(s.key_share_groups)...);
  f("signature_algorithms", hex(s.signature_algorithms)...);
  f("signature_algorithms_cert", hex(s.signature_algorithms_cert)...);
  f("alpn", peer_string(s.alpn)...);
  f("sni", peer_string(s.sni)...);
  f("extensions", s.extensions...);
  f("size", s.size...);
  f("parse_error", s.parse_error...);
}
inline void to_json(nlohmann::json& j, const ObservedClientHello& h) {
  fields::write(j, h);
}
inline void from_json(const nlohmann::json& j, ObservedClientHello& h) {
  fields::read(j, h);
}

// version and suite are null unless the handshake completed.
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ScenarioResult> && ...)> {
  f("id", s.id...);
  f("position", s.position...);
  f("connection", s.connection...);
  f("outcome", s.outcome...);
  f("ended", s.ended...);
  f("alert", fields::alert_code(s.alert)...);
  f("version", fields::hex_or_null(s.version)...);
  f("suite", fields::hex_or_null(s.suite)...);
  f("client_certificate", s.client_certificate...);
  f("association", s.association...);
  f("data_bytes", s.data_bytes...);
  f("first_pdu_type", s.first_pdu_type...);
  f("wait_ms", s.wait_ms...);
  f("handshake_ms", s.handshake_ms...);
  f("duration_ms", s.duration_ms...);
  f("error", s.error...);
}
inline void to_json(nlohmann::json& j, const ScenarioResult& r) {
  fields::write(j, r);
}
inline void from_json(const nlohmann::json& j, ScenarioResult& r) {
  fields::read(j, r);
}

template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, CleartextConnection> && ...)> {
  f("connection", s.connection...);
  f("scenario", s.scenario...);
  f("start", s.start...);
  f("bytes", s.bytes...);
  f("pdu_type", s.pdu_type...);
  f("calling_ae", fields::peer_string(s.calling_ae)...);
  f("called_ae", fields::peer_string(s.called_ae)...);
  f("after_failed_handshake", s.after_failed_handshake...);
}
inline void to_json(nlohmann::json& j, const CleartextConnection& c) {
  fields::write(j, c);
}
inline void from_json(const nlohmann::json& j, CleartextConnection& c) {
  fields::read(j, c);
}

// Flat: to_json adds these keys to the object it is given (a report's target object, beside
// url, scheme, …) and leaves its other keys alone; from_json reads them from such an object.
// `connections` is written "client_connections" (the target's "connections" is its total).
// The target's "role" ("client") is the report's to write, not a member here.
template <class F, class... S>
auto visit_fields(F&& f, S&... s)
    -> std::enable_if_t<(std::is_same_v<std::remove_const_t<S>, ClientRoleObservations> && ...)> {
  f("client_hellos", s.client_hellos...);
  f("scenarios", s.scenarios...);
  f("cleartext", s.cleartext...);
  f("client_connections", s.connections...);
  f("server_name", s.server_name...);
  f("require_client_certificate", s.require_client_certificate...);
  f("client_certificate", s.client_certificate...);
}
inline void to_json(nlohmann::json& j, const ClientRoleObservations& o) {
  fields::write(j, o);
}
inline void from_json(const nlohmann::json& j, ClientRoleObservations& o) {
  fields::read(j, o);
}

}  // namespace medtls::obs
