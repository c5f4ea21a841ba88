// groups_required: every listed group among those each accepted listed version supports
// (obs.groups, from the group enumeration). A group not seen fails only when the enumeration
// was complete. groups_families: every supported group of an allowed family.
#include <algorithm>

#include "common/tls_names.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "profile/version_suites.hpp"

namespace medtls::profile {

Outcome evaluate_rule(const GroupsRequiredRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    const std::string name(version_name(v));
    add_unique(o.evidence, version_pointer(v));
    const auto vr = ctx.obs.versions.find(v);
    if (vr == ctx.obs.versions.end() || vr->second.status == obs::VersionStatus::inconclusive) {
      t.undecidable.push_back(name + " support is undecided");
      continue;
    }
    if (vr->second.status == obs::VersionStatus::rejected) {
      t.rejected.push_back(name);
      continue;
    }
    const auto g = ctx.obs.groups.find(v);
    if (g == ctx.obs.groups.end()) {
      t.undecidable.push_back(name + " accepted, but its groups were not enumerated");
      continue;
    }
    add_unique(o.evidence, groups_pointer(v));
    std::vector<std::string> missing, seen;
    for (auto code : rule.groups) {
      const bool found = std::find(g->second.supported.begin(), g->second.supported.end(), code) !=
                         g->second.supported.end();
      (found ? seen : missing).push_back(group_name(code));
    }
    if (missing.empty())
      t.met.push_back(name + " supports " + join(seen, ", "));
    else if (g->second.complete)
      t.violated.push_back(name + " does not support " + join(missing, ", ") +
                           " (enumerated: " + g->second.detail + ")");
    else
      t.undecidable.push_back(name + ": " + join(missing, ", ") +
                              " not seen, but the enumeration was cut short (" + g->second.detail +
                              ")");
  }
  return t.fold(std::move(o), "");
}

namespace {

// The accepted version's enumerated groups, or why there are none to judge (into `t`).
const obs::GroupResult* version_groups(const EvalContext& ctx, TlsVersion v, Tally& t,
                                       std::vector<std::string>& evidence) {
  const std::string name(version_name(v));
  add_unique(evidence, version_pointer(v));
  const auto vr = ctx.obs.versions.find(v);
  if (vr == ctx.obs.versions.end() || vr->second.status == obs::VersionStatus::inconclusive) {
    t.undecidable.push_back(name + " support is undecided");
    return nullptr;
  }
  if (vr->second.status == obs::VersionStatus::rejected) {
    t.rejected.push_back(name);
    return nullptr;
  }
  const auto g = ctx.obs.groups.find(v);
  if (g == ctx.obs.groups.end()) {
    t.undecidable.push_back(name + " accepted, but its groups were not enumerated");
    return nullptr;
  }
  add_unique(evidence, groups_pointer(v));
  return &g->second;
}

}  // namespace

Outcome evaluate_rule(const GroupFamiliesRule& rule, const EvalContext& ctx) {
  Outcome o;
  Tally t;
  for (auto v : rule.versions) {
    const auto* g = version_groups(ctx, v, t, o.evidence);
    if (g == nullptr) continue;
    const std::string name(version_name(v));
    std::vector<std::string> outside, unknown;
    for (auto code : g->supported) {
      const auto found = find_group(code);
      if (!found)
        unknown.push_back(group_name(code));
      else if (std::find(rule.allowed.begin(), rule.allowed.end(), found->family) ==
               rule.allowed.end())
        outside.push_back(group_name(code) + " (" + found->family + ")");
    }
    if (!outside.empty())
      t.violated.push_back(name + " supports " + join(outside, ", ") + ", outside " +
                           join(names_of(rule.allowed), ", "));
    else if (!unknown.empty())
      t.undecidable.push_back(name + " supports " + join(unknown, ", ") +
                              ", whose family is not known");
    else if (!g->complete)
      t.undecidable.push_back(name + ": the group enumeration was cut short (" + g->detail + ")");
    else
      t.met.push_back(name + " supports only " + join(names_of(rule.allowed), ", ") + " groups (" +
                      g->detail + ")");
  }
  return t.fold(std::move(o), "");
}

}  // namespace medtls::profile
