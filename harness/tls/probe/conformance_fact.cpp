// The server_hello_conformance fact: whether every ServerHello and HelloRetryRequest of the
// scan picked only what its ClientHello offered (hello_check.hpp judged each one as it came).
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
