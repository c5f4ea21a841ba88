// groups_min_bits: the size of every key-exchange group of one family the server chose, in
// every version (obs.groups), and of the DH groups seen in ServerKeyExchange (obs.dhe).
#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "words/attempts.hpp"

namespace medtls::profile {

namespace {

// Groups seen, each once with every place it was seen ("x25519(255) in TLSv1.2, TLSv1.3").
struct Seen {
  std::string name;
  int bits;
  std::vector<std::string> where;
  std::string label() const {
    return name + "(" + std::to_string(bits) + ") in " + join(where, ", ");
  }
};

struct Judged {
  std::vector<Seen> groups;
  std::vector<std::string> unknown, undecided;
  bool incomplete = false;

  void add(const std::string& name, int bits, const std::string& where) {
    for (auto& g : groups)
      if (g.name == name && g.bits == bits) {
        g.where.push_back(where);
        return;
      }
    groups.push_back({name, bits, {where}});
  }
};

struct Sorted {
  std::vector<std::string> below, warned, fine;
};

Sorted sort(const GroupsMinBitsRule& rule, const Judged& j) {
  Sorted s;
  for (const auto& g : j.groups) {
    if (auto w = rule.warn.find(g.name); w != rule.warn.end())
      s.warned.push_back(g.label() + ": " + w->second);
    else if (g.bits < rule.bits)
      s.below.push_back(g.label());
    else
      s.fine.push_back(g.label());
  }
  return s;
}

bool accepts_kx(const EvalContext& ctx, TlsVersion v, std::initializer_list<const char*> kx) {
  const auto s = ctx.obs.suites.find(v);
  if (s == ctx.obs.suites.end()) return true;  // unknown: assume it may
  return std::any_of(s->second.accepted.begin(), s->second.accepted.end(), [&](auto code) {
    const suites::CipherSuite* suite = ctx.registry.find(code);
    return suite &&
           std::any_of(kx.begin(), kx.end(), [&](const char* k) { return suite->kx == k; });
  });
}

// Whether the version should have shown groups of this family.
bool expects_groups(const GroupsMinBitsRule& rule, const EvalContext& ctx, TlsVersion v) {
  if (rule.family == GroupFamily::ec)
    return v == TlsVersion::TLSv1_3 || accepts_kx(ctx, v, {"ECDHE", "ECDHE_PSK"});
  return v != TlsVersion::TLSv1_3 && accepts_kx(ctx, v, {"DHE", "DHE_PSK"});
}

// A group enumeration cut short matters only if some group of the family is too small.
bool weak_group_exists(const GroupsMinBitsRule& rule) {
  const auto& all = named_groups();
  return std::any_of(all.begin(), all.end(), [&](const NamedGroup& g) {
    return rule.family == g.family && g.bits < rule.bits;
  });
}

}  // namespace

Outcome evaluate_rule(const GroupsMinBitsRule& rule, const EvalContext& ctx) {
  Outcome o;
  Judged j;
  const std::string family = rule.family == GroupFamily::ec ? "ECDHE" : "DHE";
  for (const auto& [v, gr] : ctx.obs.groups) {
    const std::string where(version_name(v));
    bool any = false;
    for (auto code : gr.supported) {
      const auto g = find_group(code);
      if (!g) {
        j.unknown.push_back(group_name(code) + " in " + where);
        any = true;
      } else if (g->family == rule.family) {
        j.add(g->name, g->bits, where);
        any = true;
      }
    }
    if (any || expects_groups(rule, ctx, v)) {
      add_unique(o.evidence, groups_pointer(v));
      add_attempts(o.evidence, gr.attempts);
      j.incomplete = j.incomplete || !gr.complete;
    }
  }
  if (rule.family == GroupFamily::ff) {
    for (std::size_t i = 0; i < ctx.obs.dhe.size(); ++i) {
      const obs::DhGroupSeen& d = ctx.obs.dhe[i];
      const std::string where = "DHE with " + format_code(d.suite) + words::attempt_ref(d.attempt);
      j.add(d.name.empty() ? "unnamed group" : d.name, d.bits, where);
      o.evidence.push_back(dhe_pointer(i));
      if (d.attempt >= 0) add_unique(o.evidence, attempt_pointer(d.attempt));
    }
  }
  // Versions whose accepted suites use this key exchange but showed no group at all.
  for (const auto& [v, vr] : ctx.obs.versions) {
    if (vr.status != obs::VersionStatus::accepted) continue;
    // The accepted suites show whether this key exchange is in use at all.
    if (ctx.obs.suites.count(v)) add_unique(o.evidence, suites_pointer(v));
    if (!expects_groups(rule, ctx, v)) continue;
    const bool seen =
        rule.family == GroupFamily::ff ? !ctx.obs.dhe.empty() : ctx.obs.groups.count(v) > 0;
    if (!seen)
      j.undecided.push_back(std::string(version_name(v)) + " accepts " + family +
                            " suites, but no group was observed");
  }
  const std::string min = "minimum " + std::to_string(rule.bits) + " bits";
  const Sorted sorted = sort(rule, j);
  if (!sorted.below.empty()) {
    o.state = State::violated;
    o.detail = "below the " + min + ": " + join(sorted.below, "; ");
  } else if (!j.undecided.empty() || !j.unknown.empty() ||
             (j.incomplete && weak_group_exists(rule))) {
    o.state = State::undecidable;
    o.detail = join(
        {join(j.undecided, "; "), j.unknown.empty() ? "" : "unknown size: " + join(j.unknown, ", "),
         j.incomplete ? "the group enumeration was cut short" : "",
         sorted.fine.empty() ? "" : "seen: " + join(sorted.fine, "; ")},
        "; ");
  } else if (!sorted.warned.empty()) {
    o.state = State::warn;
    o.detail = join(
        {join(sorted.warned, "; "), sorted.fine.empty() ? "" : "also " + join(sorted.fine, "; ")},
        "; ");
  } else if (!sorted.fine.empty()) {
    o.state = State::met;
    o.detail = "all at least " + std::to_string(rule.bits) + " bits: " + join(sorted.fine, "; ");
  } else {
    o.state = State::not_applicable;
    o.detail = "no " + family + " key exchange accepted";
  }
  return o;
}

}  // namespace medtls::profile
