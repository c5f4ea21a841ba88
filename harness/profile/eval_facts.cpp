// fact: a derived observation mapped by the profile onto pass / fail / warn / not_applicable.
#include <algorithm>

#include "common/text.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "words/reply.hpp"

namespace medtls::profile {

Outcome evaluate_rule(const FactRule& rule, const EvalContext& ctx) {
  Outcome o;
  o.evidence.push_back(fact_pointer(rule.fact));
  const auto it = ctx.obs.facts.find(rule.fact);
  if (it == ctx.obs.facts.end()) {
    o.state = State::undecidable;
    o.detail = rule.fact + " was not observed";
    return o;
  }
  const obs::Fact& fact = it->second;
  add_attempts(o.evidence, fact.attempts);
  o.detail = rule.fact + " " + fact.value + (fact.detail.empty() ? "" : ": " + fact.detail);
  o.detail += words::attempts_note(fact.attempts);  // probes never name attempts in their details
  if (listed(rule.pass, fact.value)) {
    o.state = State::met;
  } else if (listed(rule.fail, fact.value)) {
    o.state = State::violated;
  } else if (listed(rule.not_applicable, fact.value)) {
    o.state = State::not_applicable;
  } else if (auto w = rule.warn.find(fact.value); w != rule.warn.end()) {
    o.state = State::warn;
    o.detail += "; " + w->second;
  } else {
    // "unknown", or a value the profile does not map: never a pass without a mapping.
    o.state = State::undecidable;
    if (fact.value != "unknown") o.detail += "; this value is not mapped by the requirement";
  }
  return o;
}

}  // namespace medtls::profile
