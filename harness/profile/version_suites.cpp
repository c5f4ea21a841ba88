#include "profile/version_suites.hpp"

#include "profile/evidence.hpp"

namespace medtls::profile {

VersionSuites version_suites(const EvalContext& ctx, TlsVersion v,
                             std::vector<std::string>& evidence) {
  VersionSuites out;
  const std::string name(version_name(v));
  add_unique(evidence, version_pointer(v));
  const auto vr = ctx.obs.versions.find(v);
  if (vr == ctx.obs.versions.end()) {
    out.why = name + " was not probed";
  } else if (vr->second.status == obs::VersionStatus::rejected) {
    out.status = VersionSuites::Status::rejected;
    out.why = describe_version(ctx, v, vr->second);
  } else if (vr->second.status != obs::VersionStatus::accepted) {
    out.why = describe_version(ctx, v, vr->second);
  } else if (const auto s = ctx.obs.suites.find(v); s == ctx.obs.suites.end()) {
    out.why = name + " accepted, but its suites were not enumerated";
  } else {
    out.status = VersionSuites::Status::accepted;
    out.suites = &s->second;
    add_unique(evidence, suites_pointer(v));
  }
  return out;
}

std::string incomplete_note(const obs::SuiteResult& suites) {
  return "the enumeration was cut short" + (suites.detail.empty() ? "" : ": " + suites.detail);
}

std::string Tally::rejected_text() const {
  return rejected.empty() ? "" : join(rejected, ", ") + " refused";
}

Outcome Tally::fold(Outcome o, const std::string& nothing_text) const {
  if (!violated.empty()) {
    o.state = State::violated;
    o.detail = join(violated, "; ");
  } else if (!undecidable.empty()) {
    o.state = State::undecidable;
    o.detail = join({join(undecidable, "; "), join(met, "; ")}, "; ");
  } else if (!met.empty()) {
    o.state = State::met;
    o.detail = join({join(met, "; "), rejected_text()}, "; ");
  } else {
    o.state = State::not_applicable;
    o.detail = join({join(not_applicable, "; "), rejected_text(), nothing_text}, "; ");
  }
  return o;
}

}  // namespace medtls::profile
