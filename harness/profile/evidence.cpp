#include "profile/evidence.hpp"

#include <algorithm>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "words/reply.hpp"

namespace medtls::profile {

std::string version_pointer(TlsVersion v) {
  return "tls.versions." + std::string(version_name(v));
}
std::string suites_pointer(TlsVersion v) {
  return "tls.suites." + std::string(version_name(v));
}
std::string groups_pointer(TlsVersion v) {
  return "tls.groups." + std::string(version_name(v));
}
std::string attempt_pointer(int index) {
  return "tls.attempts[" + std::to_string(index) + "]";
}
std::string dhe_pointer(std::size_t index) {
  return "tls.dhe[" + std::to_string(index) + "]";
}
std::string fact_pointer(const std::string& name) {
  return "tls.facts." + name;
}

void add_unique(std::vector<std::string>& evidence, const std::string& pointer) {
  if (std::find(evidence.begin(), evidence.end(), pointer) == evidence.end())
    evidence.push_back(pointer);
}

void add_attempts(std::vector<std::string>& evidence, const std::vector<int>& attempts) {
  for (int a : attempts) add_unique(evidence, attempt_pointer(a));
}

std::string suite_label(const suites::Registry& registry, std::uint16_t code) {
  const auto* suite = registry.find(code);
  return format_code(code) + " " + (suite ? suite->name : std::string("(not in the registry)"));
}

std::string suite_labels(const suites::Registry& registry,
                         const std::vector<std::uint16_t>& codes) {
  std::vector<std::string> parts;
  for (auto c : codes) parts.push_back(suite_label(registry, c));
  return join(parts, ", ");
}

std::string codes_text(const std::vector<std::uint16_t>& codes) {
  std::vector<std::string> parts;
  for (auto c : codes) parts.push_back(format_code(c));
  return join(parts, ", ");
}

const obs::Attempt* find_attempt(const obs::TlsObservations& obs, int index) {
  for (const auto& a : obs.attempts)
    if (a.index == index) return &a;
  return nullptr;
}

namespace {

// What the first attempt with a ServerHello showed, for an accepted version.
std::string server_hello_text(const EvalContext& ctx, const obs::VersionResult& vr) {
  for (int i : vr.attempts) {
    const obs::Attempt* a = find_attempt(ctx.obs, i);
    if (!a || a->reply.outcome != obs::Outcome::server_hello) continue;
    return ": ServerHello " + wire_version_name(a->reply.version) + " with " +
           suite_label(ctx.registry, a->reply.suite);
  }
  return "";
}

// How the attempts of a version without an alert ended ("closed", "reset" …).
std::string endings_text(const EvalContext& ctx, const obs::VersionResult& vr) {
  std::vector<std::string> endings;
  for (int i : vr.attempts)
    if (const obs::Attempt* a = find_attempt(ctx.obs, i)) {
      std::string e = name_of(a->reply.outcome);
      if (std::find(endings.begin(), endings.end(), e) == endings.end()) endings.push_back(e);
    }
  return endings.empty() ? "" : " (" + join(endings, ", ") + ")";
}

}  // namespace

std::string describe_version(const EvalContext& ctx, TlsVersion v, const obs::VersionResult& vr) {
  std::string out(version_name(v));
  if (vr.status == obs::VersionStatus::accepted) {
    out += " accepted" + server_hello_text(ctx, vr);
  } else if (vr.status == obs::VersionStatus::rejected) {
    if (vr.alert)
      out += " refused with alert " + alert_name(*vr.alert);
    else
      out += " refused without an alert" + endings_text(ctx, vr);
  } else {
    out += " inconclusive";
    if (!vr.detail.empty()) out += ": " + vr.detail;
  }
  return out + words::attempts_note(vr.attempts);
}

}  // namespace medtls::profile
