#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"

namespace medtls::probe {

bool accepted(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.versions.find(v);
  return it != o.versions.end() && it->second.status == "accepted";
}

std::optional<TlsVersion> highest_legacy_version(const obs::TlsObservations& o) {
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_1, TlsVersion::TLSv1_0})
    if (accepted(o, v)) return v;
  return std::nullopt;
}

namespace {

// Classifies the answer to a ClientHello that offered exactly version v.
obs::VersionResult classify(TlsVersion v, const obs::Attempt& a) {
  using O = obs::Outcome;
  obs::VersionResult r;
  r.attempts = {a.index};
  const auto& reply = a.reply;
  std::string at = " (attempt " + std::to_string(a.index) + ")";
  switch (reply.outcome) {
    case O::server_hello:
    case O::hello_retry_request:
      if (reply.version == wire_code(v)) {
        r.status = "accepted";
        r.detail =
            std::string(reply.outcome == O::server_hello ? "ServerHello" : "HelloRetryRequest") +
            " chose " + std::string(version_name(v)) + " and suite " + format_code(reply.suite) +
            at;
      } else {
        // A server must not answer above what was offered; one answering another version
        // did not negotiate v.
        r.status = "rejected";
        r.detail = "ServerHello answered " + wire_version_name(reply.version) + " instead" + at;
      }
      break;
    case O::alert:
      r.status = "rejected";
      r.alert = reply.alert->description;
      r.detail = "refused with alert " + alert_name(reply.alert->description) + at;
      break;
    case O::closed:
    case O::reset:
      r.status = "rejected";
      r.detail = std::string("connection ") + (reply.outcome == O::closed ? "closed" : "reset") +
                 " without a ServerHello or alert" + at;
      break;
    default:
      r.status = "inconclusive";
      r.detail = std::string(obs::outcome_name(reply.outcome)) + ": " + reply.error + at;
      break;
  }
  return r;
}

}  // namespace

void probe_versions(Session& session) {
  auto& o = session.observations();
  for (auto v : kAllVersions) {
    auto spec = base_hello(v, session.registry(), session.sni());
    const auto& a = session.exchange("version " + std::string(version_name(v)), spec);
    o.versions[v] = classify(v, a);
  }
}

void probe_version_preference(Session& session) {
  auto& o = session.observations();
  auto& fact = o.facts["tls13_preferred"];
  auto legacy = highest_legacy_version(o);
  if (!accepted(o, TlsVersion::TLSv1_3)) {
    fact = {"not_applicable", "TLS 1.3 not accepted", {}};
    return;
  }
  if (!legacy) {
    fact = {"yes", "only TLS 1.3 is accepted", o.versions[TlsVersion::TLSv1_3].attempts};
    return;
  }
  auto spec = base_hello(TlsVersion::TLSv1_3, session.registry(), session.sni());
  spec.supported_versions = {0x0304, 0x0303, 0x0302, 0x0301};
  auto legacy_suites = session.registry().candidates(TlsVersion::TLSv1_2);
  spec.suites.insert(spec.suites.end(), legacy_suites.begin(), legacy_suites.end());
  spec.extended_master_secret = spec.renegotiation_info = spec.ec_point_formats = true;
  const auto& a = session.exchange("version preference TLSv1.3+TLSv1.2", spec);
  const auto& r = a.reply;
  std::string at = " (attempt " + std::to_string(a.index) + ")";
  if (r.outcome == obs::Outcome::server_hello || r.outcome == obs::Outcome::hello_retry_request) {
    bool chose13 = r.version == 0x0304;
    fact = {chose13 ? "yes" : "no",
            "offered TLS 1.3 … 1.0, server chose " + wire_version_name(r.version) + at,
            {a.index}};
  } else {
    fact = {"unknown",
            std::string("offer of TLS 1.3 … 1.0 ended in ") + obs::outcome_name(r.outcome) +
                (r.alert ? " " + alert_name(r.alert->description) : "") + at,
            {a.index}};
  }
}

}  // namespace medtls::probe
