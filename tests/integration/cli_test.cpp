// The medtls command as users meet it: bad input gives a one-line error and exit 2; refused,
// silent and garbage-speaking peers end within the timeout with exit 3; a real scan writes a
// report that validates against the published schema, and a saved report can be re-judged.
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "integration/scan_fixture.hpp"
#include "support/hostile_peers.hpp"
#include "support/peers.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

using namespace medtls;
using namespace medtls::testing;
using namespace std::chrono_literals;

namespace {

CaptureResult medtls_cmd(std::vector<std::string> args, std::chrono::milliseconds limit = 60s) {
  args.insert(args.begin(), MEDTLS_BINARY);
  return run_capture(args, limit);
}

// Bad input: exit 2 and exactly one line on stderr that contains `expected`.
void expect_input_error(const std::vector<std::string>& args, const std::string& expected) {
  auto r = medtls_cmd(args, 20s);
  BOOST_TEST_INFO(describe_command(args) << " -> " << r.status << " stderr: " << r.err);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(r.err.find(expected) != std::string::npos);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

std::string elapsed_text(std::chrono::steady_clock::time_point start) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count()) +
         " ms";
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace

BOOST_AUTO_TEST_CASE(malformed_urls_are_input_errors) {
  expect_input_error({"scan", "localhost:2762"}, "no scheme");
  expect_input_error({"scan", "ftp://localhost:21"}, "unknown scheme");
  expect_input_error({"scan", "tls://localhost"}, "needs a port");
  expect_input_error({"scan", "tls://localhost:0"}, "is not a port");
  expect_input_error({"scan", "tls://localhost:70000"}, "is not a port");
  expect_input_error({"scan", "tls://local host:443"}, "not a host name");
  expect_input_error({"scan", "tls://[::1:443"}, "unclosed");
}

BOOST_AUTO_TEST_CASE(unknown_profile_and_bad_files_are_input_errors) {
  expect_input_error({"scan", "tls://127.0.0.1:1", "--profile", "dicom-b99"}, "dicom-b13");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--profile", "/nonexistent/p.json"},
                     "/nonexistent/p.json");
  const auto& pki = shared_pki();
  expect_input_error({"scan", "tls://127.0.0.1:1", "--ca", "/nonexistent/ca.pem"},
                     "--ca /nonexistent/ca.pem: cannot read file");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--ca", pki.ca_key}, "holds a private key");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--cert", pki.client_cert},
                     "--cert needs --key");
  expect_input_error(
      {"scan", "tls://127.0.0.1:1", "--cert", pki.client_cert, "--key", pki.server_rsa_key},
      "is not the private key of");
  expect_input_error(
      {"scan", "tls://127.0.0.1:1", "--cert", pki.client_key, "--key", pki.client_cert},
      "swapped --cert/--key");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--crl", "/nonexistent/crl.pem"},
                     "--crl /nonexistent/crl.pem: cannot read file");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--crl", pki.ca}, "no CRL found");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--client-ca-cert", pki.ca},
                     "--client-ca-cert needs --client-ca-key");
  expect_input_error(
      {"scan", "tls://127.0.0.1:1", "--client-ca-cert", pki.ca, "--client-ca-key", pki.client_key},
      "is not the private key of");
  expect_input_error({"scan", "tls://127.0.0.1:1", "--client-vectors", "/nonexistent"},
                     "no client/ directory");
  {  // PEM/DER mix-up: a DER certificate where the private key belongs
    TempDir tmp("medtls-cli-der");
    auto der = tmp.file("client.der");
    auto conv = run_capture(
        {"openssl", "x509", "-in", pki.client_cert, "-outform", "DER", "-out", der}, 20s);
    BOOST_TEST_REQUIRE(conv.status == 0);
    expect_input_error({"scan", "tls://127.0.0.1:1", "--cert", pki.client_cert, "--key", der},
                       "--key " + der + ": no private key found");
    // DER certificates themselves are accepted (ITI-19: DER and BER shall be supported).
    auto ok = medtls_cmd({"scan", "tls://127.0.0.1:1", "--ca", der, "--timeout", "1"}, 20s);
    BOOST_TEST(ok.status == 3);  // got past the input checks to an unreachable target
  }
  expect_input_error({"scan", "tls://127.0.0.1:1", "--timeout", "0"}, "--timeout");
  expect_input_error({"scan"}, "target");
}

BOOST_AUTO_TEST_CASE(refused_port_is_unreachable) {
  auto port = free_port();  // nothing listens there
  auto start = std::chrono::steady_clock::now();
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(port), "--timeout", "2"});
  BOOST_TEST_INFO(r.out << r.err << " after " << elapsed_text(start));
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.out.find("target unreachable: Connection refused") != std::string::npos);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 10s));
}

BOOST_AUTO_TEST_CASE(silent_port_ends_within_the_timeout) {
  HostilePeer peer(HostilePeer::Behaviour::silent);
  auto start = std::chrono::steady_clock::now();
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--timeout", "1"});
  BOOST_TEST_INFO(r.out << r.err << " after " << elapsed_text(start));
  BOOST_TEST(r.status == 3);
  BOOST_TEST(r.out.find("no TLS answer") != std::string::npos);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
  BOOST_TEST(peer.accepted() == 1);  // it stopped after the first silent connection
}

BOOST_AUTO_TEST_CASE(garbage_and_resetting_peers_are_inconclusive_not_pass) {
  for (auto behaviour : {HostilePeer::Behaviour::garbage, HostilePeer::Behaviour::reset}) {
    HostilePeer peer(behaviour);
    TempDir out("medtls-cli-out");
    auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--timeout", "2",
                         "--out", out.path()});
    BOOST_TEST_INFO(r.out << r.err);
    auto report = read_json(out.file("report.json"));
    for (const auto& p : report["targets"][0]["profiles"]) BOOST_TEST(p["verdict"] != "pass");
    // Bytes that are not TLS, or a reset of every connection, show nothing about TLS support:
    // inconclusive and exit 3, never "rejected" and never a pass.
    BOOST_TEST(r.status == 3);
    BOOST_TEST(report["targets"][0]["tls"]["versions"]["TLSv1.2"] == "inconclusive");
    if (behaviour == HostilePeer::Behaviour::garbage)
      BOOST_TEST(
          report["targets"][0]["tls"]["attempts"][0]["reply"]["error"].get<std::string>().find(
              "HTTP") != std::string::npos);
    else
      BOOST_TEST(r.out.find("no TLS answer to any version") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(report_matches_schema_and_can_be_rejudged) {
  // The whole workflow of a user: make the test PKI, let the device (gnutls-serv) trust its CA
  // and load its CRL, scan with --ca and --client-vectors, then re-judge the saved report.
  TempDir vectors("medtls-cli-vectors");
  auto made = medtls_cmd({"vectors", "--out", vectors.path()});
  BOOST_TEST_REQUIRE(made.status == 0, made.err);
  GnutlsServerOptions opt;
  opt.priority = "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+AES-256-GCM:+AES-128-GCM:+AEAD:" +
                 std::string(kGnutlsB13Signatures) + ":+GROUP-ALL:+COMP-NULL:+CTYPE-X509";
  opt.credentials = {{vectors.file("server/good-rsa.pem"), vectors.file("server/good-rsa.key")}};
  opt.client_auth = ClientAuth::require;
  opt.ca_file = vectors.file("ca/roots.pem");
  opt.extra_args = {"--x509crlfile", vectors.file("client/crl.pem")};
  GnutlsServer peer(opt);
  TempDir out("medtls-cli-out");
  auto url = "tls://127.0.0.1:" + std::to_string(peer.port());
  auto r = medtls_cmd({"scan", url, "--out", out.path(), "--ca", vectors.file("ca/roots.pem"),
                       "--client-vectors", vectors.path(), "--profile", "dicom-b12", "--profile",
                       "dicom-b13"});
  BOOST_TEST_INFO(r.out << r.err);
  // B.12 passes (gnutls-serv accepting RSA-1024 and wrong-EKU client certificates is a should);
  // B.13 fails: ECDSA, CCM and ChaCha20 suites missing, and RSA-1024 client certificates
  // accepted, which B.13's certificate rules forbid; mutual authentication itself is supported
  // (every other bad certificate refused), and the summary does not say otherwise.
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out.find("dicom-b12  PASS") != std::string::npos);
  BOOST_TEST(r.out.find("dicom-b13  FAIL") != std::string::npos);
  BOOST_TEST(r.out.find("FAIL B13-PEER-CERT-RULES [shall]") != std::string::npos);
  BOOST_TEST(r.out.find("FAIL B13-MUTUAL-AUTH [shall]") == std::string::npos);
  auto report = read_json(out.file("report.json"));
  const auto& target = report["targets"][0];
  BOOST_TEST(report["schema"] == "medtls.report/1");
  BOOST_TEST(target["tls"]["suites"]["TLSv1.2"].size() == 2u);
  BOOST_TEST(target["connections"].get<int>() > 0);
  BOOST_TEST(!report["tool"]["openssl"].get<std::string>().empty());
  BOOST_TEST(report["tool"]["dcmtk"].get<std::string>().find("3.6") != std::string::npos);
  // Certificate and client authentication, at the target level of the contract.
  BOOST_TEST(target["certificate"]["trust"] == "trusted");
  BOOST_TEST(target["certificate"]["hostname"] == "match");
  BOOST_TEST(target["certificate"]["chain"].size() == 2u);
  BOOST_TEST(target["certificate"]["chain"][0]["key_bits"] == 2048);
  BOOST_TEST(target["certificate"]["problems"].empty());
  BOOST_TEST(target["client_auth"]["requested"] == "required");
  std::map<std::string, std::string> tls13;
  for (const auto& m : target["client_auth"]["matrix"])
    if (m["version"] == "TLSv1.3") tls13[m["case"]] = m["outcome"];
  BOOST_TEST(tls13["none"] == "refused");
  BOOST_TEST(tls13["good"] == "accepted");
  BOOST_TEST(tls13["revoked"] == "refused");  // the device loaded the vectors' CRL
  BOOST_TEST(tls13["wrong_key"] == "refused");
  BOOST_TEST(tls13["rsa1024"] == "accepted");

  // The schema is checked by an independent validator (Debian's python3-jsonschema).
  auto v =
      run_capture({"/usr/bin/python3", "-c",
                   "import json,sys,jsonschema;"
                   "jsonschema.validate(json.load(open(sys.argv[1])),json.load(open(sys.argv[2])))",
                   out.file("report.json"),
                   std::string(MEDTLS_SOURCE_DIR) + "/reports/schema/report.schema.json"},
                  60s);
  BOOST_TEST_INFO(v.err);
  BOOST_TEST(v.status == 0);

  // Re-judging the saved observations needs no peer: stop it first.
  peer.stop();
  TempDir out2("medtls-cli-out");
  auto rj = medtls_cmd(
      {"report", out.file("report.json"), "--profile", "dicom-b12", "--out", out2.path()});
  BOOST_TEST_INFO(rj.out << rj.err);
  BOOST_TEST(rj.status == 0);
  auto rejudged = read_json(out2.file("report.json"));
  BOOST_TEST(rejudged["targets"][0]["profiles"][0]["verdict"] == "pass");
  BOOST_TEST(rejudged["rejudged_from"].get<std::string>().find("report.json") != std::string::npos);
  BOOST_TEST(rejudged["targets"][0]["tls"]["attempts"].size() == target["tls"]["attempts"].size());
  BOOST_TEST(rejudged["targets"][0]["client_auth"] == target["client_auth"]);
  BOOST_TEST(rejudged["targets"][0]["certificate"] == target["certificate"]);
}

BOOST_AUTO_TEST_CASE(ipv6_literal_target) {
  const auto& pki = shared_pki();
  GnutlsServerOptions opt;  // gnutls-serv listens on [::] as well as 0.0.0.0
  opt.priority = "NONE:+VERS-TLS1.2:+ECDHE-RSA:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL";
  opt.credentials = {{pki.server_rsa_cert, pki.server_rsa_key}};
  GnutlsServer peer(opt);
  TempDir out("medtls-cli-out");
  auto r = medtls_cmd({"scan", "tls://[::1]:" + std::to_string(peer.port()), "--out", out.path(),
                       "--profile", "dicom-b10"});
  BOOST_TEST_INFO(r.out << r.err);
  auto report = read_json(out.file("report.json"));
  BOOST_TEST(report["targets"][0]["address"] == "::1");
  BOOST_TEST(report["targets"][0]["tls"]["sni"] == "");  // no server_name for an IP literal
  BOOST_TEST(report["targets"][0]["tls"]["versions"]["TLSv1.2"] == "accepted");
  BOOST_TEST(report["targets"][0]["tls"]["suites"]["TLSv1.2"] == nlohmann::json({"0xC02F"}));
}

BOOST_AUTO_TEST_CASE(connection_budget_and_rate_limit_are_honoured) {
  const auto& pki = shared_pki();
  GnutlsServerOptions opt;
  opt.priority =
      "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+AES-256-GCM:+AES-128-GCM:+AEAD:"
      "+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509";
  opt.credentials = {{pki.server_rsa_cert, pki.server_rsa_key}};
  GnutlsServer peer(opt);
  TempDir out("medtls-cli-out");
  auto start = std::chrono::steady_clock::now();
  auto r =
      medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--out", out.path(),
                  "--max-connections", "8", "--delay", "50", "--profile", "dicom-b12"});
  auto elapsed = std::chrono::steady_clock::now() - start;
  BOOST_TEST_INFO(r.out << r.err);
  auto report = read_json(out.file("report.json"));
  const auto& tls = report["targets"][0]["tls"];
  BOOST_TEST(report["targets"][0]["connections"] == 8);
  BOOST_TEST(tls["budget_exhausted"] == true);
  BOOST_TEST(tls["stopped_early"].get<std::string>().find("budget of 8") != std::string::npos);
  // What the budget cut off is undecided, so B.12 (which this peer would pass) cannot pass:
  // exit 4 (inconclusive), not 0.
  BOOST_TEST(r.status == 4);
  BOOST_TEST(report["targets"][0]["profiles"][0]["verdict"] == "inconclusive");
  // 7 pauses of 50 ms between 8 connections.
  BOOST_TEST((elapsed >= 350ms));
}

BOOST_AUTO_TEST_CASE(certificate_problems_cannot_be_overlooked) {
  // dicom-b10 has no certificate rules and PS3.15 makes none: an expired server certificate
  // fails the site-baseline deployment profile, which every scan judges unless told not to, and
  // that verdict (no rule of the renderer's) leads the summary and decides the exit code.
  TempDir vectors("medtls-cli-vectors");
  BOOST_TEST_REQUIRE(medtls_cmd({"vectors", "--out", vectors.path()}).status == 0);
  OpensslServerOptions opt;
  opt.cert = vectors.file("server/expired.pem");
  opt.key = vectors.file("server/expired.key");
  opt.extra_args = {"-cert_chain", vectors.file("ca/intermediate-rsa.pem")};
  OpensslServer peer(opt);
  const std::string url = "tls://127.0.0.1:" + std::to_string(peer.port());
  TempDir out("medtls-cli-out");
  auto r = medtls_cmd({"scan", url, "--ca", vectors.file("ca/roots.pem"), "--profile", "dicom-b10",
                       "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.out.find("!! FAIL SITE-CERT-VALIDITY (site-baseline): ") != std::string::npos);
  BOOST_TEST(r.out.find("!! FAIL SITE-CERT-VALIDITY") < r.out.find("versions:"));
  auto report = read_json(out.file("report.json"));
  BOOST_TEST(report["targets"][0]["certificate"]["problems"] == nlohmann::json({"expired"}));
  const auto& profiles = report["targets"][0]["profiles"];
  BOOST_TEST_REQUIRE(profiles.size() == 2u);
  BOOST_TEST(profiles[1]["id"] == "site-baseline");
  BOOST_TEST(profiles[1]["status"] == "deployment");
  BOOST_TEST(profiles[1]["verdict"] == "fail");
  BOOST_TEST(report["exit_code"] == 1);
  // The same verdict when the saved report is judged again.
  auto again = medtls_cmd({"report", out.file("report.json"), "--profile", "dicom-b10"});
  BOOST_TEST(again.status == 1);
  BOOST_TEST(again.out.find("!! FAIL SITE-CERT-VALIDITY") != std::string::npos);

  // Without a trust anchor: expiry is still a fact, trust is said to be unchecked.
  auto no_ca = medtls_cmd({"scan", url, "--profile", "dicom-b10"});
  BOOST_TEST_INFO(no_ca.out);
  BOOST_TEST(no_ca.status == 1);
  BOOST_TEST(no_ca.out.find("!! FAIL SITE-CERT-VALIDITY") != std::string::npos);
  BOOST_TEST(no_ca.out.find("SITE-CERT-TRUSTED (site-baseline) not checked: no trust anchor "
                            "given (--ca)") < no_ca.out.find("versions:"));

  // --no-site-baseline judges only what was asked for.
  TempDir bare("medtls-cli-out");
  auto none = medtls_cmd({"scan", url, "--profile", "dicom-b10", "--no-site-baseline", "--ca",
                          vectors.file("ca/roots.pem"), "--out", bare.path()});
  BOOST_TEST(none.out.find("SITE-CERT") == std::string::npos);
  auto bare_report = read_json(bare.file("report.json"));
  BOOST_TEST(bare_report["targets"][0]["profiles"].size() == 1u);
  BOOST_TEST(bare_report["targets"][0]["certificate"]["problems"] == nlohmann::json({"expired"}));
}

BOOST_AUTO_TEST_CASE(no_trust_anchor_alone_does_not_make_a_scan_inconclusive) {
  // A good certificate, no --ca: the baseline checks what it can (host name, validity, EKU),
  // says trust and revocation were not checked and why, and the run is clean: exit 0, not 4.
  const auto& pki = shared_pki();
  OpensslServerOptions opt;
  opt.cert = pki.server_rsa_cert;
  opt.key = pki.server_rsa_key;
  OpensslServer peer(opt);
  TempDir out("medtls-cli-out");
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--profile",
                       "site-baseline", "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.out.find("SITE-CERT-TRUSTED (site-baseline) not checked: no trust anchor given "
                        "(--ca)") != std::string::npos);
  BOOST_TEST(r.out.find("SITE-CERT-REVOCATION (site-baseline) not checked: no --crl given") !=
             std::string::npos);
  auto report = read_json(out.file("report.json"));
  const auto& profiles = report["targets"][0]["profiles"];
  BOOST_TEST_REQUIRE(profiles.size() == 1u);  // named once, judged once
  std::map<std::string, std::string> verdicts;
  for (const auto& c : profiles[0]["checks"]) verdicts[c["id"]] = c["verdict"];
  BOOST_TEST(verdicts["SITE-CERT-TRUSTED"] == "not_applicable");
  BOOST_TEST(verdicts["SITE-CERT-REVOCATION"] == "not_applicable");
  BOOST_TEST(verdicts["SITE-CERT-HOSTNAME"] == "pass");
  BOOST_TEST(verdicts["SITE-CERT-VALIDITY"] == "pass");
  BOOST_TEST(verdicts["SITE-CERT-EKU"] == "pass");
  // With the CA the same certificate is trusted.
  auto with_ca = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()), "--profile",
                             "site-baseline", "--ca", pki.ca});
  BOOST_TEST(with_ca.status == 0);
  BOOST_TEST(with_ca.out.find("not checked: no trust anchor") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_client_matrix_only_decides_whether_a_certificate_is_required) {
  const auto& pki = shared_pki();
  OpensslServerOptions opt;
  opt.cert = pki.server_rsa_cert;
  opt.key = pki.server_rsa_key;
  opt.client_auth = ClientAuth::require;
  opt.ca_file = pki.ca;
  OpensslServer peer(opt);
  TempDir out("medtls-cli-out");
  auto r = medtls_cmd({"scan", "tls://127.0.0.1:" + std::to_string(peer.port()),
                       "--no-client-matrix", "--out", out.path()});
  BOOST_TEST_INFO(r.out << r.err);
  auto report = read_json(out.file("report.json"));
  const auto& auth = report["targets"][0]["client_auth"];
  BOOST_TEST(auth["requested"] == "required");
  for (const auto& m : auth["matrix"]) {
    if (m["case"] == "none") {
      BOOST_TEST(m["outcome"] == "refused");
    } else {
      BOOST_TEST(m["outcome"] == "not_applicable");
      BOOST_TEST(m["detail"].get<std::string>().find("not presented") != std::string::npos);
    }
  }
  expect_input_error(
      {"scan", "tls://127.0.0.1:1", "--no-client-matrix", "--client-vectors", out.path()},
      "--no-client-matrix excludes");
}
