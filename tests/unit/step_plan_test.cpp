// The scan's step tables as data: every prerequisite is a known step that runs earlier, --only
// and --skip select rows as documented, the runner records each step's fate, and a step record
// read back from a forged report never crashes.
#define BOOST_TEST_MODULE step_plan
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "dicom/dicom_scan.hpp"
#include "obs/step_json.hpp"
#include "obs/step_plan.hpp"
#include "tls/probe/scanner.hpp"

using namespace medtls;
using obs::StepStatus;

namespace {

std::vector<obs::StepInfo> all_steps() {
  auto steps = probe::tls_steps();
  for (auto& s : dicom::dicom_steps()) steps.push_back(s);
  return steps;
}

struct Counter {
  std::vector<std::string> ran;
};

obs::Step<Counter> row(std::string name, std::vector<std::string> needs, bool throws = false) {
  return {{name, obs::StepLayer::tls, std::move(needs), {}}, [name, throws](Counter& c) {
            if (throws) throw std::runtime_error("broken");
            c.ran.push_back(name);
          }};
}

}  // namespace

BOOST_AUTO_TEST_CASE(prerequisites_are_known_and_run_earlier) {
  const auto steps = all_steps();
  std::set<std::string> seen;
  for (const auto& s : steps) {
    BOOST_TEST_INFO(s.name);
    BOOST_TEST(seen.insert(s.name).second);  // names are unique across layers
    for (const auto* list : {&s.needs, &s.reuses})
      for (const auto& before : *list) {
        BOOST_TEST_INFO(s.name << " after " << before);
        BOOST_TEST(seen.count(before) == 1u);
      }
  }
  BOOST_TEST(steps.front().name == "versions");
  BOOST_TEST(probe::tls_steps().size() == 11u);
}

BOOST_AUTO_TEST_CASE(only_pulls_in_prerequisites_and_skip_names_the_option) {
  const auto steps = all_steps();
  auto only = obs::StepSelection::make(steps, {"association-matrix"}, {});
  BOOST_TEST(only.skip_reason("association-matrix") == "");
  for (const char* needed : {"association", "versions", "suites"}) {
    BOOST_TEST_INFO(needed);
    BOOST_TEST(only.skip_reason(needed) == "");
    BOOST_TEST(only.pulled_in_by_only(needed));
  }
  BOOST_TEST(only.skip_reason("groups") == "not in --only");
  BOOST_TEST(!only.pulled_in_by_only("association-matrix"));

  auto skip = obs::StepSelection::make(steps, {}, {"groups", "early-data"});
  BOOST_TEST(skip.skip_reason("groups") == "--skip groups");
  BOOST_TEST(skip.skip_reason("suites") == "");

  BOOST_TEST(obs::StepSelection().skip_reason("versions") == "");
  try {
    obs::StepSelection::make(steps, {}, {"sweets"});
    BOOST_FAIL("an unknown step was accepted");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("--skip: unknown step 'sweets'") != std::string::npos);
    BOOST_TEST(what.find("association-matrix") != std::string::npos);  // names the valid ones
  }
  BOOST_CHECK_THROW(obs::StepSelection::make(steps, {"suites"}, {"groups"}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(runner_records_each_step) {
  const std::vector<obs::Step<Counter>> table = {row("a", {}), row("b", {"a"}), row("c", {"b"}),
                                                 row("d", {}, true), row("e", {"d"})};
  std::vector<obs::StepInfo> infos = obs::step_infos(table);
  Counter c;
  std::vector<obs::StepRecord> records;
  std::vector<std::string> errors;
  obs::run_steps(table, c, obs::StepSelection::make(infos, {}, {"b"}), {}, records, errors);
  BOOST_TEST_REQUIRE(records.size() == 5u);
  BOOST_TEST((c.ran == std::vector<std::string>{"a", "e"}));
  BOOST_TEST((records[0].status == StepStatus::completed));
  BOOST_TEST((records[1].status == StepStatus::skipped));
  BOOST_TEST((records[2].status == StepStatus::not_run));
  BOOST_TEST(records[2].reason == "prerequisite b was skipped (--skip b)");
  BOOST_TEST((records[3].status == StepStatus::error));
  BOOST_TEST(records[3].reason == "broken");
  BOOST_TEST((errors == std::vector<std::string>{"d: broken"}));
  // What a failed step learned is still used by its dependants, as before the table.
  BOOST_TEST((records[4].status == StepStatus::completed));

  // A halted layer calls nothing; an exhausted budget calls the step (to record what it could
  // not send) and says not_run.
  Counter halted;
  records.clear();
  obs::StepGates halt{[] { return std::string("target unreachable: refused"); }, nullptr, nullptr};
  obs::run_steps(table, halted, {}, halt, records, errors);
  BOOST_TEST(halted.ran.empty());
  BOOST_TEST(records[0].reason == "target unreachable: refused");
  BOOST_TEST(records[1].reason == "prerequisite a did not run: target unreachable: refused");
  Counter spent;
  records.clear();
  obs::StepGates exhausted{nullptr, [] { return std::string("budget exhausted"); }, nullptr};
  obs::run_steps(table, spent, {}, exhausted, records, errors);
  // "a" and "e" (its prerequisite failed inside medtls); b and c needed a step that did not run.
  BOOST_TEST((spent.ran == std::vector<std::string>{"a", "e"}));
  BOOST_TEST((records[0].status == StepStatus::not_run));
  BOOST_TEST(records[0].reason == "budget exhausted");

  // A step during which connections were refused ran, but was cut short, and says so.
  std::size_t refused = 0;
  bool spent_all = false;
  const std::vector<obs::Step<Counter>> one = {
      {{"x", obs::StepLayer::tls, {}, {}}, [&](Counter&) { refused = 3, spent_all = true; }}};
  obs::StepGates counting{nullptr,
                          [&] { return std::string(spent_all ? "budget of 8 exhausted" : ""); },
                          [&] { return refused; }};
  records.clear();
  Counter unused;
  obs::run_steps(one, unused, {}, counting, records, errors);
  BOOST_TEST((records[0].status == StepStatus::completed));
  BOOST_TEST(records[0].reason.find("cut short: budget of 8 exhausted") == 0u);
}

BOOST_AUTO_TEST_CASE(records_round_trip_and_forged_ones_do_not_crash) {
  for (auto s :
       {StepStatus::completed, StepStatus::error, StepStatus::skipped, StepStatus::not_run}) {
    const obs::StepRecord r{"suites", obs::StepLayer::tls, s, "why"};
    const nlohmann::json j = r;
    BOOST_TEST(j["status"] == obs::step_status_name(s));
    BOOST_TEST(j["layer"] == "tls");
    const auto back = j.get<obs::StepRecord>();
    BOOST_TEST((back.status == s));
    BOOST_TEST((back.layer == obs::StepLayer::tls));
    BOOST_TEST(back.reason == "why");
  }
  BOOST_TEST(obs::step_status_name(StepStatus::not_run) == "not_run");
  auto forged = nlohmann::json::parse(
      R"({"name":"suites","layer":"tls","status":"passed_with_honours","reason":""})");
  BOOST_CHECK_THROW(forged.get<obs::StepRecord>(), std::invalid_argument);
  auto other_layer =
      nlohmann::json::parse(R"({"name":"suites","layer":"hl7","status":"completed","reason":""})");
  BOOST_CHECK_THROW(other_layer.get<obs::StepRecord>(), std::invalid_argument);
  for (const char* bad :
       {R"({"name":"suites","layer":"tls","status":1,"reason":""})",
        R"({"name":7,"layer":"tls","status":"completed","reason":""})",
        R"({"name":"suites","layer":"tls","status":"completed","reason":[]})", R"([])"}) {
    BOOST_TEST_INFO(bad);
    BOOST_CHECK_THROW(nlohmann::json::parse(bad).get<obs::StepRecord>(), std::exception);
  }
}
