// The X.509 v3 extensions of a forged certificate, written in OpenSSL's config syntax
// ("critical,CA:TRUE,pathlen:0") and converted by X509V3_EXT_conf_nid, so each one reads like
// the openssl.cnf line an operator would write.
#include <openssl/x509v3.h>

#include <string>
#include <vector>

#include "common/text.hpp"
#include "x509/forge_internal.hpp"

namespace medtls::x509::forge_detail {

namespace {

std::string prefixed_list(const std::vector<std::string>& items, const std::string& prefix = "") {
  std::vector<std::string> parts;
  for (const auto& item : items) parts.push_back(prefix + item);
  return join(parts, ",");
}

void add(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  using ExtPtr =
      std::unique_ptr<X509_EXTENSION, ossl::Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext) fail(std::string("extension ") + OBJ_nid2sn(nid) + "=" + value);
  if (!X509_add_ext(cert, ext.get(), -1)) fail(std::string("adding ") + OBJ_nid2sn(nid));
}

}  // namespace

void add_extensions(X509* cert, const CertSpec& spec, X509* issuer) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);

  std::string basic = spec.ca ? "critical,CA:TRUE" : "CA:FALSE";
  if (spec.ca && spec.path_length >= 0) basic += ",pathlen:" + std::to_string(spec.path_length);
  add(cert, &ctx, NID_basic_constraints, basic);

  // A CA without keyCertSign cannot sign; give it the usual pair unless the spec says otherwise.
  std::vector<std::string> usage = spec.key_usage;
  if (usage.empty() && spec.ca) usage = {"keyCertSign", "cRLSign"};
  if (!usage.empty()) add(cert, &ctx, NID_key_usage, "critical," + prefixed_list(usage));

  if (!spec.extended_key_usage.empty())
    add(cert, &ctx, NID_ext_key_usage, prefixed_list(spec.extended_key_usage));

  std::string san = prefixed_list(spec.dns, "DNS:");
  std::string ips = prefixed_list(spec.ips, "IP:");
  if (!ips.empty()) san += (san.empty() ? "" : ",") + ips;
  if (!san.empty()) add(cert, &ctx, NID_subject_alt_name, san);

  // SKI first: for a self-signed certificate the AKI is taken from the certificate's own SKI.
  add(cert, &ctx, NID_subject_key_identifier, "hash");
  // An issuer without a SKI (some older CAs a user may bring) is named by issuer and serial.
  // (Looked up by NID: X509_get0_subject_key_id would cache the extensions of a certificate
  // still being built, and the cache would miss the AKI added next.)
  bool issuer_has_ski = X509_get_ext_by_NID(issuer, NID_subject_key_identifier, -1) >= 0;
  add(cert, &ctx, NID_authority_key_identifier, issuer_has_ski ? "keyid:always" : "issuer:always");
}

}  // namespace medtls::x509::forge_detail
