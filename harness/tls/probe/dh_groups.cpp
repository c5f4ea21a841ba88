#include "tls/probe/dh_groups.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "common/openssl_ptr.hpp"

namespace medtls::probe {

namespace {

// p of a named group, as upper-case hex without leading zeros; "" if OpenSSL lacks it.
std::string prime_of(const char* group) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) <= 0) return "";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(group), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_PKEY_CTX_set_params(ctx.get(), params) <= 0) return "";
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_paramgen(ctx.get(), &raw) <= 0) return "";
  ossl::PkeyPtr key(raw);
  BIGNUM* p = nullptr;
  if (!EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_FFC_P, &p)) return "";
  ossl::BnPtr owned(p);
  ossl::StringPtr hex(BN_bn2hex(p));
  return hex ? std::string(hex.get()) : "";
}

std::string normalize(const std::string& hex) {
  std::string out;
  for (char c : hex) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto first = out.find_first_not_of('0');
  return first == std::string::npos ? "" : out.substr(first);
}

}  // namespace

std::string dh_group_name(const std::string& p_hex) {
  // Built once, read-only afterwards.
  static const std::map<std::string, std::string> known = [] {
    std::map<std::string, std::string> m;
    for (const char* g : {"ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
                          "modp_1536", "modp_2048", "modp_3072", "modp_4096", "modp_6144",
                          "modp_8192", "dh_1024_160", "dh_2048_224", "dh_2048_256"}) {
      auto p = prime_of(g);
      if (!p.empty()) m.emplace(p, g);
    }
    return m;
  }();
  auto it = known.find(normalize(p_hex));
  return it == known.end() ? "" : it->second;
}

}  // namespace medtls::probe
