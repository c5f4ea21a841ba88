// `medtls scan dicom://…` end to end against real DICOM peers on loopback: DCMTK storescp under
// each of its TLS profiles with a required client certificate, Orthanc with DicomTlsEnabled
// (which also accepts TLS 1.0/1.1) with AE-title checks on and off, a cleartext storescp for
// --plain-port, nodes that let bad client certificates through to the application (or check
// them there), User Identity policies, misbehaving nodes, and the synthetic C-STORE. The
// association facts in report.json are compared with DCMTK's own echoscu/storescu (the
// Implementation Class UID and Version Name, max PDU, accept/reject) and with how each peer was
// configured; the profile findings with what those facts must give.
#define BOOST_TEST_MODULE dicom_scan
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "integration/scan_fixture.hpp"
#include "support/peers.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace medtls;
using namespace medtls::testing;
using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Scan {
  CaptureResult run;
  json report;  // the whole report.json
  json target;  // targets[0]
  json dicom;   // targets[0].dicom
  double seconds = 0;

  // The check `id` of profile `profile` (null when absent).
  json check(const std::string& profile, const std::string& id) const {
    for (const auto& p : target["profiles"])
      if (p["id"] == profile)
        for (const auto& c : p["checks"])
          if (c["id"] == id) return c;
    return nullptr;
  }
  std::string verdict(const std::string& profile, const std::string& id) const {
    const json c = check(profile, id);
    return c.is_null() ? "missing" : c["verdict"].get<std::string>();
  }
  std::string detail(const std::string& profile, const std::string& id) const {
    const json c = check(profile, id);
    return c.is_null() ? "" : c["detail"].get<std::string>();
  }
};

// Runs build/medtls scan with --out in a fresh directory and reads the report back.
Scan scan(const std::string& url, std::vector<std::string> args) {
  TempDir out("medtls-dicom-scan");
  std::vector<std::string> argv = {MEDTLS_BINARY, "scan", url, "--out", out.path()};
  argv.insert(argv.end(), args.begin(), args.end());
  Scan s;
  const auto start = std::chrono::steady_clock::now();
  s.run = run_capture(argv, 180s);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE(describe_command(argv)
                     << " -> exit " << s.run.status << " in " << s.seconds << " s");
  BOOST_REQUIRE_MESSAGE(!s.run.timed_out, "medtls did not finish: " << s.run.out << s.run.err);
  BOOST_REQUIRE_MESSAGE(fs::exists(out.path() + "/report.json"),
                        "no report.json: " << s.run.out << s.run.err);
  std::ifstream in(out.path() + "/report.json");
  s.report = json::parse(in);
  s.target = s.report["targets"][0];
  s.dicom = s.target["dicom"];
  BOOST_REQUIRE(s.dicom.is_object());
  return s;
}

std::string url(std::uint16_t port) {
  return "dicom://127.0.0.1:" + std::to_string(port);
}

// The client certificate and trust anchor of the fixture PKI, without the bad-certificate matrix.
std::vector<std::string> good_client(const TestPki& pki) {
  return {"--ca", pki.ca, "--cert", pki.client_cert, "--key", pki.client_key, "--no-client-matrix"};
}

EchoscuOptions oracle_options(const TestPki& pki, const std::string& called_ae = "ANY-SCP") {
  EchoscuOptions o;
  o.key = pki.client_key;
  o.cert = pki.client_cert;
  o.ca = pki.ca;
  o.called_ae = called_ae;
  return o;
}

// The association facts of report.json against what DCMTK's echoscu saw of the same peer.
void expect_same_as_oracle(const json& association, const EchoscuResult& oracle) {
  BOOST_TEST_INFO("echoscu: " << oracle.output.substr(0, 400));
  BOOST_REQUIRE(oracle.accepted);
  BOOST_TEST(!oracle.their_implementation_class_uid.empty());
  BOOST_TEST(association["implementation_class_uid"].get<std::string>() ==
             oracle.their_implementation_class_uid);
  BOOST_TEST(association["implementation_version_name"].get<std::string>() ==
             oracle.their_implementation_version_name);
  if (oracle.their_max_pdu) BOOST_TEST(association["max_pdu"].get<long>() == *oracle.their_max_pdu);
}

const json* find_kind(const json& list, const std::string& kind) {
  for (const auto& a : list)
    if (a["kind"] == kind) return &a;
  return nullptr;
}

std::vector<fs::path> files_in(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

}  // namespace

// storescp under each TLS profile DCMTK 3.6.7 offers (bcp195-nd, bcp195, bcp195-ex, aes), client
// certificate required: the association runs over the channel the server picks, its facts equal
// echoscu's, cleartext on the TLS port is refused, and B.13 judges the channel: allowed for the
// BCP 195 profiles, not for the AES profile's TLS_RSA_WITH_AES_128_CBC_SHA, which B.3 allows.
BOOST_AUTO_TEST_CASE(storescp_under_each_tls_profile) {
  const auto& pki = shared_pki();
  for (const std::string profile : {"+py", "+px", "+pz", "+pa"}) {
    BOOST_TEST_CONTEXT("storescp " << profile) {
      StorescpOptions o = tls_storescp();
      o.profile = profile;
      o.dhparams_file = pki.dhparams;
      Storescp scp(o);
      auto oracle_opts = oracle_options(pki);
      oracle_opts.profile = profile;
      const auto oracle = echoscu("127.0.0.1", scp.port(), oracle_opts);
      auto args = good_client(pki);
      for (const char* p : {"dicom-b12", "dicom-b13", "dicom-b3"}) {
        args.push_back("--profile");
        args.push_back(p);
      }
      const Scan s = scan(url(scp.port()), args);
      const json& a = s.dicom["association"];
      BOOST_TEST(a["result"] == "accepted");
      BOOST_TEST(a["echo"] == "success");
      BOOST_TEST(a["echo_status"] == "0x0000");
      BOOST_TEST(a["calling_ae"] == "MEDTLS");
      BOOST_TEST(a["called_ae"] == "ANY-SCP");
      BOOST_TEST(a["channel"]["status"] == "established");
      BOOST_TEST(a["channel"]["peer_verification"] == "trusted");
      expect_same_as_oracle(a, oracle);
      // The channel is one the TLS scan saw accepted.
      const std::string version = a["channel"]["version"];
      const std::string suite = a["channel"]["suite"];
      const auto& accepted = s.target["tls"]["suites"][version];
      BOOST_TEST((std::find(accepted.begin(), accepted.end(), suite) != accepted.end()),
                 suite << " not among the accepted " << version << " suites " << accepted.dump());
      BOOST_TEST(s.dicom["plaintext_on_tls_port"] == "refused");
      BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-CLEARTEXT-REFUSED") == "pass");
      if (profile == "+pa") {
        // DCMTK's AES profile: TLS_RSA_WITH_AES_128_CBC_SHA only, which B.13 forbids.
        BOOST_TEST(suite == "0x002F");
        BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "fail");
        BOOST_TEST(s.detail("dicom-b13", "B13-DICOM-ASSOCIATION").find("0x002F") !=
                   std::string::npos);
        BOOST_TEST(s.verdict("dicom-b3", "B3-DICOM-ASSOCIATION") == "pass");
      } else {
        BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "pass",
                   s.detail("dicom-b13", "B13-DICOM-ASSOCIATION"));
        // B.12 discourages DHE (should): an association over a DHE suite (bcp195-ex prefers
        // them) warns and names the requirement; any other allowed channel passes.
        if (suite == "0x009F" || suite == "0x009E") {
          BOOST_TEST(s.verdict("dicom-b12", "B12-DICOM-ASSOCIATION") == "warn");
          BOOST_TEST(s.detail("dicom-b12", "B12-DICOM-ASSOCIATION").find("B12-NO-DHE") !=
                     std::string::npos);
        } else {
          BOOST_TEST(s.verdict("dicom-b12", "B12-DICOM-ASSOCIATION") == "pass",
                     s.detail("dicom-b12", "B12-DICOM-ASSOCIATION"));
        }
      }
      // The summary tells the same story.
      BOOST_TEST(s.run.out.find("DICOM association: accepted") != std::string::npos);
      // Every connection is counted: the TLS scan's and the DICOM layer's.
      BOOST_TEST(s.target["connections"].get<int>() ==
                 s.target["tls"]["connections"].get<int>() + s.dicom["connections"].get<int>());
    }
  }
}

// Without a client certificate the channel cannot be built: the association is not judged as
// refused by the device but as inconclusive, with the way out in the detail.
BOOST_AUTO_TEST_CASE(required_client_certificate_missing_is_inconclusive) {
  const auto& pki = shared_pki();
  StorescpOptions o = tls_storescp();
  Storescp scp(o);
  const Scan s = scan(url(scp.port()), {"--ca", pki.ca, "--no-client-matrix"});
  BOOST_TEST(s.dicom["association"]["result"] == "channel_failed");
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "inconclusive");
  BOOST_TEST(s.detail("dicom-b13", "B13-DICOM-ASSOCIATION").find("--cert") != std::string::npos);
}

// Orthanc with DicomTlsEnabled accepts TLS 1.0 and 1.1: the association matrix shows DICOM
// working over channels B.12 does not allow; with DicomCheckCalledAet a wrong called AE title is
// rejected (called-AE-title-not-recognized), without it accepted; an unknown calling AE is
// rejected when Orthanc neither knows the AE nor allows echo/store from unknown ones.
BOOST_AUTO_TEST_CASE(orthanc_matrix_and_ae_title_checks) {
  const auto& pki = shared_pki();
  {
    OrthancOptions o;
    o.cert = pki.server_rsa_cert;
    o.key = pki.server_rsa_key;
    o.ca = pki.ca;
    o.check_called_aet = true;
    o.always_allow_echo = false;
    o.always_allow_store = false;
    o.modalities = {{"medtls", "MEDTLS", "127.0.0.1", 104}};
    Orthanc orthanc(o);
    auto oracle_opts = oracle_options(pki, "ORTHANC");
    oracle_opts.calling_ae = "MEDTLS";
    const auto oracle = echoscu("127.0.0.1", orthanc.port(), oracle_opts);
    auto args = good_client(pki);
    args.insert(args.end(), {"--called-ae", "ORTHANC", "--association-matrix"});
    const Scan s = scan(url(orthanc.port()), args);
    const json& a = s.dicom["association"];
    BOOST_TEST(a["result"] == "accepted");
    BOOST_TEST(a["echo_status"] == "0x0000");
    expect_same_as_oracle(a, oracle);

    const json* called = find_kind(s.dicom["ae_titles"], "called_ae");
    const json* calling = find_kind(s.dicom["ae_titles"], "calling_ae");
    BOOST_REQUIRE(called && calling);
    BOOST_TEST((*called)["result"] == "rejected");
    BOOST_TEST((*called)["reject_reason"] == 7);  // called-AE-title-not-recognized
    BOOST_TEST((*calling)["result"] == "rejected");
    BOOST_TEST((*calling)["reject_reason"] == 3);  // calling-AE-title-not-recognized

    // One row per accepted version, TLS 1.0 and 1.1 included, each carrying an association.
    std::set<std::string> versions_with_association;
    for (const auto& row : s.dicom["matrix"])
      if (row["kind"] == "version" && row["result"] == "accepted" && row["echo"] == "success")
        versions_with_association.insert(row["channel"]["forced_version"].get<std::string>());
    for (const char* v : {"TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
      BOOST_TEST(versions_with_association.count(v) == 1, v << " has no association");
    // Every suite row ran over exactly the suite it forced.
    int suite_rows = 0;
    for (const auto& row : s.dicom["matrix"])
      if (row["kind"] == "suite" && row["result"] == "accepted") {
        ++suite_rows;
        BOOST_TEST(row["channel"]["suite"] == row["channel"]["forced_suite"]);
      }
    BOOST_TEST(suite_rows > 4);
    // B.12 does not allow TLS 1.0: the channels check says DICOM works over it too.
    BOOST_TEST(s.detail("dicom-b12", "B12-DICOM-ALL-CHANNELS").find("TLSv1.0") !=
               std::string::npos);
    BOOST_TEST(s.verdict("dicom-b12", "B12-TLS10-REJECTED") == "fail");
  }
  {
    OrthancOptions o;
    o.cert = pki.server_rsa_cert;
    o.key = pki.server_rsa_key;
    o.ca = pki.ca;
    o.check_called_aet = false;
    Orthanc orthanc(o);
    const Scan s = scan(url(orthanc.port()), good_client(pki));
    BOOST_TEST(s.dicom["association"]["result"] == "accepted");
    const json* called = find_kind(s.dicom["ae_titles"], "called_ae");
    const json* calling = find_kind(s.dicom["ae_titles"], "calling_ae");
    BOOST_REQUIRE(called && calling);
    BOOST_TEST((*called)["result"] == "accepted");
    BOOST_TEST((*calling)["result"] == "accepted");  // DicomAlwaysAllowEcho
    BOOST_TEST(s.dicom["plaintext_on_tls_port"] == "refused");
  }
}

// --plain-port: a cleartext storescp beside the TLS one is found (MDS2 TXCF-2) and warned about;
// a closed port is "refused".
BOOST_AUTO_TEST_CASE(cleartext_on_another_port) {
  const auto& pki = shared_pki();
  StorescpOptions tls = tls_storescp();
  Storescp scp(tls);
  StorescpOptions plain;
  plain.tls = false;
  Storescp plain_scp(plain);
  const auto plain_oracle = [&] {
    EchoscuOptions e;
    e.tls = false;
    return echoscu("127.0.0.1", plain_scp.port(), e);
  }();
  BOOST_REQUIRE(plain_oracle.accepted);

  auto args = good_client(pki);
  args.insert(args.end(), {"--plain-port", std::to_string(plain_scp.port())});
  const Scan s = scan(url(scp.port()), args);
  BOOST_TEST(s.dicom["plaintext_other_port"] == "accepted");
  BOOST_TEST(s.dicom["plaintext_other"]["channel"]["status"] == "plaintext");
  BOOST_TEST(s.dicom["plaintext_other"]["implementation_class_uid"] ==
             plain_oracle.their_implementation_class_uid);
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-CLEARTEXT-OTHER-PORT") == "warn");
  BOOST_TEST(s.dicom["plaintext_on_tls_port"] == "refused");
  BOOST_TEST(s.run.out.find("TXCF-2") != std::string::npos);

  auto closed = good_client(pki);
  closed.insert(closed.end(), {"--plain-port", std::to_string(free_port())});
  const Scan c = scan(url(scp.port()), closed);
  BOOST_TEST(c.dicom["plaintext_other_port"] == "refused");
  BOOST_TEST(c.verdict("dicom-b13", "B13-DICOM-CLEARTEXT-OTHER-PORT") == "pass");
}

// Bad client certificates the TLS layer lets through must not reach the application: storescp
// accepts RSA-1024 and SHA-1 client certificates and then the association (fail); a node that
// accepts any certificate at TLS but checks it before accepting the association passes the DICOM
// check while failing the TLS one; a node that checks nowhere fails both.
BOOST_AUTO_TEST_CASE(associations_after_bad_client_certificates) {
  TempDir dir("medtls-dicom-vectors");
  const std::string v = dir.path() + "/v";
  const auto made = run_capture({MEDTLS_BINARY, "vectors", "--out", v}, 60s);
  BOOST_REQUIRE_MESSAGE(made.status == 0, made.err);
  const std::vector<std::string> args = {"--ca", v + "/ca/roots.pem", "--client-vectors",
                                         v,      "--profile",         "dicom-b13"};
  {
    StorescpOptions o;
    o.key = v + "/server/good-rsa.key";
    o.cert = v + "/server/good-rsa.pem";
    o.ca = v + "/ca/roots.pem";
    Storescp scp(o);
    const Scan s = scan(url(scp.port()), args);
    BOOST_TEST(s.dicom["association"]["result"] == "accepted");  // the good vector, with chain
    std::set<std::string> accepted_after_bad;
    for (const auto& a : s.dicom["client_certificates"])
      if (a["result"] == "accepted") accepted_after_bad.insert(a["client_case"].get<std::string>());
    BOOST_TEST(accepted_after_bad.count("rsa1024") == 1);
    BOOST_TEST(accepted_after_bad.count("sha1") == 1);
    BOOST_TEST(accepted_after_bad.count("expired") == 0);  // refused at TLS: never tried
    BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-BAD-CERT-ASSOCIATION") == "fail");
    BOOST_TEST(s.run.status == 1);
  }
  // A site policy as data: only the certificates a node can reject by verifying the chain.
  const std::string site = dir.path() + "/site-bad-certs.json";
  std::ofstream(site) << R"({"id": "site-bad-certs", "name": "site", "section": "site",
    "edition": "2026", "status": "site policy", "description": "bad client certificates",
    "requirements": [{"id": "SITE-BAD-CERT-ASSOCIATION", "title": "no association after an unverifiable client certificate",
     "level": "shall", "cite": "site policy",
    "rule": {"type": "dicom_bad_certificate_association",
             "refuse": ["expired", "not_yet_valid", "self_signed", "untrusted_ca", "wrong_eku"]}}]})";
  for (const bool check_at_association : {true, false}) {
    BOOST_TEST_CONTEXT("check at association " << check_at_association) {
      DicomTestScpOptions o;
      o.key = v + "/server/good-rsa.key";
      o.cert = v + "/server/good-rsa.pem";
      o.ca = v + "/ca/roots.pem";
      o.client_auth = ClientAuth::require;
      o.accept_any_client_cert_at_tls = true;
      o.check_client_cert_at_association = check_at_association;
      DicomTestScp scp(o);
      auto site_args = args;
      site_args.insert(site_args.end(), {"--profile", site});
      const Scan s = scan(url(scp.port()), site_args);
      BOOST_TEST(s.dicom["association"]["result"] == "accepted");
      BOOST_TEST(s.verdict("dicom-b13", "B13-MUTUAL-AUTH") == "fail");  // TLS let them through
      std::map<std::string, std::string> result;
      for (const auto& a : s.dicom["client_certificates"])
        result[a["client_case"].get<std::string>()] = a["result"].get<std::string>();
      // Certificates OpenSSL's chain verification rejects reach the application, which (when
      // it checks) rejects the association; the ones that verify (weak key or hash, revoked
      // without a CRL on the node) are accepted either way.
      for (const char* c : {"expired", "not_yet_valid", "self_signed", "untrusted_ca", "wrong_eku"})
        BOOST_TEST(result[c] == (check_at_association ? "rejected" : "accepted"), c);
      for (const char* c : {"rsa1024", "sha1", "revoked"}) BOOST_TEST(result[c] == "accepted", c);
      // wrong_key cannot finish a handshake (CertificateVerify fails), so it never gets here.
      BOOST_TEST(result.count("wrong_key") == 0);
      BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-BAD-CERT-ASSOCIATION") == "fail");
      BOOST_TEST(s.verdict("site-bad-certs", "SITE-BAD-CERT-ASSOCIATION") ==
                     (check_at_association ? "pass" : "fail"),
                 s.detail("site-bad-certs", "SITE-BAD-CERT-ASSOCIATION"));
      // The node saw an association request for every case tried, plus the good one.
      BOOST_TEST(scp.associations().size() >= result.size() + 1);
    }
  }
}

// Nodes that misbehave after the TLS handshake: each ends within the timeout in an
// inconclusive association finding that says what happened.
BOOST_AUTO_TEST_CASE(misbehaving_nodes_are_inconclusive_within_the_timeout) {
  const auto& pki = shared_pki();
  struct Case {
    ScpMode mode;
    std::string result;
    std::string words;  // in the association's detail or abort text
  };
  const std::vector<Case> cases = {
      {ScpMode::silent, "no_answer", "within 2000 ms"},
      {ScpMode::garbage, "aborted", "non-DICOM"},
      {ScpMode::close_after_rq, "aborted", "closed"},
      {ScpMode::abort_after_rq, "aborted", "A-ABORT"},
      {ScpMode::drop_after_ac, "accepted", "C-ECHO"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("mode " << static_cast<int>(c.mode)) {
      DicomTestScpOptions o;
      o.key = pki.server_rsa_key;
      o.cert = pki.server_rsa_cert;
      o.mode = c.mode;
      o.silent_seconds = 4;
      DicomTestScp scp(o);
      const Scan s =
          scan(url(scp.port()), {"--ca", pki.ca, "--no-client-matrix", "--timeout", "2"});
      const json& a = s.dicom["association"];
      BOOST_TEST(a["result"] == c.result, a.dump());
      const std::string words = a["detail"].get<std::string>() + " " +
                                a["abort_text"].get<std::string>() + " " +
                                a["error"].get<std::string>();
      BOOST_TEST(words.find(c.words) != std::string::npos, words);
      if (c.mode == ScpMode::abort_after_rq) {
        BOOST_TEST(a["abort_source"] == 2);
        BOOST_TEST(a["abort_reason"] == 1);
      }
      if (c.mode == ScpMode::drop_after_ac) BOOST_TEST(a["echo"] != "success");
      BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "inconclusive",
                 s.detail("dicom-b13", "B13-DICOM-ASSOCIATION"));
      BOOST_TEST(s.seconds < 40.0);
    }
  }
}

// User Identity: a node that requires username+passcode (and confirms with a 59H item), one that
// requires a JWT, one that checks it only when sent, and storescp, which ignores the item.
BOOST_AUTO_TEST_CASE(user_identity_policies) {
  const auto& pki = shared_pki();
  const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZWR0bHMifQ.c2lnbmF0dXJl";
  {
    DicomTestScpOptions o;
    o.key = pki.server_rsa_key;
    o.cert = pki.server_rsa_cert;
    o.require_user = "alice";
    o.require_password = "s3cret";
    DicomTestScp scp(o);
    const Scan s = scan(url(scp.port()), {"--ca", pki.ca, "--no-client-matrix", "--user", "alice",
                                          "--passcode", "s3cret"});
    BOOST_TEST(s.dicom["association"]["result"] == "rejected");
    BOOST_TEST(s.dicom["user_identity_policy"] == "requires", s.dicom["user_identity_detail"]);
    bool confirmed = false;
    for (const auto& a : s.dicom["user_identity"])
      if (a["result"] == "accepted" && a["user_identity"]["positive_response_requested"] == true)
        confirmed |= a["user_identity"]["server_response"] == "present";
    BOOST_TEST(confirmed);
    // The node saw the passcode we sent.
    bool seen = false;
    for (const auto& line : scp.associations()) seen |= line.get("identity_secondary") == "s3cret";
    BOOST_TEST(seen);
  }
  {
    DicomTestScpOptions o;
    o.key = pki.server_rsa_key;
    o.cert = pki.server_rsa_cert;
    o.require_jwt = jwt;
    DicomTestScp scp(o);
    // The token from the environment: the command line (and the report) names only the variable.
    ::setenv("MEDTLS_TEST_JWT", jwt.c_str(), 1);
    const Scan s = scan(url(scp.port()),
                        {"--ca", pki.ca, "--no-client-matrix", "--jwt", "env:MEDTLS_TEST_JWT"});
    ::unsetenv("MEDTLS_TEST_JWT");
    BOOST_TEST(s.dicom["user_identity_policy"] == "requires", s.dicom["user_identity_detail"]);
    BOOST_TEST(s.report.dump().find(jwt) == std::string::npos);
    BOOST_TEST(s.report["command"].dump().find("env:MEDTLS_TEST_JWT") != std::string::npos);
  }
  {
    // Identity optional, checked when sent: good credentials are confirmed (accepts), wrong ones
    // rejected although the association without identity is accepted (rejects).
    DicomTestScpOptions o;
    o.key = pki.server_rsa_key;
    o.cert = pki.server_rsa_cert;
    o.require_user = "alice";
    o.require_password = "s3cret";
    o.identity_optional = true;
    DicomTestScp scp(o);
    const std::vector<std::string> base = {"--ca", pki.ca, "--no-client-matrix"};
    // The passcode from a file (its final newline is not part of it).
    TempDir secrets("medtls-secret");
    const std::string passcode_file = secrets.path() + "/passcode";
    std::ofstream(passcode_file) << "s3cret\n";
    auto good = base;
    good.insert(good.end(), {"--user", "alice", "--passcode", "file:" + passcode_file});
    const Scan s = scan(url(scp.port()), good);
    BOOST_TEST(s.dicom["association"]["result"] == "accepted");
    BOOST_TEST(s.dicom["user_identity_policy"] == "accepts", s.dicom["user_identity_detail"]);
    BOOST_TEST(s.report.dump().find("s3cret") == std::string::npos);
    BOOST_TEST(s.run.out.find("s3cret") == std::string::npos);
    auto wrong = base;
    wrong.insert(wrong.end(), {"--user", "alice", "--passcode", "wrong"});
    const Scan w = scan(url(scp.port()), wrong);
    BOOST_TEST(w.report.dump().find("\"wrong\"") == std::string::npos);
    BOOST_TEST(w.report["command"].dump().find("<redacted>") != std::string::npos);
    BOOST_TEST(w.dicom["user_identity_policy"] == "rejects", w.dicom["user_identity_detail"]);
    for (const auto& a : w.dicom["user_identity"])
      if (a["user_identity"]["type"] == "username_passcode") BOOST_TEST(a["result"] == "rejected");
  }
  {
    StorescpOptions o = tls_storescp();
    Storescp scp(o);
    auto args = good_client(pki);
    args.insert(args.end(), {"--user", "alice", "--passcode", "s3cret"});
    const Scan s = scan(url(scp.port()), args);
    BOOST_TEST(s.dicom["user_identity_policy"] == "ignores", s.dicom["user_identity_detail"]);
    BOOST_TEST(s.dicom["user_identity"].size() == 4u);  // username, username_passcode, ×2
  }
}

// C-ECHO only by default: nothing is stored. --store-test stores exactly one synthetic Secondary
// Capture object, without patient data, whose SOP Instance UID is the one reported.
BOOST_AUTO_TEST_CASE(store_test_sends_one_synthetic_object) {
  const auto& pki = shared_pki();
  StorescpOptions o = tls_storescp();
  Storescp scp(o);
  const Scan echo_only = scan(url(scp.port()), good_client(pki));
  BOOST_TEST(echo_only.dicom["store_test"].is_null());
  BOOST_TEST(files_in(scp.output_dir()).empty());

  auto args = good_client(pki);
  args.push_back("--store-test");
  const Scan s = scan(url(scp.port()), args);
  const json& st = s.dicom["store_test"];
  BOOST_TEST(st["store"] == "success");
  BOOST_TEST(st["store_status"] == "0x0000");
  const auto files = files_in(scp.output_dir());
  BOOST_REQUIRE(files.size() == 1u);
  const auto dump = run_capture({"dcmdump", "-Un", "+P", "PatientName", "+P", "PatientID", "+P",
                                 "SOPClassUID", "+P", "SOPInstanceUID", files[0].string()},
                                20s);
  BOOST_TEST(dump.out.find("MEDTLS^SYNTHETIC") != std::string::npos, dump.out);
  BOOST_TEST(dump.out.find("1.2.840.10008.5.1.4.1.1.7") != std::string::npos);
  BOOST_TEST(dump.out.find(st["store_sop_instance_uid"].get<std::string>()) != std::string::npos);
}

// Suites the local OpenSSL cannot negotiate (Camellia-GCM, which gnutls-serv serves) are listed
// in the matrix as accepted at ServerHello with no full handshake, and never count as passed.
// gnutls-serv --echo is no DICOM node: it echoes the A-ASSOCIATE-RQ back, which is not an
// answer, so the association is inconclusive rather than accepted or refused.
BOOST_AUTO_TEST_CASE(matrix_marks_suites_the_local_library_cannot_negotiate) {
  const auto& pki = shared_pki();
  GnutlsServerOptions o;
  o.priority =
      "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+AES-256-GCM:+AES-128-GCM:+CAMELLIA-256-GCM:"
      "+CAMELLIA-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509";
  o.credentials = {{pki.server_rsa_cert, pki.server_rsa_key}};
  GnutlsServer server(o);
  const Scan s = scan(url(server.port()), {"--ca", pki.ca, "--no-client-matrix",
                                           "--association-matrix", "--timeout", "2"});
  std::set<std::string> camellia_accepted;
  for (const auto& code : s.target["tls"]["suites"]["TLSv1.2"])
    if (code == "0xC08A" || code == "0xC08B") camellia_accepted.insert(code.get<std::string>());
  BOOST_REQUIRE(camellia_accepted.size() == 2u);  // as gnutls was configured
  std::set<std::string> marked;
  for (const auto& row : s.dicom["matrix"]) {
    if (row["channel"]["status"] != "not_possible_locally") continue;
    marked.insert(row["channel"]["forced_suite"].get<std::string>());
    BOOST_TEST(row["result"] == "not_attempted");
    BOOST_TEST(row["detail"].get<std::string>().find(
                   "accepted at ServerHello, full handshake not possible with the local TLS "
                   "library") != std::string::npos,
               row["detail"]);
  }
  BOOST_TEST(marked == camellia_accepted);
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ALL-CHANNELS") != "pass");
  BOOST_TEST(s.detail("dicom-b13", "B13-DICOM-ALL-CHANNELS").find("not possible") !=
             std::string::npos);
  BOOST_TEST(s.dicom["association"]["result"] != "accepted");
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "inconclusive",
             s.detail("dicom-b13", "B13-DICOM-ASSOCIATION"));
}

// DCMTK 3.6.7 cannot associate over IPv6: the TLS layer is scanned, the DICOM layer says why it
// did not run, and its checks are inconclusive, not passed.
BOOST_AUTO_TEST_CASE(ipv6_target_dicom_layer_not_run) {
  const auto& pki = shared_pki();
  GnutlsServerOptions o;
  o.credentials = {{pki.server_rsa_cert, pki.server_rsa_key}};
  GnutlsServer server(o);  // listens on [::] too
  const Scan s = scan("dicom://[::1]:" + std::to_string(server.port()),
                      {"--no-client-matrix", "--timeout", "2"});
  BOOST_TEST(s.target["tls"]["versions"]["TLSv1.2"] == "accepted");
  BOOST_TEST(s.dicom["status"] == "not_run");
  BOOST_TEST(s.dicom["detail"].get<std::string>().find("IPv6") != std::string::npos);
  BOOST_TEST(s.dicom["connections"] == 0);
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-ASSOCIATION") == "inconclusive");
  BOOST_TEST(s.verdict("dicom-b13", "B13-DICOM-CLEARTEXT-REFUSED") == "inconclusive");
}

// The node's own Implementation Class UID, Version Name and max PDU are reported, not DCMTK's
// defaults (which storescp and Orthanc both announce).
BOOST_AUTO_TEST_CASE(implementation_identity_is_the_nodes_own) {
  const auto& pki = shared_pki();
  DicomTestScpOptions o;
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  o.implementation_class_uid = "1.2.826.0.1.3680043.10.4242.1";
  o.implementation_version_name = "MEDTLS_TESTSCP";
  o.max_pdu = 32768;
  DicomTestScp scp(o);
  EchoscuOptions e;
  e.ca = pki.ca;
  const auto oracle = echoscu("127.0.0.1", scp.port(), e);
  const Scan s = scan(url(scp.port()), {"--ca", pki.ca, "--no-client-matrix"});
  const json& a = s.dicom["association"];
  BOOST_TEST(a["result"] == "accepted");
  BOOST_TEST(a["implementation_class_uid"] == "1.2.826.0.1.3680043.10.4242.1");
  BOOST_TEST(a["implementation_version_name"] == "MEDTLS_TESTSCP");
  BOOST_TEST(a["max_pdu"] == 32768);
  expect_same_as_oracle(a, oracle);
  BOOST_TEST(s.run.out.find("MEDTLS_TESTSCP") != std::string::npos);
}

// Bad DICOM options are input errors, before any connection.
BOOST_AUTO_TEST_CASE(dicom_options_are_checked) {
  const auto expect_error = [](std::vector<std::string> args, const std::string& words) {
    args.insert(args.begin(), MEDTLS_BINARY);
    const auto r = run_capture(args, 20s);
    BOOST_TEST_INFO(describe_command(args) << " -> " << r.status << " " << r.err);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find(words) != std::string::npos);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  };
  expect_error({"scan", "dicom://127.0.0.1:1", "--plain-port", "0"}, "--plain-port");
  expect_error({"scan", "dicom://127.0.0.1:1", "--passcode", "x"}, "--passcode needs --user");
  expect_error({"scan", "dicom://127.0.0.1:1", "--jwt", "not-a-token"}, "--jwt");
  // Secrets read from elsewhere: the error names the source, never a secret.
  expect_error({"scan", "dicom://127.0.0.1:1", "--user", "u", "--passcode", "file:/nonexistent/p"},
               "--passcode file:/nonexistent/p: cannot read file");
  ::unsetenv("MEDTLS_TEST_UNSET");
  expect_error({"scan", "dicom://127.0.0.1:1", "--jwt", "env:MEDTLS_TEST_UNSET"},
               "--jwt env:MEDTLS_TEST_UNSET: the variable is not set");
  expect_error({"scan", "dicom://127.0.0.1:1", "--calling-ae", "THIS-IS-TOO-LONG-AE"},
               "1 to 16 characters");
  expect_error({"scan", "dicom://127.0.0.1:1", "--called-ae", "A\\B"}, "backslash");
  expect_error({"scan", "tls://127.0.0.1:1", "--association-matrix"}, "dicom:// targets only");
}
