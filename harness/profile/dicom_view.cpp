#include "profile/dicom_view.hpp"

#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "profile/evidence.hpp"
#include "profile/model.hpp"
#include "profile/suite_match.hpp"
#include "words/dicom.hpp"

namespace medtls::profile {

std::string dicom_pointer(const std::string& field) {
  return "dicom." + field;
}
std::string dicom_list_pointer(const std::string& list, std::size_t i) {
  return "dicom." + list + "[" + std::to_string(i) + "]";
}

const obs::DicomObservations* dicom_observed(const EvalContext& ctx, Outcome& o,
                                             const std::string& pointer) {
  if (!ctx.dicom) {
    o.state = State::not_applicable;
    o.detail = "not a dicom:// target";
    o.evidence.push_back("scheme");
    return nullptr;
  }
  if (ctx.dicom->status != obs::LayerStatus::run) {
    o.state = State::undecidable;
    o.detail = ctx.dicom->detail.empty() ? "the DICOM layer did not run (" + ctx.dicom->status + ")"
                                         : ctx.dicom->detail;
    o.evidence.push_back(dicom_pointer("status"));
    return nullptr;
  }
  o.evidence.push_back(pointer);
  return ctx.dicom;
}

std::string channel_label(const EvalContext& ctx, const obs::DicomChannel& c) {
  if (c.status == obs::ChannelStatus::plaintext) return "no TLS (cleartext)";
  std::vector<std::string> parts;
  if (!c.version.empty()) {
    parts.push_back(c.version);
  } else if (!c.forced_version.empty()) {
    parts.push_back(c.forced_version + " (forced)");
  }
  if (c.suite != 0)
    parts.push_back(suite_label(ctx.registry, c.suite));
  else if (c.forced_suite)
    parts.push_back(suite_label(ctx.registry, *c.forced_suite) + " (forced)");
  if (parts.empty()) return "no TLS channel (" + c.status + ")";
  return join(parts, " ");
}

std::string association_evidence(const EvalContext& ctx, const obs::DicomAssociation& a) {
  std::vector<std::string> parts;
  parts.push_back(a.calling_ae + " → " + a.called_ae +
                  (a.port ? " on port " + std::to_string(a.port) : ""));
  const obs::DicomChannel& c = a.channel;
  std::string channel = channel_label(ctx, c);
  if (!c.group.empty()) channel += ", group " + c.group;
  if (!c.alpn_selected.empty()) channel += ", ALPN " + c.alpn_selected;
  if (!c.client_certificate.empty()) channel += ", client certificate " + c.client_certificate;
  if (c.status != obs::ChannelStatus::plaintext &&
      c.peer_verification != obs::PeerVerification::not_checked)
    channel += ", server certificate " + c.peer_verification;
  parts.push_back(channel);
  // Always given, so that a rejected or failed association shows what was (not) learned.
  parts.push_back(
      "Implementation Class UID " +
      (a.implementation_class_uid.empty() ? "(none)" : a.implementation_class_uid) +
      ", version name " +
      (a.implementation_version_name.empty() ? "(none)" : a.implementation_version_name));
  parts.push_back(words::echo_text(a));
  return join(parts, "; ");
}

std::string ChannelJudgement::text() const {
  switch (kind) {
    case Kind::allowed:
      return "";
    case Kind::discouraged:
      return ", which this profile discourages (" + join(discouraged_by, ", ") + ")";
    case Kind::excluded:
      return ", which this profile does not allow (" + join(excluded_by, ", ") + ")";
    case Kind::unknown:
      return ", which cannot be judged against this profile: " + why;
  }
  return "";
}

ChannelJudgement judge_channel(const EvalContext& ctx, const std::string& version,
                               std::optional<std::uint16_t> suite) {
  ChannelJudgement j;
  const auto v = parse_version(version);
  if (!ctx.profile) {
    j.why = "no profile given";
    return j;
  }
  if (!v) {
    j.why = version.empty() ? "no TLS version recorded" : "unknown TLS version " + version;
    return j;
  }
  std::vector<std::string> unknown;
  const suites::CipherSuite* s = suite ? ctx.registry.find(*suite) : nullptr;
  for (const Requirement& req : ctx.profile->requirements) {
    const bool binding = req.level == Level::shall && req.interpretation.empty();
    auto exclude = [&] { (binding ? j.excluded_by : j.discouraged_by).push_back(req.id); };
    auto covers = [&](const std::vector<TlsVersion>& versions) {
      return std::find(versions.begin(), versions.end(), *v) != versions.end();
    };
    if (const auto* r = std::get_if<VersionRule>(&req.rule)) {
      if (!r->expect_accepted && r->version == *v) exclude();
    } else if (const auto* r = std::get_if<SuitesAllowedRule>(&req.rule)) {
      if (!covers(r->versions)) continue;
      if (!suite) {
        if (binding) unknown.push_back(req.id + ": the suite is not known");
      } else if (std::find(r->suites.begin(), r->suites.end(), *suite) == r->suites.end()) {
        exclude();
      }
    } else if (const auto* r = std::get_if<SuitesForbiddenRule>(&req.rule)) {
      if (!covers(r->versions)) continue;
      if (!suite) {
        if (binding) unknown.push_back(req.id + ": the suite is not known");
      } else if (!s) {
        if (binding)
          unknown.push_back(req.id + ": " + format_code(*suite) +
                            " is not in the registry, so its attributes are unknown");
      } else if (matches(r->match, *s)) {
        exclude();
      }
    }
  }
  // One binding exclusion decides; a binding rule that cannot be checked leaves it open.
  if (!j.excluded_by.empty()) {
    j.kind = ChannelJudgement::Kind::excluded;
  } else if (!unknown.empty()) {
    j.kind = ChannelJudgement::Kind::unknown;
    j.why = join(unknown, "; ");
  } else if (!j.discouraged_by.empty()) {
    j.kind = ChannelJudgement::Kind::discouraged;
  } else {
    j.kind = ChannelJudgement::Kind::allowed;
  }
  return j;
}

ChannelJudgement judge_channel(const EvalContext& ctx, const obs::DicomChannel& c) {
  const std::string version = !c.version.empty() ? c.version : c.forced_version;
  std::optional<std::uint16_t> suite;
  if (c.suite != 0)
    suite = c.suite;
  else if (c.forced_suite)
    suite = c.forced_suite;
  return judge_channel(ctx, version, suite);
}

}  // namespace medtls::profile
