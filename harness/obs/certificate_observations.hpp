#pragma once
// Observations of X.509 certificates: the server's chain as fetched, what verification against
// the user's trust anchors said, and how the server answered each client certificate we
// presented (the mutual-authentication matrix). Plain facts; profiles judge them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls::obs {

struct CertificateInfo {
  std::string subject;  // one-line RFC 2253
  std::string issuer;
  std::string serial;      // hex
  std::string not_before;  // ISO 8601 UTC
  std::string not_after;
  std::string key_type;  // RSA | EC | DSA | ED25519 | ED448 | other name
  int key_bits = 0;
  std::string curve;                // EC: "P-256" (NIST name) or the OpenSSL short name
  std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384"
  std::string signature_hash;       // SHA256 | SHA384 | SHA512 | SHA1 | MD5 | NONE (EdDSA) | …
  std::vector<std::string> subject_alt_names;   // "DNS:localhost", "IP:127.0.0.1"
  std::vector<std::string> key_usage;           // "digitalSignature", "keyEncipherment", …
  std::vector<std::string> extended_key_usage;  // "serverAuth", "clientAuth", or an OID
  bool is_ca = false;
  int path_length = -1;      // -1: no pathLenConstraint
  bool self_signed = false;  // subject == issuer and the signature verifies with its own key
  std::string sha256;        // fingerprint, lower-case hex of the DER
  std::string pem;
  // Bytes the server sent as a certificate that are not one: why ("not DER: …"), how many;
  // every other field is then empty except sha256 (of those bytes).
  std::string parse_error;
  std::size_t der_bytes = 0;
};

// Codes of the report contract (design.md), and chain_order (a chain not sent leaf first, each
// certificate certifying the one before: RFC 5246 §7.4.2).
MEDTLS_ENUM(ProblemCode, expired, not_yet_valid, self_signed, untrusted, hostname_mismatch,
            weak_key, weak_signature_hash, wrong_eku, revoked, expires_soon, chain_order)

// How the chain was got: observed | not_observed | unknown | unparseable (certificates came, but
// one or more of them is not DER: chain[i].parse_error says which; nothing about it is judged).
MEDTLS_ENUM(ChainStatus, observed, not_observed, unknown, unparseable)
// The chain against --ca (and --crl), as OpenSSL's X509_verify_cert reports it.
MEDTLS_ENUM(TrustStatus, trusted, untrusted, no_trust_anchor)
MEDTLS_ENUM(HostnameStatus, match, mismatch, unknown)
MEDTLS_ENUM(RevocationStatus, good, revoked, not_checked, unknown)
MEDTLS_ENUM(StaplingStatus, stapled, not_stapled, unknown)

// The cases of the mutual-authentication matrix (report contract client_auth.matrix[].case).
MEDTLS_ENUM(ClientCase, none, good, expired, not_yet_valid, self_signed, untrusted_ca, wrong_key,
            revoked, rsa1024, sha1, wrong_eku)
// How the server answered one client-certificate case.
MEDTLS_ENUM(CaseOutcome, refused, accepted, not_applicable, inconclusive)
// Whether the server asks for a client certificate and admits a client without one.
MEDTLS_ENUM(ClientAuthRequest, required, optional, not_requested, inconclusive)

struct CertificateProblem {
  ProblemCode code = ProblemCode::untrusted;
  std::string detail;  // which certificate, what was found
  int depth = 0;       // 0 = leaf
};

struct ServerCertificate {
  ChainStatus status = ChainStatus::unknown;
  std::string detail;                  // where the chain came from, or why none
  std::string version;                 // TLS version of the handshake that delivered `chain`
  std::vector<CertificateInfo> chain;  // as sent by the server, leaf first
  // Verification against --ca (and --crl), as OpenSSL's X509_verify_cert reports it.
  TrustStatus trust = TrustStatus::no_trust_anchor;
  std::string trust_detail;      // OpenSSL's reason and depth when untrusted
  std::string hostname_checked;  // the name or IP compared with the SAN
  HostnameStatus hostname = HostnameStatus::unknown;
  RevocationStatus revocation = RevocationStatus::not_checked;
  std::string revocation_detail;  // which CRL said so, or why it could not
  StaplingStatus ocsp_stapling = StaplingStatus::unknown;
  int expiry_warning_days = 30;
  std::vector<CertificateProblem> problems;
  std::vector<int> attempts;
};

// One client-certificate case of the mutual-authentication matrix in one TLS version.
struct ClientAuthCase {
  ClientCase name = ClientCase::none;
  std::string version;  // TLSv1.2 | TLSv1.3
  CaseOutcome outcome = CaseOutcome::inconclusive;
  std::optional<std::uint8_t> alert;  // the alert the server sent, if any
  std::string detail;                 // evidence: handshake result, alert, when
};

struct ClientAuthObservations {
  ClientAuthRequest requested = ClientAuthRequest::inconclusive;
  std::string detail;
  std::vector<std::string> ca_names;  // from the CertificateRequest
  std::vector<ClientAuthCase> matrix;
};

}  // namespace medtls::obs
