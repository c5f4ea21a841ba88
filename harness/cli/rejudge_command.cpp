#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/judging.hpp"
#include "cli/tool_info.hpp"
#include "common/utc_time.hpp"
#include "report/json_report.hpp"

namespace medtls::cli {

// Judges the observations of a saved report again, e.g. against a newer profile edition or a
// site policy, without touching the device.
int run_rejudge(const RejudgeArgs& args, const std::vector<std::string>& command) {
  std::ifstream in(args.saved);
  if (!in) return input_error(args.saved + ": cannot read file");
  report::Report rep;
  try {
    rep = report::report_from_json(nlohmann::json::parse(in));
  } catch (const std::exception& e) {
    return input_error(args.saved + ": " + e.what());
  }
  std::vector<profile::Profile> profiles;
  try {
    profiles = load_profiles(args.profiles, args.profiles_dir, !args.no_site_baseline);
  } catch (const std::exception& e) {
    return input_error(e.what());
  }
  if (auto e = prepare_out_dir(args.out); !e.empty()) return input_error(e);
  auto scanned_with = rep.tool;
  rep.tool = tool_info();
  rep.command = command;
  rep.rejudged_from = args.saved + " (scanned by " + scanned_with.name + " " +
                      scanned_with.version + " at " + rep.started + ")";
  for (auto& t : rep.targets) judge(t, profiles);
  return finish(rep, args.out, verbosity(args.quiet, args.verbose));
}

}  // namespace medtls::cli
