#include "tls/probe/scanner.hpp"

#include "common/utc_time.hpp"
#include "tls/probe/steps.hpp"

namespace medtls::probe {

namespace {

void mark_unreachable(obs::TlsObservations& o, const std::string& reason) {
  o.reachable = false;
  o.unreachable_reason = reason;
  for (auto v : kAllVersions) {
    auto& r = o.versions[v];
    if (r.status != "accepted" && r.status != "rejected") {
      r.status = "inconclusive";
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

  probe_versions(session);
  o.reachable = session.heard_from_target();
  if (o.reachable && no_tls_answer(o)) {
    // Every ClientHello was met by a close or reset and not one TLS record came back: the
    // server refuses this client (access control, connection limits) or does not speak TLS.
    // That shows nothing about which versions it would accept.
    o.stopped_early = "no TLS answer to any version (every connection closed or reset)";
    for (auto& [v, r] : o.versions) {
      r.status = "inconclusive";
      r.detail += "; no version got a TLS answer, so this is not taken as a refusal of " +
                  std::string(version_name(v));
    }
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
  probe_version_preference(session);
  for (auto v : kAllVersions)
    if (accepted(o, v)) enumerate_suites(session, v);
  enumerate_groups(session);
  probe_features(session);
  // Client auth first: its handshakes without a certificate also deliver the server's chain,
  // which the certificate step then reuses.
  probe_client_auth(session, ClientVectorSource(certificates.client_vectors));
  auto chains = fetch_server_certificate(session);
  if (!chains.empty()) {
    auto verify = certificates.verify;
    verify.host = options.host;
    x509::analyze_chain(chains.front().der, verify, o.certificate);
  }
  if (session.stopped()) o.stopped_early = session.stop_reason();
  o.finished = utc_now_iso8601();
  return o;
}

}  // namespace medtls::probe
