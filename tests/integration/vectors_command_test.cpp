// `medtls vectors` as a user runs it: the files it writes are judged by `openssl verify`, which
// must refuse each bad vector for its stated reason (and only that one), and accept the good
// ones; bad --ca-cert/--ca-key/--out input ends in one line and exit 2.
#define BOOST_TEST_MODULE vectors_command
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace medtls::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

CaptureResult medtls_cmd(std::vector<std::string> args) {
  args.insert(args.begin(), MEDTLS_BINARY);
  return run_capture(args, 120s);
}

// Generates into dir/name and returns that path; fails the test if the command fails.
std::string generate(const TempDir& dir, const std::string& name,
                     std::vector<std::string> extra = {}) {
  std::string out = dir.file(name);
  std::vector<std::string> args = {"vectors", "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = medtls_cmd(args);
  BOOST_TEST_INFO("stderr: " << r.err);
  BOOST_REQUIRE_EQUAL(r.status, 0);
  BOOST_TEST(r.err.empty());
  return out;
}

// `openssl verify` of DIR/<leaf> with the leaf file as its own chain source (NAME.pem holds the
// leaf and its intermediate). Returns "OK" or the "error N at D depth lookup: …" text.
std::string openssl_verify(const std::string& dir, const std::string& leaf,
                           std::vector<std::string> options) {
  std::vector<std::string> args = {"openssl",    "verify",        "-CAfile", dir + "/ca/roots.pem",
                                   "-untrusted", dir + "/" + leaf};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back(dir + "/" + leaf);
  auto r = run_capture(args, 30s);
  BOOST_REQUIRE(!r.timed_out);
  std::string all = r.out + r.err;
  if (r.status == 0 && all.find(": OK") != std::string::npos) return "OK";
  auto at = all.find("error ");
  BOOST_TEST_INFO(all);
  BOOST_REQUIRE(at != std::string::npos);
  BOOST_TEST(r.status != 0);
  return all.substr(at, all.find('\n', at) - at);
}

// Every check on at once, so a vector that fails must fail for its own reason first.
const std::vector<std::string> kStrictServer = {"-purpose",    "sslserver",  "-verify_hostname",
                                                "localhost",   "-verify_ip", "127.0.0.1",
                                                "-auth_level", "2",          "-crl_check_all"};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Signs a message with `key` and verifies it with the public key of `cert` (openssl dgst).
bool signature_verifies(const TempDir& tmp, const std::string& cert, const std::string& key) {
  std::ofstream(tmp.file("msg")) << "CertificateVerify stand-in\n";
  auto pub = run_capture(
      {"sh", "-c",
       "openssl x509 -in '" + cert + "' -pubkey -noout > '" + tmp.file("pub.pem") + "'"},
      30s);
  BOOST_REQUIRE_EQUAL(pub.status, 0);
  auto sign = run_capture(
      {"openssl", "dgst", "-sha256", "-sign", key, "-out", tmp.file("sig"), tmp.file("msg")}, 30s);
  BOOST_REQUIRE_EQUAL(sign.status, 0);
  auto check = run_capture({"openssl", "dgst", "-sha256", "-verify", tmp.file("pub.pem"),
                            "-signature", tmp.file("sig"), tmp.file("msg")},
                           30s);
  return check.status == 0 && contains(check.out, "Verified OK");
}

void expect_input_error(const std::vector<std::string>& args, const std::string& expected) {
  auto r = medtls_cmd(args);
  BOOST_TEST_INFO(describe_command(args) << " -> " << r.status << " stderr: " << r.err);
  BOOST_TEST(r.status == 2);
  BOOST_TEST(contains(r.err, expected));
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(server_vectors_fail_for_their_stated_reason) {
  TempDir tmp("medtls-vectors");
  auto start = std::chrono::steady_clock::now();
  auto dir = generate(tmp, "pki");
  auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
  BOOST_TEST(took_ms < 30000);  // a few seconds in a release build; sanitizers make it slower
  auto crls = std::vector<std::string>{"-CRLfile", dir + "/ca/crls.pem"};
  auto strict = kStrictServer;
  strict.insert(strict.end(), crls.begin(), crls.end());

  const std::map<std::string, std::string> expected = {
      {"good-rsa", "OK"},
      {"good-ec256", "OK"},
      {"good-ec384", "OK"},
      {"wrong-key", "OK"},  // the certificate is good; only its key is wrong (below)
      {"expired", "certificate has expired"},
      {"not-yet-valid", "certificate is not yet valid"},
      {"self-signed", "self-signed certificate"},
      {"untrusted", "unable to get local issuer certificate"},
      {"rsa1024", "EE certificate key too weak"},
      {"sha1", "CA signature digest algorithm too weak"},
      {"wrong-eku", "unsuitable certificate purpose"},
      {"wrong-san", "hostname mismatch"},
      {"revoked", "certificate revoked"},
      {"corrupt-signature", "certificate signature failure"},
  };
  for (const auto& [name, reason] : expected) {
    auto result = openssl_verify(dir, "server/" + name + ".pem", strict);
    BOOST_TEST_INFO(name << ": " << result);
    BOOST_TEST(contains(result, reason));
  }

  // Take the stated reason away and the vector passes: the refusal was for that reason.
  BOOST_TEST(openssl_verify(dir, "server/revoked.pem", {"-purpose", "sslserver"}) == "OK");
  BOOST_TEST(openssl_verify(dir, "server/rsa1024.pem", {"-auth_level", "0"}) == "OK");
  BOOST_TEST(openssl_verify(dir, "server/sha1.pem", {"-auth_level", "0"}) == "OK");
  BOOST_TEST(openssl_verify(dir, "server/wrong-eku.pem", {"-purpose", "any"}) == "OK");
  BOOST_TEST(openssl_verify(dir, "server/wrong-san.pem",
                            {"-verify_hostname", "wrong.example.invalid"}) == "OK");
  BOOST_TEST(contains(openssl_verify(dir, "server/wrong-san.pem", {"-verify_ip", "127.0.0.1"}),
                      "IP address mismatch"));

  // wrong-key: same public key as good-rsa (the device's key check passes), wrong signatures.
  BOOST_TEST(signature_verifies(tmp, dir + "/server/good-rsa.pem", dir + "/server/good-rsa.key"));
  BOOST_TEST(
      !signature_verifies(tmp, dir + "/server/wrong-key.pem", dir + "/server/wrong-key.key"));
}

BOOST_AUTO_TEST_CASE(client_vectors_manifest_and_permissions) {
  TempDir tmp("medtls-vectors");
  auto dir = generate(tmp, "pki");
  std::vector<std::string> strict = {"-purpose",   "sslclient", "-auth_level",          "2",
                                     "-crl_check", "-CRLfile",  dir + "/client/crl.pem"};
  const std::map<std::string, std::string> expected = {
      {"good", "OK"},
      {"wrong_key", "OK"},
      {"expired", "certificate has expired"},
      {"not_yet_valid", "certificate is not yet valid"},
      {"self_signed", "self-signed certificate"},
      {"untrusted_ca", "unable to get local issuer certificate"},
      {"revoked", "certificate revoked"},
      {"rsa1024", "EE certificate key too weak"},
      {"sha1", "CA signature digest algorithm too weak"},
      {"wrong_eku", "unsuitable certificate purpose"},
  };
  for (const auto& [name, reason] : expected) {
    auto result = openssl_verify(dir, "client/" + name + ".pem", strict);
    BOOST_TEST_INFO(name << ": " << result);
    BOOST_TEST(contains(result, reason));
  }
  BOOST_TEST(
      !signature_verifies(tmp, dir + "/client/wrong_key.pem", dir + "/client/wrong_key.key"));
  BOOST_TEST(signature_verifies(tmp, dir + "/client/good.pem", dir + "/client/good.key"));

  std::ifstream in(dir + "/manifest.json");
  auto manifest = nlohmann::json::parse(in);
  BOOST_TEST(manifest["schema"] == "medtls.vectors/1");
  std::vector<std::string> cases;
  for (const auto& c : manifest["client_cases"]) cases.push_back(c["case"]);
  BOOST_TEST(cases == (std::vector<std::string>{"none", "good", "expired", "not_yet_valid",
                                                "self_signed", "untrusted_ca", "wrong_key",
                                                "revoked", "rsa1024", "sha1", "wrong_eku"}),
             boost::test_tools::per_element());
  BOOST_TEST(manifest["client_cases"][0]["cert"].is_null());

  // The manifest lists exactly the files written, each with its case and issuer; keys are 0600.
  std::set<std::string> listed;
  for (const auto& f : manifest["files"]) {
    std::string path = f["path"];
    listed.insert(path);
    BOOST_TEST_INFO(path);
    BOOST_TEST(f.contains("case"));
    BOOST_TEST(f.contains("issuer"));
    BOOST_TEST(!f["device_must"].get<std::string>().empty());
    struct stat st {};
    BOOST_REQUIRE(::stat((dir + "/" + path).c_str(), &st) == 0);
    if (f["kind"] == "private key")
      BOOST_TEST((st.st_mode & 0777) == 0600);
    else
      BOOST_TEST((st.st_mode & 0077) != 0);  // certificates and CRLs are readable by the device
  }
  std::set<std::string> on_disk;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) on_disk.insert(fs::relative(e.path(), dir).string());
  on_disk.erase("manifest.json");
  on_disk.erase("README.txt");
  BOOST_TEST(listed == on_disk, boost::test_tools::per_element());
  for (const char* must :
       {"ca/root-rsa.pem", "ca/root-ec.pem", "ca/intermediate-rsa.pem", "ca/intermediate-ec.pem",
        "ca/intermediate-rsa.crl.pem", "client/crl.pem", "server/wrong-key.key"})
    BOOST_TEST(listed.count(must) == 1, must);
  BOOST_TEST(listed.count("ca/untrusted-root.pem") == 0);  // the untrusted root stays unwritten

  std::ifstream readme(dir + "/README.txt");
  std::string text((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
  BOOST_TEST(contains(text, "trust ca/roots.pem"));
  BOOST_TEST(contains(text, "client/crl.pem"));
  BOOST_TEST(contains(text, "server/wrong-san.pem"));
}

BOOST_AUTO_TEST_CASE(client_vectors_signed_by_the_devices_ca) {
  TempDir tmp("medtls-vectors");
  auto device = generate(tmp, "device");  // stands in for the device's own PKI
  auto dir =
      generate(tmp, "pki",
               {"--ca-cert", device + "/ca/root-ec.pem", "--ca-key", device + "/ca/root-ec.key"});
  auto verify_with_device_ca = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args = {"openssl",  "verify",   "-CAfile", device + "/ca/root-ec.pem",
                                     "-purpose", "sslclient"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir + "/client/" + name + ".pem");
    auto r = run_capture(args, 30s);
    return r.out + r.err;
  };
  BOOST_TEST(contains(verify_with_device_ca("good", {}), ": OK"));
  BOOST_TEST(contains(verify_with_device_ca("expired", {}), "certificate has expired"));
  BOOST_TEST(contains(
      verify_with_device_ca("revoked", {"-crl_check", "-CRLfile", dir + "/client/crl.pem"}),
      "certificate revoked"));
  // The server vectors are still this set's own, and its CAs do not sign client vectors.
  BOOST_TEST(openssl_verify(dir, "server/good-rsa.pem", {"-purpose", "sslserver"}) == "OK");
  BOOST_TEST(!contains(openssl_verify(dir, "client/good.pem", {}), "OK"));
  std::ifstream in(dir + "/manifest.json");
  auto manifest = nlohmann::json::parse(in);
  BOOST_TEST(contains(manifest["device_setup"]["client_issuer"].get<std::string>(),
                      "medtls Test Root CA EC"));
}

BOOST_AUTO_TEST_CASE(bad_input_is_one_line_and_exit_2) {
  TempDir tmp("medtls-vectors");
  auto dir = generate(tmp, "pki");
  auto out = tmp.file("out");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/ca/root-rsa.pem"},
                     "--ca-cert and --ca-key go together");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/ca/root-rsa.pem", "--ca-key",
                      "/nonexistent/ca.key"},
                     "--ca-key /nonexistent/ca.key: cannot read file");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/ca/root-rsa.pem", "--ca-key",
                      dir + "/ca/root-ec.key"},
                     "is not the private key of");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/ca/root-rsa.key", "--ca-key",
                      dir + "/ca/root-rsa.key"},
                     "holds a private key");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/ca/root-rsa.pem", "--ca-key",
                      dir + "/ca/root-rsa.pem"},
                     "--ca-key");
  expect_input_error({"vectors", "--out", out, "--ca-cert", dir + "/server/good-rsa.pem",
                      "--ca-key", dir + "/server/good-rsa.key"},
                     "not a CA certificate");
  BOOST_TEST(!fs::exists(out));  // nothing written on bad input
  expect_input_error({"vectors", "--out", dir + "/manifest.json/sub"}, "--out");
  expect_input_error({"vectors"}, "--out");
}

BOOST_AUTO_TEST_CASE(good_ecdsa_client_leaves) {
  TempDir tmp("medtls-vectors-ec");
  const auto dir = generate(tmp, "pki");
  for (const std::string curve : {"256", "384"}) {
    const auto leaf = "client/good-ec" + curve + ".pem";
    BOOST_TEST(openssl_verify(dir, leaf, {"-purpose", "sslclient"}) == "OK", leaf);
    auto text = run_capture({"openssl", "x509", "-in", dir + "/" + leaf, "-noout", "-text"}, 30s);
    BOOST_TEST(text.out.find("NIST CURVE: P-" + curve) != std::string::npos, leaf);
  }
}
