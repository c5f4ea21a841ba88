#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/key_share.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

bool is_refusal(const obs::ServerReply& r) {
  return (r.outcome == obs::Outcome::alert && !refuses_name(r)) ||
         r.outcome == obs::Outcome::closed || r.outcome == obs::Outcome::reset;
}

bool refuses_name(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::alert && r.alert &&
         r.alert->description == wire::alert::kUnrecognizedName;
}

std::string name_refusal_text(const obs::Attempt& a) {
  if (a.sent.sni.empty())
    return "the server refused a ClientHello without a host name (unrecognized_name(112), no "
           "server_name sent): it serves only the names it knows; scan again with --sni NAME";
  return "the server does not know the host name \"" + a.sent.sni +
         "\" (unrecognized_name(112)); scan again with --sni and a name it serves";
}

bool accepted(const obs::TlsObservations& o, TlsVersion v) {
  auto it = o.versions.find(v);
  return it != o.versions.end() && it->second.status == obs::VersionStatus::accepted;
}

std::optional<TlsVersion> highest_legacy_version(const obs::TlsObservations& o) {
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_1, TlsVersion::TLSv1_0})
    if (accepted(o, v)) return v;
  return std::nullopt;
}

namespace {

constexpr std::uint8_t kFatal = 2, kCloseNotify = 0;

// Classifies the answer to a ClientHello that offered exactly version v. Accepted needs a
// lawful ServerHello for v (hello_check.hpp vetted it: offered version, suite, compression,
// extensions); refused needs a fatal alert or the connection closed in answer. Everything else
// — a HelloRetryRequest alone, a protocol violation, a warning alert and silence, garbage, a
// timeout — leaves the version undecided.
obs::VersionResult classify(TlsVersion v, const obs::Attempt& a) {
  using O = obs::Outcome;
  obs::VersionResult r;
  r.attempts = {a.index};
  const auto& reply = a.reply;
  const std::string what = words::describe_reply(a);
  switch (reply.outcome) {
    case O::server_hello:
      if (reply.version == wire_code(v)) {
        r.status = obs::VersionStatus::accepted;
        r.detail = what;
      } else {  // a lower version: the server's best is below v (higher ones are violations)
        r.status = obs::VersionStatus::rejected;
        r.detail = "the server answered with " + wire_version_name(reply.version) + ": " + what;
      }
      break;
    case O::hello_retry_request:
      r.status = obs::VersionStatus::inconclusive;
      r.detail = what + "; a HelloRetryRequest alone does not show that the handshake can go on";
      break;
    case O::alert:
      if (refuses_name(reply)) {  // the name is refused, not the version (RFC 6066 §3)
        r.status = obs::VersionStatus::inconclusive;
        r.detail = name_refusal_text(a);
        break;
      }
      r.status = obs::VersionStatus::rejected;
      if (reply.alert && reply.alert->description != kCloseNotify)
        r.alert = reply.alert->description;
      r.detail = "refused: " + what;
      break;
    case O::closed:
    case O::reset:
      r.status = obs::VersionStatus::rejected;
      r.detail = "refused without a ServerHello or alert: " + what;
      break;
    default:
      r.status = obs::VersionStatus::inconclusive;
      r.detail = what;
      break;
  }
  return r;
}

}  // namespace

void probe_versions(Session& session) {
  auto& o = session.observations();
  for (auto v : kAllVersions) {
    const std::string name(version_name(v));
    const auto* a = &session.exchange("version " + name, session.hello(v));
    std::vector<int> tried = {a->index};
    // A TLS 1.3 server that wants a key share for another group says so in a
    // HelloRetryRequest; ask again with that share to get the ServerHello that shows
    // acceptance (a new connection: the raw prober does not continue a handshake).
    const auto& r = a->reply;
    if (v == TlsVersion::TLSv1_3 && r.outcome == obs::Outcome::hello_retry_request &&
        r.key_share_group && wire::key_share_supported(*r.key_share_group)) {
      session.use_tls13_key_share(*r.key_share_group);
      a = &session.exchange(
          "version " + name + " (key share for " + group_name(*r.key_share_group) + ")",
          session.hello(v));
      tried.push_back(a->index);
    }
    auto result = classify(v, *a);
    if (result.status == obs::VersionStatus::rejected) {
      // Confirmed by the same hello once more; an acceptance either time is proof of support.
      const auto& again =
          session.exchange("version " + name + " again (confirms the refusal)", session.hello(v));
      tried.push_back(again.index);
      auto second = classify(v, again);
      if (second.status == obs::VersionStatus::accepted) {
        second.detail += "; the same ClientHello was refused one connection earlier (" +
                         result.detail + "): the server answers inconsistently";
        result = second;
      } else if (second.status == obs::VersionStatus::rejected) {
        result.detail += "; refused again";
      } else {  // a refusal not repeated is not believed (steps.hpp, is_refusal)
        result.status = obs::VersionStatus::inconclusive;
        result.alert.reset();
        result.detail += "; sent again: " + second.detail + ": the refusal is not confirmed";
      }
    }
    if (tried.size() > 1 && o.attempts[static_cast<std::size_t>(tried[0])].reply.outcome ==
                                obs::Outcome::hello_retry_request)
      result.detail =
          "after a HelloRetryRequest for " +
          group_name(*o.attempts[static_cast<std::size_t>(tried[0])].reply.key_share_group) + ": " +
          result.detail;
    result.attempts = tried;
    o.versions[v] = result;
  }
}

namespace {

// TLS 1.3 accepted at a ServerHello only: inconclusive, and what rested on it undecided.
void demote_tls13(obs::TlsObservations& o, const std::string& why) {
  auto& r = o.versions[TlsVersion::TLSv1_3];
  r.status = obs::VersionStatus::inconclusive;
  r.detail += "; " + why + ", so the ServerHello alone is not taken as acceptance";
  if (auto f = o.facts.find("tls13_preferred"); f != o.facts.end() && f->second.value != "unknown")
    f->second = {"unknown", "TLS 1.3 acceptance could not be confirmed (" + f->second.detail + ")",
                 f->second.attempts};
}

}  // namespace

void withhold_unconfirmed_tls13(Session& session, const std::string& why) {
  auto& o = session.observations();
  const auto it = o.versions.find(TlsVersion::TLSv1_3);
  if (why.empty() || it == o.versions.end() || it->second.status != obs::VersionStatus::accepted ||
      it->second.handshake == obs::HandshakeStatus::completed)
    return;
  demote_tls13(o, why);
}

void confirm_tls13(Session& session) {
  auto& o = session.observations();
  auto& r = o.versions[TlsVersion::TLSv1_3];
  if (r.status != obs::VersionStatus::accepted || r.handshake == obs::HandshakeStatus::completed)
    return;
  if (r.handshake == obs::HandshakeStatus::not_tried)
    run_recorded_handshake(session, "TLSv1.3 handshake (confirms the ServerHello)",
                           handshake_options(session, TlsVersion::TLSv1_3));
  if (r.handshake == obs::HandshakeStatus::completed) return;
  demote_tls13(o, "no OpenSSL handshake in TLSv1.3 got through the server's Finished");
  if (r.handshake_attempt >= 0) {
    r.detail +=
        " (" + o.attempts.at(static_cast<std::size_t>(r.handshake_attempt)).reply.error + ")";
    r.attempts.push_back(r.handshake_attempt);
  } else if (session.stopped()) {
    r.detail += " (no handshake could be run: " + session.stop_reason() + ")";
  }
}

void probe_version_preference(Session& session) {
  auto& o = session.observations();
  auto& fact = o.facts["tls13_preferred"];
  auto legacy = highest_legacy_version(o);
  if (!accepted(o, TlsVersion::TLSv1_3)) {
    fact = {"not_applicable", "TLS 1.3 not accepted", {}};
    return;
  }
  if (!legacy) {
    fact = {"yes", "only TLS 1.3 is accepted", o.versions[TlsVersion::TLSv1_3].attempts};
    return;
  }
  auto spec = session.hello(TlsVersion::TLSv1_3);
  spec.supported_versions = {0x0304, 0x0303, 0x0302, 0x0301};
  auto legacy_suites = session.registry().candidates(TlsVersion::TLSv1_2);
  spec.suites.insert(spec.suites.end(), legacy_suites.begin(), legacy_suites.end());
  spec.extended_master_secret = spec.renegotiation_info = spec.ec_point_formats = true;
  const auto& a = session.exchange("version preference TLSv1.3+TLSv1.2", spec);
  const auto& r = a.reply;
  // A HelloRetryRequest exists only in TLS 1.3: choosing to send one is choosing TLS 1.3.
  if (r.outcome == obs::Outcome::server_hello || r.outcome == obs::Outcome::hello_retry_request) {
    bool chose13 = r.version == 0x0304;
    fact = {chose13 ? "yes" : "no",
            "offered TLS 1.3 … 1.0, the server chose " + wire_version_name(r.version) + ": " +
                words::describe_reply(a),
            {a.index}};
  } else {
    fact = {"unknown", "offered TLS 1.3 … 1.0: " + words::describe_reply(a), {a.index}};
  }
}

}  // namespace medtls::probe
