#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/dh_groups.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

namespace {

// Offers `remaining` groups round after round; `pick` reads the group the server chose from a
// reply (nullopt: no group chosen, which ends the enumeration).
template <class Pick>
void enumerate(Session& session, obs::GroupResult& result, obs::ClientHelloSpec spec,
               std::vector<std::uint16_t> remaining, const std::string& purpose, Pick pick) {
  bool confirming = false;  // this attempt repeats a refused hello (see is_refusal)
  int round = 0;
  while (!remaining.empty()) {
    if (!confirming) ++round;
    spec.groups = remaining;
    const auto& a = session.exchange(purpose + " round " + std::to_string(round) +
                                         (confirming ? " again (confirms the end)" : ""),
                                     spec);
    result.attempts.push_back(a.index);
    const auto& r = a.reply;
    auto chosen = pick(r);
    if (chosen) {
      auto it = std::find(remaining.begin(), remaining.end(), *chosen);
      if (it == remaining.end()) {
        result.detail = "the server chose " + group_name(*chosen) + ", which was not offered";
        return;
      }
      if (confirming)
        result.detail =
            "the server answered the same ClientHello differently: its refusals are "
            "not reliable; ";
      confirming = false;
      remaining.erase(it);
      result.supported.push_back(*chosen);
      continue;
    }
    if (is_refusal(r) && !confirming) {
      confirming = true;
      continue;
    }
    if (is_refusal(r)) {
      result.complete = true;
      result.detail += "no further group: " + words::describe_reply(a) + " (twice)";
    } else if (r.outcome == obs::Outcome::server_hello) {
      result.detail += "the server answered without naming a group: " + words::describe_reply(a);
    } else {
      result.detail += "enumeration cut short: " + words::describe_reply(a);
    }
    return;
  }
  result.complete = true;
  result.detail += "every offered group was accepted";
}

std::vector<std::uint16_t> kx_suites(const Session& session, TlsVersion v, const char* kx) {
  std::vector<std::uint16_t> out;
  for (auto c : session.observations().suites.at(v).accepted)
    if (const auto* s = session.registry().find(c); s && s->kx == kx) out.push_back(c);
  return out;
}

// RFC 7919 §4: a TLS 1.2 server that knows the ffdhe groups picks one the client listed for a
// DHE suite. Offering fewer each round shows every one it accepts; a server that ignores the
// list (OpenSSL 3.0) sends its own group again, which ends the enumeration. Each group found is
// recorded with the DH groups seen (obs.dhe), with the attempt that showed it.
void enumerate_ffdhe(Session& session, TlsVersion v) {
  auto& o = session.observations();
  const auto suites = kx_suites(session, v, "DHE");
  if (suites.empty()) return;
  auto spec = session.hello(v);
  spec.suites = suites;
  obs::GroupResult ff;
  enumerate(session, ff, spec, all_probe_groups(GroupFamily::ff),
            "ffdhe groups " + std::string(version_name(v)),
            [](const obs::ServerReply& r) -> std::optional<std::uint16_t> {
              if (r.outcome != obs::Outcome::server_hello || !r.ske_dh_p_bits) return std::nullopt;
              const std::string name = dh_group_name(r.ske_dh_p_hex);
              if (name.rfind("ffdhe", 0) != 0) return std::nullopt;
              return group_code(name);
            });
  for (int index : ff.attempts) {
    const auto& a = o.attempts.at(static_cast<std::size_t>(index));
    if (!a.reply.ske_dh_p_bits) continue;
    const std::string name = dh_group_name(a.reply.ske_dh_p_hex);
    const auto code = group_code(name);
    if (code && std::find(ff.supported.begin(), ff.supported.end(), *code) != ff.supported.end() &&
        std::none_of(o.dhe.begin(), o.dhe.end(),
                     [&](const obs::DhGroupSeen& d) { return d.attempt == index; }))
      o.dhe.push_back({a.reply.ske_dh_p_bits, name, a.reply.suite, index});
  }
}

}  // namespace

void enumerate_groups(Session& session) {
  auto& o = session.observations();
  if (accepted(o, TlsVersion::TLSv1_3) && !o.suites[TlsVersion::TLSv1_3].accepted.empty()) {
    // No key share at all: a TLS 1.3 server must answer with a HelloRetryRequest naming the
    // group it wants, or refuse when it supports none of those offered.
    auto spec = session.hello(TlsVersion::TLSv1_3);
    spec.suites = o.suites[TlsVersion::TLSv1_3].accepted;
    spec.key_shares.clear();
    auto& result = o.groups[TlsVersion::TLSv1_3];
    result.method = "HelloRetryRequest";
    // Hybrid (ML-KEM) groups too: a HelloRetryRequest naming one needs no key share from us.
    enumerate(session, result, spec, all_probe_groups(std::nullopt, true), "groups TLSv1.3",
              [](const obs::ServerReply& r) -> std::optional<std::uint16_t> {
                if (r.outcome == obs::Outcome::hello_retry_request) return r.key_share_group;
                return std::nullopt;
              });
  }
  // Curves are enumerated per version: what a server allows need not be the same in TLS 1.0
  // as in TLS 1.2, and a verdict on a version needs that version's own observation.
  for (auto v : {TlsVersion::TLSv1_2, TlsVersion::TLSv1_1, TlsVersion::TLSv1_0}) {
    if (!accepted(o, v)) continue;
    auto suites = kx_suites(session, v, "ECDHE");
    if (suites.empty()) continue;
    auto spec = session.hello(v);
    spec.suites = suites;
    auto& result = o.groups[v];
    result.method = "ServerKeyExchange";
    enumerate(session, result, spec, all_probe_groups(GroupFamily::ec),
              "groups " + std::string(version_name(v)),
              [](const obs::ServerReply& r) -> std::optional<std::uint16_t> {
                if (r.outcome == obs::Outcome::server_hello) return r.ske_named_group;
                return std::nullopt;
              });
  }
  if (accepted(o, TlsVersion::TLSv1_2)) enumerate_ffdhe(session, TlsVersion::TLSv1_2);
}

}  // namespace medtls::probe
