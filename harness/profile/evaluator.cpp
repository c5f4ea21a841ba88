#include "profile/evaluator.hpp"

#include "profile/rule_eval.hpp"

#include <functional>
#include <optional>
#include <string>

namespace medtls::profile {

namespace {

// Level turns what a rule concluded into a verdict. A violated interpretation warns: the
// harness must not fail a device on a reading of the text it cannot be sure of.
Check to_check(const Requirement& req, Outcome o) {
  Check c{req.id,
          req.title,
          req.level,
          Verdict::inconclusive,
          std::move(o.detail),
          req.cite,
          req.note,
          std::move(o.evidence)};
  switch (o.state) {
    case State::met:
      c.verdict = Verdict::pass;
      break;
    case State::undecidable:
      c.verdict = Verdict::inconclusive;
      break;
    case State::not_applicable:
      c.verdict = Verdict::not_applicable;
      break;
    case State::warn:
      c.verdict = Verdict::warn;
      break;
    case State::violated:
      if (!req.interpretation.empty()) {
        c.verdict = Verdict::warn;
        c.detail += "; reported as a warning: " + req.interpretation;
      } else if (req.level == Level::shall) {
        c.verdict = Verdict::fail;
      } else if (req.level == Level::should) {
        c.verdict = Verdict::warn;
      } else {
        // may: the profile allows not doing it. Not a pass (nothing was shown), not a warning.
        c.verdict = Verdict::not_applicable;
        c.detail += "; optional (may): not done, which the profile allows";
      }
      break;
  }
  return c;
}

// Judges the requirements of `role` only; a profile with none for that role stays undecided
// (it has nothing to say about the device, which is not a pass).
Result judge(const Profile& profile, const EvalContext& ctx, obs::Role role,
             const std::function<std::optional<Outcome>(const Requirement&)>& pre_empt) {
  Result result{
      profile.id, profile.name, profile.section, profile.edition, profile.status, Verdict::pass,
      {}};
  bool failed = false, undecided = false, any = false;
  for (const Requirement& req : profile.requirements) {
    if (req.role != role) continue;
    any = true;
    std::optional<Outcome> o = pre_empt ? pre_empt(req) : std::nullopt;
    if (!o) o = std::visit([&](const auto& rule) { return evaluate_rule(rule, ctx); }, req.rule);
    Check c = to_check(req, std::move(*o));
    // An interpretation can at most warn, so it can neither fail nor hold up the profile.
    if (req.level == Level::shall && req.interpretation.empty()) {
      failed = failed || c.verdict == Verdict::fail;
      undecided = undecided || c.verdict == Verdict::inconclusive;
    }
    result.checks.push_back(std::move(c));
  }
  result.verdict = failed                ? Verdict::fail
                   : (undecided || !any) ? Verdict::inconclusive
                                         : Verdict::pass;
  return result;
}

}  // namespace

Result evaluate(const Profile& profile, const obs::TlsObservations& observations,
                const suites::Registry& registry, const obs::DicomObservations* dicom) {
  const EvalContext ctx{observations, registry, dicom, &profile, nullptr};
  return judge(profile, ctx, obs::Role::server, nullptr);
}

Result evaluate_client(const Profile& profile, const obs::ClientRoleObservations& client,
                       const suites::Registry& registry) {
  obs::TlsObservations certificate_only;
  certificate_only.certificate = client.client_certificate;
  const EvalContext ctx{certificate_only, registry, nullptr, &profile, &client};
  const bool presented = !client.client_certificate.chain.empty();
  // A certificate rule judges the certificate a client presented; a client that presented none
  // is not bound by it (whether it must present one is the client_certificate rule's question).
  return judge(profile, ctx, obs::Role::client,
               [&](const Requirement& req) -> std::optional<Outcome> {
                 if (presented || std::string(rule_type(req.rule)).rfind("certificate_", 0) != 0)
                   return std::nullopt;
                 return Outcome{State::not_applicable,
                                "the device presented no client certificate",
                                {"client_certificate"}};
               });
}

}  // namespace medtls::profile
