#pragma once
#include <functional>
// The probing steps, in the order the scanner runs them. Each step only sends ClientHellos
// through the session and records plain observations; none of them judges conformance.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/tls_version.hpp"
#include "tls/handshake/handshake.hpp"
#include "tls/probe/session.hpp"
#include "x509/client_vectors.hpp"

namespace medtls::probe {

// One ClientHello per version, SSLv3 … TLS 1.3 → observations.versions.
void probe_versions(Session& session);
// TLS 1.3 accepted at a ServerHello counts only once an OpenSSL handshake got through the
// server's Finished (run here when none was tried yet); otherwise it becomes inconclusive.
void confirm_tls13(Session& session);
// When confirm_tls13 did not run (`why`, "" when it did): a TLS 1.3 ServerHello not confirmed
// by a handshake becomes inconclusive, as confirm_tls13 would have left it.
void withhold_unconfirmed_tls13(Session& session, const std::string& why);
// TLS 1.3 and 1.2 offered together → fact tls13_preferred.
void probe_version_preference(Session& session);
// Every suite the server accepts at version v (bundled offers, the chosen one removed each
// round), the server's order, and the key exchange of each → observations.suites[v], .dhe.
void enumerate_suites(Session& session, TlsVersion v);
// Supported groups: TLS 1.3 through HelloRetryRequest, TLS 1.0-1.2 (each accepted one) through
// ECDHE ServerKeyExchange → observations.groups.
void enumerate_groups(Session& session);
// Extensions and behaviours (renegotiation_info, EMS, encrypt_then_mac, truncated_hmac,
// compression, ALPN, SNI) and the CertificateRequest → observations.facts, .certificate_request.
void probe_features(Session& session);

// DER certificates, leaf first, as the server sent them.
using DerChain = std::vector<std::vector<std::uint8_t>>;
struct ServerChain {
  TlsVersion version = TlsVersion::TLSv1_2;
  DerChain der;
  int attempt = -1;    // the attempt that delivered it
  std::string source;  // "TLSv1.3 handshake", "TLSv1.2 first flight of the version probe" …
};
// The server's certificate chain: TLS 1.3 through an OpenSSL handshake when accepted; TLS <= 1.2
// from the version probe's raw first flight (a handshake only when that lacks it, or to learn
// OCSP stapling when no TLS 1.3 handshake told). An earlier OpenSSL handshake at the same version
// that delivered the chain (the client-auth step's) is reused rather than repeated.
// → observations.certificate (status, version,
// detail, ocsp_stapling, attempts). Returns the chains got, the one observations.certificate
// describes first: the caller passes it to x509::analyze_chain.
std::vector<ServerChain> fetch_server_certificate(Session& session);
// Mutual authentication: whether each accepted version of TLS 1.2/1.3 requests a client
// certificate (raw first flight; a TLS 1.3 handshake without one), required or optional (the
// "none" case, always run), and how the server answers each vector → observations.client_auth.
void probe_client_auth(Session& session, const std::vector<x509::ClientVector>& vectors);
// The same, with vectors made only when some version requests a client certificate: making
// them costs RSA key generation, which a server that never asks should not pay for.
using ClientVectorSource = std::function<const std::vector<x509::ClientVector>&()>;
void probe_client_auth(Session& session, const ClientVectorSource& vectors);

// Whether every ServerHello / HelloRetryRequest of the scan was lawful → fact
// server_hello_conformance (violations named, with the attempts that showed them).
void note_protocol_conformance(Session& session);
// early_data: from the NewSessionTickets of the scan's TLS 1.3 handshakes.
void note_early_data(Session& session);
// signature_outside_b13: the schemes of every ServerKeyExchange and CertificateVerify seen, and
// one hello per accepted version (TLS 1.2 with signed suites; TLS 1.3) offering only schemes
// outside PS3.15 B.13's list (SHA-512, SHA-224, EdDSA, DSA).
void probe_signature_schemes(Session& session);

// Helpers shared by the steps.
// A refusal: a fatal alert (or close_notify), a close or a reset in answer to a hello. A refusal
// ends an enumeration or decides a version only once the same hello, sent again on a new
// connection, is refused again: a flaky server, or one that refuses every other connection,
// must not make "nothing more is accepted" look proven.
bool is_refusal(const obs::ServerReply& r);
// A fatal unrecognized_name(112): the server refuses the host name (or its absence), which says
// nothing about the version, suite or group offered (RFC 6066 §3), so it is not a refusal.
bool refuses_name(const obs::ServerReply& r);
// What such an answer means, with the option that fixes it.
std::string name_refusal_text(const obs::Attempt& a);
// The accepted TLS 1.2 suites whose key exchange the server signs (ECDHE/DHE with RSA, ECDSA
// or DSS), in the server's order.
std::vector<std::uint16_t> signed_tls12_suites(const Session& session);
// The highest accepted version that is TLS 1.0 … 1.2 (hellos with extensions), if any.
std::optional<TlsVersion> highest_legacy_version(const obs::TlsObservations& o);
bool accepted(const obs::TlsObservations& o, TlsVersion v);
// One OpenSSL handshake on its own connection under the session's budget, recorded as an attempt
// (reply filled from the result, reply.error = the result's detail). `result` is empty, with
// `not_run` saying why, when no connection was opened.
struct HandshakeRun {
  int attempt = -1;
  std::optional<handshake::HandshakeResult> result;
  std::string not_run;
};
HandshakeRun run_recorded_handshake(Session& session, const std::string& purpose,
                                    const handshake::HandshakeOptions& options);
// Handshake options for version v with the session's SNI and timeout.
handshake::HandshakeOptions handshake_options(const Session& session, TlsVersion v);

}  // namespace medtls::probe
