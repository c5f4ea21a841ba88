// Which signature schemes the server signs its handshake with: every ServerKeyExchange (TLS 1.2)
// and CertificateVerify (TLS 1.3) of the scan, then one hello per version offering only schemes
// outside PS3.15 B.13's permitted list, to see whether the server refuses or signs with one.
#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/steps.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

namespace {

// PS3.15 2024c B.13: signatures ECDSA, RSASSA-PKCS1-v1_5 and RSASSA-PSS only, hashes SHA-256 and
// SHA-384 only (the brainpool TLS 1.3 ECDSA schemes with those hashes included).
bool permitted_by_b13(std::uint16_t scheme) {
  switch (scheme) {
    case 0x0401:
    case 0x0501:  // rsa_pkcs1_sha256/384
    case 0x0403:
    case 0x0503:  // ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384
    case 0x0804:
    case 0x0805:  // rsa_pss_rsae_sha256/384
    case 0x0809:
    case 0x080A:  // rsa_pss_pss_sha256/384
    case 0x081A:
    case 0x081B:  // ecdsa_brainpoolP256r1tls13_sha256, P384r1tls13_sha384
      return true;
    default:
      return false;
  }
}

// Offered alone: SHA-512, SHA-224, EdDSA and DSA schemes (SHA-1 and MD5 have their own probe,
// feature_probe.cpp, whose ServerKeyExchange counts here too).
const std::vector<std::uint16_t> kTls12Outside = {0x0806, 0x080B, 0x0601, 0x0603, 0x0807, 0x0808,
                                                  0x0602, 0x0502, 0x0402, 0x0301, 0x0303, 0x0302};
// The TLS 1.3 CertificateVerify schemes outside the list that OpenSSL 3.0 can offer.
const std::vector<std::uint16_t> kTls13Outside = {0x0806, 0x080B, 0x0603, 0x0807, 0x0808};

std::string names(const std::vector<std::uint16_t>& schemes) {
  std::string out;
  for (auto s : schemes) out += (out.empty() ? "" : ", ") + signature_scheme_name(s);
  return out;
}

struct Tally {
  std::vector<int> outside;                 // attempts signed with a scheme outside the list
  std::vector<std::uint16_t> outside_used;  // those schemes
  std::vector<int> refused, other;          // probe attempts refused / answered otherwise
  std::vector<std::string> notes;

  void note_signature(const obs::Attempt& a) {
    for (const auto& s : {a.reply.ske_signature_scheme, a.reply.certificate_verify_scheme}) {
      if (!s || permitted_by_b13(*s)) continue;
      if (std::find(outside.begin(), outside.end(), a.index) == outside.end())
        outside.push_back(a.index);
      if (std::find(outside_used.begin(), outside_used.end(), *s) == outside_used.end())
        outside_used.push_back(*s);
    }
  }
  void note_probe(const obs::Attempt& a, const std::string& version) {
    note_signature(a);
    if (is_refusal(a.reply)) {
      refused.push_back(a.index);
      notes.push_back(version + " refused: " + words::describe_reply(a));
    } else if (std::find(outside.begin(), outside.end(), a.index) == outside.end()) {
      other.push_back(a.index);
      notes.push_back(version + ": " + words::describe_reply(a));
    }
  }
};

void probe_tls12(Session& session, Tally& t) {
  const auto suites = signed_tls12_suites(session);
  if (suites.empty()) return;
  auto spec = session.hello(TlsVersion::TLSv1_2);
  spec.suites = suites;
  spec.signature_algorithms = kTls12Outside;
  t.note_probe(session.exchange_confirmed("signatures outside B.13 TLSv1.2", spec), "TLSv1.2");
}

void probe_tls13(Session& session, Tally& t) {
  auto options = handshake_options(session, TlsVersion::TLSv1_3);
  options.signature_schemes = kTls13Outside;
  options.await_session_ticket = false;      // only the CertificateVerify matters
  for (int round = 0; round < 2; ++round) {  // a refusal is believed when repeated
    auto run = run_recorded_handshake(session, "signatures outside B.13 TLSv1.3", options);
    if (!run.result) {
      t.notes.push_back("TLSv1.3 handshake not run: " + run.not_run);
      return;
    }
    const auto& a = session.attempt(run.attempt);
    if (!is_refusal(a.reply) || round == 1) {
      t.note_probe(a, "TLSv1.3");
      return;
    }
  }
}

}  // namespace

std::vector<std::uint16_t> signed_tls12_suites(const Session& session) {
  std::vector<std::uint16_t> out;
  const auto& o = session.observations();
  const auto it = o.suites.find(TlsVersion::TLSv1_2);
  if (it == o.suites.end()) return out;
  for (auto c : it->second.accepted)
    if (const auto* s = session.registry().find(c);
        s && (s->kx == "ECDHE" || s->kx == "DHE") &&
        (s->auth == "RSA" || s->auth == "ECDSA" || s->auth == "DSS"))
      out.push_back(c);
  return out;
}

void probe_signature_schemes(Session& session) {
  auto& o = session.observations();
  auto& fact = o.facts["signature_outside_b13"];
  const bool tls12 = accepted(o, TlsVersion::TLSv1_2) && !signed_tls12_suites(session).empty();
  const bool tls13 = accepted(o, TlsVersion::TLSv1_3);
  Tally t;
  for (const auto& a : o.attempts) t.note_signature(a);
  if (tls12) probe_tls12(session, t);
  if (tls13) probe_tls13(session, t);
  if (!t.outside.empty()) {
    fact = {"used",
            "signed with " + names(t.outside_used) + " (outside ECDSA, RSASSA-PKCS1-v1_5 and " +
                "RSASSA-PSS with SHA-256 or SHA-384) in " + std::to_string(t.outside.size()) +
                " handshake(s)",
            t.outside};
  } else if (!tls12 && !tls13) {
    const bool undecided =
        o.versions[TlsVersion::TLSv1_2].status == obs::VersionStatus::inconclusive ||
        o.versions[TlsVersion::TLSv1_3].status == obs::VersionStatus::inconclusive;
    fact = {undecided ? "unknown" : "not_applicable",
            undecided ? "TLS 1.2 and TLS 1.3 support is not decided"
                      : "neither a TLS 1.2 suite with a signed key exchange nor TLS 1.3 is "
                        "accepted",
            {}};
  } else if (t.other.empty() && !t.refused.empty() &&
             t.refused.size() == static_cast<std::size_t>(tls12) + tls13) {
    std::string d = "no handshake when only " + names(tls12 ? kTls12Outside : kTls13Outside);
    if (tls12 && tls13) d += " (TLS 1.2) or " + names(kTls13Outside) + " (TLS 1.3)";
    fact = {"refused", d + " were offered; every signature seen used a permitted scheme",
            t.refused};
  } else {
    std::string d;
    for (const auto& n : t.notes) d += (d.empty() ? "" : "; ") + n;
    auto attempts = t.refused;
    attempts.insert(attempts.end(), t.other.begin(), t.other.end());
    fact = {"unknown",
            "offered only schemes outside B.13's list, the answer decided nothing: " +
                (d.empty() ? std::string("no probe ran") : d),
            attempts};
  }
}

}  // namespace medtls::probe
