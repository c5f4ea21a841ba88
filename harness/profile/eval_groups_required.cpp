// groups_required: every listed group among those each accepted listed version supports
// (obs.groups, from the group enumeration). A group not seen fails only when the enumeration
// was complete.
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
    if (vr == ctx.obs.versions.end() || vr->second.status == "inconclusive") {
      t.undecidable.push_back(name + " support is undecided");
      continue;
    }
    if (vr->second.status == "rejected") {
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

}  // namespace medtls::profile
