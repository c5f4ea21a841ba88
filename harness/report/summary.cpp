#include "report/summary.hpp"

#include <sstream>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "suites/registry.hpp"

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
  if (o.certificate_request.status == "requested")
    out << (o.certificate_request.ca_names.empty() ? " (no CA names listed)" : ", CA names:");
  for (const auto& ca : o.certificate_request.ca_names) out << "\n    " << ca;
  out << "\n  features:";
  for (const auto& [name, f] : o.facts)
    if (name != "client_certificate_request") out << " " << name << "=" << f.value;
  out << "\n";
}

}  // namespace

std::string render_summary(const Report& report) {
  std::ostringstream out;
  for (const auto& t : report.targets) {
    const auto& o = t.tls;
    out << report.tool.name << " " << report.tool.version << "  " << t.url;
    if (!o.address.empty()) out << " (" << o.address << ")";
    out << "  " << o.started << "  " << o.connections << " connection"
        << (o.connections == 1 ? "" : "s") << "\n";
    if (!o.reachable) {
      out << "  target not reachable: " << o.unreachable_reason << "\n";
    } else {
      observed(out, o);
      if (!o.stopped_early.empty()) out << "  probing stopped early: " << o.stopped_early << "\n";
    }
    for (const auto& p : t.profiles) {
      int counts[5] = {0, 0, 0, 0, 0};
      const char* names[5] = {"pass", "fail", "warn", "inconclusive", "not_applicable"};
      for (const auto& c : p.checks)
        for (int i = 0; i < 5; ++i)
          if (c.verdict == names[i]) ++counts[i];
      out << "\n"
          << p.id << "  " << upper(p.verdict) << "  (" << p.section << ", " << p.edition << ")  ";
      for (int i = 0; i < 5; ++i)
        if (counts[i]) out << counts[i] << " " << names[i] << "  ";
      out << "\n";
      for (const auto& c : p.checks) {
        if (c.verdict != "fail" && c.verdict != "inconclusive" && c.verdict != "warn") continue;
        out << "  " << upper(c.verdict) << " " << c.id << " [" << c.level << "] " << c.title << ": "
            << c.detail << "  (" << c.cite << ")\n";
      }
    }
  }
  return out.str();
}

}  // namespace medtls::report
