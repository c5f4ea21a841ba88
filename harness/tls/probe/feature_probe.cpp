#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "obs/reply_words.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"
#include "tls/wire/code_points.hpp"

namespace medtls::probe {

namespace {

using namespace wire::ext;  // NOLINT: extension names read best unqualified here
using wire::alert::kNoApplicationProtocol;
using wire::alert::kUnrecognizedName;
const char* const kUnknownSniName = "medtls-sni-probe.invalid";

std::string ended(const obs::Attempt& a) {
  return obs::describe_reply(a);
}

bool hello(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::server_hello;
}

// A refusal is a fatal alert (or close_notify); a warning alert on its own refuses nothing.
bool refused_with_alert(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::alert && r.alert;
}

obs::Fact echoed(const obs::Attempt& a, std::uint16_t ext, const char* what) {
  const auto& r = a.reply;
  if (!hello(r)) return {"unknown", "no ServerHello to inspect: " + ended(a), {a.index}};
  bool yes = r.has_extension(ext);
  return {yes ? "supported" : "not_supported",
          std::string(what) + (yes ? " echoed" : " absent") + " in the " +
              wire_version_name(r.version) + " ServerHello",
          {a.index}};
}

void set_all(obs::TlsObservations& o, const std::vector<const char*>& facts,
             const std::string& value, const std::string& detail) {
  for (const char* f : facts) o.facts[f] = {value, detail, {}};
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
  set_all(o,
          {"renegotiation_info", "extended_master_secret", "encrypt_then_mac", "truncated_hmac",
           "compression", "ske_weak_signature", "certificate_request_weak_hash"},
          undecided ? "unknown" : "not_applicable", why);
  bool tls13 = accepted(o, TlsVersion::TLSv1_3);
  std::string encrypted = why + "; in TLS 1.3 the answer is encrypted (EncryptedExtensions)";
  set_all(o, {"alpn_dicom", "alpn_wrong_protocol", "sni_unknown_name"},
          tls13 || undecided ? "unknown" : "not_applicable", tls13 ? encrypted : why);
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
  const auto version_attempt =
      o.attempts[static_cast<std::size_t>(o.versions[*legacy].attempts[0])];
  o.facts["renegotiation_info"] = echoed(version_attempt, kRenegotiationInfo, "renegotiation_info");
  o.facts["extended_master_secret"] =
      echoed(version_attempt, kExtendedMasterSecret, "extended_master_secret");
  encrypt_then_mac(session);
  certificate_request(session, version_attempt);

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

  {  // truncated_hmac only matters for MAC-then-encrypt suites: offer those first.
    auto spec = base;
    spec.truncated_hmac = true;
    std::stable_partition(spec.suites.begin(), spec.suites.end(), [&](std::uint16_t c) {
      const auto* s = session.registry().find(c);
      return s && !s->aead;
    });
    const auto& a = session.exchange_confirmed("truncated_hmac " + vname, spec);
    const auto& r = a.reply;
    auto& f = o.facts["truncated_hmac"];
    if (hello(r))
      f = {r.has_extension(kTruncatedHmac) ? "accepted" : "refused",
           std::string("truncated_hmac ") +
               (r.has_extension(kTruncatedHmac) ? "echoed" : "not echoed") + " with suite " +
               format_code(r.suite),
           {a.index}};
    else if (refused_with_alert(r))
      f = {"refused", "handshake refused when truncated_hmac was offered: " + ended(a), {a.index}};
    else
      f = {"unknown", ended(a), {a.index}};
  }
  {
    auto spec = base;
    spec.compression = {1, 0};  // DEFLATE, null
    const auto& a = session.exchange_confirmed("compression " + vname, spec);
    const auto& r = a.reply;
    auto& f = o.facts["compression"];
    if (hello(r))
      f = {r.compression == 0 ? "refused" : "accepted",
           "offered DEFLATE and null, the server chose method " + std::to_string(r.compression),
           {a.index}};
    else if (refused_with_alert(r))
      f = {"refused", "handshake refused when DEFLATE was offered: " + ended(a), {a.index}};
    else
      f = {"unknown", ended(a), {a.index}};
  }
  {
    auto spec = base;
    spec.alpn = {"dicom"};
    const auto& a = session.exchange_confirmed("ALPN dicom " + vname, spec);
    const auto& r = a.reply;
    auto& f = o.facts["alpn_dicom"];
    if (hello(r) && r.alpn == std::optional<std::string>("dicom"))
      f = {"selected", "ServerHello selected ALPN \"dicom\"", {a.index}};
    else if (hello(r) && r.alpn)  // hello_check makes this a protocol violation first
      f = {"unknown", "ServerHello selected \"" + *r.alpn + "\", which was not offered", {a.index}};
    else if (hello(r))
      f = {"ignored", "ServerHello carries no ALPN extension", {a.index}};
    else if (refused_with_alert(r))
      f = {"refused", "offer of ALPN \"dicom\" refused: " + ended(a), {a.index}};
    else
      f = {"unknown", ended(a), {a.index}};
  }
  {
    auto spec = base;
    spec.alpn = {"http/1.1"};
    const auto& a = session.exchange_confirmed("ALPN http/1.1 " + vname, spec);
    const auto& r = a.reply;
    auto& f = o.facts["alpn_wrong_protocol"];
    if (refused_with_alert(r))
      f = {r.alert->description == kNoApplicationProtocol ? "refused_no_application_protocol"
                                                          : "refused_other_alert",
           "offer of ALPN \"http/1.1\" only: " + ended(a),
           {a.index}};
    else if (hello(r) && r.alpn)
      f = {"selected", "ServerHello selected ALPN \"" + *r.alpn + "\"", {a.index}};
    else if (hello(r))
      f = {"ignored", "ServerHello carries no ALPN extension", {a.index}};
    else
      f = {"unknown", ended(a), {a.index}};
  }
  {
    auto spec = base;
    spec.sni = kUnknownSniName;
    const auto& a = session.exchange_confirmed("SNI unknown name " + vname, spec);
    const auto& r = a.reply;
    auto& f = o.facts["sni_unknown_name"];
    std::string what = std::string("server_name \"") + kUnknownSniName + "\": ";
    if (refused_with_alert(r))
      f = {r.alert->description == kUnrecognizedName ? "refused_unrecognized_name"
                                                     : "refused_other_alert",
           what + ended(a),
           {a.index}};
    else if (hello(r))
      f = {r.has_extension(kServerName) ? "acknowledged" : "ignored",
           what + (r.has_extension(kServerName) ? "acknowledged in the ServerHello"
                                                : "ServerHello without server_name"),
           {a.index}};
    else
      f = {"unknown", what + ended(a), {a.index}};
  }
}

}  // namespace medtls::probe
