// Mutual authentication: does the server ask for a client certificate, does it insist on one,
// and how does it answer each client-certificate vector (the IHE error cases and more). Only
// what the server did is recorded; the profiles judge it.
#include <array>

#include <algorithm>
#include "common/tls_names.hpp"
#include "tls/probe/steps.hpp"

#include "words/attempts.hpp"
#include "x509/client_vectors.hpp"

namespace medtls::probe {

namespace {

constexpr std::array<TlsVersion, 2> kMatrixVersions = {TlsVersion::TLSv1_2, TlsVersion::TLSv1_3};
constexpr const char* kNone = "none";
// TLS 1.3: how long to wait after our Finished for the server's verdict on our certificate.
constexpr std::chrono::milliseconds kVerdictWait{1500};

// Whether one version requests a certificate, and its no-certificate case (run to decide).
struct VersionState {
  explicit VersionState(TlsVersion v) : version(v) {}
  TlsVersion version;
  obs::RequestSeen requested = obs::RequestSeen::unknown;
  std::string why;
  std::optional<obs::ClientAuthCase> none;
  std::vector<std::string> ca_names;
};

obs::ClientAuthCase make_case(const std::string& name, TlsVersion v, obs::CaseOutcome outcome,
                              const std::string& detail) {
  obs::ClientAuthCase c;
  c.name = parse_enum<obs::ClientCase>(name).value_or(obs::ClientCase::none);
  c.version = std::string(version_name(v));
  c.outcome = outcome;
  c.detail = detail;
  return c;
}

std::string sent_text(const handshake::HandshakeResult& r) {
  const int n = r.client_certificates_sent.value_or(-1);
  return n < 0 ? "before we sent a Certificate"
               : "after our Certificate with " + std::to_string(n) + " certificate(s)";
}

// The outcome of one handshake that presented (or withheld) a client certificate.
obs::ClientAuthCase classify(const std::string& name, TlsVersion v, bool presented,
                             const HandshakeRun& run) {
  const std::string where = words::attempt_ref(run.attempt);
  if (!run.result)
    return make_case(name, v, obs::CaseOutcome::inconclusive, "not run: " + run.not_run + where);
  const auto& r = *run.result;
  const std::string step = " at '" + r.step + "'";
  if (r.setup_failed) return make_case(name, v, obs::CaseOutcome::inconclusive, r.detail + where);
  if (r.timed_out)
    return make_case(name, v, obs::CaseOutcome::inconclusive, "handshake timed out" + step + where);
  if (!r.certificate_requested) {
    if (r.completed)
      return make_case(name, v, obs::CaseOutcome::not_applicable,
                       "the server did not request a client certificate in this handshake" + where);
    return make_case(name, v, obs::CaseOutcome::inconclusive,
                     "handshake ended before any CertificateRequest: " + r.detail + where);
  }
  if (presented && r.client_certificates_sent.value_or(0) == 0)
    return make_case(name, v, obs::CaseOutcome::inconclusive,
                     "OpenSSL did not send the certificate (unusable with this server's "
                     "signature algorithms), so the case was not tested" +
                         where);

  auto refused = [&](const std::string& when) {
    auto c = make_case(name, v, obs::CaseOutcome::refused, "");
    c.alert = r.alert;
    c.detail = (r.alert ? "alert " + alert_name(*r.alert) : std::string("close without an alert")) +
               " " + when + step + ", " + sent_text(r) + where;
    return c;
  };
  if (!r.completed) {
    if (r.alert || r.closed) return refused("during the handshake");
    return make_case(name, v, obs::CaseOutcome::inconclusive,
                     "handshake failed on our side: " + r.detail + where);
  }
  if (v != TlsVersion::TLSv1_3)
    return make_case(name, v, obs::CaseOutcome::accepted,
                     "handshake completed: the server sent its Finished " + sent_text(r) + where);
  const std::string sent = ", " + sent_text(r) + where;
  using handshake::AfterHandshake;
  if (r.after_handshake == AfterHandshake::alert || r.after_handshake == AfterHandshake::closed)
    return refused("after our Finished (TLS 1.3)");
  if (r.after_handshake == AfterHandshake::session_ticket)
    return make_case(name, v, obs::CaseOutcome::accepted,
                     "the server sent a NewSessionTicket after our Finished" + sent);
  if (r.after_handshake == AfterHandshake::data)
    return make_case(name, v, obs::CaseOutcome::accepted,
                     "the server sent data after our Finished" + sent);
  return make_case(name, v, obs::CaseOutcome::accepted,
                   "no alert within " + std::to_string(kVerdictWait.count()) +
                       " ms after our Finished (the server neither refused nor sent a ticket)" +
                       sent);
}

HandshakeRun run_case(Session& session, TlsVersion v, const std::string& name,
                      const x509::ClientVector* vector) {
  auto options = handshake_options(session, v);
  // status_request stays on: the certificate step reuses this handshake's chain and OCSP answer.
  options.post_handshake_wait = kVerdictWait;
  if (vector != nullptr && vector->cert && vector->key) {
    options.client_cert = vector->cert.get();
    options.client_key = vector->key.get();
    for (const auto& c : vector->chain) options.client_chain.push_back(c.get());
  }
  return run_recorded_handshake(session, "client auth " + name + " " + std::string(version_name(v)),
                                options);
}

// The raw first flight's answer for TLS 1.2: o.certificate_request when probe_features ran on
// TLS 1.2, else the version probe's own reply.
obs::RequestSeen raw_request_status(const obs::TlsObservations& o, std::string& why,
                                    std::vector<std::string>& ca_names) {
  const auto& cr = o.certificate_request;
  if (cr.status != obs::RequestSeen::unknown && cr.version == "TLSv1.2") {
    why = cr.detail;
    ca_names = cr.ca_names;
    return cr.status;
  }
  const auto it = o.versions.find(TlsVersion::TLSv1_2);
  if (it == o.versions.end() || it->second.attempts.empty()) return obs::RequestSeen::unknown;
  const auto& a = o.attempts.at(static_cast<std::size_t>(it->second.attempts.front()));
  if (a.reply.certificate_request) {
    why = "CertificateRequest in the TLSv1.2 first flight" + words::attempt_ref(a.index);
    ca_names = a.reply.cr_ca_names;
    return obs::RequestSeen::requested;
  }
  if (a.reply.server_hello_done) {
    why = "TLSv1.2 first flight ended with ServerHelloDone and no CertificateRequest" +
          words::attempt_ref(a.index);
    return obs::RequestSeen::not_requested;
  }
  return obs::RequestSeen::unknown;
}

// Decides whether `v` requests a certificate; runs the no-certificate case when needed.
VersionState decide(Session& session, TlsVersion v) {
  VersionState s(v);
  const std::string vname(version_name(v));
  if (v == TlsVersion::TLSv1_2) {
    s.requested = raw_request_status(session.observations(), s.why, s.ca_names);
    if (s.requested == obs::RequestSeen::not_requested) return s;
  }
  const auto run = run_case(session, v, kNone, nullptr);
  s.none = classify(kNone, v, false, run);
  if (run.result && run.result->certificate_requested) {
    s.requested = obs::RequestSeen::requested;
    if (s.why.empty())
      s.why = "CertificateRequest in a " + vname + " handshake" + words::attempt_ref(run.attempt);
    if (s.ca_names.empty()) s.ca_names = run.result->requested_ca_names;
  } else if (run.result && run.result->completed) {
    s.requested = obs::RequestSeen::not_requested;
    s.why = vname + " handshake completed without a CertificateRequest" +
            words::attempt_ref(run.attempt);
  } else if (s.requested != obs::RequestSeen::requested) {
    s.requested = obs::RequestSeen::unknown;
    s.why = "no " + vname + " handshake reached the CertificateRequest: " + s.none->detail;
  }
  return s;
}

void decide_overall(obs::ClientAuthObservations& ca, const std::vector<VersionState>& states) {
  bool any_requested = false, any_unknown = states.empty(), none_accepted = false,
       none_refused = false;
  std::string detail;
  for (const auto& s : states) {
    const std::string vname(version_name(s.version));
    detail += (detail.empty() ? "" : "; ") + vname + ": " + s.requested + " (" + s.why + ")";
    if (s.requested == obs::RequestSeen::requested) {
      any_requested = true;
      if (ca.ca_names.empty()) ca.ca_names = s.ca_names;
      if (s.none) {
        detail += ", without a certificate: " + s.none->outcome + " — " + s.none->detail;
        none_accepted |= s.none->outcome == obs::CaseOutcome::accepted;
        none_refused |= s.none->outcome == obs::CaseOutcome::refused;
      }
    }
    any_unknown |= s.requested == obs::RequestSeen::unknown;
  }
  if (any_requested)
    ca.requested = none_accepted  ? obs::ClientAuthRequest::optional
                   : none_refused ? obs::ClientAuthRequest::required
                                  : obs::ClientAuthRequest::inconclusive;
  else
    ca.requested =
        any_unknown ? obs::ClientAuthRequest::inconclusive : obs::ClientAuthRequest::not_requested;
  ca.detail = states.empty() ? "neither TLS 1.2 nor TLS 1.3 is accepted or undecided" : detail;
}

}  // namespace

void probe_client_auth(Session& session, const std::vector<x509::ClientVector>& vectors) {
  probe_client_auth(session,
                    [&vectors]() -> const std::vector<x509::ClientVector>& { return vectors; });
}

void probe_client_auth(Session& session, const ClientVectorSource& source) {
  auto& o = session.observations();
  auto& ca = o.client_auth;
  ca = obs::ClientAuthObservations{};
  std::vector<VersionState> states;
  for (auto v : kMatrixVersions) {
    const auto it = o.versions.find(v);
    if (it == o.versions.end() || it->second.status == obs::VersionStatus::rejected) continue;
    if (it->second.status == obs::VersionStatus::accepted) {
      states.push_back(decide(session, v));
    } else {
      VersionState s(v);
      s.why = std::string(version_name(v)) + " support undecided: " + it->second.detail;
      states.push_back(std::move(s));
    }
  }
  decide_overall(ca, states);

  // Vectors are made only when they will be used; otherwise the cases are listed by name.
  const bool requested = std::any_of(states.begin(), states.end(), [](const VersionState& s) {
    return s.requested == obs::RequestSeen::requested;
  });
  std::vector<x509::ClientVector> names_only;
  if (!requested || !source)
    for (const auto& name : x509::client_case_names()) {
      names_only.emplace_back();
      names_only.back().name = name;
      names_only.back().not_applicable =
          "client certificates not presented (--no-client-matrix, or none given)";
    }
  const auto& vectors = requested && source ? source() : names_only;

  // The matrix, case by case in the vectors' order; "none" first whether listed or not.
  std::vector<const x509::ClientVector*> cases{nullptr};
  for (const auto& vec : vectors)
    if (vec.name != kNone) cases.push_back(&vec);
  for (const auto* vec : cases) {
    const std::string name = vec ? vec->name : kNone;
    for (const auto& s : states) {
      const std::string vname(version_name(s.version));
      if (s.requested == obs::RequestSeen::not_requested) {
        ca.matrix.push_back(
            make_case(name, s.version, obs::CaseOutcome::not_applicable,
                      "client authentication not requested in " + vname + ": " + s.why));
      } else if (!vec && s.none) {
        ca.matrix.push_back(*s.none);
      } else if (vec && !vec->not_applicable.empty()) {
        ca.matrix.push_back(
            make_case(name, s.version, obs::CaseOutcome::not_applicable, vec->not_applicable));
      } else if (s.requested != obs::RequestSeen::requested) {
        ca.matrix.push_back(
            make_case(name, s.version, obs::CaseOutcome::inconclusive,
                      "whether " + vname + " requests a certificate is unknown: " + s.why));
      } else {
        ca.matrix.push_back(
            classify(name, s.version, vec && vec->cert, run_case(session, s.version, name, vec)));
      }
    }
  }
}

}  // namespace medtls::probe
