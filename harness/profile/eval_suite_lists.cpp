// Rules over the accepted suites of each version: suites_required, suites_allowed,
// suites_forbidden, suites_optional.
#include <algorithm>

#include "common/codes.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "profile/suite_match.hpp"
#include "profile/version_suites.hpp"

namespace medtls::profile {

namespace {

using Codes = std::vector<std::uint16_t>;

bool has(const Codes& codes, std::uint16_t c) {
  return std::find(codes.begin(), codes.end(), c) != codes.end();
}

// Elements of a that are (in) or are not (!in) in b, in a's order.
Codes filter(const Codes& a, const Codes& b, bool in) {
  Codes out;
  for (auto c : a)
    if (has(b, c) == in) out.push_back(c);
  return out;
}

// Whether any registry suite the match selects can be negotiated in v. A version that cannot
// carry an offending suite (RC4 in TLS 1.3) need not be decided for the rule to be.
bool could_match(const SuiteMatch& match, const suites::Registry& registry, TlsVersion v) {
  const auto& all = registry.all();
  return std::any_of(all.begin(), all.end(), [&](const suites::CipherSuite& s) {
    return !s.scsv && s.tls13 == (v == TlsVersion::TLSv1_3) &&
           wire_code(s.min_version) <= wire_code(v) && matches(match, s);
  });
}

std::string count_text(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// The accepted suites of v, or nullptr after tallying an undecided version (undecidable) or a
// refused one (rejected), which every closed-list, forbidden and optional rule treats alike.
const obs::SuiteResult* judgeable_suites(const EvalContext& ctx, TlsVersion v, Outcome& o,
                                         Tally& t) {
  const VersionSuites vs = version_suites(ctx, v, o.evidence);
  if (vs.status == VersionSuites::Status::undecided) t.undecidable.push_back(vs.why);
  if (vs.status == VersionSuites::Status::rejected) t.rejected.emplace_back(version_name(v));
  return vs.status == VersionSuites::Status::accepted ? vs.suites : nullptr;
}

}  // namespace

namespace {

// For only_if_any: whether an accepted suite of the listed versions is selected by the match.
// Returns "" when one is (the requirement applies), else the reason it does not apply, with
// `decided` false when an incomplete or undecided enumeration leaves it open.
std::string condition_unmet(const SuitesRequiredRule& rule, const EvalContext& ctx,
                            std::vector<std::string>& evidence, bool& decided) {
  decided = true;
  std::vector<std::string> open;
  for (auto v : rule.versions) {
    const VersionSuites vs = version_suites(ctx, v, evidence);
    if (vs.status == VersionSuites::Status::undecided) {
      open.push_back(vs.why);
      continue;
    }
    if (vs.status == VersionSuites::Status::rejected) continue;
    for (auto c : vs.suites->accepted)
      if (const auto* s = ctx.registry.find(c); s && matches(*rule.only_if_any, *s)) return "";
    if (!vs.suites->complete) open.push_back(incomplete_note(*vs.suites));
  }
  decided = open.empty();
  std::vector<std::string> names;
  for (auto v : rule.versions) names.emplace_back(version_name(v));
  return decided ? "no accepted suite of " + join(names, ", ") +
                       " has the feature that makes these suites required"
                 : "whether an accepted suite has the feature that makes these suites required "
                   "is not known: " +
                       join(open, "; ");
}

}  // namespace

Outcome evaluate_rule(const SuitesRequiredRule& rule, const EvalContext& ctx) {
  Outcome o;
  if (rule.only_if_any) {
    bool decided = true;
    const std::string why = condition_unmet(rule, ctx, o.evidence, decided);
    if (!why.empty()) {
      o.state = decided ? State::not_applicable : State::undecidable;
      o.detail = why;
      return o;
    }
  }
  Tally t;
  std::vector<std::string> refusals;
  for (auto v : rule.versions) {
    const VersionSuites vs = version_suites(ctx, v, o.evidence);
    const std::string name(version_name(v));
    if (vs.status == VersionSuites::Status::undecided) {
      t.undecidable.push_back(vs.why);
      continue;
    }
    if (vs.status == VersionSuites::Status::rejected) {
      refusals.push_back(vs.why);
      continue;
    }
    const auto& accepted = vs.suites->accepted;
    const Codes present = filter(rule.suites, accepted, true);
    const Codes missing = filter(rule.suites, accepted, false);
    const bool complete = vs.suites->complete;
    if (rule.all) {
      if (missing.empty() && rule.suites.size() == 1)
        t.met.push_back(name + " accepts the required suite " +
                        suite_label(ctx.registry, rule.suites.front()));
      else if (missing.empty())
        t.met.push_back(name + " accepts all " + count_text(rule.suites.size(), "required suite") +
                        " (" + codes_text(rule.suites) + ")");
      else if (!complete)
        t.undecidable.push_back(name + ": not seen " + suite_labels(ctx.registry, missing) + "; " +
                                incomplete_note(*vs.suites));
      else
        t.violated.push_back(name + " is missing " + suite_labels(ctx.registry, missing));
    } else {
      if (!present.empty())
        t.met.push_back(name + " accepts " + suite_labels(ctx.registry, present));
      else if (!complete)
        t.undecidable.push_back(name + ": none of " + codes_text(rule.suites) + " seen; " +
                                incomplete_note(*vs.suites));
      else
        t.violated.push_back(name + " accepts none of " + suite_labels(ctx.registry, rule.suites));
    }
  }
  // One version that has them is enough: the rule asks for availability, not for every version.
  if (!t.met.empty()) {
    o.state = State::met;
    o.detail = t.met.front();
  } else if (!t.undecidable.empty()) {
    o.state = State::undecidable;
    o.detail =
        join({join(t.undecidable, "; "), join(t.violated, "; "), join(refusals, "; ")}, "; ");
  } else if (!t.violated.empty()) {
    o.state = State::violated;
    o.detail = join({join(t.violated, "; "), join(refusals, "; ")}, "; ");
  } else if (rule.only_if_accepted) {
    o.state = State::not_applicable;
    o.detail = join(refusals, "; ") + "; the requirement applies only when the version is accepted";
  } else {
    o.state = State::violated;
    o.detail = join(refusals, "; ") + ", so none of the required suites (" +
               codes_text(rule.suites) + ") is available";
  }
  return o;
}

Outcome evaluate_rule(const SuitesAllowedRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    const obs::SuiteResult* suites = judgeable_suites(ctx, v, o, t);
    if (!suites) continue;
    const std::string name(version_name(v));
    if (const Codes extra = filter(suites->accepted, rule.suites, false); !extra.empty()) {
      // Seeing one is proof enough, complete enumeration or not.
      t.violated.push_back(name + " accepts suites outside the permitted list: " +
                           suite_labels(ctx.registry, extra));
    } else if (!suites->complete) {
      t.undecidable.push_back(name + ": the " + count_text(suites->accepted.size(), "suite") +
                              " seen are permitted, but " + incomplete_note(*suites));
    } else {
      t.met.push_back(name + ": all " + count_text(suites->accepted.size(), "accepted suite") +
                      " are on the permitted list");
    }
  }
  return t.fold(std::move(o), "no suite to judge");
}

Outcome evaluate_rule(const SuitesForbiddenRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    if (!could_match(rule.match, ctx.registry, v)) continue;
    const obs::SuiteResult* suites = judgeable_suites(ctx, v, o, t);
    if (!suites) continue;
    const std::string name(version_name(v));
    Codes offending, unknown;
    for (auto code : suites->accepted) {
      const suites::CipherSuite* s = ctx.registry.find(code);
      if (!s)
        unknown.push_back(code);
      else if (matches(rule.match, *s))
        offending.push_back(code);
    }
    // In server order the first accepted suite is what a client offering everything gets.
    const bool first =
        !offending.empty() && offending.front() == suites->accepted.front() &&
        (suites->order == obs::SuiteOrder::server || suites->order == obs::SuiteOrder::single);
    if (!offending.empty())
      t.violated.push_back(
          name + " accepts " + suite_labels(ctx.registry, offending) +
          (first ? " (" + format_code(offending.front()) + " is the server's first choice)" : ""));
    else if (!unknown.empty())
      t.undecidable.push_back(name + " accepts " + codes_text(unknown) +
                              ", not in the registry, so their attributes are unknown");
    else if (!suites->complete)
      t.undecidable.push_back(name + ": none of the " +
                              count_text(suites->accepted.size(), "suite") + " seen matches, but " +
                              incomplete_note(*suites));
    else
      t.met.push_back(name + ": none of the " +
                      count_text(suites->accepted.size(), "accepted suite") + " matches");
  }
  return t.fold(std::move(o), "no suite to judge");
}

Outcome evaluate_rule(const SuitesOptionalRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    const obs::SuiteResult* suites = judgeable_suites(ctx, v, o, t);
    if (!suites) continue;
    const std::string name(version_name(v));
    const Codes present = filter(rule.suites, suites->accepted, true);
    std::string text = name + " accepts " + std::to_string(present.size()) + " of " +
                       count_text(rule.suites.size(), "optional suite") +
                       (present.empty() ? "" : ": " + suite_labels(ctx.registry, present));
    if (suites->complete)
      t.met.push_back(std::move(text));
    else
      t.undecidable.push_back(text + "; " + incomplete_note(*suites));
  }
  return t.fold(std::move(o), "no suite to report");
}

}  // namespace medtls::profile
