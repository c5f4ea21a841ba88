// mismatched_private_key: same public half, different private half.
//
// RSA: n and e are kept and d is replaced by a random d' < n. OpenSSL's "key matches
// certificate" checks (X509_check_private_key, SSL_CTX_check_private_key) compare only n and e,
// so they pass, while every signature s = m^d' mod n fails verification. The CRT values are
// recomputed from d' (d' mod p-1, d' mod q-1) rather than left out, because an RSAPrivateKey
// without them cannot be written to a PEM file; OpenSSL's CRT fault check then falls back to
// m^d' mod n, which is just as wrong.
// EC: the public point is kept and the private scalar is another key's.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <string>
#include <vector>

#include "x509/forge_internal.hpp"

namespace medtls::x509 {

using forge_detail::fail;

namespace {

using ParamBldPtr =
    std::unique_ptr<OSSL_PARAM_BLD, ossl::Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ossl::Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX, BN_CTX_free>>;

ossl::BnPtr bn_param(EVP_PKEY* key, const char* name, bool required) {
  BIGNUM* raw = nullptr;
  if (!EVP_PKEY_get_bn_param(key, name, &raw)) {
    if (required) fail(std::string("reading the key's ") + name);
    ERR_clear_error();
  }
  return ossl::BnPtr(raw);
}

ossl::PkeyPtr from_params(const char* type, OSSL_PARAM_BLD* bld) {
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1)
    fail(std::string("building the mismatched ") + type + " key");
  return ossl::PkeyPtr(raw);
}

ossl::PkeyPtr mismatched_rsa(EVP_PKEY* key) {
  auto n = bn_param(key, OSSL_PKEY_PARAM_RSA_N, true);
  auto e = bn_param(key, OSSL_PKEY_PARAM_RSA_E, true);
  auto d = bn_param(key, OSSL_PKEY_PARAM_RSA_D, false);
  auto p = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1, false);
  auto q = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2, false);
  auto iqmp = bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, false);

  ossl::BnPtr d2(BN_new());
  do {
    if (!d2 || !BN_rand_range(d2.get(), n.get())) fail("choosing a wrong private exponent");
  } while (BN_cmp(d2.get(), BN_value_one()) <= 0 || (d && BN_cmp(d2.get(), d.get()) == 0));

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d2.get()))
    fail("building RSA parameters");
  ossl::BnPtr dp, dq, p1, q1;
  if (p && q && iqmp) {
    BnCtxPtr bn_ctx(BN_CTX_new());
    dp.reset(BN_new());
    dq.reset(BN_new());
    p1.reset(BN_dup(p.get()));
    q1.reset(BN_dup(q.get()));
    if (!bn_ctx || !dp || !dq || !p1 || !q1 || !BN_sub_word(p1.get(), 1) ||
        !BN_sub_word(q1.get(), 1) || !BN_mod(dp.get(), d2.get(), p1.get(), bn_ctx.get()) ||
        !BN_mod(dq.get(), d2.get(), q1.get(), bn_ctx.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp.get()))
      fail("building RSA CRT parameters");
  }
  return from_params("RSA", bld.get());
}

ossl::PkeyPtr mismatched_ec(EVP_PKEY* key) {
  char group[64] = {};
  if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                      nullptr))
    fail("reading the EC key's curve");
  std::size_t len = 0;
  if (!EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &len))
    fail("reading the EC public key");
  std::vector<unsigned char> point(len);
  if (!EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                       &len))
    fail("reading the EC public key");
  // Another key on the same curve supplies the private scalar.
  ossl::PkeyPtr other(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
  if (!other) fail("generating an EC key on " + std::string(group));
  auto priv = bn_param(other.get(), OSSL_PKEY_PARAM_PRIV_KEY, true);

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), len) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()))
    fail("building EC parameters");
  return from_params("EC", bld.get());
}

}  // namespace

ossl::PkeyPtr mismatched_private_key(EVP_PKEY* key) {
  if (key == nullptr) throw ForgeError("no key to mismatch");
  if (EVP_PKEY_is_a(key, "RSA")) return mismatched_rsa(key);
  if (EVP_PKEY_is_a(key, "EC")) return mismatched_ec(key);
  throw ForgeError(std::string("cannot make a mismatched key of type ") +
                   EVP_PKEY_get0_type_name(key));
}

}  // namespace medtls::x509
