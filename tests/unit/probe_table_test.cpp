// The building blocks of the probe table (probe_table.hpp): how a row's classification sorts an
// answer into ServerHello, refusal and unknown. The engine itself sends hellos and is exercised
// by the integration tests against real peers.
#define BOOST_TEST_MODULE probe_table
#include <boost/test/unit_test.hpp>

#include <string>

#include "tls/probe/probe_table.hpp"

using medtls::obs::Attempt;
using medtls::obs::Outcome;
using medtls::probe::FactValue;

namespace {

Attempt attempt(Outcome outcome, std::uint8_t alert_level = 0) {
  Attempt a;
  a.index = 7;
  a.reply.outcome = outcome;
  if (alert_level) a.reply.alert = medtls::obs::Alert{alert_level, 40};
  return a;
}

const auto kClassify = medtls::probe::by_answer(
    [](const medtls::obs::ServerReply& r) -> FactValue {
      return {"answered", "suite " + std::to_string(r.suite)};
    },
    medtls::probe::alert_means("refused", "refused: "), "unknown: ");

}  // namespace

BOOST_AUTO_TEST_CASE(server_hello_goes_to_on_hello) {
  auto a = attempt(Outcome::server_hello);
  a.reply.suite = 47;
  const auto v = kClassify(a);
  BOOST_TEST(v.value == "answered");
  BOOST_TEST(v.detail == "suite 47");
}

BOOST_AUTO_TEST_CASE(fatal_alert_goes_to_on_alert) {
  const auto a = attempt(Outcome::alert, 2);
  const auto v = kClassify(a);
  BOOST_TEST(v.value == "refused");
  BOOST_TEST(v.detail == "refused: " + medtls::probe::ended(a));
}

BOOST_AUTO_TEST_CASE(anything_else_is_unknown) {
  // A warning alert followed by silence refuses nothing; neither does a protocol violation.
  for (auto outcome :
       {Outcome::timeout, Outcome::closed, Outcome::reset, Outcome::malformed,
        Outcome::protocol_violation, Outcome::hello_retry_request, Outcome::not_sent}) {
    const auto a = attempt(outcome, outcome == Outcome::timeout ? 1 : 0);
    const auto v = kClassify(a);
    BOOST_TEST(v.value == "unknown");
    BOOST_TEST(v.detail == "unknown: " + medtls::probe::ended(a));
  }
}

BOOST_AUTO_TEST_CASE(without_on_alert_a_refusal_is_unknown) {
  const auto classify = medtls::probe::by_answer(
      [](const medtls::obs::ServerReply&) -> FactValue {
        return {"answered", ""};
      },
      {}, "no ServerHello to inspect: ");
  const auto a = attempt(Outcome::alert, 2);
  BOOST_TEST(classify(a).value == "unknown");
  BOOST_TEST(classify(a).detail == "no ServerHello to inspect: " + medtls::probe::ended(a));
}
