#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/dh_groups.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

namespace {

constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;

// Suites are accepted by ServerHellos only: a HelloRetryRequest names a suite but does not show
// that a handshake with it can go on (the TLS 1.3 hellos carry the key share the server asked
// for, so a lawful server answers them with ServerHellos).
bool has_hello(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::server_hello;
}

// What the key exchange of the chosen suite looked like in this reply.
std::string kx_text(const obs::ServerReply& r) {
  if (r.key_share_group)
    return group_name(*r.key_share_group) +
           (r.outcome == obs::Outcome::hello_retry_request ? " (HelloRetryRequest)" : "");
  if (r.ske_named_group) return group_name(*r.ske_named_group);
  if (r.ske_dh_p_bits) {
    auto name = dh_group_name(r.ske_dh_p_hex);
    return "DHE " + std::to_string(r.ske_dh_p_bits) + "-bit" + (name.empty() ? "" : " " + name);
  }
  return "";
}

std::vector<std::uint16_t> offer(const std::vector<std::uint16_t>& suites, TlsVersion v) {
  auto out = suites;
  if (v == TlsVersion::SSLv3) out.push_back(kEmptyRenegotiationInfoScsv);
  return out;
}

}  // namespace

void enumerate_suites(Session& session, TlsVersion v) {
  auto& o = session.observations();
  auto& result = o.suites[v];
  const std::string vname(version_name(v));
  auto base = session.hello(v);
  std::vector<std::uint16_t> remaining = session.registry().candidates(v);

  // Round 1 is the version probe itself (its last attempt, after any HelloRetryRequest): it
  // offered exactly these suites.
  int index = o.versions[v].attempts.back();
  int round = 1;
  auto last_spec = base;    // what the attempt at `index` offered
  bool confirming = false;  // the attempt at `index` repeats a refused hello
  std::string flaky;        // set when a repeated hello was answered differently
  for (;;) {
    const auto& a = o.attempts[static_cast<std::size_t>(index)];
    const auto& r = a.reply;
    result.attempts.push_back(a.index);
    if (has_hello(r) && r.version == wire_code(v)) {
      auto it = std::find(remaining.begin(), remaining.end(), r.suite);
      if (it == remaining.end()) {  // hello_check makes this a protocol violation first
        result.detail = "the server chose " + format_code(r.suite) + ", which was not offered";
        break;
      }
      remaining.erase(it);
      result.accepted.push_back(r.suite);
      result.kx[r.suite] = kx_text(r);
      if (r.ske_dh_p_bits)
        o.dhe.push_back({r.ske_dh_p_bits, dh_group_name(r.ske_dh_p_hex), r.suite, a.index});
    } else if ((has_hello(r) || is_refusal(r)) && !confirming) {
      // "Nothing more" is believed only when the same hello gets it twice.
      confirming = true;
      index = session
                  .exchange("suites " + vname + " round " + std::to_string(round) +
                                " again (confirms the end)",
                            last_spec)
                  .index;
      continue;
    } else if (has_hello(r)) {
      result.complete = true;
      result.detail =
          "offered the remaining suites, the server switched to " + wire_version_name(r.version);
      break;
    } else if (is_refusal(r)) {
      result.complete = true;
      result.detail = "no further suite: " + words::describe_reply(a) + " (twice)";
      break;
    } else {
      result.detail = "enumeration cut short: " + words::describe_reply(a);
      break;
    }
    if (remaining.empty()) {
      result.complete = true;
      result.detail = "every candidate suite was accepted";
      break;
    }
    if (confirming)
      flaky = "; the server answered the same ClientHello differently (attempts " +
              std::to_string(result.attempts[result.attempts.size() - 2]) + " and " +
              std::to_string(a.index) + "): its refusals are not reliable";
    confirming = false;
    last_spec = base;
    last_spec.suites = offer(remaining, v);
    index =
        session.exchange("suites " + vname + " round " + std::to_string(++round), last_spec).index;
  }
  result.detail += flaky;

  if (result.accepted.size() < 2) {
    result.order = result.accepted.empty() ? obs::SuiteOrder::none : obs::SuiteOrder::single;
    return;
  }
  // The server has its own order if it picks the same suite when offered the accepted ones in
  // reverse. Each round then picked its most preferred remaining suite, so `accepted` is
  // already in server order; with client order it is in our (registry) offer order.
  auto spec = base;
  std::vector<std::uint16_t> reversed(result.accepted.rbegin(), result.accepted.rend());
  spec.suites = offer(reversed, v);
  const auto& a = session.exchange("suite order " + vname, spec);
  result.attempts.push_back(a.index);
  if (has_hello(a.reply) && a.reply.suite == result.accepted.front()) {
    result.order = obs::SuiteOrder::server;
    result.detail +=
        "; server order: offered in reverse it still chose " + format_code(a.reply.suite);
  } else if (has_hello(a.reply) && a.reply.suite == result.accepted.back()) {
    result.order = obs::SuiteOrder::client;
    result.detail +=
        "; client order: offered in reverse it chose our first, " + format_code(a.reply.suite);
  } else {
    result.order = obs::SuiteOrder::unknown;
    result.detail += "; order test inconclusive: " + words::describe_reply(a);
  }
}

}  // namespace medtls::probe
