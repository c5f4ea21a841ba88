#include "tls/probe/scanner.hpp"

#include "common/peer_text.hpp"
#include "common/utc_time.hpp"
#include "tls/probe/steps.hpp"

namespace medtls::probe {

namespace {

void mark_unreachable(obs::TlsObservations& o, const std::string& reason) {
  o.reachable = false;
  o.unreachable_reason = reason;
  for (auto v : kAllVersions) {
    auto& r = o.versions[v];
    if (r.status != obs::VersionStatus::accepted && r.status != obs::VersionStatus::rejected) {
      r.status = obs::VersionStatus::inconclusive;
      if (r.detail.empty()) r.detail = reason;
    }
  }
}

bool no_tls_answer(const obs::TlsObservations& o) {
  for (const auto& a : o.attempts)
    if (a.reply.outcome != obs::Outcome::closed && a.reply.outcome != obs::Outcome::reset)
      return false;
  return !o.attempts.empty();
}

// The first attempt refused for its host name, when no version was accepted (versions refused
// before the name was looked at, e.g. with protocol_version, stay refused).
const obs::Attempt* name_refused_everywhere(const obs::TlsObservations& o) {
  const obs::Attempt* named = nullptr;
  for (const auto& [v, r] : o.versions) {
    if (r.status == obs::VersionStatus::accepted) return nullptr;
    for (int i : r.attempts)
      if (!named && refuses_name(o.attempts.at(static_cast<std::size_t>(i)).reply))
        named = &o.attempts.at(static_cast<std::size_t>(i));
  }
  return named;
}

// Runs one step; a step that throws (it should not: peers' bytes are data) is recorded and the
// scan goes on with what was learned, so that a report is always written.
template <class Step>
void run_step(obs::TlsObservations& o, const char* name, Step step) {
  try {
    step();
  } catch (const std::exception& e) {
    o.internal_errors.push_back(std::string(name) + ": " + one_line(e.what()));
  }
}

}  // namespace

obs::TlsObservations scan_tls(const ProbeOptions& options, const suites::Registry& registry,
                              const CertificateInputs& certificates) {
  obs::TlsObservations o;
  o.host = options.host;
  o.port = options.port;
  o.sni = effective_sni(options);
  o.started = utc_now_iso8601();

  std::string error;
  auto addresses = net::resolve(options.host, options.port, error);
  if (addresses.empty()) {
    mark_unreachable(o, "cannot resolve " + options.host + ": " + error);
    o.finished = utc_now_iso8601();
    return o;
  }
  o.address = addresses.front().text;
  Session session(options, registry, addresses.front(), o);

  run_step(o, "versions", [&] { probe_versions(session); });
  o.reachable = session.heard_from_target();
  if (o.reachable && no_tls_answer(o)) {
    // Every ClientHello was met by a close or reset and not one TLS record came back: the
    // server refuses this client (access control, connection limits) or does not speak TLS.
    // That shows nothing about which versions it would accept.
    o.stopped_early = "no TLS answer to any version (every connection closed or reset)";
    for (auto& [v, r] : o.versions) {
      r.status = obs::VersionStatus::inconclusive;
      r.detail += "; no version got a TLS answer, so this is not taken as a refusal of " +
                  std::string(version_name(v));
    }
    o.finished = utc_now_iso8601();
    return o;
  }
  if (const obs::Attempt* named = name_refused_everywhere(o)) {
    // Strict SNI: no version is refused or accepted, the host name is. Nothing else can be
    // learned without the right name.
    o.stopped_early = name_refusal_text(*named);
    o.finished = utc_now_iso8601();
    return o;
  }
  if (!o.reachable) {
    mark_unreachable(
        o, session.stop_reason().empty() ? "no answer from the target" : session.stop_reason());
    o.stopped_early = session.stop_reason();
    o.finished = utc_now_iso8601();
    return o;
  }
  run_step(o, "version preference", [&] { probe_version_preference(session); });
  for (auto v : kAllVersions)
    if (accepted(o, v)) run_step(o, "suites", [&] { enumerate_suites(session, v); });
  run_step(o, "groups", [&] { enumerate_groups(session); });
  run_step(o, "features", [&] { probe_features(session); });
  // Client auth first: its handshakes without a certificate also deliver the server's chain,
  // which the certificate step then reuses.
  run_step(o, "client authentication",
           [&] { probe_client_auth(session, ClientVectorSource(certificates.client_vectors)); });
  run_step(o, "server certificate", [&] {
    auto chains = fetch_server_certificate(session);
    if (!chains.empty()) {
      auto verify = certificates.verify;
      verify.host = options.host;
      x509::analyze_chain(chains.front().der, verify, o.certificate);
    }
  });
  run_step(o, "TLS 1.3 handshake", [&] { confirm_tls13(session); });
  run_step(o, "signature schemes", [&] { probe_signature_schemes(session); });
  run_step(o, "protocol conformance", [&] { note_protocol_conformance(session); });
  run_step(o, "early data", [&] { note_early_data(session); });
  if (session.stopped()) o.stopped_early = session.stop_reason();
  o.finished = utc_now_iso8601();
  return o;
}

}  // namespace medtls::probe
