// suite_preference: RFC 9325 §4.2.1 style "prefer X over weaker suites whenever offered".
#include <algorithm>

#include "common/codes.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "profile/suite_match.hpp"
#include "profile/version_suites.hpp"

namespace medtls::profile {

namespace {

// One version's conclusion, added to the tally.
void judge(const SuitePreferenceRule& rule, const EvalContext& ctx, TlsVersion v,
           const obs::SuiteResult& sr, Tally& t) {
  const std::string name(version_name(v));
  const std::string prefer = format_code(rule.prefer);
  const auto& accepted = sr.accepted;
  std::vector<std::uint16_t> weaker;
  for (auto code : accepted) {
    const suites::CipherSuite* s = ctx.registry.find(code);
    if (code != rule.prefer && s && matches(rule.over, *s)) weaker.push_back(code);
  }
  const auto pos = std::find(accepted.begin(), accepted.end(), rule.prefer);
  if (pos == accepted.end()) {
    if (sr.complete)
      t.not_applicable.push_back(name + " does not accept " +
                                 suite_label(ctx.registry, rule.prefer));
    else
      t.undecidable.push_back(name + ": " + prefer + " not seen; " + incomplete_note(sr));
    return;
  }
  if (sr.order == obs::SuiteOrder::server || sr.order == obs::SuiteOrder::single) {
    // Server order lists suites best first, and an enumeration cut short only misses the tail,
    // so every suite not seen ranks below the preferred one.
    std::vector<std::uint16_t> above;
    for (auto it = accepted.begin(); it != pos; ++it)
      if (std::find(weaker.begin(), weaker.end(), *it) != weaker.end()) above.push_back(*it);
    if (!above.empty())
      t.violated.push_back(name + ": the server's order puts " + suite_labels(ctx.registry, above) +
                           " above " + prefer);
    else if (!weaker.empty())
      t.met.push_back(name + ": the server's order ranks " + prefer + " above " +
                      codes_text(weaker));
    else if (!sr.complete)
      t.met.push_back(name + ": the server's order ranks " + prefer +
                      " above every suite not enumerated");
    else
      t.not_applicable.push_back(name + " accepts nothing weaker than " + prefer);
  } else if (sr.order == obs::SuiteOrder::client) {
    if (!weaker.empty())
      t.violated.push_back(name + ": the server follows the client's order, so a client listing " +
                           suite_labels(ctx.registry, weaker) + " first gets it instead of " +
                           prefer);
    else if (sr.complete)
      t.not_applicable.push_back(name + " accepts nothing weaker than " + prefer);
    else
      t.undecidable.push_back(name + ": nothing weaker seen, but " + incomplete_note(sr));
  } else if (weaker.empty() && sr.complete) {
    t.not_applicable.push_back(name + " accepts nothing weaker than " + prefer);
  } else {
    t.undecidable.push_back(name + ": the server's suite order is " + sr.order +
                            ", so its preference cannot be judged");
  }
}

}  // namespace

Outcome evaluate_rule(const SuitePreferenceRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    const VersionSuites vs = version_suites(ctx, v, o.evidence);
    if (vs.status == VersionSuites::Status::undecided)
      t.undecidable.push_back(vs.why);
    else if (vs.status == VersionSuites::Status::rejected)
      t.rejected.push_back(std::string(version_name(v)));
    else
      judge(rule, ctx, v, *vs.suites, t);
  }
  return t.fold(std::move(o), "");
}

}  // namespace medtls::profile
