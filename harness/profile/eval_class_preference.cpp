// suite_class_preference: RFC 9325 §4.1 style "MUST support and prefer to negotiate cipher
// suites offering forward secrecy". Per accepted version, with `preferred` = accepted suites
// matching `prefer` and `weaker` = the others matching `over`:
// - both accepted: the server must choose a preferred suite whenever a client offers one, i.e.
//   in server order every preferred suite ranks above every weaker one; client order violates
//   (a client listing a weaker suite first gets it); an unknown order is undecidable;
// - `required`: at least one preferred suite in some listed version (TLS 1.3 suites count).
#include <algorithm>

#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "profile/suite_match.hpp"
#include "profile/version_suites.hpp"

namespace medtls::profile {

namespace {

bool match(const EvalContext& ctx, const SuiteMatch& m, std::uint16_t code) {
  const suites::CipherSuite* s = ctx.registry.find(code);
  return s != nullptr && matches(m, *s);
}

}  // namespace

Outcome evaluate_rule(const SuiteClassPreferenceRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  bool any_preferred = false, all_complete = true, any_accepted = false;
  std::vector<std::string> none_preferred;
  for (auto v : rule.versions) {
    const std::string name(version_name(v));
    const VersionSuites vs = version_suites(ctx, v, o.evidence);
    if (vs.status == VersionSuites::Status::undecided) {
      t.undecidable.push_back(vs.why);
      all_complete = false;
      continue;
    }
    if (vs.status == VersionSuites::Status::rejected) {
      t.rejected.push_back(name);
      continue;
    }
    any_accepted = true;
    const obs::SuiteResult& sr = *vs.suites;
    all_complete &= sr.complete;
    std::vector<std::uint16_t> preferred, weaker;
    for (auto code : sr.accepted) {
      if (match(ctx, rule.prefer, code))
        preferred.push_back(code);
      else if (match(ctx, rule.over, code))
        weaker.push_back(code);
    }
    any_preferred |= !preferred.empty();
    if (preferred.empty()) {
      none_preferred.push_back(name + " accepts only " +
                               suite_labels(ctx.registry, weaker.empty() ? sr.accepted : weaker));
      if (!sr.complete) t.undecidable.push_back(name + ": " + incomplete_note(sr));
      continue;
    }
    if (weaker.empty()) {
      if (sr.complete)
        t.met.push_back(name + ": every accepted suite is of the preferred kind (" +
                        codes_text(preferred) + ")");
      else
        t.undecidable.push_back(name + ": nothing weaker seen, but " + incomplete_note(sr));
      continue;
    }
    if (sr.order == obs::SuiteOrder::server || sr.order == obs::SuiteOrder::single) {
      // accepted is in the server's order; a weaker suite above a preferred one wins whenever a
      // client offers both.
      const auto last_preferred =
          std::find(sr.accepted.begin(), sr.accepted.end(), preferred.back());
      std::vector<std::uint16_t> above;
      for (auto it = sr.accepted.begin(); it != last_preferred; ++it)
        if (std::find(weaker.begin(), weaker.end(), *it) != weaker.end()) above.push_back(*it);
      if (!above.empty())
        t.violated.push_back(name + ": the server's order puts " +
                             suite_labels(ctx.registry, above) + " above " + codes_text(preferred) +
                             " (of the preferred kind)");
      else
        t.met.push_back(name + ": the server's order ranks " + codes_text(preferred) + " above " +
                        codes_text(weaker));
    } else if (sr.order == obs::SuiteOrder::client) {
      t.violated.push_back(name + ": the server follows the client's order, so a client listing " +
                           suite_labels(ctx.registry, weaker) + " first gets it instead of " +
                           codes_text(preferred));
    } else {
      t.undecidable.push_back(name + ": the server's suite order is " + sr.order +
                              ", so its preference between " + codes_text(preferred) + " and " +
                              codes_text(weaker) + " cannot be judged");
    }
  }
  // A version without any preferred suite, while another has them, is shown, not judged here.
  if (any_preferred)
    for (const auto& n : none_preferred) t.met.push_back(n + " (none of the preferred kind)");
  if (!rule.required && !any_preferred)
    for (const auto& n : none_preferred) t.not_applicable.push_back(n);
  if (rule.required && any_accepted && !any_preferred) {
    const std::string text = join(none_preferred, "; ") + ": no suite of the required kind";
    if (all_complete)
      t.violated.push_back(text);
    else
      t.undecidable.push_back(text + " seen so far");
  }
  return t.fold(std::move(o), "");
}

}  // namespace medtls::profile
