// JSON form of the DICOM observations (report: targets[i].dicom). Every field is written, so
// that `medtls report saved.json` restores exactly what the scan saw; reading tolerates missing
// keys (older or hand-trimmed reports) and leaves the struct's defaults in place.
#include <stdexcept>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "obs/json.hpp"

#include "obs/json_get.hpp"

namespace medtls::obs {

using nlohmann::json;

namespace {

using json_get::get_opt;
using json_get::get_optional;

json code_or_null(std::optional<std::uint16_t> code) {
  return code ? json(format_code(*code)) : json(nullptr);
}

std::optional<std::uint16_t> code_from(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  auto c = parse_code(it->get<std::string>());
  if (!c) throw std::invalid_argument(std::string(key) + ": bad code " + it->dump());
  return c;
}

template <class T>
json number_or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// "alert": "certificate_required(116)", "alert_code": 116 (the code is what is read back).
void put_alert(json& j, const char* key, const std::optional<std::uint8_t>& alert) {
  j[key] = alert ? json(alert_name(*alert)) : json(nullptr);
  if (alert) j[std::string(key) + "_code"] = *alert;
}

void get_alert(const json& j, const char* key, std::optional<std::uint8_t>& alert) {
  get_optional(j, (std::string(key) + "_code").c_str(), alert);
}

template <class T>
std::vector<T> list_of(const json& j, const char* key) {
  std::vector<T> out;
  if (auto it = j.find(key); it != j.end() && !it->is_null())
    for (const auto& e : *it) out.push_back(json_get::value<T>(e));
  return out;
}

}  // namespace

void to_json(json& j, const DicomChannel& c) {
  j = {{"status", c.status},
       {"version", c.version},
       {"suite", code_or_null(c.suite ? std::optional<std::uint16_t>(c.suite) : std::nullopt)},
       {"suite_name", c.suite_name},
       {"group", c.group},
       {"sni", c.sni},
       {"alpn_offered", c.alpn_offered},
       {"alpn_selected", c.alpn_selected},
       {"forced_version", c.forced_version},
       {"forced_suite", code_or_null(c.forced_suite)},
       {"client_certificate", c.client_certificate},
       {"peer_subject", c.peer_subject},
       {"peer_sha256", c.peer_sha256},
       {"peer_verification", c.peer_verification},
       {"peer_verification_detail", c.peer_verification_detail},
       {"detail", c.detail}};
  put_alert(j, "alert", c.alert);
  put_alert(j, "alert_sent", c.alert_sent);
}

void from_json(const json& j, DicomChannel& c) {
  get_opt(j, "status", c.status);
  get_opt(j, "version", c.version);
  c.suite = code_from(j, "suite").value_or(0);
  get_opt(j, "suite_name", c.suite_name);
  get_opt(j, "group", c.group);
  get_opt(j, "sni", c.sni);
  get_opt(j, "alpn_offered", c.alpn_offered);
  get_opt(j, "alpn_selected", c.alpn_selected);
  get_opt(j, "forced_version", c.forced_version);
  c.forced_suite = code_from(j, "forced_suite");
  get_opt(j, "client_certificate", c.client_certificate);
  get_opt(j, "peer_subject", c.peer_subject);
  get_opt(j, "peer_sha256", c.peer_sha256);
  get_opt(j, "peer_verification", c.peer_verification);
  get_opt(j, "peer_verification_detail", c.peer_verification_detail);
  get_alert(j, "alert", c.alert);
  get_alert(j, "alert_sent", c.alert_sent);
  get_opt(j, "detail", c.detail);
}

void to_json(json& j, const DicomPresentationContext& p) {
  j = {{"id", p.id},
       {"abstract_syntax", p.abstract_syntax},
       {"proposed_transfer_syntaxes", p.proposed_transfer_syntaxes},
       {"result", p.result},
       {"transfer_syntax", p.transfer_syntax}};
}

void from_json(const json& j, DicomPresentationContext& p) {
  get_opt(j, "id", p.id);
  get_opt(j, "abstract_syntax", p.abstract_syntax);
  get_opt(j, "proposed_transfer_syntaxes", p.proposed_transfer_syntaxes);
  get_opt(j, "result", p.result);
  get_opt(j, "transfer_syntax", p.transfer_syntax);
}

void to_json(json& j, const DicomPdu& p) {
  j = {{"type", p.type}, {"length", p.length}, {"name", p.name}, {"head_hex", p.head_hex}};
}

void from_json(const json& j, DicomPdu& p) {
  get_opt(j, "type", p.type);
  get_opt(j, "length", p.length);
  get_opt(j, "name", p.name);
  get_opt(j, "head_hex", p.head_hex);
}

void to_json(json& j, const DicomUserIdentity& u) {
  j = {{"type", u.type},
       {"positive_response_requested", u.positive_response_requested},
       {"server_response", u.server_response},
       {"server_response_length", u.server_response_length}};
}

void from_json(const json& j, DicomUserIdentity& u) {
  get_opt(j, "type", u.type);
  get_opt(j, "positive_response_requested", u.positive_response_requested);
  get_opt(j, "server_response", u.server_response);
  get_opt(j, "server_response_length", u.server_response_length);
}

void to_json(json& j, const DicomAssociation& a) {
  j = {{"purpose", a.purpose},
       {"kind", a.kind},
       {"client_case", a.client_case},
       {"result", a.result},
       {"calling_ae", a.calling_ae},
       {"called_ae", a.called_ae},
       {"port", a.port},
       {"channel", a.channel},
       {"reject_result", number_or_null(a.reject_result)},
       {"reject_source", number_or_null(a.reject_source)},
       {"reject_reason", number_or_null(a.reject_reason)},
       {"reject_text", a.reject_text},
       {"abort_source", number_or_null(a.abort_source)},
       {"abort_reason", number_or_null(a.abort_reason)},
       {"abort_text", a.abort_text},
       {"presentation_contexts", a.presentation_contexts},
       {"max_pdu", a.max_pdu},
       {"implementation_class_uid", a.implementation_class_uid},
       {"implementation_version_name", a.implementation_version_name},
       {"user_identity", a.user_identity ? json(*a.user_identity) : json(nullptr)},
       {"echo", a.echo},
       {"echo_status", code_or_null(a.echo_status)},
       {"store", a.store},
       {"store_status", code_or_null(a.store_status)},
       {"store_sop_instance_uid", a.store_sop_instance_uid},
       {"release", a.release},
       {"received", a.received},
       {"received_bytes", a.received_bytes},
       {"received_pdus_dropped", a.received_pdus_dropped},
       {"connect_ms", a.connect_ms},
       {"associate_ms", a.associate_ms},
       {"echo_ms", a.echo_ms},
       {"store_ms", a.store_ms},
       {"release_ms", a.release_ms},
       {"error", a.error},
       {"detail", a.detail}};
}

void from_json(const json& j, DicomAssociation& a) {
  get_opt(j, "purpose", a.purpose);
  get_opt(j, "kind", a.kind);
  get_opt(j, "client_case", a.client_case);
  get_opt(j, "result", a.result);
  get_opt(j, "calling_ae", a.calling_ae);
  get_opt(j, "called_ae", a.called_ae);
  get_opt(j, "port", a.port);
  get_opt(j, "channel", a.channel);
  get_optional(j, "reject_result", a.reject_result);
  get_optional(j, "reject_source", a.reject_source);
  get_optional(j, "reject_reason", a.reject_reason);
  get_opt(j, "reject_text", a.reject_text);
  get_optional(j, "abort_source", a.abort_source);
  get_optional(j, "abort_reason", a.abort_reason);
  get_opt(j, "abort_text", a.abort_text);
  a.presentation_contexts = list_of<DicomPresentationContext>(j, "presentation_contexts");
  get_opt(j, "max_pdu", a.max_pdu);
  get_opt(j, "implementation_class_uid", a.implementation_class_uid);
  get_opt(j, "implementation_version_name", a.implementation_version_name);
  get_optional(j, "user_identity", a.user_identity);
  get_opt(j, "echo", a.echo);
  a.echo_status = code_from(j, "echo_status");
  get_opt(j, "store", a.store);
  a.store_status = code_from(j, "store_status");
  get_opt(j, "store_sop_instance_uid", a.store_sop_instance_uid);
  get_opt(j, "release", a.release);
  a.received = list_of<DicomPdu>(j, "received");
  get_opt(j, "received_bytes", a.received_bytes);
  get_opt(j, "received_pdus_dropped", a.received_pdus_dropped);
  get_opt(j, "connect_ms", a.connect_ms);
  get_opt(j, "associate_ms", a.associate_ms);
  get_opt(j, "echo_ms", a.echo_ms);
  get_opt(j, "store_ms", a.store_ms);
  get_opt(j, "release_ms", a.release_ms);
  get_opt(j, "error", a.error);
  get_opt(j, "detail", a.detail);
}

void to_json(json& j, const DicomObservations& d) {
  j = {{"status", d.status},
       {"detail", d.detail},
       {"calling_ae", d.calling_ae},
       {"called_ae", d.called_ae},
       {"association", d.association},
       {"plaintext_on_tls_port", d.plaintext_on_tls_port},
       {"plaintext_tls_port", d.plaintext_tls_port},
       {"plaintext_other_port", d.plaintext_other_port},
       {"plaintext_other", d.plaintext_other ? json(*d.plaintext_other) : json(nullptr)},
       {"matrix", d.matrix},
       {"ae_titles", d.ae_titles},
       {"client_certificates", d.client_certificates},
       {"user_identity", d.user_identity},
       {"user_identity_policy", d.user_identity_policy},
       {"user_identity_detail", d.user_identity_detail},
       {"store_test", d.store_test ? json(*d.store_test) : json(nullptr)},
       {"connections", d.connections},
       {"budget_exhausted", d.budget_exhausted},
       {"deadline_reached", d.deadline_reached},
       {"started", d.started},
       {"finished", d.finished}};
}

void from_json(const json& j, DicomObservations& d) {
  get_opt(j, "status", d.status);
  get_opt(j, "detail", d.detail);
  get_opt(j, "calling_ae", d.calling_ae);
  get_opt(j, "called_ae", d.called_ae);
  get_opt(j, "association", d.association);
  get_opt(j, "plaintext_on_tls_port", d.plaintext_on_tls_port);
  get_opt(j, "plaintext_tls_port", d.plaintext_tls_port);
  get_opt(j, "plaintext_other_port", d.plaintext_other_port);
  get_optional(j, "plaintext_other", d.plaintext_other);
  d.matrix = list_of<DicomAssociation>(j, "matrix");
  d.ae_titles = list_of<DicomAssociation>(j, "ae_titles");
  d.client_certificates = list_of<DicomAssociation>(j, "client_certificates");
  d.user_identity = list_of<DicomAssociation>(j, "user_identity");
  get_opt(j, "user_identity_policy", d.user_identity_policy);
  get_opt(j, "user_identity_detail", d.user_identity_detail);
  get_optional(j, "store_test", d.store_test);
  get_opt(j, "connections", d.connections);
  get_opt(j, "budget_exhausted", d.budget_exhausted);
  get_opt(j, "deadline_reached", d.deadline_reached);
  get_opt(j, "started", d.started);
  get_opt(j, "finished", d.finished);
}

}  // namespace medtls::obs
