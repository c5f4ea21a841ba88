// Client-role rules over the ClientHellos a device sent (client_model.hpp). Each hello is judged
// on its own; the rule is violated when any hello violates it, and the finding names that hello.
#include <algorithm>
#include <string>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "profile/client_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "profile/suite_match.hpp"
#include "tls/wire/hello_types.hpp"

namespace medtls::profile {

namespace {

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string versions_text(const std::vector<std::uint16_t>& versions) {
  std::string out;
  for (auto v : versions) out += (out.empty() ? "" : ", ") + wire_version_name(v);
  return out;
}

// Collects per-hello results: the first violation found is the finding; otherwise met when some
// hello was judged, not applicable when none was in scope.
class HelloVerdicts {
 public:
  void violated(std::size_t index, const obs::ObservedClientHello& h, const std::string& what,
                const char* field) {
    if (violations_++ == 0) {
      detail_ = hello_label(h) + ": " + what;
      evidence_ = {hello_evidence(index, field)};
    }
  }
  void met(std::size_t index, const char* field) {
    ++met_;
    if (met_evidence_.size() < 8) met_evidence_.push_back(hello_evidence(index, field));
  }
  Outcome outcome(const std::string& met_detail, const std::string& none_detail) const {
    if (violations_ > 0) {
      std::string d = detail_;
      if (violations_ > 1)
        d += " (and " + std::to_string(violations_ - 1) + " more ClientHello(s))";
      return {State::violated, d, evidence_};
    }
    if (met_ == 0) return {State::not_applicable, none_detail, {"client_hellos"}};
    return {State::met,
            met_detail + " (" + std::to_string(met_) + " ClientHello" + (met_ > 1 ? "s" : "") + ")",
            met_evidence_};
  }

 private:
  int violations_ = 0, met_ = 0;
  std::string detail_;
  std::vector<std::string> evidence_, met_evidence_;
};

// Whether a registry suite belongs to one of `versions`: TLS 1.3 suites to TLS 1.3 only, the
// others to the versions from their min_version up to TLS 1.2.
bool in_versions(const suites::CipherSuite& s, const std::vector<TlsVersion>& versions) {
  return std::any_of(versions.begin(), versions.end(), [&](TlsVersion v) {
    if (v == TlsVersion::TLSv1_3) return s.tls13;
    return !s.tls13 && s.min_version <= v;
  });
}

}  // namespace

Outcome evaluate_rule(const ClientVersionsRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  HelloVerdicts v;
  for (auto i : judged.indices) {
    const auto& h = ctx.client->client_hellos[i];
    const auto offered = offered_versions(h);
    std::vector<std::uint16_t> bad;
    for (auto f : rule.forbid) {
      const auto code = wire_code(f);
      if (contains(offered, code) || h.legacy_version == code) bad.push_back(code);
    }
    if (!bad.empty()) {
      v.violated(i, h,
                 "offers " + versions_text(bad) +
                     (contains(offered, bad.front()) ? "" : " (as its legacy_version)"),
                 "versions");
      continue;
    }
    if (!rule.require_one_of.empty() &&
        std::none_of(rule.require_one_of.begin(), rule.require_one_of.end(),
                     [&](TlsVersion r) { return contains(offered, wire_code(r)); })) {
      v.violated(i, h, "offers only " + versions_text(offered), "versions");
      continue;
    }
    v.met(i, "versions");
  }
  return v.outcome("every ClientHello offers an allowed version and none forbidden", "");
}

Outcome evaluate_rule(const ClientAttemptsVersionRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  const auto code = wire_code(rule.version);
  std::vector<std::size_t> with, without;
  for (auto i : judged.indices)
    (contains(offered_versions(ctx.client->client_hellos[i]), code) ? with : without).push_back(i);
  const std::string name(version_name(rule.version));
  if (with.empty())
    return {State::not_applicable,
            "no ClientHello offers " + name +
                ": the requirement binds a client that supports it, which the wire cannot show",
            {hello_evidence(judged.indices.front(), "versions")}};
  if (!without.empty()) {
    const auto& h = ctx.client->client_hellos[without.front()];
    return {State::violated,
            "the device offers " + name + " in " + std::to_string(with.size()) +
                " ClientHello(s) but not in " + std::to_string(without.size()) + ", e.g. the " +
                hello_label(h) + " (" + versions_text(offered_versions(h)) +
                "): it falls back to a lower version",
            {hello_evidence(without.front(), "versions")}};
  }
  return {State::met,
          "every ClientHello (" + std::to_string(with.size()) + ") offers " + name,
          {hello_evidence(with.front(), "versions")}};
}

Outcome evaluate_rule(const ClientSuitesRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  HelloVerdicts v;
  for (auto i : judged.indices) {
    const auto& h = ctx.client->client_hellos[i];
    if (!offers_any(h, rule.versions)) continue;
    std::vector<std::uint16_t> forbidden, outside;
    bool required_seen = rule.require_one_of.empty();
    for (auto code : h.suites) {
      if (wire::is_grease(code)) continue;
      const auto* s = ctx.registry.find(code);
      if (s && s->scsv) continue;
      if (s && !in_versions(*s, rule.versions)) continue;
      if (s && std::any_of(rule.forbid.begin(), rule.forbid.end(),
                           [&](const SuiteMatch& m) { return matches(m, *s); }))
        forbidden.push_back(code);
      if (!rule.allowed.empty() && !contains(rule.allowed, code)) outside.push_back(code);
      required_seen = required_seen || contains(rule.require_one_of, code);
    }
    if (!forbidden.empty())
      v.violated(i, h, "offers forbidden suites " + codes_text(forbidden), "suites");
    else if (!outside.empty())
      v.violated(i, h, "offers suites outside the permitted list: " + codes_text(outside),
                 "suites");
    else if (!required_seen)
      v.violated(i, h, "offers none of " + codes_text(rule.require_one_of), "suites");
    else
      v.met(i, "suites");
  }
  return v.outcome("the offered suites meet the rule",
                   "no ClientHello offers a version this rule is about");
}

Outcome evaluate_rule(const ClientExtensionRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  const std::string name = extension_name(rule.extension);
  HelloVerdicts v;
  for (auto i : judged.indices) {
    const auto& h = ctx.client->client_hellos[i];
    if (!offers_any(h, rule.versions)) continue;
    const bool has =
        std::any_of(h.extensions.begin(), h.extensions.end(),
                    [&](const obs::HelloExtension& e) { return e.type == rule.extension; });
    const auto signal = std::find_first_of(h.suites.begin(), h.suites.end(), rule.or_suites.begin(),
                                           rule.or_suites.end());
    const bool offered = has || signal != h.suites.end();
    if (offered != rule.expect_offered)
      v.violated(i, h, rule.expect_offered ? "no " + name + " extension" : "sends " + name,
                 "extensions");
    else
      v.met(i, "extensions");
  }
  return v.outcome(rule.expect_offered ? name + " offered" : "no " + name + " sent",
                   "no ClientHello offers a version this rule is about");
}

Outcome evaluate_rule(const ClientListRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  const bool groups = rule.list == ClientList::groups;
  const char* field = groups ? "groups" : "signature_algorithms";
  auto name = [&](std::uint16_t c) { return groups ? group_name(c) : signature_scheme_name(c); };
  auto names = [&](const std::vector<std::uint16_t>& codes) {
    std::string out;
    for (auto c : codes) out += (out.empty() ? "" : ", ") + name(c);
    return out;
  };
  HelloVerdicts v;
  for (auto i : judged.indices) {
    const auto& h = ctx.client->client_hellos[i];
    if (!offers_any(h, rule.versions)) continue;
    const auto& list = groups ? h.groups : h.signature_algorithms;
    std::vector<std::uint16_t> missing, present;
    for (auto c : rule.require_all)
      if (!contains(list, c)) missing.push_back(c);
    for (auto c : rule.forbid)
      if (contains(list, c)) present.push_back(c);
    const bool one_of = rule.require_one_of.empty() ||
                        std::any_of(rule.require_one_of.begin(), rule.require_one_of.end(),
                                    [&](std::uint16_t c) { return contains(list, c); });
    if (list.empty() && (!rule.require_all.empty() || !rule.require_one_of.empty()))
      v.violated(i, h,
                 std::string("no ") + (groups ? "supported_groups" : "signature_algorithms") +
                     " extension",
                 field);
    else if (!present.empty())
      v.violated(i, h, "offers " + names(present), field);
    else if (!missing.empty())
      v.violated(i, h, "does not offer " + names(missing), field);
    else if (!one_of)
      v.violated(i, h, "offers none of " + names(rule.require_one_of), field);
    else
      v.met(i, field);
  }
  return v.outcome(std::string("the ") + field + " meet the rule",
                   "no ClientHello offers a version this rule is about");
}

Outcome evaluate_rule(const ClientAlpnRule& rule, const EvalContext& ctx) {
  const auto judged = judged_hellos(ctx);
  if (judged.none) return *judged.none;
  HelloVerdicts v;
  for (auto i : judged.indices) {
    const auto& h = ctx.client->client_hellos[i];
    if (std::find(h.alpn.begin(), h.alpn.end(), rule.protocol) != h.alpn.end())
      v.met(i, "alpn");
    else
      v.violated(i, h,
                 h.alpn.empty() ? "no ALPN extension"
                                : "ALPN offers " + std::to_string(h.alpn.size()) +
                                      " protocol(s), not \"" + rule.protocol + "\"",
                 "alpn");
  }
  return v.outcome("ALPN offers \"" + rule.protocol + "\"", "");
}

}  // namespace medtls::profile
