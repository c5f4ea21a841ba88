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
    undecided |= o.versions[v].status == "inconclusive";
  std::string why =
      undecided ? "TLS 1.0-1.2 support could not be decided" : "no TLS 1.0-1.2 version is accepted";
  set_all(o,
          {"renegotiation_info", "extended_master_secret", "encrypt_then_mac", "truncated_hmac",
           "compression"},
          undecided ? "unknown" : "not_applicable", why);
  bool tls13 = accepted(o, TlsVersion::TLSv1_3);
  std::string encrypted = why + "; in TLS 1.3 the answer is encrypted (EncryptedExtensions)";
  set_all(o, {"alpn_dicom", "alpn_wrong_protocol", "sni_unknown_name"},
          tls13 || undecided ? "unknown" : "not_applicable", tls13 ? encrypted : why);
  auto& cr = o.certificate_request;
  cr.status = "unknown";
  cr.detail = tls13 ? why + "; TLS 1.3 encrypts the CertificateRequest" : why;
  o.facts["client_certificate_request"] = {cr.status, cr.detail, {}};
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

void certificate_request(Session& session, const obs::Attempt& a) {
  auto& o = session.observations();
  auto& cr = o.certificate_request;
  const auto& r = a.reply;
  cr.attempts = {a.index};
  cr.version = wire_version_name(r.version);
  if (r.certificate_request) {
    cr.status = "requested";
    cr.ca_names = r.cr_ca_names;
    cr.signature_schemes = r.cr_signature_schemes;
    cr.certificate_types = r.cr_certificate_types;
    cr.detail = "CertificateRequest in the " + cr.version + " first flight listing " +
                std::to_string(r.cr_ca_names.size()) + " CA name(s)";
  } else if (r.server_hello_done) {
    cr.status = "not_requested";
    cr.detail = "first flight ended with ServerHelloDone and no CertificateRequest";
  } else {
    cr.status = "unknown";
    cr.detail = "first flight incomplete: " + ended(a);
  }
  o.facts["client_certificate_request"] = {cr.status, cr.detail, cr.attempts};
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
