// Extensions and behaviours of the highest accepted TLS 1.0-1.2 version → observations.facts.
// Most are "change the hello, send, classify" and live in feature_rows() (probe_table.hpp): a new
// probe is a new row. What is derived from many attempts (encrypt_then_mac, the
// CertificateRequest, weak ServerKeyExchange signatures) stays a function below.
#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/probe_table.hpp"
#include "tls/probe/steps.hpp"
#include "tls/wire/code_points.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

namespace {

using namespace wire::ext;  // NOLINT: extension names read best unqualified here
using wire::alert::kNoApplicationProtocol;
using wire::alert::kUnrecognizedName;
const char* const kUnknownSniName = "medtls-sni-probe.invalid";
const std::string kSniWhat = std::string("server_name \"") + kUnknownSniName + "\": ";

bool hello(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::server_hello;
}

// The version probe's ServerHello echoes one of our extensions (RFC 5746, RFC 7627) or not.
Classification echoed(std::uint16_t ext, const char* what) {
  return by_answer(
      [ext, what](const obs::ServerReply& r) -> FactValue {
        const bool yes = r.has_extension(ext);
        return {yes ? "supported" : "not_supported",
                std::string(what) + (yes ? " echoed" : " absent") + " in the " +
                    wire_version_name(r.version) + " ServerHello"};
      },
      {}, "no ServerHello to inspect: ");
}

// The feature probes, in the order they run. Rows without a mutation read the version probe's
// answer and cost no connection; every other row is one hello (two when refused: confirmed).
const std::vector<ProbeRow>& feature_rows() {
  static const std::vector<ProbeRow> rows = {
      {"renegotiation_info", "", {}, echoed(kRenegotiationInfo, "renegotiation_info")},
      {"extended_master_secret", "", {}, echoed(kExtendedMasterSecret, "extended_master_secret")},
      {"truncated_hmac", "truncated_hmac",
       // truncated_hmac only matters for MAC-then-encrypt suites: offer those first.
       [](obs::ClientHelloSpec& s, const suites::Registry& registry) {
         s.truncated_hmac = true;
         std::stable_partition(s.suites.begin(), s.suites.end(), [&](std::uint16_t c) {
           const auto* suite = registry.find(c);
           return suite && !suite->aead;
         });
       },
       by_answer(
           [](const obs::ServerReply& r) -> FactValue {
             const bool echoed = r.has_extension(kTruncatedHmac);
             return {echoed ? "accepted" : "refused", std::string("truncated_hmac ") +
                                                          (echoed ? "echoed" : "not echoed") +
                                                          " with suite " + format_code(r.suite)};
           },
           alert_means("refused", "handshake refused when truncated_hmac was offered: "))},
      {"compression", "compression",
       [](obs::ClientHelloSpec& s, const suites::Registry&) {
         s.compression = {1, 0};
       },
       by_answer(
           [](const obs::ServerReply& r) -> FactValue {
             return {r.compression == 0 ? "refused" : "accepted",
                     "offered DEFLATE and null, the server chose method " +
                         std::to_string(r.compression)};
           },
           alert_means("refused", "handshake refused when DEFLATE was offered: "))},
      {"alpn_dicom", "ALPN dicom",
       [](obs::ClientHelloSpec& s, const suites::Registry&) { s.alpn = {"dicom"}; },
       by_answer(
           [](const obs::ServerReply& r) -> FactValue {
             if (r.alpn == std::optional<std::string>("dicom"))
               return {"selected", "ServerHello selected ALPN \"dicom\""};
             if (r.alpn)  // hello_check makes this a protocol violation first
               return {"unknown",
                       "ServerHello selected \"" + *r.alpn + "\", which was not offered"};
             return {"ignored", "ServerHello carries no ALPN extension"};
           },
           alert_means("refused", "offer of ALPN \"dicom\" refused: ")),
       true},
      {"alpn_wrong_protocol", "ALPN http/1.1",
       [](obs::ClientHelloSpec& s, const suites::Registry&) { s.alpn = {"http/1.1"}; },
       by_answer(
           [](const obs::ServerReply& r) -> FactValue {
             if (r.alpn) return {"selected", "ServerHello selected ALPN \"" + *r.alpn + "\""};
             return {"ignored", "ServerHello carries no ALPN extension"};
           },
           [](const obs::Attempt& a) -> FactValue {
             return {a.reply.alert->description == kNoApplicationProtocol
                         ? "refused_no_application_protocol"
                         : "refused_other_alert",
                     "offer of ALPN \"http/1.1\" only: " + ended(a)};
           }),
       true},
      {"sni_unknown_name", "SNI unknown name",
       [](obs::ClientHelloSpec& s, const suites::Registry&) { s.sni = kUnknownSniName; },
       by_answer(
           [](const obs::ServerReply& r) -> FactValue {
             const bool acknowledged = r.has_extension(kServerName);
             return {acknowledged ? "acknowledged" : "ignored",
                     kSniWhat + (acknowledged ? "acknowledged in the ServerHello"
                                              : "ServerHello without server_name")};
           },
           [](const obs::Attempt& a) -> FactValue {
             return {a.reply.alert->description == kUnrecognizedName ? "refused_unrecognized_name"
                                                                     : "refused_other_alert",
                     kSniWhat + ended(a)};
           },
           kSniWhat),
       true},
  };
  return rows;
}

void set_all(obs::TlsObservations& o, const std::vector<std::string>& facts,
             const std::string& value, const std::string& detail) {
  for (const auto& f : facts) o.facts[f] = {value, detail, {}};
}

// Without an accepted TLS 1.0-1.2 version there is no plaintext ServerHello with extensions
// (TLS 1.3 moves them into the encrypted EncryptedExtensions).
void no_legacy_version(Session& session) {
  auto& o = session.observations();
  bool undecided = false;
  for (auto v : {TlsVersion::TLSv1_0, TlsVersion::TLSv1_1, TlsVersion::TLSv1_2})
    undecided |= o.versions[v].status == obs::VersionStatus::inconclusive;
  std::string why =
      undecided ? "TLS 1.0-1.2 support could not be decided" : "no TLS 1.0-1.2 version is accepted";
  std::vector<std::string> legacy_only = {"encrypt_then_mac", "ske_weak_signature",
                                          "certificate_request_weak_hash"};
  std::vector<std::string> encrypted;
  for (const auto& row : feature_rows())
    (row.answer_encrypted_in_tls13 ? encrypted : legacy_only).push_back(row.fact);
  set_all(o, legacy_only, undecided ? "unknown" : "not_applicable", why);
  bool tls13 = accepted(o, TlsVersion::TLSv1_3);
  std::string encrypted_why = why + "; in TLS 1.3 the answer is encrypted (EncryptedExtensions)";
  set_all(o, encrypted, tls13 || undecided ? "unknown" : "not_applicable",
          tls13 ? encrypted_why : why);
  auto& cr = o.certificate_request;
  cr.status = obs::RequestSeen::unknown;
  cr.detail = tls13 ? why + "; TLS 1.3 encrypts the CertificateRequest" : why;
  o.facts["client_certificate_request"] = {name_of(cr.status), cr.detail, {}};
}

void encrypt_then_mac(Session& session) {
  auto& o = session.observations();
  std::vector<int> with, without;
  for (const auto& a : o.attempts) {
    const auto& r = a.reply;
    if (!hello(r) || !a.sent.encrypt_then_mac || r.version < 0x0301 || r.version > 0x0303) continue;
    const auto* s = session.registry().find(r.suite);
    if (!s || s->mode != "CBC") continue;
    (r.has_extension(kEncryptThenMac) ? with : without).push_back(a.index);
  }
  auto& f = o.facts["encrypt_then_mac"];
  if (with.empty() && without.empty()) {
    f = {"not_applicable", "no CBC suite was chosen in any TLS 1.0-1.2 handshake", {}};
  } else if (without.empty()) {
    f = {"supported", "encrypt_then_mac echoed in every ServerHello choosing a CBC suite", with};
  } else {
    f = {"not_supported",
         "encrypt_then_mac offered but absent from " + std::to_string(without.size()) + " of " +
             std::to_string(with.size() + without.size()) + " ServerHellos choosing a CBC suite",
         without};
  }
}

// A TLS 1.2 SignatureAndHashAlgorithm whose hash is MD5 (1) or SHA-1 (2) (RFC 5246 §7.4.1.4.1).
bool weak_hash_scheme(std::uint16_t scheme) {
  const int hash = scheme >> 8;
  return hash == 1 || hash == 2;
}

std::string schemes_text(const std::vector<std::uint16_t>& schemes) {
  std::string out;
  for (auto s : schemes) out += (out.empty() ? "" : ", ") + signature_scheme_name(s);
  return out;
}

// RFC 9155 §4: a TLS 1.2 ServerKeyExchange is never signed with SHA-1 or MD5, not even when the
// client offers nothing else. Every ServerKeyExchange seen so far counts; then one hello offering
// only SHA-1 and MD5 schemes, with the accepted suites whose key exchange is signed.
void weak_signatures(Session& session, const obs::ClientHelloSpec& base) {
  auto& o = session.observations();
  auto& f = o.facts["ske_weak_signature"];
  std::vector<int> weak;
  std::vector<std::uint16_t> used;
  auto note = [&](const obs::Attempt& a) {
    const auto& scheme = a.reply.ske_signature_scheme;
    if (!scheme || !weak_hash_scheme(*scheme)) return;
    weak.push_back(a.index);
    if (std::find(used.begin(), used.end(), *scheme) == used.end()) used.push_back(*scheme);
  };
  for (const auto& a : o.attempts) note(a);
  const auto signed_suites = signed_tls12_suites(session);
  if (!signed_suites.empty()) {
    auto spec = base;
    spec.suites = signed_suites;
    spec.signature_algorithms = {0x0201, 0x0203, 0x0202, 0x0101, 0x0103};
    const auto& a = session.exchange_confirmed("signatures SHA-1/MD5 only TLSv1.2", spec);
    note(a);
    const auto& r = a.reply;
    if (weak.empty()) {
      if (is_refusal(r))
        f = {"refused",
             "no handshake when only SHA-1 and MD5 signatures were offered: " + ended(a),
             {a.index}};
      else if (hello(r) && r.ske_signature_scheme)
        f = {"unknown",
             "offered only SHA-1 and MD5 signatures, the ServerKeyExchange was signed with " +
                 signature_scheme_name(*r.ske_signature_scheme),
             {a.index}};
      else
        f = {"unknown", "offered only SHA-1 and MD5 signatures: " + ended(a), {a.index}};
      return;
    }
  } else if (weak.empty()) {
    f = {"not_applicable", "no TLS 1.2 suite with a signed key exchange is accepted", {}};
    return;
  }
  f = {"used",
       "TLS 1.2 ServerKeyExchange signed with " + schemes_text(used) + " in " +
           std::to_string(weak.size()) + " handshake(s)",
       weak};
}

void certificate_request(Session& session, const obs::Attempt& a) {
  auto& o = session.observations();
  auto& cr = o.certificate_request;
  const auto& r = a.reply;
  cr.attempts = {a.index};
  cr.version = wire_version_name(r.version);
  if (r.certificate_request) {
    cr.status = obs::RequestSeen::requested;
    cr.ca_names = r.cr_ca_names;
    cr.signature_schemes = r.cr_signature_schemes;
    cr.certificate_types = r.cr_certificate_types;
    cr.detail = "CertificateRequest in the " + cr.version + " first flight listing " +
                std::to_string(r.cr_ca_names.size()) + " CA name(s)";
  } else if (r.server_hello_done) {
    cr.status = obs::RequestSeen::not_requested;
    cr.detail = "first flight ended with ServerHelloDone and no CertificateRequest";
  } else {
    cr.status = obs::RequestSeen::unknown;
    cr.detail = "first flight incomplete: " + ended(a);
  }
  o.facts["client_certificate_request"] = {name_of(cr.status), cr.detail, cr.attempts};
  // RFC 9155 §3: the TLS 1.2 CertificateRequest should not list SHA-1 or MD5 schemes.
  auto& weak = o.facts["certificate_request_weak_hash"];
  if (cr.status != obs::RequestSeen::requested) {
    weak = {cr.status == obs::RequestSeen::not_requested ? "not_applicable" : "unknown", cr.detail,
            cr.attempts};
  } else if (r.version != 0x0303) {
    weak = {"not_applicable", "a " + cr.version + " CertificateRequest lists no signature schemes",
            cr.attempts};
  } else {
    std::vector<std::uint16_t> listed;
    for (auto s : cr.signature_schemes)
      if (weak_hash_scheme(s)) listed.push_back(s);
    weak = {listed.empty() ? "not_listed" : "listed",
            listed.empty() ? "the TLS 1.2 CertificateRequest lists no SHA-1 or MD5 scheme"
                           : "the TLS 1.2 CertificateRequest lists " + schemes_text(listed),
            cr.attempts};
  }
}

}  // namespace

void probe_features(Session& session) {
  auto& o = session.observations();
  auto legacy = highest_legacy_version(o);
  if (!legacy) {
    no_legacy_version(session);
    return;
  }
  const int version_attempt = o.versions[*legacy].attempts[0];
  encrypt_then_mac(session);
  certificate_request(session, o.attempts[static_cast<std::size_t>(version_attempt)]);

  const std::string vname(version_name(*legacy));
  auto base = session.hello(*legacy);
  base.suites = o.suites[*legacy].accepted;
  if (base.suites.empty()) base.suites = session.registry().candidates(*legacy);

  if (*legacy == TlsVersion::TLSv1_2) {
    weak_signatures(session, base);
  } else {  // TLS 1.0 and 1.1 sign with MD5+SHA-1 by design; RFC 9155 is about TLS 1.2
    o.facts["ske_weak_signature"] = {"not_applicable", "TLS 1.2 is not accepted", {}};
    o.facts["certificate_request_weak_hash"] = {"not_applicable", "TLS 1.2 is not accepted", {}};
  }
  run_probe_rows(session, feature_rows(), base, version_attempt, vname);
}

}  // namespace medtls::probe
