#include "tls/probe/scanner.hpp"

#include <algorithm>
#include <optional>

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

// What the TLS steps share while they run.
struct TlsScan {
  Session* session;  // null when the host could not be resolved (then `halt` says so)
  const ProbeOptions& options;
  const CertificateInputs& certificates;
  std::string halt;  // set by the versions step when nothing more can be learned
};

// After the versions step: whether the target answered TLS at all. Sets scan.halt (and the
// observations' reasons) when nothing more can be learned.
void assess_reachability(TlsScan& scan) {
  auto& session = *scan.session;
  auto& o = session.observations();
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
    scan.halt = o.stopped_early;
  } else if (const obs::Attempt* named = name_refused_everywhere(o)) {
    // Strict SNI: no version is refused or accepted, the host name is. Nothing else can be
    // learned without the right name.
    o.stopped_early = name_refusal_text(*named);
    scan.halt = o.stopped_early;
  } else if (!o.reachable) {
    mark_unreachable(
        o, session.stop_reason().empty() ? "no answer from the target" : session.stop_reason());
    o.stopped_early = session.stop_reason();
    scan.halt = "target unreachable: " + o.unreachable_reason;
  }
}

void server_certificate_step(TlsScan& scan) {
  auto chains = fetch_server_certificate(*scan.session);
  if (chains.empty()) return;
  auto verify = scan.certificates.verify;
  verify.host = scan.options.host;
  x509::analyze_chain(chains.front().der, verify, scan.session->observations().certificate);
}

// Why the tls13-handshake step did not confirm TLS 1.3 ("" when it ran to its end).
std::string tls13_not_confirmed(const std::vector<obs::StepRecord>& steps) {
  for (const auto& r : steps)
    if (r.name == "tls13-handshake" && r.status != obs::StepStatus::completed)
      return "the tls13-handshake step " +
             (r.status == obs::StepStatus::skipped ? std::string("was skipped")
                                                   : obs::step_status_name(r.status)) +
             (r.reason.empty() ? "" : " (" + r.reason + ")");
  return "";
}

using Row = obs::Step<TlsScan>;
using obs::step_info;
constexpr auto kLayer = obs::StepLayer::tls;

// The TLS layer's steps in the order they run. Every step needs the accepted versions; those
// that build hellos from the accepted suites need the suites.
const std::vector<Row>& tls_table() {
  static const std::vector<Row> table = {
      {step_info(kLayer, "versions", {}),
       [](TlsScan& s) {
         try {
           probe_versions(*s.session);
         } catch (...) {  // what was learned still decides whether to go on
           assess_reachability(s);
           throw;
         }
         assess_reachability(s);
       }},
      {step_info(kLayer, "version-preference", {"versions"}),
       [](TlsScan& s) { probe_version_preference(*s.session); }},
      {step_info(kLayer, "suites", {"versions"}),
       [](TlsScan& s) {
         for (auto v : kAllVersions)
           if (accepted(s.session->observations(), v)) enumerate_suites(*s.session, v);
       }},
      {step_info(kLayer, "groups", {"versions", "suites"}),
       [](TlsScan& s) { enumerate_groups(*s.session); }},
      {step_info(kLayer, "features", {"versions", "suites"}),
       [](TlsScan& s) { probe_features(*s.session); }},
      // Before server-certificate: its handshakes without a certificate also deliver the
      // server's chain, which that step then reuses instead of connecting again.
      {step_info(kLayer, "client-auth", {"versions"}),
       [](TlsScan& s) {
         probe_client_auth(*s.session, ClientVectorSource(s.certificates.client_vectors));
       }},
      {step_info(kLayer, "server-certificate", {"versions"}, {"client-auth"}),
       server_certificate_step},
      // Confirms TLS 1.3 with a handshake unless an earlier step's handshake did.
      {step_info(kLayer, "tls13-handshake", {"versions"}, {"client-auth", "server-certificate"}),
       [](TlsScan& s) { confirm_tls13(*s.session); }},
      {step_info(kLayer, "signature-schemes", {"versions", "suites"},
                 {"features", "client-auth", "server-certificate", "tls13-handshake"}),
       [](TlsScan& s) { probe_signature_schemes(*s.session); }},
      // Analyses of every attempt made so far: last.
      {step_info(kLayer, "protocol-conformance", {"versions"},
                 {"version-preference", "suites", "groups", "features", "client-auth",
                  "server-certificate", "tls13-handshake", "signature-schemes"}),
       [](TlsScan& s) { note_protocol_conformance(*s.session); }},
      {step_info(kLayer, "early-data", {"versions"},
                 {"client-auth", "server-certificate", "tls13-handshake"}),
       [](TlsScan& s) { note_early_data(*s.session); }},
  };
  return table;
}

}  // namespace

std::vector<obs::StepInfo> tls_steps() {
  return obs::step_infos(tls_table());
}

obs::TlsObservations scan_tls(const ProbeOptions& options, const suites::Registry& registry,
                              const CertificateInputs& certificates,
                              const obs::StepSelection& selection) {
  obs::TlsObservations o;
  o.host = options.host;
  o.port = options.port;
  o.sni = effective_sni(options);
  o.started = utc_now_iso8601();

  std::string error;
  auto addresses = net::resolve(options.host, options.port, error);
  std::optional<Session> session;
  if (addresses.empty()) {
    mark_unreachable(o, "cannot resolve " + options.host + ": " + error);
  } else {
    o.address = addresses.front().text;
    session.emplace(options, registry, addresses.front(), o);
  }
  TlsScan scan{session ? &*session : nullptr, options, certificates,
               session ? "" : "target unreachable: " + o.unreachable_reason};
  obs::StepGates gates;
  gates.halt = [&scan] { return scan.halt; };
  // Past the budget or the deadline a step still records what it could not send.
  gates.exhausted = [&session] { return session ? session->cannot_connect() : std::string(); };
  gates.unsent = [&o] {
    return static_cast<std::size_t>(std::count_if(
        o.attempts.begin(), o.attempts.end(),
        [](const obs::Attempt& a) { return a.reply.outcome == obs::Outcome::not_sent; }));
  };
  obs::run_steps(tls_table(), scan, selection, gates, o.steps, o.internal_errors);
  if (session) withhold_unconfirmed_tls13(*session, tls13_not_confirmed(o.steps));
  if (session && session->stopped() && o.stopped_early.empty())
    o.stopped_early = session->stop_reason();
  o.finished = utc_now_iso8601();
  return o;
}

}  // namespace medtls::probe
