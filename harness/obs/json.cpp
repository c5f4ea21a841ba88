#include "obs/json.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "obs/json_get.hpp"

namespace medtls::obs {

using nlohmann::json;

namespace {

json codes(const std::vector<std::uint16_t>& v) {
  json a = json::array();
  for (auto c : v) a.push_back(format_code(c));
  return a;
}

std::uint16_t code_of(const json& j) {
  auto c = parse_code(j.get<std::string>());
  if (!c) throw std::invalid_argument("bad code " + j.dump());
  return *c;
}

std::vector<std::uint16_t> codes_of(const json& j) {
  std::vector<std::uint16_t> v;
  for (const auto& e : j) v.push_back(code_of(e));
  return v;
}

using json_get::get_opt;
using json_get::number;

void get_codes(const json& j, const char* key, std::vector<std::uint16_t>& out) {
  if (auto it = j.find(key); it != j.end()) out = codes_of(*it);
}

TlsVersion version_key(const std::string& name) {
  auto v = parse_version(name);
  if (!v) throw std::invalid_argument("unknown version " + name);
  return *v;
}

void fact_to_json(json& j, const Fact& f) {
  j = {{"value", f.value}, {"detail", f.detail}, {"attempts", f.attempts}};
}

json certificate_json(const CertificateInfo& c) {
  if (!c.parse_error.empty())
    return {{"parse_error", c.parse_error}, {"der_bytes", c.der_bytes}, {"sha256", c.sha256}};
  return {{"subject", c.subject},
          {"issuer", c.issuer},
          {"serial", c.serial},
          {"not_before", c.not_before},
          {"not_after", c.not_after},
          {"key_type", c.key_type},
          {"key_bits", c.key_bits},
          {"curve", c.curve},
          {"signature_algorithm", c.signature_algorithm},
          {"signature_hash", c.signature_hash},
          {"subject_alt_names", c.subject_alt_names},
          {"key_usage", c.key_usage},
          {"extended_key_usage", c.extended_key_usage},
          {"is_ca", c.is_ca},
          {"path_length", c.path_length},
          {"self_signed", c.self_signed},
          {"sha256", c.sha256},
          {"pem", c.pem}};
}

CertificateInfo certificate_from_json(const json& j) {
  CertificateInfo c;
  get_opt(j, "subject", c.subject);
  get_opt(j, "issuer", c.issuer);
  get_opt(j, "serial", c.serial);
  get_opt(j, "not_before", c.not_before);
  get_opt(j, "not_after", c.not_after);
  get_opt(j, "key_type", c.key_type);
  get_opt(j, "key_bits", c.key_bits);
  get_opt(j, "curve", c.curve);
  get_opt(j, "signature_algorithm", c.signature_algorithm);
  get_opt(j, "signature_hash", c.signature_hash);
  get_opt(j, "subject_alt_names", c.subject_alt_names);
  get_opt(j, "key_usage", c.key_usage);
  get_opt(j, "extended_key_usage", c.extended_key_usage);
  get_opt(j, "is_ca", c.is_ca);
  get_opt(j, "path_length", c.path_length);
  get_opt(j, "self_signed", c.self_signed);
  get_opt(j, "sha256", c.sha256);
  get_opt(j, "pem", c.pem);
  get_opt(j, "parse_error", c.parse_error);
  get_opt(j, "der_bytes", c.der_bytes);
  return c;
}

json server_certificate_json(const ServerCertificate& s) {
  json chain = json::array(), problems = json::array(), codes = json::array();
  for (const auto& c : s.chain) chain.push_back(certificate_json(c));
  for (const auto& p : s.problems) {
    problems.push_back({{"code", p.code}, {"detail", p.detail}, {"depth", p.depth}});
    if (std::find(codes.begin(), codes.end(), p.code) == codes.end()) codes.push_back(p.code);
  }
  return {{"status", s.status},
          {"detail", s.detail},
          {"version", s.version},
          {"chain", chain},
          {"trust", s.trust},
          {"trust_detail", s.trust_detail},
          {"hostname_checked", s.hostname_checked},
          {"hostname", s.hostname},
          {"revocation", s.revocation},
          {"revocation_detail", s.revocation_detail},
          {"ocsp_stapling", s.ocsp_stapling},
          {"expiry_warning_days", s.expiry_warning_days},
          {"problems", codes},
          {"problem_details", problems},
          {"attempts", s.attempts}};
}

void server_certificate_from_json(const json& j, ServerCertificate& s) {
  get_opt(j, "status", s.status);
  get_opt(j, "detail", s.detail);
  get_opt(j, "version", s.version);
  if (auto it = j.find("chain"); it != j.end())
    for (const auto& c : *it) s.chain.push_back(certificate_from_json(c));
  get_opt(j, "trust", s.trust);
  get_opt(j, "trust_detail", s.trust_detail);
  get_opt(j, "hostname_checked", s.hostname_checked);
  get_opt(j, "hostname", s.hostname);
  get_opt(j, "revocation", s.revocation);
  get_opt(j, "revocation_detail", s.revocation_detail);
  get_opt(j, "ocsp_stapling", s.ocsp_stapling);
  get_opt(j, "expiry_warning_days", s.expiry_warning_days);
  if (auto it = j.find("problem_details"); it != j.end())
    for (const auto& p : *it)
      s.problems.push_back({p.at("code").get<std::string>(), p.value("detail", ""),
                            p.contains("depth") ? number<int>(p.at("depth")) : 0});
  get_opt(j, "attempts", s.attempts);
}

json client_auth_json(const ClientAuthObservations& c) {
  json matrix = json::array();
  for (const auto& m : c.matrix) {
    json e = {{"case", m.name},
              {"version", m.version},
              {"outcome", m.outcome},
              {"alert", m.alert ? json(alert_name(*m.alert)) : json(nullptr)},
              {"detail", m.detail}};
    if (m.alert) e["alert_code"] = *m.alert;
    matrix.push_back(e);
  }
  return {{"requested", c.requested},
          {"detail", c.detail},
          {"ca_names", c.ca_names},
          {"matrix", matrix}};
}

void client_auth_from_json(const json& j, ClientAuthObservations& c) {
  get_opt(j, "requested", c.requested);
  get_opt(j, "detail", c.detail);
  get_opt(j, "ca_names", c.ca_names);
  if (auto it = j.find("matrix"); it != j.end())
    for (const auto& m : *it) {
      ClientAuthCase k;
      k.name = m.at("case").get<std::string>();
      get_opt(m, "version", k.version);
      get_opt(m, "outcome", k.outcome);
      if (m.contains("alert_code")) k.alert = number<std::uint8_t>(m.at("alert_code"));
      get_opt(m, "detail", k.detail);
      c.matrix.push_back(k);
    }
}

}  // namespace

void to_json(json& j, const ClientHelloSpec& s) {
  j = {{"record_version", format_code(s.record_version)},
       {"legacy_version", format_code(s.legacy_version)},
       {"supported_versions", codes(s.supported_versions)},
       {"suites", codes(s.suites)},
       {"compression", s.compression},
       {"groups", codes(s.groups)},
       {"key_shares", codes(s.key_shares)},
       {"signature_algorithms", codes(s.signature_algorithms)},
       {"alpn", s.alpn},
       {"sni", s.sni},
       {"ec_point_formats", s.ec_point_formats},
       {"extended_master_secret", s.extended_master_secret},
       {"renegotiation_info", s.renegotiation_info},
       {"encrypt_then_mac", s.encrypt_then_mac},
       {"truncated_hmac", s.truncated_hmac},
       {"session_ticket", s.session_ticket},
       {"status_request", s.status_request}};
}

void from_json(const json& j, ClientHelloSpec& s) {
  s.record_version = code_of(j.at("record_version"));
  s.legacy_version = code_of(j.at("legacy_version"));
  get_codes(j, "supported_versions", s.supported_versions);
  get_codes(j, "suites", s.suites);
  get_opt(j, "compression", s.compression);
  get_codes(j, "groups", s.groups);
  get_codes(j, "key_shares", s.key_shares);
  get_codes(j, "signature_algorithms", s.signature_algorithms);
  get_opt(j, "alpn", s.alpn);
  get_opt(j, "sni", s.sni);
  get_opt(j, "ec_point_formats", s.ec_point_formats);
  get_opt(j, "extended_master_secret", s.extended_master_secret);
  get_opt(j, "renegotiation_info", s.renegotiation_info);
  get_opt(j, "encrypt_then_mac", s.encrypt_then_mac);
  get_opt(j, "truncated_hmac", s.truncated_hmac);
  get_opt(j, "session_ticket", s.session_ticket);
  get_opt(j, "status_request", s.status_request);
}

void to_json(json& j, const ServerReply& r) {
  j = {{"outcome", outcome_name(r.outcome)}};
  if (!r.error.empty()) j["error"] = r.error;
  if (r.alert)
    j["alert"] = {{"level", r.alert->level},
                  {"description", r.alert->description},
                  {"name", alert_name(r.alert->description)}};
  j["bytes_received"] = r.bytes_received;
  if (r.cut_short) j["cut_short"] = outcome_name(*r.cut_short);
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
  auto o = parse_outcome(j.at("outcome").get<std::string>());
  if (!o) throw std::invalid_argument("unknown outcome " + j.at("outcome").dump());
  r.outcome = *o;
  get_opt(j, "error", r.error);
  if (auto it = j.find("alert"); it != j.end())
    r.alert =
        Alert{number<std::uint8_t>(it->at("level")), number<std::uint8_t>(it->at("description"))};
  get_opt(j, "bytes_received", r.bytes_received);
  if (auto it = j.find("cut_short"); it != j.end())
    if (auto c = parse_outcome(it->get<std::string>())) r.cut_short = *c;
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

void to_json(json& j, const Attempt& a) {
  j = {{"index", a.index},
       {"purpose", a.purpose},
       {"elapsed_ms", a.elapsed_ms},
       {"sent", a.sent},
       {"reply", a.reply}};
}

void from_json(const json& j, Attempt& a) {
  a.index = number<int>(j.at("index"));
  a.purpose = j.at("purpose").get<std::string>();
  get_opt(j, "elapsed_ms", a.elapsed_ms);
  a.sent = j.at("sent").get<ClientHelloSpec>();
  a.reply = j.at("reply").get<ServerReply>();
}

void to_json(json& j, const TlsObservations& o) {
  json versions = json::object(), version_details = json::object();
  for (const auto& [v, r] : o.versions) {
    versions[std::string(version_name(v))] = r.status;
    json d = {{"status", r.status},
              {"detail", r.detail},
              {"attempts", r.attempts},
              {"handshake", r.handshake},
              {"handshake_attempt", r.handshake_attempt}};
    if (r.alert) d["alert"] = alert_name(*r.alert);
    if (r.alert) d["alert_code"] = *r.alert;
    version_details[std::string(version_name(v))] = d;
  }
  json suites = json::object(), suite_details = json::object();
  for (const auto& [v, s] : o.suites) {
    suites[std::string(version_name(v))] = codes(s.accepted);
    json kx = json::object();
    for (const auto& [code, text] : s.kx) kx[format_code(code)] = text;
    suite_details[std::string(version_name(v))] = {{"order", s.order},
                                                   {"complete", s.complete},
                                                   {"detail", s.detail},
                                                   {"attempts", s.attempts},
                                                   {"key_exchange", kx}};
  }
  json groups = json::object();
  for (const auto& [v, g] : o.groups) {
    json names = json::array();
    for (auto c : g.supported) names.push_back(group_name(c));
    groups[std::string(version_name(v))] = {{"supported", names},     {"codes", codes(g.supported)},
                                            {"complete", g.complete}, {"method", g.method},
                                            {"detail", g.detail},     {"attempts", g.attempts}};
  }
  json dhe = json::array();
  for (const auto& d : o.dhe)
    dhe.push_back({{"bits", d.bits},
                   {"name", d.name},
                   {"suite", format_code(d.suite)},
                   {"attempt", d.attempt}});
  const auto& cr = o.certificate_request;
  json facts = json::object();
  for (const auto& [name, f] : o.facts) fact_to_json(facts[name], f);
  j = {{"host", o.host},
       {"port", o.port},
       {"address", o.address},
       {"sni", o.sni},
       {"reachable", o.reachable},
       {"unreachable_reason", o.unreachable_reason},
       {"started", o.started},
       {"finished", o.finished},
       {"versions", versions},
       {"version_details", version_details},
       {"suites", suites},
       {"suite_details", suite_details},
       {"groups", groups},
       {"dhe", dhe},
       {"certificate_request",
        {{"status", cr.status},
         {"version", cr.version},
         {"ca_names", cr.ca_names},
         {"signature_schemes", codes(cr.signature_schemes)},
         {"certificate_types", cr.certificate_types},
         {"detail", cr.detail},
         {"attempts", cr.attempts}}},
       {"facts", facts},
       {"connections", o.connections},
       {"budget_exhausted", o.budget_exhausted},
       {"stopped_early", o.stopped_early},
       {"internal_errors", o.internal_errors},
       {"attempts", o.attempts}};
}

void from_json(const json& j, TlsObservations& o) {
  get_opt(j, "host", o.host);
  get_opt(j, "port", o.port);
  get_opt(j, "address", o.address);
  get_opt(j, "sni", o.sni);
  get_opt(j, "reachable", o.reachable);
  get_opt(j, "unreachable_reason", o.unreachable_reason);
  get_opt(j, "started", o.started);
  get_opt(j, "finished", o.finished);
  for (const auto& [name, d] : j.at("version_details").items()) {
    VersionResult r;
    r.status = d.at("status").get<std::string>();
    get_opt(d, "detail", r.detail);
    get_opt(d, "attempts", r.attempts);
    if (d.contains("alert_code")) r.alert = number<std::uint8_t>(d.at("alert_code"));
    get_opt(d, "handshake", r.handshake);
    get_opt(d, "handshake_attempt", r.handshake_attempt);
    o.versions[version_key(name)] = r;
  }
  for (const auto& [name, list] : j.at("suites").items()) {
    SuiteResult s;
    s.accepted = codes_of(list);
    if (auto it = j.find("suite_details"); it != j.end() && it->contains(name)) {
      const auto& d = it->at(name);
      get_opt(d, "order", s.order);
      get_opt(d, "complete", s.complete);
      get_opt(d, "detail", s.detail);
      get_opt(d, "attempts", s.attempts);
      if (d.contains("key_exchange"))
        for (const auto& [code, text] : d.at("key_exchange").items())
          if (auto c = parse_code(code)) s.kx[*c] = text.get<std::string>();
    }
    o.suites[version_key(name)] = s;
  }
  if (auto it = j.find("groups"); it != j.end())
    for (const auto& [name, d] : it->items()) {
      GroupResult g;
      g.supported = codes_of(d.at("codes"));
      get_opt(d, "complete", g.complete);
      get_opt(d, "method", g.method);
      get_opt(d, "detail", g.detail);
      get_opt(d, "attempts", g.attempts);
      o.groups[version_key(name)] = g;
    }
  if (auto it = j.find("dhe"); it != j.end())
    for (const auto& d : *it) {
      DhGroupSeen s;
      s.bits = number<int>(d.at("bits"));
      get_opt(d, "name", s.name);
      s.suite = code_of(d.at("suite"));
      get_opt(d, "attempt", s.attempt);
      o.dhe.push_back(s);
    }
  if (auto it = j.find("certificate_request"); it != j.end()) {
    auto& cr = o.certificate_request;
    get_opt(*it, "status", cr.status);
    get_opt(*it, "version", cr.version);
    get_opt(*it, "ca_names", cr.ca_names);
    get_codes(*it, "signature_schemes", cr.signature_schemes);
    get_opt(*it, "certificate_types", cr.certificate_types);
    get_opt(*it, "detail", cr.detail);
    get_opt(*it, "attempts", cr.attempts);
  }
  if (auto it = j.find("facts"); it != j.end())
    for (const auto& [name, f] : it->items()) {
      Fact fact;
      fact.value = f.at("value").get<std::string>();
      get_opt(f, "detail", fact.detail);
      get_opt(f, "attempts", fact.attempts);
      o.facts[name] = fact;
    }
  get_opt(j, "connections", o.connections);
  get_opt(j, "budget_exhausted", o.budget_exhausted);
  get_opt(j, "stopped_early", o.stopped_early);
  get_opt(j, "internal_errors", o.internal_errors);
  if (auto it = j.find("attempts"); it != j.end()) o.attempts = it->get<std::vector<Attempt>>();
}

void to_json(json& j, const ServerCertificate& s) {
  j = server_certificate_json(s);
}
void from_json(const json& j, ServerCertificate& s) {
  server_certificate_from_json(j, s);
}
void to_json(json& j, const ClientAuthObservations& c) {
  j = client_auth_json(c);
}
void from_json(const json& j, ClientAuthObservations& c) {
  client_auth_from_json(j, c);
}

}  // namespace medtls::obs
