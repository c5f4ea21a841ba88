// The scan's steps as the user selects them (--only, --skip) against a real openssl s_server:
// each step's fate is in targets[i].steps, a step left out never lets a check pass (its
// observations stay undecided, so the verdict is inconclusive: exit 4), and a saved report is
// re-judged to the same verdicts. Also the output levels -q and -v.
#define BOOST_TEST_MODULE steps_cli
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "integration/scan_fixture.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace medtls::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

CaptureResult medtls_cmd(std::vector<std::string> args) {
  args.insert(args.begin(), MEDTLS_BINARY);
  return run_capture(args, 120s);
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// name → status, and name → reason, of targets[0].steps.
std::map<std::string, std::string> step_field(const json& report, const char* field) {
  std::map<std::string, std::string> out;
  for (const auto& s : report["targets"][0]["steps"]) out[s["name"]] = s[field];
  return out;
}

std::string verdict(const json& report, const std::string& profile) {
  for (const auto& p : report["targets"][0]["profiles"])
    if (p["id"] == profile) return p["verdict"];
  return "(no such profile)";
}

// openssl s_server with OpenSSL's defaults from TLS 1.2 up (older versions refused with
// protocol_version, so that nothing the versions step sees fails B.12).
OpensslServerOptions tls12_and_13() {
  OpensslServerOptions o;
  o.cert = shared_pki().server_rsa_cert;
  o.key = shared_pki().server_rsa_key;
  o.min_protocol = "TLSv1.2";
  return o;
}

// A TLS 1.2/1.3 openssl s_server that passes dicom-b12 when scanned in full: ECDHE-GCM suites
// in its own order, TLS 1.0/1.1 refused with protocol_version, client certificates required
// and checked against the vectors' CA and CRL.
struct B12Peer {
  TempDir vectors{"medtls-steps-vectors"};
  std::optional<OpensslServer> server;

  B12Peer() {
    auto made = run_capture({MEDTLS_BINARY, "vectors", "--out", vectors.path()}, 120s);
    BOOST_TEST_REQUIRE(made.status == 0, made.err);
    OpensslServerOptions o;
    o.cert = vectors.file("server/good-rsa.pem");
    o.key = vectors.file("server/good-rsa.key");
    o.cipher = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
    o.min_protocol = "TLSv1.2";
    o.client_auth = ClientAuth::require;
    o.ca_file = vectors.file("ca/roots.pem");
    o.extra_args = {"-serverpref",
                    "-cert_chain",
                    vectors.file("ca/intermediate-rsa.pem"),
                    "-CRL",
                    vectors.file("client/crl.pem"),
                    "-crl_check"};
    server.emplace(o);
  }
  std::string url() const { return "tls://127.0.0.1:" + std::to_string(server->port()); }
  std::vector<std::string> scan(const std::string& out) const {
    return {"scan",
            url(),
            "--profile",
            "dicom-b12",
            "--ca",
            vectors.file("ca/roots.pem"),
            "--client-vectors",
            vectors.path(),
            "--out",
            out};
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_skipped_step_never_lets_a_check_pass) {
  B12Peer peer;
  TempDir full("medtls-steps-full");
  auto r = medtls_cmd(peer.scan(full.path()));
  BOOST_TEST_INFO(r.out << r.err);
  BOOST_TEST_REQUIRE(r.status == 0);  // the whole scan proves B.12
  const json all = read_json(full.file("report.json"));
  BOOST_TEST(verdict(all, "dicom-b12") == "pass");
  for (const auto& [name, status] : step_field(all, "status")) {
    BOOST_TEST_INFO(name);
    BOOST_TEST(status == "completed");
  }

  TempDir out("medtls-steps-skip");
  auto args = peer.scan(out.path());
  args.insert(args.end(), {"--skip", "suites"});
  r = medtls_cmd(args);
  BOOST_TEST_INFO(r.out << r.err);
  BOOST_TEST(r.status == 4);
  const json skipped = read_json(out.file("report.json"));
  BOOST_TEST(verdict(skipped, "dicom-b12") == "inconclusive");
  const auto status = step_field(skipped, "status");
  const auto reason = step_field(skipped, "reason");
  BOOST_TEST(status.at("suites") == "skipped");
  BOOST_TEST(reason.at("suites") == "--skip suites");
  for (const char* dependant : {"groups", "features", "signature-schemes"}) {
    BOOST_TEST_INFO(dependant << ": " << reason.at(dependant));
    BOOST_TEST(status.at(dependant) == "not_run");
    BOOST_TEST(reason.at(dependant).find("prerequisite suites was skipped") != std::string::npos);
  }
  BOOST_TEST(status.at("versions") == "completed");
  BOOST_TEST(status.at("client-auth") == "completed");
  BOOST_TEST(r.out.find("steps skipped (--skip suites): tls:suites") != std::string::npos);

  // The saved report, re-judged without the peer, gives the same verdicts and keeps the steps.
  peer.server->stop();
  TempDir again("medtls-steps-rejudged");
  auto rj = medtls_cmd(
      {"report", out.file("report.json"), "--profile", "dicom-b12", "--out", again.path()});
  BOOST_TEST_INFO(rj.out << rj.err);
  BOOST_TEST(rj.status == 4);
  const json rejudged = read_json(again.file("report.json"));
  BOOST_TEST(rejudged["targets"][0]["steps"] == skipped["targets"][0]["steps"]);
  BOOST_TEST(rejudged["targets"][0]["profiles"] == skipped["targets"][0]["profiles"]);
}

BOOST_AUTO_TEST_CASE(only_versions_runs_one_step) {
  OpensslServer peer(tls12_and_13());
  TempDir out("medtls-steps-only");
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--only",
                       "versions", "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  BOOST_TEST(r.status == 4);  // nothing fails, most is undecided
  const json report = read_json(out.file("report.json"));
  const auto& steps = report["targets"][0]["steps"];
  BOOST_TEST_REQUIRE(steps.size() == 11u);  // the TLS layer's steps, in order
  BOOST_TEST(steps[0]["name"] == "versions");
  BOOST_TEST(steps[0]["status"] == "completed");
  BOOST_TEST(steps[0]["layer"] == "tls");
  for (std::size_t i = 1; i < steps.size(); ++i) {
    BOOST_TEST_INFO(steps[i].dump());
    BOOST_TEST(steps[i]["status"] == "skipped");
    BOOST_TEST(steps[i]["reason"] == "not in --only");
  }
  for (const auto& p : report["targets"][0]["profiles"]) BOOST_TEST(p["verdict"] != "pass");
  // TLS 1.3 seen at a ServerHello is not taken as accepted without the handshake step.
  BOOST_TEST(report["targets"][0]["tls"]["versions"]["TLSv1.3"] == "inconclusive");
  BOOST_TEST(report["targets"][0]["tls"]["versions"]["TLSv1.2"] == "accepted");
}

BOOST_AUTO_TEST_CASE(only_pulls_in_what_a_step_needs) {
  OpensslServer peer(tls12_and_13());
  TempDir out("medtls-steps-pulled");
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--only", "groups",
                       "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  const json report = read_json(out.file("report.json"));
  const auto status = step_field(report, "status");
  const auto reason = step_field(report, "reason");
  for (const char* ran : {"versions", "suites", "groups"}) {
    BOOST_TEST_INFO(ran);
    BOOST_TEST(status.at(ran) == "completed");
  }
  BOOST_TEST(reason.at("suites").find("--only") != std::string::npos);  // says why it ran
  BOOST_TEST(reason.at("groups") == "");
  BOOST_TEST(status.at("features") == "skipped");
  BOOST_TEST(!report["targets"][0]["tls"]["groups"].empty());
}

// The DICOM layer's steps: those that need the main association are not run when it is
// skipped, and the DICOM checks it would decide stay inconclusive.
BOOST_AUTO_TEST_CASE(dicom_steps_follow_the_same_rules) {
  const auto& pki = shared_pki();
  DicomTestScpOptions o;
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  DicomTestScp scp(o);
  TempDir out("medtls-steps-dicom");
  auto r = medtls_cmd({"scan", "dicom://127.0.0.1:" + std::to_string(scp.port()), "--ca", pki.ca,
                       "--no-client-matrix", "--skip", "association", "--profile", "dicom-b12",
                       "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  const json report = read_json(out.file("report.json"));
  const auto status = step_field(report, "status");
  const auto reason = step_field(report, "reason");
  BOOST_TEST(status.at("association") == "skipped");
  for (const char* dependant :
       {"ae-titles", "client-certificates", "user-identity", "association-matrix"}) {
    BOOST_TEST_INFO(dependant);
    BOOST_TEST(status.at(dependant) == "not_run");
    BOOST_TEST(reason.at(dependant).find("prerequisite association was skipped") !=
               std::string::npos);
  }
  BOOST_TEST(status.at("plaintext") == "completed");  // it does without the main association
  BOOST_TEST(report["targets"][0]["steps"].back()["layer"] == "dicom");
  for (const auto& p : report["targets"][0]["profiles"]) {
    if (p["id"] != "dicom-b12") continue;
    BOOST_TEST(p["verdict"] != "pass");
    for (const auto& c : p["checks"])
      if (c["id"] == "B12-DICOM-ASSOCIATION") BOOST_TEST(c["verdict"] == "inconclusive");
  }
  BOOST_TEST(r.status != 0);
}

BOOST_AUTO_TEST_CASE(bad_step_selections_are_input_errors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"scan", "tls://127.0.0.1:1", "--skip", "suites,nonsense"},
           {"scan", "tls://127.0.0.1:1", "--only", "cipher-suites"}}) {
    auto r = medtls_cmd(args);
    BOOST_TEST_INFO(describe_command(args) << " -> " << r.status << " " << r.err);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    BOOST_TEST(r.err.rfind("medtls: error: ", 0) == 0);
    BOOST_TEST(r.err.find("unknown step") != std::string::npos);
    BOOST_TEST(r.err.find("versions, version-preference, suites") != std::string::npos);
  }
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:1", "--skip", "versions"});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("--skip versions") != std::string::npos);
  r = medtls_cmd({"scan", "tls://127.0.0.1:1", "--skip", "suites", "--only", "versions"});
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find("excludes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quiet_and_verbose_output) {
  OpensslServer peer(tls12_and_13());
  const std::string url = "tls://127.0.0.1:" + std::to_string(peer.port());
  auto quiet = medtls_cmd({"scan", url, "-q", "--profile", "dicom-b12"});
  BOOST_TEST_INFO(quiet.out << quiet.err);
  // One verdict line per profile (dicom-b12 and the site baseline), nothing else.
  BOOST_TEST(std::count(quiet.out.begin(), quiet.out.end(), '\n') == 2);
  BOOST_TEST(quiet.out.find(url + "  dicom-b12  ") == 0u);
  auto normal = medtls_cmd({"scan", url, "--profile", "dicom-b12"});
  auto verbose = medtls_cmd({"scan", url, "-v", "--profile", "dicom-b12"});
  BOOST_TEST(quiet.status == normal.status);
  BOOST_TEST(verbose.status == normal.status);
  BOOST_TEST(normal.out.find("connections of the TLS layer") == std::string::npos);
  BOOST_TEST(verbose.out.find("connections of the TLS layer") != std::string::npos);
  BOOST_TEST(verbose.out.find("#0 version") != std::string::npos);
}
