#pragma once
// Steps shared by `scan` and `report`: load the profiles, judge each target, write report.json
// and print the summary.
#include <string>
#include <vector>

#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "report/report.hpp"
#include "report/summary.hpp"

namespace medtls::cli {

// The deployment profile applied to every scan unless --no-site-baseline: the certificate
// checks PS3.15 leaves to the site (trust, host name, validity, EKU, revocation).
inline constexpr const char* kSiteBaseline = "site-baseline";

// The profiles named (default dicom-b12 and dicom-b13), then the site baseline unless it is
// named already or `site_baseline` is false. Throws profile::ProfileError (one line) for an
// unknown id or a broken file.
std::vector<profile::Profile> load_profiles(std::vector<std::string> ids,
                                            const std::string& profiles_dir, bool site_baseline);
void judge(report::TargetReport& target, const std::vector<profile::Profile>& profiles);
// Checks before a scan that report.json can be written there (creates the directory).
// Returns "" or a one-line reason.
std::string prepare_out_dir(const std::string& dir);
// Writes DIR/report.json (when dir is set), prints the summary as verbose as asked, and returns
// the exit code; 2 if the report cannot be written.
int finish(report::Report& report, const std::string& out_dir, report::Verbosity verbosity);
report::Verbosity verbosity(bool quiet, bool verbose);

}  // namespace medtls::cli
