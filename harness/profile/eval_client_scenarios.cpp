// Client-role rules over what the device did with the scenarios served to it, the connections
// it opened in cleartext and the certificate it presented (client_model.hpp).
#include <algorithm>
#include <string>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "common/tls_version.hpp"
#include "profile/client_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"

namespace medtls::profile {

namespace {

std::string scenario_evidence(std::size_t index) {
  return "scenarios[" + std::to_string(index) + "]";
}

std::string alert_words(const std::optional<std::uint8_t>& alert) {
  return alert ? "a " + alert_name(*alert) + " alert" : "a close without an alert";
}

std::string where(obs::ClientEnd end) {
  switch (end) {
    case obs::ClientEnd::during_handshake:
      return " during the handshake";
    case obs::ClientEnd::after_handshake:
      return " after completing the handshake";
    case obs::ClientEnd::none:
      break;
  }
  return "";
}

// The accepted `good` scenario that makes refusals meaningful, if any.
const obs::ScenarioResult* accepted_good(const obs::ClientRoleObservations& c) {
  for (const auto& s : c.scenarios)
    if (s.id == obs::ClientScenario::good && s.outcome == obs::ScenarioOutcome::accepted) return &s;
  return nullptr;
}

}  // namespace

Outcome evaluate_rule(const ClientRefusesRule& rule, const EvalContext& ctx) {
  if (!ctx.client)
    return {State::not_applicable, "the device was not tested in its client role", {}};
  const auto& c = *ctx.client;
  std::vector<std::string> violations, open, refused;
  std::vector<std::string> evidence;
  int not_applicable = 0;
  for (auto wanted : rule.scenarios) {
    bool served = false;
    for (std::size_t i = 0; i < c.scenarios.size(); ++i) {
      const auto& s = c.scenarios[i];
      if (s.id != wanted) continue;
      served = true;
      const std::string id = name_of(s.id);
      switch (s.outcome) {
        case obs::ScenarioOutcome::accepted: {
          std::string what = id + ": accepted";
          if (s.version != 0)
            what += " (" + wire_version_name(s.version) +
                    (s.suite ? " " + format_code(s.suite) : std::string()) + ")";
          if (s.association)
            what += " and then sent an A-ASSOCIATE-RQ";
          else if (s.data_bytes > 0)
            what += " and then sent " + std::to_string(s.data_bytes) + " bytes of data";
          violations.push_back(what);
          evidence.push_back(scenario_evidence(i));
          break;
        }
        case obs::ScenarioOutcome::refused:
          if (rule.alert && s.alert != rule.alert) {
            violations.push_back(id + ": refused with " + alert_words(s.alert) + where(s.ended) +
                                 ", not " + alert_name(*rule.alert));
            evidence.push_back(scenario_evidence(i));
          } else {
            refused.push_back(id + " (" + alert_words(s.alert) + where(s.ended) + ")");
          }
          break;
        case obs::ScenarioOutcome::not_applicable:
          ++not_applicable;
          break;
        case obs::ScenarioOutcome::no_connection:
        case obs::ScenarioOutcome::cleartext:
          open.push_back(id + ": the device did not connect over TLS while it was served");
          break;
        case obs::ScenarioOutcome::error:
          open.push_back(id + ": medtls could not serve it");
          break;
      }
    }
    if (!served) open.push_back(name_of(wanted) + ": not served in this run");
  }
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
    return out;
  };
  const auto* good = accepted_good(c);
  if (!violations.empty()) return {State::violated, join(violations), evidence};
  if (!good && !refused.empty())
    return {State::undecidable,
            "the device refused the good scenario too (a valid chain for " +
                (c.server_name.empty() ? std::string("the listener") : c.server_name) +
                ") or was not served it, so its refusals show nothing: configure it to trust the "
                "listener's CA and run again",
            {"scenarios"}};
  if (!open.empty()) return {State::undecidable, join(open), {"scenarios"}};
  if (refused.empty())
    return {State::not_applicable, "no scenario of this rule applied to the device", {"scenarios"}};
  return {State::met, "refused " + join(refused), {"scenarios"}};
}

Outcome evaluate_rule(const ClientNoCleartextRule&, const EvalContext& ctx) {
  if (!ctx.client)
    return {State::not_applicable, "the device was not tested in its client role", {}};
  const auto& c = *ctx.client;
  for (std::size_t i = 0; i < c.cleartext.size(); ++i) {
    const auto& k = c.cleartext[i];
    if (k.start == obs::ConnectionStart::silent || k.start == obs::ConnectionStart::closed ||
        k.start == obs::ConnectionStart::tls)
      continue;
    std::string what = "connection " + std::to_string(k.connection) + " began in cleartext (" +
                       name_of(k.start) + ", " + std::to_string(k.bytes) + " bytes";
    if (k.pdu_type) what += ", DICOM PDU type " + std::to_string(*k.pdu_type);
    what += ")";
    if (k.after_failed_handshake)
      what += " after a failed TLS handshake: it falls back to cleartext";
    return {State::violated, what, {"cleartext[" + std::to_string(i) + "]"}};
  }
  if (c.client_hellos.empty())
    return {State::undecidable, "the device opened no TLS connection", {"client_hellos"}};
  return {State::met,
          "every connection that carried data began with a TLS handshake (" +
              std::to_string(c.client_hellos.size()) + " ClientHello(s))",
          {"client_hellos", "cleartext"}};
}

Outcome evaluate_rule(const ClientCertificateRule&, const EvalContext& ctx) {
  if (!ctx.client)
    return {State::not_applicable, "the device was not tested in its client role", {}};
  const auto& c = *ctx.client;
  bool handshake = false;
  for (std::size_t i = 0; i < c.scenarios.size(); ++i) {
    const auto& s = c.scenarios[i];
    if (s.client_certificate)
      return {State::met,
              "the device presented a client certificate (scenario " + name_of(s.id) + ")",
              {scenario_evidence(i), "client_certificate"}};
    handshake = handshake || s.outcome == obs::ScenarioOutcome::accepted;
  }
  if (!handshake)
    return {State::undecidable,
            "no handshake completed, so no certificate request was answered",
            {"scenarios"}};
  return {State::violated,
          "the device completed handshakes without presenting a certificate when asked for one",
          {"scenarios"}};
}

}  // namespace medtls::profile
