// verify_chain and check_host: what OpenSSL's own verification says about the server's chain
// against the user's trust anchors, and whether the leaf names the target.
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "common/text.hpp"
#include "x509/analysis_parts.hpp"

namespace medtls::x509::analysis_detail {

namespace {

void free_x509_stack(STACK_OF(X509) * s) {
  sk_X509_free(s);  // the stack only borrows the certificates
}
using StorePtr = std::unique_ptr<X509_STORE, ossl::Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, ossl::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using StackPtr = std::unique_ptr<STACK_OF(X509), ossl::Deleter<STACK_OF(X509), free_x509_stack>>;

// "::1" and "[::1]" (as written in URLs) are IP literals; returns the bare address or "".
std::string ip_literal(const std::string& host) {
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']')
    bare = bare.substr(1, bare.size() - 2);
  unsigned char buf[16];
  if (inet_pton(AF_INET, bare.c_str(), buf) == 1 || inet_pton(AF_INET6, bare.c_str(), buf) == 1)
    return bare;
  return "";
}

}  // namespace

Trust verify_chain(const std::vector<X509*>& chain, const std::vector<ossl::X509Ptr>& anchors,
                   const std::vector<obs::CertificateInfo>& infos) {
  StorePtr store(X509_STORE_new());
  StackPtr untrusted(sk_X509_new_null());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) throw std::runtime_error("out of memory verifying a chain");
  for (const auto& anchor : anchors) X509_STORE_add_cert(store.get(), anchor.get());
  for (std::size_t i = 1; i < chain.size(); ++i) sk_X509_push(untrusted.get(), chain[i]);
  if (X509_STORE_CTX_init(ctx.get(), store.get(), chain[0], untrusted.get()) != 1)
    throw std::runtime_error("cannot set up certificate verification");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  // ITI-19 3.19.6.1: direct trust in a configured certificate (an intermediate or the device's
  // own, possibly self-signed, certificate) counts as much as a chain to a root.
  // Trust means: the chain reaches an anchor through valid signatures. Validity dates and the
  // leaf's EKU are judged on their own (expired, not_yet_valid, wrong_eku), so that one fault
  // is not reported twice as "untrusted" too.
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);

  Trust t;
  if (X509_verify_cert(ctx.get()) == 1) {
    STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(ctx.get());
    const int n = verified ? sk_X509_num(verified) : 0;
    t.trust = obs::TrustStatus::trusted;
    t.detail = "verified by OpenSSL against " + std::to_string(anchors.size()) +
               " trust anchor(s) from --ca; path of " + std::to_string(n) + " certificate(s)";
    if (n > 0) {
      const obs::CertificateInfo top = describe_cert(sk_X509_value(verified, n - 1));
      t.detail += " ending at " + top.subject;
    }
  } else {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    t.trust = obs::TrustStatus::untrusted;
    t.error_depth = X509_STORE_CTX_get_error_depth(ctx.get());
    t.detail = std::string(X509_verify_cert_error_string(err)) + " (OpenSSL error " +
               std::to_string(err) + ") at depth " + std::to_string(t.error_depth);
    if (t.error_depth >= 0 && static_cast<std::size_t>(t.error_depth) < infos.size())
      t.detail += ", " + cert_label(infos, static_cast<std::size_t>(t.error_depth));
  }
  ERR_clear_error();
  return t;
}

HostCheck check_host(X509* leaf, const std::string& host, const obs::CertificateInfo& info) {
  HostCheck h;
  const std::string ip = ip_literal(host);
  int r = 0;
  if (!ip.empty()) {
    r = X509_check_ip_asc(leaf, ip.c_str(), 0);
  } else {
    // Only the SAN's DNS names count (RFC 9525 §6.3, RFC 9325 §7.1); a CN that happens to hold
    // a host name is not looked at.
    r = X509_check_host(leaf, host.c_str(), host.size(), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
                        nullptr);
  }
  ERR_clear_error();
  const std::string target = ip.empty() ? "host name " + host : "IP address " + ip;
  const std::string sans = info.subject_alt_names.empty()
                               ? "the leaf has no subjectAltName (its CN is not used)"
                               : "subjectAltName " + join(info.subject_alt_names);
  if (r == 1) {
    h.result = obs::HostnameStatus::match;
    h.detail = target + " matches the leaf: " + sans;
  } else if (r == 0) {
    h.result = obs::HostnameStatus::mismatch;
    h.detail = target + " does not match the leaf: " + sans;
  } else {
    h.result = obs::HostnameStatus::unknown;
    h.detail = target + " could not be compared with the leaf (malformed name or internal error)";
  }
  return h;
}

}  // namespace medtls::x509::analysis_detail
