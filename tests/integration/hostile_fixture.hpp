#pragma once
// The hostile-peer suite: tests/support/hostile_peer.py misbehaves in one of ~100 ways at the TLS
// record, handshake, certificate and DICOM PDU level; medtls scans it and must end with a
// documented exit code, within the mode's time bound and memory bound, with a complete report
// that the schema accepts, no raw control byte on the terminal, and no check passed that the
// peer did not earn.
//
// What a peer can earn is a property of the mode, not of medtls's output: each row names the
// class of answers the peer gives (nothing usable; refusals; a lawful TLS <= 1.2 first flight;
// a real TLS stack) and the check-id patterns that are never earned by it. Every mode the peer
// lists must have a row: a mode without one fails the suite.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace medtls::testing::hostile {

using nlohmann::json;
using namespace std::chrono_literals;

// What answers of the peer could make a check pass.
enum class Earns {
  nothing,       // no usable TLS answer at all: no check may pass
  refusals,      // only refusals: version-refusal checks may pass
  first_flight,  // lawful TLS <= 1.2 ServerHellos (and what follows them in the clear)
  real_tls,      // a real TLS stack (Python's ssl): every TLS-layer check may pass
};

// A check-id pattern: "text" matches ids containing it, "text$" ids ending with it.
inline bool matches(const std::string& id, const std::string& pattern) {
  if (!pattern.empty() && pattern.back() == '$') {
    const std::string tail = pattern.substr(0, pattern.size() - 1);
    return id.size() >= tail.size() && id.compare(id.size() - tail.size(), tail.size(), tail) == 0;
  }
  return id.find(pattern) != std::string::npos;
}

inline bool matches_any(const std::string& id, const std::vector<std::string>& patterns) {
  for (const auto& p : patterns)
    if (matches(id, p)) return true;
  return false;
}

// Whether a peer of that class cannot earn the check, whatever it does.
inline bool never_earned(Earns e, const std::string& id) {
  switch (e) {
    case Earns::nothing:
      return true;
    case Earns::refusals:
      return !matches_any(id, {"-SSL3-REJECTED$", "-TLS10-REJECTED$", "-TLS11-REJECTED$",
                               "-TLS10-ALERT$", "-TLS11-ALERT$"});
    case Earns::first_flight:
      // No TLS 1.3 handshake can complete, no client certificate is ever asked for, no DICOM.
      return matches_any(id, {"-TLS13-", "-MUTUAL-AUTH", "-DICOM-", "-OCSP-"});
    case Earns::real_tls:
      // Python's ssl server asks for no client certificate; DICOM passes are the mode's to grant.
      return matches_any(id, {"-MUTUAL-AUTH", "-DICOM-ASSOCIATION$", "-DICOM-ALL-CHANNELS$",
                              "-DICOM-BAD-CERT-ASSOCIATION$", "-DICOM-CLEARTEXT-OTHER-PORT$"});
  }
  return true;
}

struct Run {
  std::string mode;
  CaptureResult result;
  json report;  // null when none could be read
  std::string report_text;
  std::string report_path;
};

struct Mode {
  std::string name;
  Earns earns = Earns::nothing;
  std::vector<std::string> also_never;  // more check-id patterns this mode cannot earn
  std::vector<std::string> earned;      // patterns the class forbids that this mode does earn
  double max_seconds = 40;              // wall-time bound at --timeout 2
  std::vector<std::string> extra_args;
  std::function<void(const Run&)> check;  // what this mode must show, beyond the common rules
  // Peak memory bound for this mode when it differs from kMaxRssKb (see there).
  long max_rss_kb = 0;
};

// Peak memory of one scan, whatever the peer sends (medtls's own VmHWM, reported in
// report.json). A sanitizer build carries its shadow memory and a quarantine of freed memory on
// top of medtls's own (about 16 MB for a plain scan, 60-100 MB under ASan with the 32 MB
// quarantine tests/CMakeLists.txt sets for this suite), hence its own bound.
// One case more: DCMTK reserves the length a DICOM element claims before reading its value
// (new (nothrow), never touched beyond what arrives): untouched in a plain build, but ASan
// poisons the shadow of the whole reservation, 1/8 of the claimed length.
#ifdef MEDTLS_SANITIZED
inline constexpr long kMaxRssKb = 180 * 1024;
inline constexpr long kMaxRssKbForLyingElementLength = 800 * 1024;
#else
inline constexpr long kMaxRssKb = 100 * 1024;
inline constexpr long kMaxRssKbForLyingElementLength = kMaxRssKb;
#endif

inline const TestPki& pki() {
  static TempDir dir("medtls-hostile-pki");
  static TestPki p = make_test_pki(dir.path());
  return p;
}

inline std::string peer_script() {
  return std::string(MEDTLS_SOURCE_DIR) + "/tests/support/hostile_peer.py";
}

// Every mode the peer offers, with its category ("tls", "certificate", "dicom", "flaky").
inline std::map<std::string, std::string> peer_modes() {
  auto r = run_capture({"/usr/bin/python3", peer_script(), "--list-json"}, 30s);
  BOOST_TEST_REQUIRE(r.status == 0, "hostile_peer.py --list-json failed: " << r.err);
  std::map<std::string, std::string> out;
  for (const auto& m : json::parse(r.out)) out[m.at("name")] = m.at("category");
  return out;
}

// A started peer in `mode`, listening on a port it picked.
class Peer {
 public:
  Peer(const std::string& mode, const TempDir& dir) {
    const std::string ready = dir.file(mode + ".port");
    process_.start({"/usr/bin/python3", peer_script(), "--mode", mode, "--cert",
                    pki().server_rsa_cert, "--key", pki().server_rsa_key, "--ready-file", ready},
                   dir.file(mode + ".peer.log"));
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in(ready);
      if (!(in >> port_)) {
        port_ = 0;
        std::this_thread::sleep_for(50ms);
      }
    }
    BOOST_TEST_REQUIRE(port_ != 0, "the hostile peer in mode " << mode << " did not start");
  }
  int port() const { return port_; }

 private:
  Process process_;
  int port_ = 0;
};

// Checks that passed. A "may" requirement passes whatever is seen (a may cannot be failed: its
// detail says "informational"), so it shows nothing earned and is left out.
inline std::vector<std::string> passed_checks(const json& report) {
  std::vector<std::string> out;
  for (const auto& t : report.at("targets"))
    for (const auto& p : t.at("profiles"))
      for (const auto& c : p.at("checks"))
        if (c.at("verdict") == "pass" && c.at("level") != "may") out.push_back(c.at("id"));
  return out;
}

// Scans the peer in `mode` and applies the rules every mode shares.
inline Run scan(const Mode& mode, const std::string& scheme, const TempDir& dir) {
  Peer peer(mode.name, dir);
  Run run;
  run.mode = mode.name;
  run.report_path = dir.file(mode.name) + "/report.json";
  std::vector<std::string> args = {
      MEDTLS_BINARY,      "scan", scheme + "://127.0.0.1:" + std::to_string(peer.port()),
      "--timeout",        "2",    "--out",
      dir.file(mode.name)};
  args.insert(args.end(), mode.extra_args.begin(), mode.extra_args.end());
  run.result = run_capture(args, 200s);
  const auto& r = run.result;
  BOOST_TEST_INFO(mode.name << ": exit " << r.status << ", " << r.seconds
                            << " s; stderr: " << r.err.substr(0, 2000));
  BOOST_TEST(!r.timed_out);
  BOOST_TEST((r.status == 0 || r.status == 1 || r.status == 3 || r.status == 4));
  BOOST_TEST(r.seconds <= mode.max_seconds);
  BOOST_TEST(r.err.find("Sanitizer") == std::string::npos);
  BOOST_TEST(r.err.find("runtime error:") == std::string::npos);
  BOOST_TEST(r.err.find("internal error") == std::string::npos);
  // Nothing from the peer reaches the terminal raw: no escape or other control byte.
  for (unsigned char c : r.out)
    BOOST_TEST_REQUIRE((c >= 0x20 || c == '\n'), "control byte " << int(c));
  std::ifstream in(run.report_path);
  std::stringstream text;
  text << in.rdbuf();
  run.report_text = text.str();
  run.report = json::parse(run.report_text, nullptr, false);
  BOOST_TEST_REQUIRE(!run.report.is_discarded(), mode.name << ": report.json missing or invalid");
  BOOST_TEST(run.report.at("exit_code") == r.status);
  // medtls's own peak (getrusage of a child counts the forked test process too).
  const long peak = run.report.at("resources").at("peak_rss_kb");
  BOOST_TEST(peak <= (mode.max_rss_kb > 0 ? mode.max_rss_kb : kMaxRssKb));
  const auto& target = run.report.at("targets").at(0);
  BOOST_TEST(target.at("tls").at("internal_errors").empty());

  for (const auto& id : passed_checks(run.report))
    if ((never_earned(mode.earns, id) || matches_any(id, mode.also_never)) &&
        !matches_any(id, mode.earned))
      BOOST_ERROR(mode.name << ": " << id << " passed, which this peer cannot earn");
  if (mode.check) mode.check(run);
  return run;
}

// Every report against the schema, in one run of the independent validator.
inline void validate_reports(const std::vector<std::string>& paths) {
  std::vector<std::string> args = {
      "/usr/bin/python3", "-c",
      "import json,sys,jsonschema\n"
      "schema=json.load(open(sys.argv[1]))\n"
      "bad=0\n"
      "for p in sys.argv[2:]:\n"
      "  try: jsonschema.validate(json.load(open(p)),schema)\n"
      "  except Exception as e: bad+=1; print(p, str(e)[:400])\n"
      "sys.exit(1 if bad else 0)\n",
      std::string(MEDTLS_SOURCE_DIR) + "/reports/schema/report.schema.json"};
  args.insert(args.end(), paths.begin(), paths.end());
  auto r = run_capture(args, 300s);
  BOOST_TEST(r.status == 0, "schema validation: " << r.out << r.err);
}

// DICOM modes (and the flaky DICOM ones) are scanned as dicom:// targets, the others as tls://.
inline bool dicom_mode(const std::string& name, const std::string& category) {
  return category == "dicom" || name.rfind("flaky_dicom", 0) == 0;
}

// Runs every mode `selected` picks, and fails for a selected mode without a row in the table.
inline void run_suite(const std::vector<Mode>& table,
                      const std::function<bool(const std::string&, const std::string&)>& selected) {
  TempDir dir("medtls-hostile");
  std::map<std::string, const Mode*> rows;
  for (const auto& m : table) rows[m.name] = &m;
  std::vector<std::string> reports;
  int ran = 0;
  for (const auto& [name, category] : peer_modes()) {
    if (!selected(name, category)) continue;
    auto it = rows.find(name);
    if (it == rows.end()) {
      BOOST_ERROR("hostile peer mode " << name << " (" << category << ") has no row in the table");
      continue;
    }
    BOOST_TEST_CONTEXT("mode " << name) {
      const Run run = scan(*it->second, dicom_mode(name, category) ? "dicom" : "tls", dir);
      reports.push_back(run.report_path);
      BOOST_TEST_MESSAGE(name << ": exit " << run.result.status << ", " << run.result.seconds
                              << " s, "
                              << run.report.at("resources").at("peak_rss_kb").get<long>() / 1024
                              << " MB, " << passed_checks(run.report).size() << " pass");
    }
    ++ran;
  }
  BOOST_TEST(ran >= 1);
  validate_reports(reports);
}

// Helpers for the per-mode checks.
inline const json& target(const Run& r) {
  return r.report.at("targets").at(0);
}
inline std::string version_status(const Run& r, const std::string& v) {
  return target(r).at("tls").at("versions").value(v, "absent");
}
inline std::string fact(const Run& r, const std::string& name) {
  const auto& facts = target(r).at("tls").at("facts");
  return facts.contains(name) ? facts.at(name).at("value").get<std::string>() : "absent";
}

}  // namespace medtls::testing::hostile
