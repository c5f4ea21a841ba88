#include "x509/client_vectors.hpp"

#include <openssl/x509v3.h>

#include <ctime>
#include <functional>

#include "x509/forge.hpp"

namespace medtls::x509 {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

// The revoked case always has this serial, so a CRL the device installed once (written by
// `medtls vectors`) still lists the revoked certificate made afresh by every later scan.
constexpr const char* kRevokedSerial = "6D65647473726576";  // ASCII "medtsrev"

const char* const kNeedsCa =
    "needs the device's trusted CA and its key: --client-ca-cert FILE --client-ca-key FILE (or "
    "let the device trust the CA of `medtls vectors`)";
const char* const kNeedsCrl =
    "needs the CRL listing it installed on the device: install the CRL written by medtls vectors "
    "on the device";
const char* const kNeedsGood =
    "needs a certificate the device accepts: --cert FILE --key FILE, or --client-ca-cert FILE "
    "--client-ca-key FILE";

ossl::X509Ptr up_ref(X509* cert) {
  if (!X509_up_ref(cert)) throw ForgeError("X509_up_ref failed");
  return ossl::X509Ptr(cert);
}

ossl::PkeyPtr up_ref(EVP_PKEY* key) {
  if (!EVP_PKEY_up_ref(key)) throw ForgeError("EVP_PKEY_up_ref failed");
  return ossl::PkeyPtr(key);
}

CertSpec client_spec(const std::string& name) {
  CertSpec spec;
  spec.common_name = "medtls client " + name;
  spec.key_usage = {"digitalSignature", "keyEncipherment"};
  spec.extended_key_usage = {"clientAuth"};
  return spec;
}

// A leaf for `name` from `spec`, signed by the trusted CA, sent with that CA and the CA's own
// issuers when they are intermediates (the device may trust only the root; RFC 8446 §4.4.2 and
// RFC 5246 §7.4.2 let a self-signed root be left out). `key` is shared between cases: each case
// tests a property of the certificate, not of the key, and RSA key generation is what makes
// the vectors slow (about 0.25 s per RSA-2048 key).
void issue_from_ca(ClientVector& v, const ClientVectorInputs& in, const CertSpec& spec,
                   EVP_PKEY* key) {
  v.key = up_ref(key);
  v.cert = issue_certificate(spec, v.key.get(), in.trusted_ca, in.trusted_ca_key);
  if (X509_get_extension_flags(in.trusted_ca) & EXFLAG_SS) return;
  v.chain.push_back(up_ref(in.trusted_ca));
  for (X509* issuer : in.trusted_ca_chain)
    if (!(X509_get_extension_flags(issuer) & EXFLAG_SS)) v.chain.push_back(up_ref(issuer));
}

}  // namespace

std::vector<ClientVector> make_client_vectors(const ClientVectorInputs& in) {
  const bool have_ca = in.trusted_ca != nullptr && in.trusted_ca_key != nullptr;
  const std::int64_t now = std::time(nullptr);
  const auto leaf_key = generate_key({});  // RSA-2048, shared by every leaf but rsa1024
  std::vector<ClientVector> out;
  auto add = [&](const std::string& name, const std::string& description) -> ClientVector& {
    out.push_back(ClientVector{name, nullptr, nullptr, {}, description, ""});
    return out.back();
  };
  // A case that must be signed by the trusted CA: made by `make`, or not applicable.
  auto from_ca = [&](const std::string& name, const std::string& description,
                     const std::function<void(ClientVector&)>& make) {
    auto& v = add(name, description);
    if (have_ca)
      make(v);
    else
      v.not_applicable = kNeedsCa;
  };

  add("none", "no client certificate (empty Certificate message)");

  auto& good = add("good", "a valid client certificate the device should accept");
  const std::size_t good_index = out.size() - 1;  // `good` dangles once more cases are added
  if (in.good_cert != nullptr && in.good_key != nullptr) {
    good.cert = up_ref(in.good_cert);
    good.key = up_ref(in.good_key);
    for (X509* c : in.good_chain) good.chain.push_back(up_ref(c));
  } else if (have_ca) {
    issue_from_ca(good, in, client_spec("good"), leaf_key.get());
  } else {
    good.not_applicable = kNeedsGood;
  }

  from_ca("expired", "issued by the trusted CA, notAfter in the past", [&](ClientVector& v) {
    auto spec = client_spec("expired");
    spec.not_before = now - 400 * kDay;
    spec.not_after = now - 35 * kDay;
    issue_from_ca(v, in, spec, leaf_key.get());
  });
  from_ca("not_yet_valid", "issued by the trusted CA, notBefore in the future",
          [&](ClientVector& v) {
            auto spec = client_spec("not_yet_valid");
            spec.not_before = now + 365 * kDay;
            spec.not_after = now + 730 * kDay;
            issue_from_ca(v, in, spec, leaf_key.get());
          });

  auto& self_signed = add("self_signed", "a self-signed clientAuth certificate nobody trusts");
  self_signed.key = up_ref(leaf_key.get());
  self_signed.cert =
      issue_certificate(client_spec("self_signed"), self_signed.key.get(), nullptr, nullptr);

  auto& untrusted = add("untrusted_ca", "issued by a CA the device does not trust");
  {
    // The untrusted CA may share the key too: what matters is that the device does not trust it.
    EVP_PKEY* ca_key = leaf_key.get();
    CertSpec ca_spec;
    ca_spec.common_name = "medtls untrusted client CA";
    ca_spec.ca = true;
    auto ca = issue_certificate(ca_spec, ca_key, nullptr, nullptr);
    untrusted.key = up_ref(leaf_key.get());
    untrusted.cert =
        issue_certificate(client_spec("untrusted_ca"), untrusted.key.get(), ca.get(), ca_key);
  }

  auto& wrong_key = add(
      "wrong_key", "the good certificate, but CertificateVerify signed with another private key");
  if (const auto& g = out[good_index]; g.cert) {
    wrong_key.cert = up_ref(g.cert.get());
    wrong_key.key = mismatched_private_key(g.key.get());
    for (const auto& c : g.chain) wrong_key.chain.push_back(up_ref(c.get()));
  } else {
    wrong_key.not_applicable = kNeedsGood;
  }

  from_ca("revoked", "issued by the trusted CA and listed in its CRL", [&](ClientVector& v) {
    if (!in.crl_installed) {
      v.not_applicable = kNeedsCrl;
      return;
    }
    auto spec = client_spec("revoked");
    spec.serial_hex = kRevokedSerial;
    issue_from_ca(v, in, spec, leaf_key.get());
  });
  from_ca("rsa1024", "issued by the trusted CA, RSA-1024 key", [&](ClientVector& v) {
    KeySpec weak;
    weak.bits = 1024;
    const auto weak_key = generate_key(weak);
    issue_from_ca(v, in, client_spec("rsa1024"), weak_key.get());
  });
  from_ca("sha1", "issued by the trusted CA, signed with SHA-1", [&](ClientVector& v) {
    auto spec = client_spec("sha1");
    spec.hash = "SHA1";
    issue_from_ca(v, in, spec, leaf_key.get());
  });
  from_ca("wrong_eku", "issued by the trusted CA, extendedKeyUsage codeSigning (no clientAuth)",
          [&](ClientVector& v) {
            auto spec = client_spec("wrong_eku");
            spec.extended_key_usage = {"codeSigning"};
            issue_from_ca(v, in, spec, leaf_key.get());
          });
  return out;
}

}  // namespace medtls::x509
