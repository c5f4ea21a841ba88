#define BOOST_TEST_MODULE x509_forge
#include <boost/test/unit_test.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "x509/analysis_parts.hpp"
#include "x509/client_vectors.hpp"
#include "x509/forge.hpp"

namespace x = medtls::x509;
namespace ossl = medtls::ossl;

namespace {

using StorePtr = std::unique_ptr<X509_STORE, ossl::Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, ossl::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
// sk_X509_free is a macro; wrapped so that it fits the deleter signature.
void free_x509_stack(STACK_OF(X509) * s) {
  sk_X509_free(s);
}
using X509Stack = std::unique_ptr<STACK_OF(X509), ossl::Deleter<STACK_OF(X509), free_x509_stack>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, ossl::Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, ossl::Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;

constexpr std::int64_t kDay = 24 * 3600;

struct Ca {
  ossl::PkeyPtr key;
  ossl::X509Ptr cert;
};

Ca make_root(const std::string& cn = "forge test root") {
  Ca ca;
  ca.key = x::generate_key({});
  x::CertSpec spec;
  spec.common_name = cn;
  spec.ca = true;
  ca.cert = x::issue_certificate(spec, ca.key.get(), nullptr, nullptr);
  return ca;
}

Ca make_intermediate(const Ca& root) {
  Ca ca;
  ca.key = x::generate_key({});
  x::CertSpec spec;
  spec.common_name = "forge test intermediate";
  spec.ca = true;
  spec.path_length = 0;
  ca.cert = x::issue_certificate(spec, ca.key.get(), root.cert.get(), root.key.get());
  return ca;
}

x::CertSpec leaf_spec(const std::string& cn, const std::string& eku = "serverAuth") {
  x::CertSpec spec;
  spec.common_name = cn;
  spec.dns = {"localhost"};
  spec.ips = {"127.0.0.1"};
  spec.key_usage = {"digitalSignature", "keyEncipherment"};
  spec.extended_key_usage = {eku};
  return spec;
}

struct VerifyOptions {
  std::vector<X509*> untrusted;
  std::vector<X509_CRL*> crls;
  int purpose = 0;
  int auth_level = -1;
};

// The X509_V_ERR code of verifying `leaf` against `roots`.
int verify(X509* leaf, const std::vector<X509*>& roots, const VerifyOptions& o = {}) {
  StorePtr store(X509_STORE_new());
  for (X509* r : roots) BOOST_REQUIRE_EQUAL(X509_STORE_add_cert(store.get(), r), 1);
  for (X509_CRL* c : o.crls) BOOST_REQUIRE_EQUAL(X509_STORE_add_crl(store.get(), c), 1);
  X509Stack chain(sk_X509_new_null());
  for (X509* c : o.untrusted) sk_X509_push(chain.get(), c);
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  BOOST_REQUIRE_EQUAL(X509_STORE_CTX_init(ctx.get(), store.get(), leaf, chain.get()), 1);
  if (!o.crls.empty()) X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_CRL_CHECK);
  if (o.purpose != 0) BOOST_REQUIRE_EQUAL(X509_STORE_CTX_set_purpose(ctx.get(), o.purpose), 1);
  if (o.auth_level >= 0)
    X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(ctx.get()), o.auth_level);
  int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  BOOST_CHECK_EQUAL(ok == 1, err == X509_V_OK);
  return err;
}

std::vector<unsigned char> sign(EVP_PKEY* key, const std::string& message) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  BOOST_REQUIRE_EQUAL(EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key), 1);
  std::size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  BOOST_REQUIRE_EQUAL(EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()), 1);
  std::vector<unsigned char> sig(len);
  BOOST_REQUIRE_EQUAL(EVP_DigestSign(ctx.get(), sig.data(), &len, data, message.size()), 1);
  sig.resize(len);
  return sig;
}

bool verifies(EVP_PKEY* pub, const std::string& message, const std::vector<unsigned char>& sig) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  BOOST_REQUIRE_EQUAL(EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pub), 1);
  int rc = EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return rc == 1;
}

std::string name_entry(X509_NAME* name, int nid) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(name, nid, buf, sizeof buf);
  return buf;
}

std::int64_t unix_time(const ASN1_TIME* t) {
  const auto unix = x::analysis_detail::unix_time(t);
  BOOST_REQUIRE(unix.has_value());
  return *unix;
}

std::vector<std::string> san(X509* cert) {
  NamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  std::vector<std::string> out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      out.push_back("DNS:" +
                    std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName)),
                                ASN1_STRING_length(gn->d.dNSName)));
    } else if (gn->type == GEN_IPADD) {
      ossl::StringPtr ip(OPENSSL_buf2hexstr(ASN1_STRING_get0_data(gn->d.iPAddress),
                                            ASN1_STRING_length(gn->d.iPAddress)));
      out.push_back("IP:" + std::string(ip.get()));
    }
  }
  return out;
}

ossl::X509Ptr reparse(const std::string& text) {
  ossl::BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  return ossl::X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

}  // namespace

BOOST_AUTO_TEST_CASE(generate_key_makes_the_requested_type_and_size) {
  auto rsa = x::generate_key({x::KeyType::RSA, 1024, ""});
  BOOST_TEST(EVP_PKEY_is_a(rsa.get(), "RSA"));
  BOOST_TEST(EVP_PKEY_get_bits(rsa.get()) == 1024);
  for (const auto& [curve, group] :
       std::map<std::string, std::string>{{"P-256", "prime256v1"}, {"P-384", "secp384r1"}}) {
    auto ec = x::generate_key({x::KeyType::EC, 0, curve});
    char name[64] = {};
    BOOST_REQUIRE(EVP_PKEY_get_utf8_string_param(ec.get(), "group", name, sizeof name, nullptr) ==
                  1);
    BOOST_TEST(name == group);
  }
  BOOST_CHECK_THROW(x::generate_key({x::KeyType::EC, 0, "P-999"}), x::ForgeError);
}

BOOST_AUTO_TEST_CASE(every_spec_field_lands_in_the_certificate) {
  auto root = make_root();
  auto key = x::generate_key({x::KeyType::EC, 0, "P-256"});
  auto spec = leaf_spec("spec leaf", "clientAuth");
  spec.organization = "Forge Org";
  spec.dns = {"a.example", "b.example"};
  spec.ips = {"192.0.2.7"};
  spec.not_before = 1700000000;
  spec.not_after = 1800000000;
  spec.hash = "SHA384";
  spec.serial_hex = "0123ABCD";
  auto cert = x::issue_certificate(spec, key.get(), root.cert.get(), root.key.get());

  BOOST_TEST(X509_get_version(cert.get()) == 2);  // v3
  BOOST_TEST(name_entry(X509_get_subject_name(cert.get()), NID_commonName) == "spec leaf");
  BOOST_TEST(name_entry(X509_get_subject_name(cert.get()), NID_organizationName) == "Forge Org");
  BOOST_TEST(
      X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(root.cert.get())) == 0);
  ossl::BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  ossl::StringPtr serial_hex(BN_bn2hex(serial.get()));
  BOOST_TEST(std::string(serial_hex.get()) == "0123ABCD");
  BOOST_TEST(unix_time(X509_get0_notBefore(cert.get())) == 1700000000);
  BOOST_TEST(unix_time(X509_get0_notAfter(cert.get())) == 1800000000);
  BOOST_TEST(X509_get_signature_nid(cert.get()) == NID_sha384WithRSAEncryption);
  BOOST_TEST(EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()) == 1);

  BOOST_TEST(X509_check_ca(cert.get()) == 0);
  BOOST_TEST(X509_get_key_usage(cert.get()) == (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
  BOOST_TEST(X509_get_extended_key_usage(cert.get()) == XKU_SSL_CLIENT);
  auto names = san(cert.get());
  BOOST_TEST(
      names == (std::vector<std::string>{"DNS:a.example", "DNS:b.example", "IP:C0:00:02:07"}),
      boost::test_tools::per_element());
  const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(cert.get());
  const ASN1_OCTET_STRING* aki = X509_get0_authority_key_id(cert.get());
  BOOST_REQUIRE(ski != nullptr);
  BOOST_REQUIRE(aki != nullptr);
  BOOST_TEST(ASN1_OCTET_STRING_cmp(aki, X509_get0_subject_key_id(root.cert.get())) == 0);
  BOOST_TEST(X509_verify(cert.get(), root.key.get()) == 1);
}

BOOST_AUTO_TEST_CASE(ca_fields_and_defaults) {
  auto root = make_root();
  auto inter = make_intermediate(root);
  BOOST_TEST(X509_check_ca(root.cert.get()) == 1);
  BOOST_TEST(X509_get_pathlen(root.cert.get()) == -1);
  BOOST_TEST(X509_get_pathlen(inter.cert.get()) == 0);
  BOOST_TEST(X509_get_key_usage(inter.cert.get()) == (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  // Self-signed: issuer = subject, AKI = own SKI, signature verifies with its own key.
  BOOST_TEST(X509_NAME_cmp(X509_get_issuer_name(root.cert.get()),
                           X509_get_subject_name(root.cert.get())) == 0);
  BOOST_TEST(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(root.cert.get()),
                                   X509_get0_subject_key_id(root.cert.get())) == 0);
  BOOST_TEST(X509_verify(root.cert.get(), root.key.get()) == 1);
  // Default validity: an hour ago to 825 days later; random serial positive and 16 bytes.
  std::int64_t now = std::time(nullptr);
  auto nb = unix_time(X509_get0_notBefore(root.cert.get()));
  BOOST_TEST(std::abs(nb - (now - 3600)) < 120);
  BOOST_TEST(unix_time(X509_get0_notAfter(root.cert.get())) - nb == 825 * kDay);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(root.cert.get());
  BOOST_TEST(ASN1_STRING_type(serial) == V_ASN1_INTEGER);  // not V_ASN1_NEG_INTEGER
  BOOST_TEST(ASN1_STRING_length(serial) == 16);
  BOOST_TEST(ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(inter.cert.get())) != 0);
}

BOOST_AUTO_TEST_CASE(sha1_and_ecdsa_signatures) {
  auto root = make_root();
  auto key = x::generate_key({});
  auto spec = leaf_spec("sha1 leaf");
  spec.hash = "SHA1";
  auto sha1 = x::issue_certificate(spec, key.get(), root.cert.get(), root.key.get());
  BOOST_TEST(X509_get_signature_nid(sha1.get()) == NID_sha1WithRSAEncryption);
  BOOST_TEST(X509_verify(sha1.get(), root.key.get()) == 1);

  auto ec_ca_key = x::generate_key({x::KeyType::EC, 0, "P-384"});
  x::CertSpec ca_spec;
  ca_spec.common_name = "ec root";
  ca_spec.ca = true;
  ca_spec.hash = "SHA384";
  auto ec_ca = x::issue_certificate(ca_spec, ec_ca_key.get(), nullptr, nullptr);
  BOOST_TEST(X509_get_signature_nid(ec_ca.get()) == NID_ecdsa_with_SHA384);
  auto leaf = x::issue_certificate(leaf_spec("ec leaf"), key.get(), ec_ca.get(), ec_ca_key.get());
  BOOST_TEST(X509_get_signature_nid(leaf.get()) == NID_ecdsa_with_SHA256);
  BOOST_TEST(X509_verify(leaf.get(), ec_ca_key.get()) == 1);
  spec.hash = "NOPE";
  BOOST_CHECK_THROW(x::issue_certificate(spec, key.get(), root.cert.get(), root.key.get()),
                    x::ForgeError);
}

BOOST_AUTO_TEST_CASE(corrupt_signature_breaks_only_the_signature) {
  auto root = make_root();
  auto ec_key = x::generate_key({x::KeyType::EC, 0, "P-256"});
  x::CertSpec ca_spec;
  ca_spec.common_name = "ec root";
  ca_spec.ca = true;
  auto ec_root = x::issue_certificate(ca_spec, ec_key.get(), nullptr, nullptr);
  auto key = x::generate_key({});
  auto spec = leaf_spec("corrupt");
  spec.corrupt_signature = true;
  for (const auto& [issuer, issuer_key] :
       {std::pair{root.cert.get(), root.key.get()}, std::pair{ec_root.get(), ec_key.get()}}) {
    auto cert = x::issue_certificate(spec, key.get(), issuer, issuer_key);
    BOOST_TEST(X509_verify(cert.get(), issuer_key) != 1);
    ERR_clear_error();
    // Everything else is intact and survives PEM.
    auto again = reparse(x::pem(cert.get()));
    BOOST_REQUIRE(again);
    BOOST_TEST(name_entry(X509_get_subject_name(again.get()), NID_commonName) == "corrupt");
    BOOST_TEST(X509_get_extended_key_usage(again.get()) == XKU_SSL_SERVER);
    BOOST_TEST(verify(again.get(), {issuer}) == X509_V_ERR_CERT_SIGNATURE_FAILURE);
  }
}

BOOST_AUTO_TEST_CASE(verification_fails_for_the_stated_reason) {
  auto root = make_root();
  auto inter = make_intermediate(root);
  auto other = make_root("someone else's root");
  std::int64_t now = std::time(nullptr);
  auto issue = [&](x::CertSpec spec, int bits = 2048, const Ca* by = nullptr) {
    auto key = x::generate_key({x::KeyType::RSA, bits, ""});
    const Ca& ca = by != nullptr ? *by : inter;
    return x::issue_certificate(spec, key.get(), ca.cert.get(), ca.key.get());
  };
  VerifyOptions via_inter;
  via_inter.untrusted = {inter.cert.get()};
  via_inter.purpose = X509_PURPOSE_SSL_SERVER;

  auto good = issue(leaf_spec("good"));
  BOOST_TEST(verify(good.get(), {root.cert.get()}, via_inter) == X509_V_OK);
  auto spec = leaf_spec("expired");
  spec.not_before = now - 100 * kDay;
  spec.not_after = now - kDay;
  BOOST_TEST(verify(issue(spec).get(), {root.cert.get()}, via_inter) ==
             X509_V_ERR_CERT_HAS_EXPIRED);
  spec = leaf_spec("future");
  spec.not_before = now + kDay;
  spec.not_after = now + 100 * kDay;
  BOOST_TEST(verify(issue(spec).get(), {root.cert.get()}, via_inter) ==
             X509_V_ERR_CERT_NOT_YET_VALID);
  BOOST_TEST(verify(issue(leaf_spec("untrusted"), 2048, &other).get(), {root.cert.get()},
                    via_inter) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  auto self_key = x::generate_key({});
  auto self = x::issue_certificate(leaf_spec("self"), self_key.get(), nullptr, nullptr);
  BOOST_TEST(verify(self.get(), {root.cert.get()}, via_inter) ==
             X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  auto code_signing = issue(leaf_spec("eku", "codeSigning"));
  BOOST_TEST(verify(code_signing.get(), {root.cert.get()}, via_inter) ==
             X509_V_ERR_INVALID_PURPOSE);
  auto server_only = issue(leaf_spec("server only", "serverAuth"));
  VerifyOptions as_client = via_inter;
  as_client.purpose = X509_PURPOSE_SSL_CLIENT;
  BOOST_TEST(verify(server_only.get(), {root.cert.get()}, as_client) == X509_V_ERR_INVALID_PURPOSE);

  VerifyOptions strict = via_inter;
  strict.auth_level = 1;
  spec = leaf_spec("sha1");
  spec.hash = "SHA1";
  BOOST_TEST(verify(issue(spec).get(), {root.cert.get()}, strict) == X509_V_ERR_CA_MD_TOO_WEAK);
  strict.auth_level = 2;
  BOOST_TEST(verify(issue(leaf_spec("weak"), 1024).get(), {root.cert.get()}, strict) ==
             X509_V_ERR_EE_KEY_TOO_SMALL);
  BOOST_TEST(verify(good.get(), {root.cert.get()}, strict) == X509_V_OK);
}

BOOST_AUTO_TEST_CASE(crl_fields_and_revocation) {
  auto root = make_root();
  auto key = x::generate_key({});
  auto revoked =
      x::issue_certificate(leaf_spec("revoked"), key.get(), root.cert.get(), root.key.get());
  auto good = x::issue_certificate(leaf_spec("good"), key.get(), root.cert.get(), root.key.get());
  std::int64_t now = std::time(nullptr);
  auto crl =
      x::issue_crl(root.cert.get(), root.key.get(), {revoked.get()}, now - 60, now + 30 * kDay);

  BOOST_TEST(X509_CRL_get_version(crl.get()) == 1);  // v2
  BOOST_TEST(
      X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(root.cert.get())) == 0);
  BOOST_TEST(unix_time(X509_CRL_get0_lastUpdate(crl.get())) == now - 60);
  BOOST_TEST(unix_time(X509_CRL_get0_nextUpdate(crl.get())) == now + 30 * kDay);
  STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl.get());
  BOOST_REQUIRE_EQUAL(sk_X509_REVOKED_num(entries), 1);
  const X509_REVOKED* entry = sk_X509_REVOKED_value(entries, 0);
  BOOST_TEST(ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(entry),
                              X509_get0_serialNumber(revoked.get())) == 0);
  BOOST_TEST(unix_time(X509_REVOKED_get0_revocationDate(entry)) == now - 60);
  IntegerPtr number(static_cast<ASN1_INTEGER*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr)));
  BOOST_REQUIRE(number);
  BOOST_TEST(ASN1_INTEGER_get(number.get()) == now - 60);
  BOOST_TEST(X509_CRL_get_ext_by_NID(crl.get(), NID_authority_key_identifier, -1) >= 0);
  BOOST_TEST(X509_CRL_get_signature_nid(crl.get()) == NID_sha256WithRSAEncryption);
  BOOST_TEST(X509_CRL_verify(crl.get(), root.key.get()) == 1);
  BOOST_TEST(x::pem(crl.get()).rfind("-----BEGIN X509 CRL-----", 0) == 0);

  VerifyOptions with_crl;
  with_crl.crls = {crl.get()};
  BOOST_TEST(verify(revoked.get(), {root.cert.get()}, with_crl) == X509_V_ERR_CERT_REVOKED);
  BOOST_TEST(verify(good.get(), {root.cert.get()}, with_crl) == X509_V_OK);
  BOOST_TEST(verify(revoked.get(), {root.cert.get()}) == X509_V_OK);  // no CRL, no check
}

BOOST_AUTO_TEST_CASE(mismatched_private_key_passes_the_match_check_but_signs_wrong) {
  auto root = make_root();
  const std::string message = "CertificateVerify stand-in";
  for (const x::KeySpec& spec :
       {x::KeySpec{x::KeyType::RSA, 2048, ""}, x::KeySpec{x::KeyType::EC, 0, "P-256"},
        x::KeySpec{x::KeyType::EC, 0, "P-384"}}) {
    BOOST_TEST_CONTEXT(spec.type << " " << spec.bits << " " << spec.curve) {
      auto key = x::generate_key(spec);
      auto cert =
          x::issue_certificate(leaf_spec("pair"), key.get(), root.cert.get(), root.key.get());
      auto wrong = x::mismatched_private_key(key.get());
      EVP_PKEY* pub = X509_get0_pubkey(cert.get());
      BOOST_TEST(EVP_PKEY_eq(pub, wrong.get()) == 1);

      ossl::SslCtxPtr ctx(SSL_CTX_new(TLS_method()));
      BOOST_TEST(SSL_CTX_use_certificate(ctx.get(), cert.get()) == 1);
      BOOST_TEST(SSL_CTX_use_PrivateKey(ctx.get(), wrong.get()) == 1);
      BOOST_TEST(SSL_CTX_check_private_key(ctx.get()) == 1);

      BOOST_TEST(verifies(pub, message, sign(key.get(), message)));  // the control
      BOOST_TEST(!verifies(pub, message, sign(wrong.get(), message)));

      // Written to PEM and read back (as `medtls vectors` does), it is still the wrong key.
      std::string text = x::pem(wrong.get());
      ossl::BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
      ossl::PkeyPtr reread(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
      BOOST_REQUIRE(reread);
      BOOST_TEST(EVP_PKEY_eq(pub, reread.get()) == 1);
      BOOST_TEST(!verifies(pub, message, sign(reread.get(), message)));
    }
  }
}

BOOST_AUTO_TEST_CASE(pem_of_key_is_unencrypted_pkcs8) {
  auto key = x::generate_key({x::KeyType::EC, 0, "P-256"});
  auto text = x::pem(key.get());
  BOOST_TEST(text.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
}

namespace {

const std::vector<std::string> kCases = {
    "none",      "good",    "expired", "not_yet_valid", "self_signed", "untrusted_ca",
    "wrong_key", "revoked", "rsa1024", "sha1",          "wrong_eku"};

std::vector<std::string> names_of(const std::vector<x::ClientVector>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.name);
  return out;
}

std::vector<std::string> not_applicable(const std::vector<x::ClientVector>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) {
    BOOST_TEST(v.not_applicable.empty() == (v.cert != nullptr || v.name == "none"), v.name);
    if (!v.not_applicable.empty()) out.push_back(v.name);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(client_vectors_without_a_trusted_ca) {
  auto vs = x::make_client_vectors({});
  BOOST_TEST(names_of(vs) == kCases, boost::test_tools::per_element());
  std::vector<std::string> expected = {"good",    "expired", "not_yet_valid", "wrong_key",
                                       "revoked", "rsa1024", "sha1",          "wrong_eku"};
  BOOST_TEST(not_applicable(vs) == expected, boost::test_tools::per_element());
  for (const auto& v : vs) {
    BOOST_TEST(!v.description.empty());
    if (v.name == "good" || v.name == "wrong_key")
      BOOST_TEST(v.not_applicable.find("--cert FILE --key FILE") != std::string::npos);
    else if (!v.not_applicable.empty())
      BOOST_TEST(v.not_applicable.find("--client-ca-cert FILE --client-ca-key FILE") !=
                 std::string::npos);
  }
  // The cases that need no CA are made and are what they say.
  BOOST_TEST(!vs[0].cert);
  BOOST_TEST(X509_get_extension_flags(vs[4].cert.get()) & EXFLAG_SS);
  BOOST_TEST(X509_get_extended_key_usage(vs[4].cert.get()) == XKU_SSL_CLIENT);
  BOOST_TEST(!(X509_get_extension_flags(vs[5].cert.get()) & EXFLAG_SS));
  BOOST_TEST(X509_check_private_key(vs[5].cert.get(), vs[5].key.get()) == 1);
}

BOOST_AUTO_TEST_CASE(client_vectors_with_a_good_certificate_only) {
  auto root = make_root();
  auto key = x::generate_key({});
  auto cert = x::issue_certificate(leaf_spec("mine", "clientAuth"), key.get(), root.cert.get(),
                                   root.key.get());
  x::ClientVectorInputs in;
  in.good_cert = cert.get();
  in.good_key = key.get();
  auto vs = x::make_client_vectors(in);
  BOOST_TEST(vs[1].cert.get() == cert.get());
  BOOST_TEST(vs[6].cert.get() == cert.get());
  BOOST_TEST(EVP_PKEY_eq(X509_get0_pubkey(cert.get()), vs[6].key.get()) == 1);
  std::vector<std::string> expected = {"expired", "not_yet_valid", "revoked",
                                       "rsa1024", "sha1",          "wrong_eku"};
  BOOST_TEST(not_applicable(vs) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(client_vectors_with_a_trusted_ca) {
  auto root = make_root();
  auto inter = make_intermediate(root);
  x::ClientVectorInputs in;
  in.trusted_ca = inter.cert.get();
  in.trusted_ca_key = inter.key.get();

  auto without_crl = x::make_client_vectors(in);
  BOOST_TEST(not_applicable(without_crl) == std::vector<std::string>{"revoked"},
             boost::test_tools::per_element());
  BOOST_TEST(without_crl[7].not_applicable.find("install the CRL written by medtls vectors") !=
             std::string::npos);

  in.crl_installed = true;
  auto vs = x::make_client_vectors(in);
  BOOST_TEST(names_of(vs) == kCases, boost::test_tools::per_element());
  BOOST_TEST(not_applicable(vs).empty());
  auto crl = x::issue_crl(inter.cert.get(), inter.key.get(), {vs[7].cert.get()},
                          std::time(nullptr) - 60, std::time(nullptr) + kDay);

  std::map<std::string, int> expected_error = {
      {"good", X509_V_OK},
      {"expired", X509_V_ERR_CERT_HAS_EXPIRED},
      {"not_yet_valid", X509_V_ERR_CERT_NOT_YET_VALID},
      {"self_signed", X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT},
      {"untrusted_ca", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY},
      {"wrong_key", X509_V_OK},  // the certificate is fine; its key is not
      {"revoked", X509_V_ERR_CERT_REVOKED},
      {"rsa1024", X509_V_ERR_EE_KEY_TOO_SMALL},
      {"sha1", X509_V_ERR_CA_MD_TOO_WEAK},
      {"wrong_eku", X509_V_ERR_INVALID_PURPOSE},
  };
  for (const auto& v : vs) {
    if (v.name == "none") continue;
    BOOST_TEST_CONTEXT(v.name) {
      BOOST_REQUIRE(v.cert);
      BOOST_REQUIRE(v.key);
      BOOST_TEST(name_entry(X509_get_subject_name(v.cert.get()), NID_commonName) ==
                 "medtls client " + (v.name == "wrong_key" ? std::string("good") : v.name));
      bool from_ca = v.name != "self_signed" && v.name != "untrusted_ca";
      BOOST_TEST(v.chain.size() == (from_ca ? 1u : 0u));  // the intermediate travels along
      VerifyOptions o;
      for (const auto& c : v.chain) o.untrusted.push_back(c.get());
      o.purpose = X509_PURPOSE_SSL_CLIENT;
      o.auth_level = 2;
      o.crls = {crl.get()};
      if (v.name == "sha1") o.auth_level = 1;  // level 2 would stop at the key size first
      BOOST_TEST(verify(v.cert.get(), {root.cert.get()}, o) == expected_error.at(v.name));
      if (v.name != "wrong_eku")
        BOOST_TEST(X509_get_extended_key_usage(v.cert.get()) == XKU_SSL_CLIENT);
      if (v.name != "rsa1024") BOOST_TEST(EVP_PKEY_get_bits(v.key.get()) == 2048);
      BOOST_TEST(X509_get_key_usage(v.cert.get()) == (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
      BOOST_TEST(X509_check_private_key(v.cert.get(), v.key.get()) == 1);
    }
  }
  BOOST_TEST(EVP_PKEY_get_bits(vs[8].key.get()) == 1024);
  BOOST_TEST(X509_get_extended_key_usage(vs[10].cert.get()) == XKU_CODE_SIGN);
  BOOST_TEST(X509_get_signature_nid(vs[9].cert.get()) == NID_sha1WithRSAEncryption);
  // wrong_key: the good certificate, another private key.
  const std::string message = "hello";
  EVP_PKEY* pub = X509_get0_pubkey(vs[1].cert.get());
  BOOST_TEST(X509_cmp(vs[6].cert.get(), vs[1].cert.get()) == 0);
  BOOST_TEST(verifies(pub, message, sign(vs[1].key.get(), message)));
  BOOST_TEST(!verifies(pub, message, sign(vs[6].key.get(), message)));
  // The revoked serial is fixed, so a CRL installed once covers every later run.
  auto again = x::make_client_vectors(in);
  BOOST_TEST(ASN1_INTEGER_cmp(X509_get0_serialNumber(again[7].cert.get()),
                              X509_get0_serialNumber(vs[7].cert.get())) == 0);
}

BOOST_AUTO_TEST_CASE(issuer_without_subject_key_identifier) {
  // A CA some user brings may lack a SKI: the AKI then names the issuer and its serial.
  auto root = make_root("legacy root");
  int at = X509_get_ext_by_NID(root.cert.get(), NID_subject_key_identifier, -1);
  BOOST_REQUIRE(at >= 0);
  X509_EXTENSION_free(X509_delete_ext(root.cert.get(), at));
  at = X509_get_ext_by_NID(root.cert.get(), NID_authority_key_identifier, -1);
  BOOST_REQUIRE(at >= 0);
  X509_EXTENSION_free(X509_delete_ext(root.cert.get(), at));
  BOOST_REQUIRE(X509_sign(root.cert.get(), root.key.get(), EVP_sha256()) > 0);
  auto legacy = reparse(x::pem(root.cert.get()));
  BOOST_REQUIRE(X509_get0_subject_key_id(legacy.get()) == nullptr);

  auto key = x::generate_key({});
  auto leaf = x::issue_certificate(leaf_spec("leaf"), key.get(), legacy.get(), root.key.get());
  BOOST_TEST(X509_get0_authority_key_id(leaf.get()) == nullptr);
  BOOST_REQUIRE(X509_get0_authority_issuer(leaf.get()) != nullptr);
  BOOST_TEST(ASN1_INTEGER_cmp(X509_get0_authority_serial(leaf.get()),
                              X509_get0_serialNumber(legacy.get())) == 0);
  BOOST_TEST(verify(leaf.get(), {legacy.get()}) == X509_V_OK);
  auto crl = x::issue_crl(legacy.get(), root.key.get(), {leaf.get()}, std::time(nullptr) - 60,
                          std::time(nullptr) + kDay);
  VerifyOptions with_crl;
  with_crl.crls = {crl.get()};
  BOOST_TEST(verify(leaf.get(), {legacy.get()}, with_crl) == X509_V_ERR_CERT_REVOKED);
}
