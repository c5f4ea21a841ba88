#pragma once
// The pieces analyze_chain() is made of (analysis_*.cpp), each testable on its own through the
// public interface: describing one certificate, verifying the chain against the user's anchors,
// comparing the target's name with the SAN, looking the leaf up in a CRL, and naming problems.
#include <openssl/x509.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/openssl_ptr.hpp"
#include "obs/certificate_observations.hpp"

namespace medtls::x509::analysis_detail {

// The observation form of one parsed certificate.
obs::CertificateInfo describe_cert(X509* cert);

// UNIX time of an ASN.1 time (written out with iso8601_utc, common/utc_time.hpp); nullopt when
// the time cannot be read.
std::optional<std::int64_t> unix_time(const ASN1_TIME* t);

// "leaf CN=a" / "certificate 1 CN=b": how details name a certificate of the chain.
std::string cert_label(const std::vector<obs::CertificateInfo>& chain, std::size_t depth);

struct Trust {
  obs::TrustStatus trust = obs::TrustStatus::untrusted;
  std::string detail;  // OpenSSL's reason and depth, or the anchor reached
  int error_depth = -1;
};
// X509_verify_cert on chain[0] with chain[1..] as untrusted intermediates: signatures and path
// only (validity dates and EKU are problems of their own). A certificate among `anchors` is
// trusted directly (partial chains).
Trust verify_chain(const std::vector<X509*>& chain, const std::vector<ossl::X509Ptr>& anchors,
                   const std::vector<obs::CertificateInfo>& infos);

struct HostCheck {
  obs::HostnameStatus result = obs::HostnameStatus::unknown;
  std::string detail;
};
// Host name (X509_check_host, SAN DNS names only) or IP literal (X509_check_ip_asc).
HostCheck check_host(X509* leaf, const std::string& host, const obs::CertificateInfo& info);

struct Revocation {
  obs::RevocationStatus status = obs::RevocationStatus::unknown;
  std::string detail;
};
// Looks the leaf up in the CRLs of `crl_file` (PEM or DER) whose issuer is the leaf's issuer and
// whose signature verifies with a key among `issuers`. Throws CredentialError for a file that
// cannot be read or holds no CRL.
Revocation check_crl(X509* leaf, const std::vector<X509*>& issuers, const std::string& crl_file,
                     std::int64_t now);

// Keys below these sizes are weak: RSA/DSA under 2048 bits (RFC 9325 §4.5, B.13), EC under
// 256 bits (B.13; RFC 9325 allows 224, but no deployed certificate curve sits in between).
constexpr int kMinRsaBits = 2048;
constexpr int kMinEcBits = 256;

// Problems that follow from the described chain alone: expired, not_yet_valid, expires_soon,
// self_signed, weak_key, weak_signature_hash, wrong_eku.
std::vector<obs::CertificateProblem> chain_problems(const std::vector<X509*>& chain,
                                                    const std::vector<obs::CertificateInfo>& infos,
                                                    std::int64_t now, int expiry_warning_days);

}  // namespace medtls::x509::analysis_detail
