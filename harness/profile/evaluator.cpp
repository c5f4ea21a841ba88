#include "profile/evaluator.hpp"

#include "profile/rule_eval.hpp"

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

}  // namespace

Result evaluate(const Profile& profile, const obs::TlsObservations& observations,
                const suites::Registry& registry, const obs::DicomObservations* dicom) {
  const EvalContext ctx{observations, registry, dicom, &profile};
  Result result{
      profile.id, profile.name, profile.section, profile.edition, profile.status, Verdict::pass,
      {}};
  bool failed = false, undecided = false;
  for (const Requirement& req : profile.requirements) {
    Outcome o = std::visit([&](const auto& rule) { return evaluate_rule(rule, ctx); }, req.rule);
    Check c = to_check(req, std::move(o));
    // An interpretation can at most warn, so it can neither fail nor hold up the profile.
    if (req.level == Level::shall && req.interpretation.empty()) {
      failed = failed || c.verdict == Verdict::fail;
      undecided = undecided || c.verdict == Verdict::inconclusive;
    }
    result.checks.push_back(std::move(c));
  }
  result.verdict = failed ? Verdict::fail : undecided ? Verdict::inconclusive : Verdict::pass;
  return result;
}

}  // namespace medtls::profile
