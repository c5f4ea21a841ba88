// issue_crl: a v2 CRL with crlNumber and authorityKeyIdentifier, signed with SHA-256.
#include <openssl/x509v3.h>

#include "x509/forge_internal.hpp"

namespace medtls::x509 {

using forge_detail::fail;

namespace {

using RevokedPtr = std::unique_ptr<X509_REVOKED, ossl::Deleter<X509_REVOKED, X509_REVOKED_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, ossl::Deleter<ASN1_TIME, ASN1_TIME_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, ossl::Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, ossl::Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

TimePtr make_time(std::int64_t unix_time, const char* what) {
  TimePtr t(ASN1_TIME_new());
  if (!t) fail(what);
  forge_detail::set_time(t.get(), unix_time, what);
  return t;
}

}  // namespace

CrlPtr issue_crl(X509* issuer, EVP_PKEY* issuer_key, const std::vector<X509*>& revoked,
                 std::int64_t this_update, std::int64_t next_update) {
  if (issuer == nullptr || issuer_key == nullptr)
    throw ForgeError("a CRL needs its issuer and key");
  CrlPtr crl(X509_CRL_new());
  if (!crl || !X509_CRL_set_version(crl.get(), 1)) fail("creating a CRL");  // 1 = v2
  if (!X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer)))
    fail("setting the CRL issuer");
  auto last = make_time(this_update, "setting lastUpdate");
  auto next = make_time(next_update, "setting nextUpdate");
  if (!X509_CRL_set1_lastUpdate(crl.get(), last.get()) ||
      !X509_CRL_set1_nextUpdate(crl.get(), next.get()))
    fail("setting the CRL times");

  for (X509* cert : revoked) {
    RevokedPtr entry(X509_REVOKED_new());
    if (!entry || !X509_REVOKED_set_serialNumber(entry.get(), X509_get_serialNumber(cert)) ||
        !X509_REVOKED_set_revocationDate(entry.get(), last.get()))
      fail("making a revoked entry");
    if (!X509_CRL_add0_revoked(crl.get(), entry.get())) fail("adding a revoked entry");
    entry.release();  // now owned by the CRL
  }
  X509_CRL_sort(crl.get());

  // The update time as the CRL number: increases with every CRL this generator issues.
  IntegerPtr number(ASN1_INTEGER_new());
  if (!number || !ASN1_INTEGER_set_int64(number.get(), this_update) ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1)
    fail("adding crlNumber");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, nullptr, nullptr, crl.get(), 0);
  ExtPtr aki(X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier,
                                 X509_get_ext_by_NID(issuer, NID_subject_key_identifier, -1) >= 0
                                     ? "keyid:always"
                                     : "issuer:always"));
  if (!aki || !X509_CRL_add_ext(crl.get(), aki.get(), -1)) fail("adding the CRL's AKI");

  if (X509_CRL_sign(crl.get(), issuer_key, EVP_sha256()) <= 0) fail("signing the CRL");
  return crl;
}

}  // namespace medtls::x509
