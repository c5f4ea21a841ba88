// chain_problems: the problem codes that follow from the chain itself and the time of the scan.
#include <algorithm>

#include <openssl/x509v3.h>

#include "common/utc_time.hpp"
#include "x509/analysis_parts.hpp"

namespace medtls::x509::analysis_detail {

namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;

bool has(const std::vector<std::string>& values, const char* v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

bool weak_key(const obs::CertificateInfo& c) {
  if (c.key_bits <= 0) return false;  // unknown size: nothing to say
  if (c.key_type == "RSA" || c.key_type == "RSA-PSS" || c.key_type == "DSA")
    return c.key_bits < kMinRsaBits;
  if (c.key_type == "EC") return c.key_bits < kMinEcBits;
  return false;  // Ed25519/Ed448 are strong; other types are not judged
}

bool weak_hash(const std::string& hash) {
  return hash == "SHA1" || hash == "MD5" || hash == "MD4" || hash == "MD2";
}

struct Adder {
  const std::vector<obs::CertificateInfo>& infos;
  std::vector<obs::CertificateProblem>& out;
  void operator()(obs::ProblemCode code, std::size_t depth, const std::string& what) const {
    out.push_back({code, cert_label(infos, depth) + " " + what, static_cast<int>(depth)});
  }
};

void validity_problems(const std::vector<X509*>& chain, std::int64_t now, int warn_days,
                       const Adder& add) {
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const auto before = unix_time(X509_get0_notBefore(chain[i]));
    const auto after = unix_time(X509_get0_notAfter(chain[i]));
    const std::string at = " (checked at " + iso8601_utc(now) + ")";
    if (after && *after < now) {
      add(obs::ProblemCode::expired, i, "expired on " + iso8601_utc(*after) + at);
    } else if (before && *before > now) {
      add(obs::ProblemCode::not_yet_valid, i, "is not valid before " + iso8601_utc(*before) + at);
    } else if (i == 0 && after && *after - now < static_cast<std::int64_t>(warn_days) * kDay) {
      add(obs::ProblemCode::expires_soon, i,
          "expires on " + iso8601_utc(*after) + ", in " + std::to_string((*after - now) / kDay) +
              " day(s) (warning horizon " + std::to_string(warn_days) + " days)");
    }
  }
}

}  // namespace

std::vector<obs::CertificateProblem> chain_problems(const std::vector<X509*>& chain,
                                                    const std::vector<obs::CertificateInfo>& infos,
                                                    std::int64_t now, int expiry_warning_days) {
  std::vector<obs::CertificateProblem> out;
  const Adder add{infos, out};
  validity_problems(chain, now, expiry_warning_days, add);
  if (!infos.empty() && infos[0].self_signed)
    add(obs::ProblemCode::self_signed, 0, "is self-signed");
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const obs::CertificateInfo& c = infos[i];
    // A self-signed certificate above the leaf is a trust anchor: the client chooses it, and
    // RFC 8446 §4.2.3 does not validate its self-signature, so neither its key nor its hash is
    // the server's problem here.
    const bool anchor = i > 0 && c.self_signed;
    if (!anchor && weak_key(c))
      add(obs::ProblemCode::weak_key, i,
          "has a " + c.key_type + " " + std::to_string(c.key_bits) + "-bit key (minimum: RSA/DSA " +
              std::to_string(kMinRsaBits) + ", EC " + std::to_string(kMinEcBits) + " bits)");
    if (!c.self_signed && weak_hash(c.signature_hash))
      add(obs::ProblemCode::weak_signature_hash, i,
          "is signed with " + c.signature_algorithm + " (" + c.signature_hash + ")");
  }
  // RFC 5246 §7.4.2 (TLS 1.2: MUST) and RFC 8446 §4.4.2 (TLS 1.3: SHOULD): each certificate
  // directly certifies the one before it. Names and key identifiers decide, not signatures: a
  // bad signature is the trust check's finding.
  for (std::size_t i = 1; i < chain.size(); ++i)
    if (const int e = X509_check_issued(chain[i], chain[i - 1]);
        e == X509_V_ERR_SUBJECT_ISSUER_MISMATCH || e == X509_V_ERR_AKID_SKID_MISMATCH ||
        e == X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH)
      add(obs::ProblemCode::chain_order, i,
          "does not certify " + cert_label(infos, i - 1) +
              " before it: the chain is out of order or carries an extra certificate "
              "(RFC 5246 §7.4.2: in TLS 1.2 each certificate MUST directly certify the one "
              "preceding it; RFC 8446 §4.4.2: SHOULD in TLS 1.3)");
  if (!infos.empty()) {
    const auto& eku = infos[0].extended_key_usage;
    if (!eku.empty() && !has(eku, "serverAuth")) {
      std::string list;
      for (const auto& e : eku) list += (list.empty() ? "" : ", ") + e;
      add(obs::ProblemCode::wrong_eku, 0, "has extendedKeyUsage " + list + " without serverAuth");
    }
  }
  return out;
}

}  // namespace medtls::x509::analysis_detail
