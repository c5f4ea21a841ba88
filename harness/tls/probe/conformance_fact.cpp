// Facts derived from the whole scan: server_hello_conformance (whether every ServerHello and
// HelloRetryRequest picked only what its ClientHello offered; hello_check.hpp judged each one as
// it came) and early_data (whether a TLS 1.3 NewSessionTicket invites 0-RTT).
#include <algorithm>

#include "common/text.hpp"
#include "tls/probe/steps.hpp"

namespace medtls::probe {

void note_protocol_conformance(Session& session) {
  auto& o = session.observations();
  auto& fact = o.facts["server_hello_conformance"];
  std::vector<int> lawful, broken;
  int retries = 0;  // lawful HelloRetryRequests: they show no choice the handshake goes on with
  std::vector<std::string> what;
  for (const auto& a : o.attempts) {
    switch (a.reply.outcome) {
      case obs::Outcome::protocol_violation:
        broken.push_back(a.index);
        for (const auto& v : a.reply.violations)
          if (what.size() < 6 && std::find(what.begin(), what.end(), v) == what.end())
            what.push_back(v);
        break;
      case obs::Outcome::server_hello:
        if (!a.sent.suites.empty()) lawful.push_back(a.index);  // raw hellos only
        break;
      case obs::Outcome::hello_retry_request:
        ++retries;
        break;
      default:
        break;
    }
  }
  if (!broken.empty()) {
    fact = {"violations",
            std::to_string(broken.size()) + " of " + std::to_string(broken.size() + lawful.size()) +
                " ServerHellos and HelloRetryRequests picked what was not offered or broke a "
                "rule: " +
                join(what, "; "),
            broken};
  } else if (!lawful.empty()) {
    fact = {"conformant",
            "each of " + std::to_string(lawful.size()) +
                " ServerHellos picked only what its ClientHello offered",
            {}};
  } else {
    fact = {"not_applicable",
            "no ServerHello to check" +
                (retries > 0 ? " (only " + std::to_string(retries) + " HelloRetryRequests)"
                             : std::string()),
            {}};
  }
}

}  // namespace medtls::probe

namespace medtls::probe {

// early_data: the TLS 1.3 handshakes waited for the server's NewSessionTickets (handshake_options
// sets await_session_ticket); a ticket whose early_data extension allows any bytes invites 0-RTT.
void note_early_data(Session& session) {
  auto& o = session.observations();
  auto& fact = o.facts["early_data"];
  if (!accepted(o, TlsVersion::TLSv1_3)) {
    const bool refused = o.versions[TlsVersion::TLSv1_3].status == obs::VersionStatus::rejected;
    fact = {refused ? "not_applicable" : "unknown",
            refused ? "TLS 1.3 is refused" : "TLS 1.3 support is undecided",
            {}};
    return;
  }
  std::vector<int> offered, plain, silent;
  std::uint32_t largest = 0;
  for (const auto& a : o.attempts) {
    if (a.reply.version != 0x0304 || !a.sent.suites.empty()) continue;  // OpenSSL TLS 1.3 only
    if (a.reply.session_tickets > 0) {
      (a.reply.ticket_max_early_data > 0 ? offered : plain).push_back(a.index);
      largest = std::max(largest, a.reply.ticket_max_early_data);
    } else if (a.reply.outcome == obs::Outcome::server_hello && !a.reply.cut_short &&
               !a.reply.alert) {  // refused after our Finished (client auth): no ticket due
      silent.push_back(a.index);
    }
  }
  if (!offered.empty())
    fact = {"offered",
            "a NewSessionTicket allows " + std::to_string(largest) +
                " bytes of early data (max_early_data_size): the server would accept 0-RTT",
            offered};
  else if (!plain.empty())
    fact = {"not_offered",
            "NewSessionTickets from " + std::to_string(plain.size()) +
                " TLS 1.3 handshake(s), none with early_data",
            plain};
  else
    fact = {"unknown",
            silent.empty() ? "no TLS 1.3 handshake completed"
                           : "no NewSessionTicket arrived after " + std::to_string(silent.size()) +
                                 " completed TLS 1.3 handshake(s), so whether the server would "
                                 "offer 0-RTT is not known",
            silent};
}

}  // namespace medtls::probe
