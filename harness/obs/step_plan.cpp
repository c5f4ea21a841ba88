#include "obs/step_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/text.hpp"

namespace medtls::obs {

namespace {

const StepInfo* find(const std::vector<StepInfo>& steps, const std::string& name) {
  for (const auto& s : steps)
    if (s.name == name) return &s;
  return nullptr;
}

void check_names(const std::vector<StepInfo>& steps, const std::vector<std::string>& names,
                 const char* option) {
  for (const auto& n : names)
    if (!find(steps, n)) {
      std::vector<std::string> valid;
      for (const auto& s : steps) valid.push_back(s.name);
      throw std::invalid_argument(std::string(option) + ": unknown step '" + n +
                                  "' (steps: " + join(valid, ", ") + ")");
    }
}

const StepRecord* record_of(const std::string& name, const std::vector<StepRecord>& a,
                            const std::vector<StepRecord>& b) {
  for (const auto* list : {&a, &b})
    for (const auto& r : *list)
      if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

StepSelection StepSelection::make(const std::vector<StepInfo>& steps,
                                  const std::vector<std::string>& only,
                                  const std::vector<std::string>& skip) {
  check_names(steps, only, "--only");
  check_names(steps, skip, "--skip");
  if (!only.empty() && !skip.empty())
    throw std::invalid_argument("--only and --skip exclude each other");
  StepSelection sel;
  if (!skip.empty()) {
    for (const auto& s : steps)
      if (std::find(skip.begin(), skip.end(), s.name) != skip.end())
        sel.skipped_.emplace_back(s.name, "--skip " + s.name);
    return sel;
  }
  if (only.empty()) return sel;
  // The named steps and, transitively, what they need. Rows come before their dependants, so
  // one pass from the end of the table finds everything.
  std::set<std::string> wanted(only.begin(), only.end());
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (wanted.count(it->name)) wanted.insert(it->needs.begin(), it->needs.end());
  for (const auto& s : steps) {
    if (!wanted.count(s.name))
      sel.skipped_.emplace_back(s.name, "not in --only");
    else if (std::find(only.begin(), only.end(), s.name) == only.end())
      sel.pulled_in_.push_back(s.name);
  }
  return sel;
}

std::string StepSelection::skip_reason(const std::string& step) const {
  for (const auto& [name, reason] : skipped_)
    if (name == step) return reason;
  return "";
}

std::string missing_prerequisite(const StepInfo& info, const std::vector<StepRecord>& done,
                                 const std::vector<StepRecord>& earlier_layers) {
  for (const auto& need : info.needs) {
    const StepRecord* r = record_of(need, done, earlier_layers);
    // A prerequisite that failed with an error still left what it learned: the dependants
    // use that, as before the steps were a table.
    if (!r || r->status == StepStatus::completed || r->status == StepStatus::error) continue;
    return "prerequisite " + need + " " +
           (r->status == StepStatus::skipped
                ? "was skipped (" + r->reason + ")"
                : "did not run" + (r->reason.empty() ? "" : ": " + r->reason));
  }
  return "";
}

}  // namespace medtls::obs
