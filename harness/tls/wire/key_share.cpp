#include "tls/wire/key_share.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "common/codes.hpp"
#include "common/openssl_ptr.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

namespace {

using ossl::PkeyCtxPtr;
using ossl::PkeyPtr;

struct GroupKind {
  std::uint16_t code;
  const char* algorithm;  // libcrypto key type name
  const char* group;      // group name for "EC" and "DH"; nullptr for X25519/X448
  std::size_t length;     // key_exchange length on the wire
};

constexpr GroupKind kGroups[] = {
    {0x001D, "X25519", nullptr, 32},  {0x001E, "X448", nullptr, 56},
    {0x0017, "EC", "P-256", 65},      {0x0018, "EC", "P-384", 97},
    {0x0019, "EC", "P-521", 133},     {0x0100, "DH", "ffdhe2048", 256},
    {0x0101, "DH", "ffdhe3072", 384}, {0x0102, "DH", "ffdhe4096", 512},
    {0x0103, "DH", "ffdhe6144", 768}, {0x0104, "DH", "ffdhe8192", 1024},
};

const GroupKind* find_kind(std::uint16_t group) {
  for (const auto& g : kGroups)
    if (g.code == group) return &g;
  return nullptr;
}

[[noreturn]] void fail(const GroupKind& g, const char* step) {
  throw WireError(std::string("key share for group ") + format_code(g.code) + ": " + step +
                  " failed");
}

// A fresh key pair; only its public half leaves. Finite-field shares are real DH keys too: a
// random Y below p is not enough, because OpenSSL servers check that Y lies in the order-q
// subgroup (Y^q = 1 mod p) and answer internal_error for the half of values that do not.
std::vector<std::uint8_t> generate_public(const GroupKind& g) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, g.algorithm, nullptr));
  if (!ctx) fail(g, "EVP_PKEY_CTX_new_from_name");
  if (EVP_PKEY_keygen_init(ctx.get()) <= 0) fail(g, "EVP_PKEY_keygen_init");
  if (g.group && EVP_PKEY_CTX_set_group_name(ctx.get(), g.group) <= 0)
    fail(g, "EVP_PKEY_CTX_set_group_name");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) fail(g, "EVP_PKEY_generate");
  PkeyPtr key(raw);
  // The encoded public key is the TLS wire form for all of them: raw bytes for X25519/X448, the
  // uncompressed point (0x04 || x || y) for the NIST curves, and Y left-padded to the size of p
  // for the RFC 7919 groups (RFC 8446 §4.2.8.1).
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0,
                                      &length) != 1 ||
      length == 0 || length > g.length)
    fail(g, "reading the public key size");
  std::vector<std::uint8_t> out(length);
  if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(),
                                      out.size(), &length) != 1)
    fail(g, "reading the public key");
  out.resize(length);
  out.insert(out.begin(), g.length - out.size(), 0);  // only DH values can come out shorter
  return out;
}

}  // namespace

bool key_share_supported(std::uint16_t group) {
  return find_kind(group) != nullptr;
}

std::vector<std::uint8_t> key_share_public(std::uint16_t group) {
  const GroupKind* g = find_kind(group);
  if (!g) throw WireError("no key share can be generated for group " + format_code(group));
  return generate_public(*g);
}

}  // namespace medtls::wire
