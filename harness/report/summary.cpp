#include "report/summary.hpp"

#include <cstdio>
#include <map>
#include <sstream>

#include <algorithm>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
#include "common/text.hpp"
#include "common/tls_names.hpp"
#include "report/dicom_summary.hpp"
#include "report/report.hpp"
#include "suites/registry.hpp"
#include "words/reply.hpp"

namespace medtls::report {

namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void observed(std::ostringstream& out, const obs::TlsObservations& o) {
  out << "  versions:";
  for (auto it = o.versions.rbegin(); it != o.versions.rend(); ++it) {
    out << "  " << version_name(it->first) << " " << it->second.status;
    if (it->second.alert) out << " (" << alert_name(*it->second.alert) << ")";
  }
  out << "\n";
  const auto& reg = suites::Registry::builtin();
  for (auto it = o.suites.rbegin(); it != o.suites.rend(); ++it) {
    const auto& s = it->second;
    out << "  " << version_name(it->first) << " suites (" << s.accepted.size() << ", " << s.order
        << " order" << (s.complete ? "" : ", INCOMPLETE") << "):";
    for (auto c : s.accepted) {
      out << "\n    " << format_code(c) << " " << reg.name_of(c);
      if (auto kx = s.kx.find(c); kx != s.kx.end() && !kx->second.empty())
        out << "  [" << kx->second << "]";
    }
    out << "\n";
  }
  for (auto it = o.groups.rbegin(); it != o.groups.rend(); ++it) {
    out << "  " << version_name(it->first) << " groups:";
    for (auto g : it->second.supported) out << " " << group_name(g);
    if (!it->second.complete) out << " (INCOMPLETE)";
    out << "\n";
  }
  for (const auto& d : o.dhe) {
    out << "  DHE group: " << d.bits << " bits" << (d.name.empty() ? "" : " (" + d.name + ")")
        << " with " << format_code(d.suite) << "\n";
    break;  // one line is enough here; all are in the report
  }
  out << "  client certificate: " << o.certificate_request.status;
  if (o.certificate_request.status == obs::RequestSeen::requested)
    out << (o.certificate_request.ca_names.empty() ? " (no CA names listed)" : ", CA names:");
  for (const auto& ca : o.certificate_request.ca_names) out << "\n    " << ca;
  out << "\n  features:";
  for (const auto& [name, f] : o.facts)
    if (name != "client_certificate_request") out << " " << name << "=" << f.value;
  out << "\n";
}

std::string outcome_text(const obs::ClientAuthCase& c) {
  std::string t = name_of(c.outcome);
  if (c.alert) t += " (" + alert_name(*c.alert) + ")";
  return t;
}

void certificates(std::ostringstream& out, const obs::TlsObservations& o) {
  const auto& c = o.certificate;
  out << "  server certificate: " << c.status;
  if (c.status == obs::ChainStatus::unparseable) {
    out << " (" << c.detail << ")";
  } else if (!c.chain.empty()) {
    const auto& leaf = c.chain.front();
    out << " (" << c.version << ", " << c.chain.size() << " in chain)\n    " << leaf.subject
        << "  issued by " << leaf.issuer << "\n    " << leaf.key_type << " " << leaf.key_bits
        << (leaf.curve.empty() ? "" : " " + leaf.curve) << ", " << leaf.signature_algorithm
        << ", valid " << leaf.not_before << " to " << leaf.not_after;
    out << "\n    trust: " << c.trust;
    if (!c.trust_detail.empty()) out << " (" << c.trust_detail << ")";
    out << "; hostname " << c.hostname_checked << ": " << c.hostname
        << "; revocation: " << c.revocation << "; OCSP stapling: " << c.ocsp_stapling;
    for (const auto& p : c.problems) out << "\n    problem " << p.code << ": " << p.detail;
  } else if (!c.detail.empty()) {
    out << " (" << c.detail << ")";
  }
  out << "\n";
  const auto& a = o.client_auth;
  out << "  client authentication: " << a.requested;
  if (!a.detail.empty()) out << " (" << a.detail << ")";
  out << "\n";
  std::map<std::string, std::map<std::string, std::string>> rows;
  std::vector<std::string> order;
  for (const auto& m : a.matrix) {
    const std::string name = name_of(m.name);
    if (!rows.count(name)) order.push_back(name);
    rows[name][m.version] = outcome_text(m);
  }
  if (!order.empty()) out << "    case            TLSv1.2                          TLSv1.3\n";
  for (const auto& name : order) {
    auto cell = [&](const char* v) {
      auto it = rows[name].find(v);
      return it == rows[name].end() ? std::string("-") : it->second;
    };
    char line[160];
    std::snprintf(line, sizeof line, "    %-15s %-32s %s\n", name.c_str(), cell("TLSv1.2").c_str(),
                  cell("TLSv1.3").c_str());
    out << line;
  }
}

}  // namespace

std::vector<std::string> deployment_lines(const TargetReport& t) {
  std::vector<std::string> out;
  for (const auto& p : t.profiles) {
    if (p.status != "deployment") continue;
    for (const auto& c : p.checks) {
      if (c.verdict == profile::Verdict::fail || c.verdict == profile::Verdict::inconclusive ||
          c.verdict == profile::Verdict::warn)
        out.push_back((c.verdict == profile::Verdict::warn ? "! " : "!! ") +
                      upper(name_of(c.verdict)) + " " + c.id + " (" + p.id + "): " + c.detail);
      else if (c.verdict == profile::Verdict::not_applicable &&
               c.detail.rfind("not checked", 0) == 0)
        out.push_back(c.id + " (" + p.id + ") " + c.detail);
    }
  }
  return out;
}

namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 10 ? "%.1f" : "%.0f", s);
  return buf;
}

// One line per profile, for a target with nothing to judge: 80 lines of INCONCLUSIVE would
// only repeat the one reason.
void profile_lines(std::ostringstream& out, const TargetReport& t, const std::string& why) {
  for (const auto& p : t.profiles) {
    out << p.id << "  " << upper(name_of(p.verdict)) << "  (" << p.section << ", " << p.edition
        << ")  " << why << "; every check is in report.json\n";
    for (const auto& c : p.checks)  // what was proven wrong is still shown
      if (c.verdict == profile::Verdict::fail)
        out << "  FAIL " << c.id << " [" << c.level << "] " << c.title << ": " << c.detail << "  ("
            << c.cite << ")\n";
  }
}

// Why no TLS version could be decided, from the version probes' own words (distinct ones).
std::string undecided_reason(const obs::TlsObservations& o) {
  std::vector<std::string> seen;
  for (auto it = o.versions.rbegin(); it != o.versions.rend(); ++it) {
    std::string d = it->second.detail;
    if (d.size() > 240) d = d.substr(0, 240) + " …";
    if (!d.empty() && std::find(seen.begin(), seen.end(), d) == seen.end()) seen.push_back(d);
    if (seen.size() == 3) break;
  }
  return seen.empty() ? "no version could be decided" : join(seen, "; ");
}

void profiles(std::ostringstream& out, const TargetReport& t) {
  for (const auto& p : t.profiles) {
    std::map<profile::Verdict, int> counts;
    for (const auto& c : p.checks) ++counts[c.verdict];
    out << "\n"
        << p.id << "  " << upper(name_of(p.verdict)) << "  (" << p.section << ", " << p.edition
        << ")  ";
    for (auto v : enum_values<profile::Verdict>())
      if (counts[v]) out << counts[v] << " " << name_of(v) << "  ";
    out << "\n";
    for (const auto& c : p.checks) {
      if (c.verdict != profile::Verdict::fail && c.verdict != profile::Verdict::inconclusive &&
          c.verdict != profile::Verdict::warn)
        continue;
      out << "  " << upper(name_of(c.verdict)) << " " << c.id << " [" << c.level << "] " << c.title
          << ": " << c.detail << "  (" << c.cite << ")\n";
    }
  }
}

// One line per status and reason of the steps that did not complete, or that --only pulled in:
// "steps skipped (--skip suites): tls:suites".
void step_lines(std::ostringstream& out, const TargetReport& t) {
  std::vector<obs::StepRecord> steps = t.tls.steps;
  if (t.scheme == Scheme::dicom)
    steps.insert(steps.end(), t.dicom.steps.begin(), t.dicom.steps.end());
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // heading, steps
  for (const auto& s : steps) {
    if (s.status == obs::StepStatus::completed && s.reason.empty()) continue;  // pulled in: said
    std::string heading = (s.status == obs::StepStatus::error ? "!! " : "") +
                          std::string("steps ") + obs::step_status_name(s.status);
    if (!s.reason.empty()) heading += " (" + s.reason + ")";
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const auto& e) { return e.first == heading; });
    if (g == groups.end()) g = groups.insert(groups.end(), {heading, {}});
    g->second.push_back(s.layer + ":" + s.name);
  }
  for (const auto& [heading, names] : groups)
    out << "  " << heading << ": " << join(names, ", ") << "\n";
}

void attempt_lines(std::ostringstream& out, const obs::TlsObservations& o) {
  out << "  connections of the TLS layer:\n";
  for (const auto& a : o.attempts)
    out << "    #" << a.index << " " << a.purpose << ": " << words::describe_reply(a) << "\n";
}

// -q: the verdict of each profile, and what went wrong inside medtls.
void quiet_lines(std::ostringstream& out, const TargetReport& t) {
  for (const auto& e : t.tls.internal_errors) out << t.url << "  !! INTERNAL ERROR: " << e << "\n";
  for (const auto& p : t.profiles)
    out << t.url << "  " << p.id << "  " << upper(name_of(p.verdict)) << "\n";
}

}  // namespace

std::string render_summary(const Report& report, Verbosity verbosity) {
  std::ostringstream out;
  for (const auto& t : report.targets) {
    if (verbosity == Verbosity::quiet) {
      quiet_lines(out, t);
      continue;
    }
    const auto& o = t.tls;
    const bool dicom = t.scheme == Scheme::dicom;
    const std::int64_t connections = total_connections(t);
    out << report.tool.name << " " << report.tool.version << "  " << t.url;
    if (!o.address.empty()) out << " (" << o.address << ")";
    out << "  " << o.started << "  " << connections << " connection"
        << (connections == 1 ? "" : "s");
    if (t.deadline.seconds > 0)
      out << "  " << seconds_text(t.deadline.used_seconds) << " s of the "
          << seconds_text(t.deadline.seconds) << " s deadline (" << t.deadline.source << ")";
    out << "\n";
    if (t.deadline.reached)
      out << "  !! DEADLINE REACHED: the scan was cut short; what it did not reach is "
             "inconclusive (--deadline to give it more time)\n";
    for (const auto& e : o.internal_errors)
      out << "  !! INTERNAL ERROR (a medtls defect; what it affects stays inconclusive): " << e
          << "\n";
    if (unobservable(o)) {
      // Nothing to judge: say why in one line, not once per check.
      const std::string why = !o.reachable
                                  ? o.unreachable_reason
                                  : "no TLS version could be decided: " + undecided_reason(o);
      out << "  " << why << "\n";
      if (!o.stopped_early.empty() && o.reachable)
        out << "  probing stopped early: " << o.stopped_early << "\n";
      if (verbosity == Verbosity::verbose) attempt_lines(out, o);
      out << "\n";
      profile_lines(out, t, "nothing else to judge");
      continue;
    }
    for (const auto& line : deployment_lines(t)) out << "  " << line << "\n";
    if (dicom)
      for (const auto& b : dicom_banners(t.dicom, o)) out << "  !! " << b << "\n";
    observed(out, o);
    certificates(out, o);
    if (!o.stopped_early.empty()) out << "  probing stopped early: " << o.stopped_early << "\n";
    step_lines(out, t);
    if (verbosity == Verbosity::verbose) attempt_lines(out, o);
    if (dicom) render_dicom(out, t.dicom, o);
    profiles(out, t);
  }
  // Every line as printable text: a saved report given to `medtls report` may hold anything.
  std::string text = out.str(), safe;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    safe += printable(std::string_view(text).substr(start, stop - start));
    if (end != std::string::npos) safe += '\n';
    start = stop + 1;
  }
  return safe;
}

}  // namespace medtls::report
