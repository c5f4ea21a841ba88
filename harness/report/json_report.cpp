#include "report/json_report.hpp"

#include <stdexcept>

#include "obs/json.hpp"
#include "obs/step_json.hpp"

namespace medtls::report {

using nlohmann::json;

namespace {

json check_json(const profile::Check& c) {
  json j = {
      {"id", c.id},         {"title", c.title}, {"level", c.level},      {"verdict", c.verdict},
      {"detail", c.detail}, {"cite", c.cite},   {"evidence", c.evidence}};
  if (!c.note.empty()) j["note"] = c.note;
  return j;
}

json profile_json(const profile::Result& r) {
  json checks = json::array();
  for (const auto& c : r.checks) checks.push_back(check_json(c));
  return {{"id", r.id},           {"name", r.name},     {"section", r.section},
          {"edition", r.edition}, {"status", r.status}, {"verdict", r.verdict},
          {"checks", checks}};
}

}  // namespace

json to_json(const Report& report) {
  json targets = json::array();
  for (const auto& t : report.targets) {
    json profiles = json::array();
    for (const auto& p : t.profiles) profiles.push_back(profile_json(p));
    const bool dicom = t.scheme == Scheme::dicom;
    json target = {{"url", t.url},
                   {"scheme", t.scheme},
                   {"host", t.tls.host},
                   {"port", t.tls.port},
                   {"address", t.tls.address},
                   {"reachable", t.tls.reachable},
                   // Every TCP connection the scan opened: the TLS layer's (also in
                   // tls.connections) and the DICOM layer's (dicom.connections).
                   {"connections", total_connections(t)},
                   {"tls", t.tls},
                   {"certificate", t.tls.certificate},
                   {"client_auth", t.tls.client_auth}};
    if (dicom) target["dicom"] = t.dicom;
    // Both layers' steps in one list, in the order they ran; each names its layer.
    json steps = t.tls.steps;
    if (dicom)
      for (const auto& s : t.dicom.steps) steps.push_back(s);
    target["steps"] = steps;
    if (t.deadline.seconds > 0)
      target["deadline"] = {{"seconds", t.deadline.seconds},
                            {"source", t.deadline.source},
                            {"reached", t.deadline.reached},
                            {"used_seconds", t.deadline.used_seconds}};
    target["profiles"] = profiles;
    targets.push_back(std::move(target));
  }
  json j = {{"schema", kSchemaId},
            {"tool",
             {{"name", report.tool.name},
              {"version", report.tool.version},
              {"openssl", report.tool.openssl},
              {"dcmtk", report.tool.dcmtk}}},
            {"started", report.started},
            {"finished", report.finished},
            {"command", report.command},
            {"targets", targets},
            {"exit_code", exit_code(report)}};
  if (!report.rejudged_from.empty()) j["rejudged_from"] = report.rejudged_from;
  if (report.peak_rss_kb > 0) j["resources"] = {{"peak_rss_kb", report.peak_rss_kb}};
  return j;
}

Report report_from_json(const json& j) {
  if (j.value("schema", "") != kSchemaId)
    throw std::runtime_error(std::string("not a medtls report (schema is not \"") + kSchemaId +
                             "\")");
  Report r;
  const auto& tool = j.at("tool");
  r.tool = {tool.value("name", "medtls"), tool.value("version", ""), tool.value("openssl", ""),
            tool.value("dcmtk", "")};
  r.started = j.value("started", "");
  r.finished = j.value("finished", "");
  for (const auto& t : j.at("targets")) {
    TargetReport tr;
    tr.url = t.value("url", "");
    try {
      tr.scheme = t.at("scheme").get<Scheme>();
    } catch (const std::exception& e) {
      throw std::runtime_error("target " + tr.url + ": unreadable scheme: " + e.what());
    }
    if (auto d = t.find("deadline"); d != t.end() && d->is_object()) {
      tr.deadline.seconds = d->value("seconds", 0.0);
      tr.deadline.source = d->value("source", "");
      tr.deadline.reached = d->value("reached", false);
      tr.deadline.used_seconds = d->value("used_seconds", 0.0);
    }
    try {
      tr.tls = t.at("tls").get<obs::TlsObservations>();
      if (t.contains("certificate")) t.at("certificate").get_to(tr.tls.certificate);
      if (t.contains("client_auth")) t.at("client_auth").get_to(tr.tls.client_auth);
      if (t.contains("dicom") && !t.at("dicom").is_null())
        t.at("dicom").get_to(tr.dicom);
      else if (tr.scheme == Scheme::dicom)  // saved before the DICOM layer existed
        tr.dicom.detail = "not run: the saved report has no DICOM observations";
      if (auto s = t.find("steps"); s != t.end())
        for (const auto& step : s->get<std::vector<obs::StepRecord>>())
          (step.layer == obs::StepLayer::dicom ? tr.dicom.steps : tr.tls.steps).push_back(step);
    } catch (const std::exception& e) {
      throw std::runtime_error("target " + tr.url + ": unreadable observations: " + e.what());
    }
    r.targets.push_back(std::move(tr));
  }
  return r;
}

}  // namespace medtls::report
