#pragma once
// The steps of a scan as a table: each row names a step, the steps whose results it needs (it
// cannot run without them) or reuses (it runs after them when they run, and does without them
// otherwise), and the function. The order of the rows is the order they run in, and every
// prerequisite comes before its dependants (checked by the unit test of the tables).
// --only and --skip select rows; run_steps records what became of each (step_observations.hpp).
#include <algorithm>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "obs/step_observations.hpp"

namespace medtls::obs {

// What the command line and the other layer need to know of a step.
struct StepInfo {
  std::string name;
  StepLayer layer = StepLayer::tls;
  std::vector<std::string> needs;   // hard: not_run when one of these did not run
  std::vector<std::string> reuses;  // soft: only the order
};

// A row's StepInfo, as the layers' tables write it: step_info(kLayer, "suites", {"versions"}).
inline StepInfo step_info(StepLayer layer, std::string name, std::vector<std::string> needs,
                          std::vector<std::string> reuses = {}) {
  return {std::move(name), layer, std::move(needs), std::move(reuses)};
}

// Which steps run, from --only and --skip. --only pulls in what the named steps need (and says
// so); a step whose prerequisite is --skip'ed is recorded not_run, naming it.
class StepSelection {
 public:
  StepSelection() = default;  // every step
  // Throws std::invalid_argument (one line, naming the valid steps) for an unknown name or
  // for both lists given.
  static StepSelection make(const std::vector<StepInfo>& steps,
                            const std::vector<std::string>& only,
                            const std::vector<std::string>& skip);
  // "" when the step runs, else why it is skipped ("--skip suites", "not in --only …").
  std::string skip_reason(const std::string& step) const;
  // The steps --only added because a named step needs them, in table order.
  const std::vector<std::string>& pulled_in() const { return pulled_in_; }
  bool pulled_in_by_only(const std::string& step) const {
    return std::find(pulled_in_.begin(), pulled_in_.end(), step) != pulled_in_.end();
  }
  bool restricted() const { return !skipped_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> skipped_;  // step, reason
  std::vector<std::string> pulled_in_;
};

template <class Context>
struct Step {
  StepInfo info;
  std::function<void(Context&)> run;
};

template <class Context>
std::vector<StepInfo> step_infos(const std::vector<Step<Context>>& table) {
  std::vector<StepInfo> out;
  for (const auto& s : table) out.push_back(s.info);
  return out;
}

// How a layer tells the runner that nothing more can run (halt: the step is not called), that
// no connection can be opened any more (exhausted: the step is still called, to record what it
// could not send, and is recorded not_run), and how many connections were refused so far
// (unsent: a step during which that grows was cut short; it stays completed, and says so).
struct StepGates {
  std::function<std::string()> halt;
  std::function<std::string()> exhausted;
  std::function<std::size_t()> unsent;
};

// Why `info` cannot run given the records so far ("" when it can).
std::string missing_prerequisite(const StepInfo& info, const std::vector<StepRecord>& done,
                                 const std::vector<StepRecord>& earlier_layers);

// Runs the table in order and appends one record per row to `records`. A step that throws is
// recorded as error ("step: what" also goes to `internal_errors`) and the scan goes on:
// peers' bytes are data, so that is a defect, and a report must still be written.
template <class Context>
void run_steps(const std::vector<Step<Context>>& table, Context& context,
               const StepSelection& selection, const StepGates& gates,
               std::vector<StepRecord>& records, std::vector<std::string>& internal_errors,
               const std::vector<StepRecord>& earlier_layers = {}) {
  for (const auto& step : table) {
    StepRecord r{step.info.name, step.info.layer, StepStatus::not_run, ""};
    if (auto why = selection.skip_reason(step.info.name); !why.empty()) {
      r.status = StepStatus::skipped;
      r.reason = why;
    } else if (auto missing = missing_prerequisite(step.info, records, earlier_layers);
               !missing.empty()) {
      r.reason = missing;
    } else if (auto halted = gates.halt ? gates.halt() : ""; !halted.empty()) {
      r.reason = halted;
    } else {
      const std::string before = gates.exhausted ? gates.exhausted() : "";
      const std::size_t unsent = gates.unsent ? gates.unsent() : 0;
      try {
        step.run(context);
        r.status = before.empty() ? StepStatus::completed : StepStatus::not_run;
        r.reason = before;
        if (before.empty() && gates.unsent && gates.unsent() > unsent)
          r.reason = "cut short: " + (gates.exhausted ? gates.exhausted() : std::string()) +
                     "; what it did not reach is undecided";
        else if (before.empty() && selection.pulled_in_by_only(step.info.name))
          r.reason = "run because a step named in --only needs it";
      } catch (const std::exception& e) {
        r.status = StepStatus::error;
        r.reason = e.what();
        internal_errors.push_back(step.info.name + ": " + r.reason);
      }
    }
    records.push_back(std::move(r));
  }
}

}  // namespace medtls::obs
