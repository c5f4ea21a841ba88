// check_crl: the leaf's serial number looked up in the CRL the user gave (--crl), once that CRL
// is shown to come from the leaf's issuer (name and signature).

#include <openssl/err.h>

#include "common/utc_time.hpp"
#include "x509/analysis_parts.hpp"
#include "x509/pem_files.hpp"

namespace medtls::x509::analysis_detail {

namespace {

bool signed_by_one_of(X509_CRL* crl, const std::vector<X509*>& issuers) {
  for (X509* candidate : issuers) {
    if (X509_NAME_cmp(X509_get_subject_name(candidate), X509_CRL_get_issuer(crl)) != 0) continue;
    EVP_PKEY* key = X509_get0_pubkey(candidate);
    if (key != nullptr && X509_CRL_verify(crl, key) == 1) return true;
  }
  return false;
}

}  // namespace

Revocation check_crl(X509* leaf, const std::vector<X509*>& issuers, const std::string& crl_file,
                     std::int64_t now) {
  const auto crls = load_crls(crl_file, "--crl");
  const obs::CertificateInfo leaf_info = describe_cert(leaf);
  std::vector<std::string> why_not;
  for (const auto& crl : crls) {
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(leaf)) != 0) {
      why_not.push_back("a CRL of another issuer");
      continue;
    }
    if (!signed_by_one_of(crl.get(), issuers)) {
      why_not.push_back(
          "a CRL naming the leaf's issuer whose signature does not verify with "
          "any certificate of the chain or --ca");
      continue;
    }
    X509_REVOKED* entry = nullptr;
    // 1: listed; 2: listed as removeFromCRL (delta CRLs), which means "not revoked".
    if (X509_CRL_get0_by_serial(crl.get(), &entry, X509_get_serialNumber(leaf)) == 1) {
      const auto when = unix_time(X509_REVOKED_get0_revocationDate(entry));
      ERR_clear_error();
      return {obs::RevocationStatus::revoked,
              "leaf " + leaf_info.subject + " (serial " + leaf_info.serial +
                  ") is listed as revoked" + (when ? " since " + iso8601_utc(*when) : std::string()) +
                  " in the CRL of " + leaf_info.issuer + " (--crl " + crl_file + ")"};
    }
    const auto next = unix_time(X509_CRL_get0_nextUpdate(crl.get()));
    if (next && *next < now) {
      why_not.push_back("an out-of-date CRL of the leaf's issuer (nextUpdate " + iso8601_utc(*next) +
                        ") that does not list the leaf");
      continue;
    }
    ERR_clear_error();
    return {obs::RevocationStatus::good, "serial " + leaf_info.serial + " is not in the CRL of " +
                                             leaf_info.issuer + " (--crl " + crl_file + ")"};
  }
  ERR_clear_error();
  std::string reasons;
  for (const auto& w : why_not) reasons += (reasons.empty() ? "" : "; ") + w;
  return {obs::RevocationStatus::unknown, "no usable CRL for the leaf's issuer " +
                                              leaf_info.issuer + " in --crl " + crl_file +
                                              " (found: " + reasons + ")"};
}

}  // namespace medtls::x509::analysis_detail
