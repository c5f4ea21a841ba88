// The server's certificate chain and OCSP stapling, and the recorded OpenSSL handshake that this
// step and the mutual-authentication step share.
#include <algorithm>

#include "common/tls_names.hpp"
#include "tls/probe/steps.hpp"
#include "words/attempts.hpp"

namespace medtls::probe {

namespace {

// The Outcome of a handshake attempt, in the raw prober's terms: a ServerHello once OpenSSL
// processed one (an alert after it stays in reply.alert).
obs::Outcome outcome_of(const handshake::HandshakeResult& r) {
  using O = obs::Outcome;
  if (r.setup_failed) return O::not_sent;
  if (!r.version.empty()) return O::server_hello;
  if (r.alert) return O::alert;
  if (r.timed_out) return O::timeout;
  if (r.closed) return O::closed;
  return O::malformed;  // neither ServerHello nor alert: not a TLS answer OpenSSL could use
}

void record(obs::Attempt& a, const handshake::HandshakeOptions& options,
            const handshake::HandshakeResult& r, double elapsed_ms) {
  // OpenSSL built the ClientHello; these are the parts medtls chose.
  a.sent.sni = options.sni;
  a.sent.status_request = options.request_ocsp;
  const auto wire = wire_code(options.version);
  a.sent.legacy_version = std::min<std::uint16_t>(wire, 0x0303);
  if (options.version == TlsVersion::TLSv1_3) a.sent.supported_versions = {wire};
  a.sent.signature_algorithms = options.signature_schemes;  // empty: OpenSSL's defaults
  auto& reply = a.reply;
  reply.outcome = outcome_of(r);
  reply.error = r.detail;
  if (reply.outcome == obs::Outcome::server_hello && !r.completed)
    reply.cut_short = r.timed_out ? obs::Outcome::timeout : obs::Outcome::closed;
  if (r.alert) reply.alert = obs::Alert{2, *r.alert};
  if (auto v = parse_version(r.version)) reply.version = wire_code(*v);
  reply.suite = r.cipher_code;
  reply.certificates = r.peer_chain;
  reply.certificate_count = r.peer_chain.size();
  reply.certificate_status = r.ocsp_stapled;
  reply.certificate_request = r.certificate_requested;
  reply.cr_ca_names = r.requested_ca_names;
  reply.session_tickets = r.session_tickets;
  reply.ticket_max_early_data = r.ticket_max_early_data;
  if (r.peer_signature_scheme) {
    if (reply.version == 0x0304) {
      reply.certificate_verify_scheme = r.peer_signature_scheme;
    } else {
      reply.server_key_exchange = true;  // a signature before TLS 1.3 is the SKE's
      reply.ske_signature_scheme = r.peer_signature_scheme;
    }
  }
  a.elapsed_ms = elapsed_ms;
}

struct Chains {
  std::vector<ServerChain> got;
  std::optional<bool> stapled;  // known once a handshake delivered the certificate
  std::vector<std::string> notes;
  bool none_sent = false;  // a complete answer carried no certificate (anonymous/PSK suite)
};

// An earlier OpenSSL handshake at v (e.g. the client-auth step's) that asked for OCSP and got
// the chain: its attempt says all this step needs, so no connection is spent again. Raw hellos
// always list suites; a handshake attempt lists none (OpenSSL chose them).
const obs::Attempt* earlier_handshake(const obs::TlsObservations& o, TlsVersion v) {
  for (const auto& a : o.attempts)
    if (a.sent.suites.empty() && a.sent.status_request && a.reply.version == wire_code(v) &&
        !a.reply.certificates.empty())
      return &a;
  return nullptr;
}

void from_handshake(Session& session, TlsVersion v, bool want_chain, Chains& c) {
  const std::string vname(version_name(v));
  if (const auto* a = earlier_handshake(session.observations(), v)) {
    session.observations().certificate.attempts.push_back(a->index);
    c.stapled = a->reply.certificate_status;
    if (want_chain) c.got.push_back({v, a->reply.certificates, a->index, vname + " handshake"});
    c.notes.push_back(vname + " handshake '" + a->purpose + "' delivered " +
                      std::to_string(a->reply.certificates.size()) + " certificate(s)" +
                      words::attempt_ref(a->index));
    return;
  }
  auto run =
      run_recorded_handshake(session, "certificate chain " + vname, handshake_options(session, v));
  if (run.attempt >= 0) session.observations().certificate.attempts.push_back(run.attempt);
  if (!run.result) {
    c.notes.push_back(vname + " handshake not run: " + run.not_run +
                      words::attempt_ref(run.attempt));
    return;
  }
  const auto& r = *run.result;
  if (!r.peer_chain.empty()) {
    c.stapled = r.ocsp_stapled;
    if (want_chain) {
      c.got.push_back({v, r.peer_chain, run.attempt, vname + " handshake"});
      c.notes.push_back(vname + " handshake delivered " + std::to_string(r.peer_chain.size()) +
                        " certificate(s)" + words::attempt_ref(run.attempt));
    } else {
      c.notes.push_back(vname + " handshake for OCSP stapling" + words::attempt_ref(run.attempt));
    }
  } else if (r.completed) {
    c.none_sent = true;
    c.notes.push_back(vname + " handshake completed without a server certificate (" + r.cipher +
                      ")" + words::attempt_ref(run.attempt));
  } else {
    c.notes.push_back(vname + " handshake gave no certificate: " + r.detail +
                      words::attempt_ref(run.attempt));
  }
}

// The raw first flight at v that kept its chain (Session::drop_repeated_chain keeps the first),
// else the version probe's own.
const obs::Attempt* first_flight_with_chain(const obs::TlsObservations& o, TlsVersion v) {
  for (const auto& a : o.attempts)
    if (!a.sent.suites.empty() && a.reply.outcome == obs::Outcome::server_hello &&
        a.reply.version == wire_code(v) && !a.reply.certificates.empty())
      return &a;
  const auto& version = o.versions.at(v);
  if (version.attempts.empty()) return nullptr;
  return &o.attempts.at(static_cast<std::size_t>(version.attempts.front()));
}

void from_first_flight(Session& session, TlsVersion v, Chains& c) {
  auto& o = session.observations();
  if (!o.versions.count(v)) return;
  const auto* found = first_flight_with_chain(o, v);
  if (found == nullptr) return;
  const auto& a = *found;
  const std::string vname(version_name(v));
  if (!a.reply.certificates.empty()) {
    c.got.push_back(
        {v, a.reply.certificates, a.index, vname + " first flight (" + a.purpose + ")"});
    o.certificate.attempts.push_back(a.index);
    c.notes.push_back(vname + " first flight carried " +
                      std::to_string(a.reply.certificates.size()) + " certificate(s)" +
                      words::attempt_ref(a.index));
  } else if (a.reply.server_hello_done) {
    c.none_sent = true;
    c.notes.push_back(vname + " first flight ended without a Certificate" +
                      words::attempt_ref(a.index));
  }
}

void describe(obs::ServerCertificate& cert, const Chains& c) {
  std::string notes;
  for (const auto& n : c.notes) notes += (notes.empty() ? "" : "; ") + n;
  if (!c.got.empty()) {
    const auto& primary = c.got.front();
    cert.status = obs::ChainStatus::observed;
    cert.version = std::string(version_name(primary.version));
    cert.detail = "chain from the " + primary.source + ": " + notes;
    for (std::size_t i = 1; i < c.got.size(); ++i)
      if (c.got[i].der != primary.der)
        cert.detail += "; the " + c.got[i].source + " sent a different chain (" +
                       std::to_string(c.got[i].der.size()) + " certificate(s))";
  } else {
    cert.status = c.none_sent ? obs::ChainStatus::not_observed : obs::ChainStatus::unknown;
    cert.detail = notes.empty() ? "no TLS version accepted: no chain to fetch" : notes;
  }
  cert.ocsp_stapling = !c.stapled   ? obs::StaplingStatus::unknown
                       : *c.stapled ? obs::StaplingStatus::stapled
                                    : obs::StaplingStatus::not_stapled;
}

}  // namespace

handshake::HandshakeOptions handshake_options(const Session& session, TlsVersion v) {
  handshake::HandshakeOptions o;
  o.version = v;
  o.sni = session.sni();
  o.timeout = session.options().deadline.cap(session.options().timeout);
  o.await_session_ticket = v == TlsVersion::TLSv1_3;  // early_data fact (conformance_fact.cpp)
  return o;
}

HandshakeRun run_recorded_handshake(Session& session, const std::string& purpose,
                                    const handshake::HandshakeOptions& requested) {
  HandshakeRun run;
  auto connection = session.connect_for_handshake(purpose, run.attempt, run.not_run);
  if (!connection) return run;
  auto options = requested;
  options.not_after = session.options().deadline.at();  // no wait may run past the deadline
  const auto start = net::Clock::now();
  run.result = handshake::run_handshake(*connection, options);
  const double elapsed =
      std::chrono::duration<double, std::milli>(net::Clock::now() - start).count();
  auto& attempt = session.attempt(run.attempt);
  record(attempt, options, *run.result, elapsed);
  session.note_reply(attempt);
  session.drop_repeated_chain(attempt);
  // A completed handshake is the proof that the server can carry this version through.
  auto& version = session.observations().versions[options.version];
  if (run.result->completed) {
    if (version.handshake != obs::HandshakeStatus::completed)
      version.handshake_attempt = run.attempt;
    version.handshake = obs::HandshakeStatus::completed;
  } else if (version.handshake != obs::HandshakeStatus::completed) {
    version.handshake = obs::HandshakeStatus::failed;
    version.handshake_attempt = run.attempt;
  }
  return run;
}

std::vector<ServerChain> fetch_server_certificate(Session& session) {
  auto& o = session.observations();
  o.certificate.attempts.clear();
  Chains c;
  // TLS 1.3 encrypts the Certificate: only a full handshake shows it (and OCSP stapling).
  if (accepted(o, TlsVersion::TLSv1_3)) from_handshake(session, TlsVersion::TLSv1_3, true, c);
  if (auto legacy = highest_legacy_version(o)) {
    const auto before = c.got.size();
    from_first_flight(session, *legacy, c);
    const bool have_legacy_chain = c.got.size() > before;
    // The raw hellos do not ask for OCSP; one handshake tells, and fetches a missing chain.
    if (!have_legacy_chain || !c.stapled) from_handshake(session, *legacy, !have_legacy_chain, c);
  }
  describe(o.certificate, c);
  return c.got;
}

}  // namespace medtls::probe
