#include "cli/judging.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "report/json_report.hpp"
#include "report/summary.hpp"
#include "suites/registry.hpp"

namespace medtls::cli {

namespace fs = std::filesystem;

std::vector<profile::Profile> load_profiles(std::vector<std::string> ids,
                                            const std::string& profiles_dir) {
  if (ids.empty()) ids = {"dicom-b12", "dicom-b13"};
  std::vector<profile::Profile> out;
  for (const auto& id : ids)
    out.push_back(profile::load_profile(id, profiles_dir, suites::Registry::builtin()));
  return out;
}

void judge(report::TargetReport& target, const std::vector<profile::Profile>& profiles) {
  target.profiles.clear();
  // The dicom_* requirements judge the DICOM layer of dicom:// targets only; for any other
  // target they are not applicable.
  const obs::DicomObservations* dicom = target.scheme == "dicom" ? &target.dicom : nullptr;
  for (const auto& p : profiles)
    target.profiles.push_back(profile::evaluate(p, target.tls, suites::Registry::builtin(), dicom));
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

int finish(const report::Report& report, const std::string& out_dir, bool quiet) {
  if (!quiet) std::cout << report::render_summary(report);
  if (!out_dir.empty()) {
    auto path = fs::path(out_dir) / "report.json";
    std::ofstream f(path);
    f << report::to_json(report).dump(2) << "\n";
    if (!f) return input_error("cannot write " + path.string());
    if (!quiet) std::cout << "\nreport: " << path.string() << "\n";
  }
  return report::exit_code(report);
}

}  // namespace medtls::cli
