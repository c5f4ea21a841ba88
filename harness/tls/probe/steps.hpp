#pragma once
// The probing steps, in the order the scanner runs them. Each step only sends ClientHellos
// through the session and records plain observations; none of them judges conformance.
#include "common/tls_version.hpp"
#include "tls/probe/session.hpp"

namespace medtls::probe {

// One ClientHello per version, SSLv3 … TLS 1.3 → observations.versions.
void probe_versions(Session& session);
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

// Helpers shared by the steps.
// The highest accepted version that is TLS 1.0 … 1.2 (hellos with extensions), if any.
std::optional<TlsVersion> highest_legacy_version(const obs::TlsObservations& o);
bool accepted(const obs::TlsObservations& o, TlsVersion v);

}  // namespace medtls::probe
