// Rules over protocol versions: version, version_alert.
#include "common/tls_names.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"

namespace medtls::profile {

namespace {

const obs::VersionResult* find_version(const EvalContext& ctx, TlsVersion v, Outcome& o) {
  o.evidence.push_back(version_pointer(v));
  const auto it = ctx.obs.versions.find(v);
  if (it == ctx.obs.versions.end()) {
    o.state = State::undecidable;
    o.detail = std::string(version_name(v)) + " was not probed";
    return nullptr;
  }
  add_attempts(o.evidence, it->second.attempts);
  o.detail = describe_version(ctx, v, it->second);
  return &it->second;
}

}  // namespace

Outcome evaluate_rule(const VersionRule& rule, const EvalContext& ctx) {
  Outcome o;
  const obs::VersionResult* vr = find_version(ctx, rule.version, o);
  if (!vr) return o;
  if (vr->status == obs::VersionStatus::accepted || vr->status == obs::VersionStatus::rejected)
    o.state = (vr->status == obs::VersionStatus::accepted) == rule.expect_accepted
                  ? State::met
                  : State::violated;
  else
    o.state = State::undecidable;
  return o;
}

Outcome evaluate_rule(const VersionAlertRule& rule, const EvalContext& ctx) {
  Outcome o;
  const obs::VersionResult* vr = find_version(ctx, rule.version, o);
  if (!vr) return o;
  if (vr->status == obs::VersionStatus::accepted) {
    // Accepting the version is the version rule's failure; no refusal to judge here.
    o.state = State::not_applicable;
    o.detail += "; nothing refused, so no alert to judge";
  } else if (vr->status != obs::VersionStatus::rejected) {
    o.state = State::undecidable;
  } else if (vr->alert && *vr->alert == rule.alert) {
    o.state = State::met;
  } else {
    o.state = State::violated;
    o.detail += ", not with " + alert_name(rule.alert);
  }
  return o;
}

}  // namespace medtls::profile
