#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "tls/probe/dh_groups.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"

namespace medtls::probe {

namespace {

constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;

bool has_hello(const obs::ServerReply& r) {
  return r.outcome == obs::Outcome::server_hello || r.outcome == obs::Outcome::hello_retry_request;
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
  auto base = base_hello(v, session.registry(), session.sni());
  std::vector<std::uint16_t> remaining = session.registry().candidates(v);

  // Round 1 is the version probe itself: it offered exactly these suites.
  int index = o.versions[v].attempts.front();
  int round = 1;
  for (;;) {
    const auto& a = o.attempts[static_cast<std::size_t>(index)];
    const auto& r = a.reply;
    std::string at = " (attempt " + std::to_string(a.index) + ")";
    result.attempts.push_back(a.index);
    if (has_hello(r) && r.version == wire_code(v)) {
      auto it = std::find(remaining.begin(), remaining.end(), r.suite);
      if (it == remaining.end()) {
        result.detail = "server chose " + format_code(r.suite) + ", which was not offered" + at;
        break;
      }
      remaining.erase(it);
      result.accepted.push_back(r.suite);
      result.kx[r.suite] = kx_text(r);
      if (r.ske_dh_p_bits)
        o.dhe.push_back({r.ske_dh_p_bits, dh_group_name(r.ske_dh_p_hex), r.suite, a.index});
    } else if (has_hello(r)) {
      result.complete = true;
      result.detail = "offered the remaining suites, the server switched to " +
                      wire_version_name(r.version) + at;
      break;
    } else if (r.outcome == obs::Outcome::alert || r.outcome == obs::Outcome::closed ||
               r.outcome == obs::Outcome::reset) {
      result.complete = true;
      result.detail = "no further suite: " +
                      (r.alert ? "alert " + alert_name(r.alert->description)
                               : std::string("connection ") + obs::outcome_name(r.outcome)) +
                      at;
      break;
    } else {
      result.detail = std::string(obs::outcome_name(r.outcome)) +
                      (r.error.empty() ? "" : " (" + r.error + ")") + at;
      break;
    }
    if (remaining.empty()) {
      result.complete = true;
      result.detail = "every candidate suite was accepted";
      break;
    }
    auto spec = base;
    spec.suites = offer(remaining, v);
    index = session.exchange("suites " + vname + " round " + std::to_string(++round), spec).index;
  }

  if (result.accepted.size() < 2) {
    result.order = result.accepted.empty() ? "none" : "single";
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
  std::string at = " (attempt " + std::to_string(a.index) + ")";
  if (has_hello(a.reply) && a.reply.suite == result.accepted.front()) {
    result.order = "server";
    result.detail +=
        "; server order: offered in reverse it still chose " + format_code(a.reply.suite) + at;
  } else if (has_hello(a.reply) && a.reply.suite == result.accepted.back()) {
    result.order = "client";
    result.detail +=
        "; client order: offered in reverse it chose our first, " + format_code(a.reply.suite) + at;
  } else {
    result.order = "unknown";
    result.detail += std::string("; order test inconclusive: ") +
                     obs::outcome_name(a.reply.outcome) +
                     (has_hello(a.reply) ? " chose " + format_code(a.reply.suite) : "") + at;
  }
}

}  // namespace medtls::probe
