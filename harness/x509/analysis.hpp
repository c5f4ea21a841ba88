#pragma once
// What a certificate chain is, and what verification says about it: turns DER certificates into
// obs::CertificateInfo and computes the contract's problem codes (expired, not_yet_valid,
// self_signed, untrusted, hostname_mismatch, weak_key, weak_signature_hash, wrong_eku, revoked,
// expires_soon) against the user's trust anchors, CRL, the target's name and the time.
#include <cstdint>
#include <string>
#include <vector>

#include "obs/certificate_observations.hpp"

namespace medtls::x509 {

using Der = std::vector<std::uint8_t>;

// Throws std::runtime_error on DER that is not a certificate.
obs::CertificateInfo describe(const Der& der);

struct VerifyInputs {
  std::string ca_file;   // --ca: PEM or DER trust anchors; "" → trust "no_trust_anchor"
  std::string crl_file;  // --crl; "" → revocation "not_checked"
  std::string host;      // the target's host name or IP literal, compared with the SAN
  std::int64_t now = 0;  // UNIX time; 0 → the current time
  int expiry_warning_days = 30;
};

// Fills chain, trust, hostname, revocation and problems of `out` (status, version, detail,
// ocsp_stapling and attempts are the caller's). The chain is the peer's bytes: a certificate
// that does not parse never throws, it makes status "unparseable" (chain[i].parse_error says
// why, detail names it) and nothing about the chain is judged. Throws CredentialError only for
// the user's own files (--ca, --crl) when they cannot be read.
void analyze_chain(const std::vector<Der>& chain, const VerifyInputs& inputs,
                   obs::ServerCertificate& out);

}  // namespace medtls::x509
