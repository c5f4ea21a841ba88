// fuzz_flight_parser: a server's first flight (hostile bytes from a scanned device) through
// wire::FlightParser, fed in chunks as TCP reads might return them, and read in the report's form
// (obs::ServerReply, through tls/probe's wire_mapping) as the prober records it.
//
// Input: 4 split-plan bytes (fuzz_common.hpp), then the stream.
// Properties checked:
//  - no crash, UB or leak (sanitizers);
//  - feed() after done() is a no-op (returns true, the reply does not change), and so is a
//    second finish();
//  - the reply's outcome is one of obs::Outcome's values;
//  - the stream fed in one chunk and fed by the split plan gives the same outcome, version,
//    suite and certificate count (record reassembly must not depend on how TCP split the
//    stream), and the same JSON apart from the error text and bytes_received (which depend on
//    the reads by design);
//  - the reply serialises: to_json + dump_json does not throw and the text parses; every string
//    in it is valid UTF-8 already (peer bytes go through peer_text(); dump_json is only a net).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_common.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"
#include "suites/registry.hpp"
#include "tls/probe/wire_mapping.hpp"
#include "tls/wire/flight_parser.hpp"

using medtls::fuzz::finding;
using medtls::obs::Outcome;
using medtls::obs::ServerReply;
using medtls::wire::FlightOutcome;

namespace {

std::string kx_of(std::uint16_t code) {
  const auto* suite = medtls::suites::Registry::builtin().find(code);
  return suite ? suite->kx : std::string();
}

// The reply's JSON without what depends on the reads by design: the error text (it names stream
// offsets) and bytes_received (bytes "as far as read": a read that completes the flight counts
// whole, later reads are not made).
nlohmann::json split_independent(const ServerReply& reply) {
  nlohmann::json j = reply;
  j.erase("error");
  j.erase("bytes_received");
  return j;
}

ServerReply reply_of(const medtls::wire::FlightParser& parser) {
  return medtls::probe::to_server_reply(parser.flight());
}

// One of the enum's values: it has a name, and the name reads back as itself.
bool known_outcome(Outcome o) {
  const std::string name = medtls::name_of(o);
  return name != "?" && medtls::parse_enum<medtls::obs::Outcome>(name) == o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t input_size) {
  const std::uint8_t* data = input;
  std::size_t size = input_size;
  medtls::fuzz::SplitPlan plan(data, size);

  // The whole stream in one read.
  medtls::wire::FlightParser whole(kx_of);
  if (size > 0) whole.feed(data, size);
  whole.finish(FlightOutcome::timeout, "read timed out after 5000 ms");

  // The same stream in the plan's chunks; feed() after done() must change nothing (checked on
  // the next two chunks and on all the rest at once).
  medtls::wire::FlightParser split(kx_of);
  std::size_t pos = 0;
  int after_done = 0;
  while (pos < size) {
    const bool was_done = split.done();
    const std::size_t n = was_done && after_done == 2 ? size - pos : plan.next(size - pos);
    const nlohmann::json before = was_done ? nlohmann::json(reply_of(split)) : nlohmann::json();
    const bool done = split.feed(data + pos, n);
    pos += n;
    if (!was_done) continue;
    ++after_done;
    if (!done || nlohmann::json(reply_of(split)) != before)
      finding("feed_after_done", "reply changed", "feed() after done() changed the reply", input,
              input_size);
  }
  split.finish(FlightOutcome::timeout, "read timed out after 5000 ms");
  const nlohmann::json finished = reply_of(split);
  split.finish(FlightOutcome::reset, "a second finish");
  if (split.feed(data, size) != true || nlohmann::json(reply_of(split)) != finished)
    finding("feed_after_done", "after finish", "feed()/finish() after finish() changed the reply",
            input, input_size);

  const ServerReply a = reply_of(whole);
  const ServerReply b = reply_of(split);
  if (!known_outcome(a.outcome) || !known_outcome(b.outcome))
    finding("bad_outcome", "outcome", "outcome outside the enum", input, input_size);
  if (a.outcome != b.outcome || a.version != b.version || a.suite != b.suite ||
      a.certificates.size() != b.certificates.size()) {
    std::fprintf(stderr,
                 "\n*** FINDING split_reassembly: the reply depends on the split\n"
                 "one chunk: %s 0x%04x 0x%04x %zu certs (%s)\nsplit (mode %d): %s 0x%04x "
                 "0x%04x %zu certs (%s)\n",
                 medtls::name_of(a.outcome).c_str(), a.version, a.suite, a.certificates.size(),
                 a.error.c_str(), plan.mode(), medtls::name_of(b.outcome).c_str(), b.version, b.suite,
                 b.certificates.size(), b.error.c_str());
    std::abort();  // record reassembly depends on how the stream was split
  }
  const nlohmann::json ja = split_independent(a), jb = split_independent(b);
  if (ja != jb || a.certificates != b.certificates)
    finding("split_dependent", "reply fields",
            "one chunk: " + medtls::obs::dump_json(ja) + "\nsplit: " + medtls::obs::dump_json(jb),
            input, input_size);

  // Serialising never throws, gives JSON, and needs no escaping net.
  for (const ServerReply* reply : {&a, &b}) {
    const nlohmann::json j = *reply;
    const std::string text = medtls::obs::dump_json(j);
    if (nlohmann::json::parse(text, nullptr, false).is_discarded())
      finding("dump_unparsable", "reply", "dump_json output does not parse: " + text, input,
              input_size);
    try {
      (void)j.dump();
    } catch (const nlohmann::json::type_error& e) {
      finding("invalid_utf8_in_observation", "ServerReply", e.what(), input, input_size);
    }
  }
  return 0;
}
