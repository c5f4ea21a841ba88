#include "cli/judging.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "common/peer_text.hpp"
#include "common/process_stats.hpp"
#include "obs/json_dump.hpp"
#include "report/json_report.hpp"
#include "report/summary.hpp"
#include "suites/registry.hpp"

namespace medtls::cli {

namespace fs = std::filesystem;

std::vector<profile::Profile> load_profiles(std::vector<std::string> ids,
                                            const std::string& profiles_dir, bool site_baseline) {
  if (ids.empty()) ids = {"dicom-b12", "dicom-b13"};
  std::vector<profile::Profile> out;
  for (const auto& id : ids)
    out.push_back(profile::load_profile(id, profiles_dir, suites::Registry::builtin()));
  const bool named = std::any_of(out.begin(), out.end(),
                                 [](const profile::Profile& p) { return p.id == kSiteBaseline; });
  if (site_baseline && !named) {
    // A --profiles-dir without its own copy of the baseline gets the built-in one.
    std::error_code ec;
    const bool in_dir =
        !profiles_dir.empty() &&
        fs::exists(fs::path(profiles_dir) / (std::string(kSiteBaseline) + ".json"), ec);
    out.push_back(profile::load_profile(kSiteBaseline, in_dir ? profiles_dir : "",
                                        suites::Registry::builtin()));
  }
  return out;
}

void judge(report::TargetReport& target, const std::vector<profile::Profile>& profiles) {
  target.profiles.clear();
  // The dicom_* requirements judge the DICOM layer of dicom:// targets only; for any other
  // target they are not applicable.
  const obs::DicomObservations* dicom = target.scheme == Scheme::dicom ? &target.dicom : nullptr;
  for (const auto& p : profiles) {
    try {
      target.profiles.push_back(
          profile::evaluate(p, target.tls, suites::Registry::builtin(), dicom));
    } catch (const std::exception& e) {  // a defect; the profile stays undecided, never passes
      profile::Result r;
      r.id = p.id;
      r.name = p.name;
      r.section = p.section;
      r.edition = p.edition;
      r.status = p.status;
      r.verdict = profile::Verdict::inconclusive;
      target.profiles.push_back(r);
      target.tls.internal_errors.push_back("judging " + p.id + ": " + one_line(e.what()));
    }
  }
}

std::string prepare_out_dir(const std::string& dir) {
  if (dir.empty()) return "";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "--out " + dir + ": cannot create directory: " + ec.message();
  auto probe = fs::path(dir) / ".medtls-write-test";
  {
    std::ofstream f(probe);
    if (!f) return "--out " + dir + ": directory is not writable";
  }
  fs::remove(probe, ec);
  return "";
}

report::Verbosity verbosity(bool quiet, bool verbose) {
  if (quiet) return report::Verbosity::quiet;
  return verbose ? report::Verbosity::verbose : report::Verbosity::normal;
}

int finish(report::Report& report, const std::string& out_dir, report::Verbosity verbosity) {
  report.peak_rss_kb = peak_rss_kb();
  // The report first: a defect in the summary must not cost it.
  std::string written;
  if (!out_dir.empty()) {
    auto path = fs::path(out_dir) / "report.json";
    std::ofstream f(path);
    f << obs::dump_json(report::to_json(report), 2) << "\n";
    if (!f) return input_error("cannot write " + path.string());
    written = path.string();
  }
  {
    try {
      std::cout << report::render_summary(report, verbosity);
    } catch (const std::exception& e) {
      std::cout << "(the summary could not be rendered: " << one_line(e.what()) << ")\n";
    }
    if (!written.empty() && verbosity != report::Verbosity::quiet)
      std::cout << "\nreport: " << written << "\n";
  }
  return report::exit_code(report);
}

}  // namespace medtls::cli
