#include "obs/json.hpp"

#include <stdexcept>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "obs/json_get.hpp"

namespace medtls::obs {

using nlohmann::json;

namespace {

using json_get::get_opt;
using json_get::number;

json codes(const std::vector<std::uint16_t>& v) {
  return fields::detail::code_json(v);
}

void get_codes(const json& j, const char* key, std::vector<std::uint16_t>& out) {
  if (auto it = j.find(key); it != j.end()) fields::detail::code_read(*it, out);
}

std::uint16_t code_of(const json& j) {
  return fields::detail::code_value(j);
}

TlsVersion version_key(const std::string& name) {
  auto v = parse_version(name);
  if (!v) throw std::invalid_argument("unknown version " + name.substr(0, 40));
  return *v;
}

const json& object_at(const json& p, const char* key) {
  static const json empty = json::object();
  auto it = p.find(key);
  if (it == p.end() || it->is_null()) return empty;
  if (!it->is_object()) throw std::invalid_argument(std::string(key) + " is not an object");
  return *it;
}

// The version maps (the custom part of tls: the contract's "versions" and "suites" beside their
// details).
void write_map(json& p, const char* key, const char* details,
               const std::map<TlsVersion, VersionResult>& m) {
  json& statuses = p[key] = json::object();
  json& all = p[details] = json::object();
  for (const auto& [v, r] : m) {
    statuses[version_name(v)] = r.status;
    all[version_name(v)] = r;
  }
}
void read_map(const json& p, const char*, const char* details,
              std::map<TlsVersion, VersionResult>& m) {
  for (const auto& [name, d] : object_at(p, details).items())
    m[version_key(name)] = d.get<VersionResult>();
}

void write_map(json& p, const char* key, const char* details,
               const std::map<TlsVersion, SuiteResult>& m) {
  json& lists = p[key] = json::object();
  json& all = p[details] = json::object();
  for (const auto& [v, s] : m) {
    lists[version_name(v)] = codes(s.accepted);
    all[version_name(v)] = s;
  }
}
void read_map(const json& p, const char* key, const char* details,
              std::map<TlsVersion, SuiteResult>& m) {
  const json& all = object_at(p, details);
  for (const auto& [name, list] : object_at(p, key).items()) {
    SuiteResult s;
    if (auto it = all.find(name); it != all.end()) s = it->get<SuiteResult>();
    fields::detail::code_read(list, s.accepted);
    m[version_key(name)] = s;
  }
}

void write_map(json& p, const char* key, const char*, const std::map<TlsVersion, GroupResult>& m) {
  json& all = p[key] = json::object();
  for (const auto& [v, g] : m) all[version_name(v)] = g;
}
void read_map(const json& p, const char* key, const char*, std::map<TlsVersion, GroupResult>& m) {
  for (const auto& [name, d] : object_at(p, key).items())
    m[version_key(name)] = d.get<GroupResult>();
}

}  // namespace

template <class R>
void fields::VersionMap<R>::write(json& p, const char* key) const {
  write_map(p, key, details, ref);
}
template <class R>
void fields::VersionMap<R>::read(const json& p, const char* key) const {
  ref.clear();
  read_map(p, key, details, ref);
}

void to_json(json& j, const ServerReply& r) {
  j = {{"outcome", name_of(r.outcome)}};
  if (!r.error.empty()) j["error"] = r.error;
  if (r.alert)
    j["alert"] = {{"level", r.alert->level},
                  {"description", r.alert->description},
                  {"name", alert_name(r.alert->description)}};
  j["bytes_received"] = r.bytes_received;
  if (r.cut_short) j["cut_short"] = name_of(*r.cut_short);
  if (!r.violations.empty()) j["violations"] = r.violations;
  if (!r.server_hello_hex.empty()) {  // a ServerHello parsed from the wire
    j["record_version"] = format_code(r.record_version);
    j["legacy_version"] = format_code(r.legacy_version);
    j["version"] = wire_version_name(r.version);
    j["suite"] = format_code(r.suite);
    j["compression"] = r.compression;
    j["extensions"] = r.extensions;
    if (r.alpn) j["alpn"] = *r.alpn;
    if (r.key_share_group) j["key_share_group"] = group_name(*r.key_share_group);
    j["session_id_hex"] = r.session_id_hex;
    j["retry_request"] = r.retry_request;
    j["server_hello_hex"] = r.server_hello_hex;
  } else if (r.version != 0) {  // an OpenSSL handshake: what OpenSSL reported of it
    j["version"] = wire_version_name(r.version);
    j["suite"] = format_code(r.suite);
  } else {
    return;
  }
  j["certificate_count"] = r.certificate_count;
  if (r.server_key_exchange) {
    json ske = json::object();
    if (r.ske_named_group) ske["named_group"] = group_name(*r.ske_named_group);
    if (r.ske_dh_p_bits) {
      ske["dh_p_bits"] = r.ske_dh_p_bits;
      ske["dh_p_hex"] = r.ske_dh_p_hex;
    }
    if (r.ske_signature_scheme)
      ske["signature_scheme"] = signature_scheme_name(*r.ske_signature_scheme);
    j["server_key_exchange"] = ske;
  }
  if (r.certificate_verify_scheme)
    j["certificate_verify"] = {
        {"signature_scheme", signature_scheme_name(*r.certificate_verify_scheme)}};
  if (r.certificate_request)
    j["certificate_request"] = {{"certificate_types", r.cr_certificate_types},
                                {"signature_schemes", codes(r.cr_signature_schemes)},
                                {"ca_names", r.cr_ca_names}};
  j["certificate_status"] = r.certificate_status;
  j["server_hello_done"] = r.server_hello_done;
  if (r.session_tickets > 0)
    j["new_session_tickets"] = {{"count", r.session_tickets},
                                {"max_early_data_size", r.ticket_max_early_data}};
}

void from_json(const json& j, ServerReply& r) {
  auto o = parse_enum<Outcome>(j.at("outcome").get<std::string>());
  if (!o) throw std::invalid_argument("unknown outcome " + j.at("outcome").dump());
  r.outcome = *o;
  get_opt(j, "error", r.error);
  if (auto it = j.find("alert"); it != j.end())
    r.alert =
        Alert{number<std::uint8_t>(it->at("level")), number<std::uint8_t>(it->at("description"))};
  get_opt(j, "bytes_received", r.bytes_received);
  if (auto it = j.find("cut_short"); it != j.end())
    if (auto c = parse_enum<Outcome>(it->get<std::string>())) r.cut_short = *c;
  get_opt(j, "violations", r.violations);
  if (!j.contains("suite")) return;
  if (j.contains("server_hello_hex")) {  // from the wire; an OpenSSL handshake has neither
    r.record_version = code_of(j.at("record_version"));
    r.legacy_version = code_of(j.at("legacy_version"));
  }
  auto v = j.at("version").get<std::string>();
  if (auto pv = parse_version(v))
    r.version = wire_code(*pv);
  else if (auto c = parse_code(v))
    r.version = *c;
  r.suite = code_of(j.at("suite"));
  get_opt(j, "compression", r.compression);
  get_opt(j, "extensions", r.extensions);
  if (j.contains("alpn")) r.alpn = j.at("alpn").get<std::string>();
  if (j.contains("key_share_group"))
    r.key_share_group = group_code(j.at("key_share_group").get<std::string>());
  get_opt(j, "session_id_hex", r.session_id_hex);
  get_opt(j, "certificate_count", r.certificate_count);
  get_opt(j, "retry_request", r.retry_request);
  get_opt(j, "server_hello_hex", r.server_hello_hex);
  if (auto it = j.find("server_key_exchange"); it != j.end()) {
    r.server_key_exchange = true;
    if (it->contains("named_group"))
      r.ske_named_group = group_code(it->at("named_group").get<std::string>());
    get_opt(*it, "dh_p_bits", r.ske_dh_p_bits);
    get_opt(*it, "dh_p_hex", r.ske_dh_p_hex);
    if (it->contains("signature_scheme"))
      if (auto c = signature_scheme_code(it->at("signature_scheme").get<std::string>()))
        r.ske_signature_scheme = *c;
  }
  if (auto it = j.find("certificate_verify"); it != j.end() && it->is_object())
    if (it->contains("signature_scheme"))
      if (auto c = signature_scheme_code(it->at("signature_scheme").get<std::string>()))
        r.certificate_verify_scheme = *c;
  if (auto it = j.find("certificate_request"); it != j.end()) {
    r.certificate_request = true;
    get_opt(*it, "certificate_types", r.cr_certificate_types);
    get_codes(*it, "signature_schemes", r.cr_signature_schemes);
    get_opt(*it, "ca_names", r.cr_ca_names);
  }
  get_opt(j, "certificate_status", r.certificate_status);
  get_opt(j, "server_hello_done", r.server_hello_done);
  if (auto it = j.find("new_session_tickets"); it != j.end() && it->is_object()) {
    get_opt(*it, "count", r.session_tickets);
    get_opt(*it, "max_early_data_size", r.ticket_max_early_data);
  }
}

void to_json(json& j, const TlsObservations& o) {
  fields::write(j, o);
}

void from_json(const json& j, TlsObservations& o) {
  fields::read(j, o);
}

}  // namespace medtls::obs
