// Proves the integration-test support library: the test PKI, the process and port helpers, each
// peer launcher (checked with the peer's own client: openssl s_client, gnutls-cli, echoscu), and
// the oracles that say what a peer was configured with. Later integration tests compare medtls's
// observations with these peers, so every fact they rely on is pinned here.
#define BOOST_TEST_MODULE peers_smoke
#include <boost/test/unit_test.hpp>

#include "support/peers.hpp"
#include "support/pki.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mt = medtls::testing;
using namespace std::chrono_literals;

namespace {

using Codes = std::set<std::uint16_t>;

// The B.13 priority string of the brief (GnuTLS syntax), without and with Camellia-GCM.
const char* const kB13Priority =
    "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+ECDHE-ECDSA:+AES-256-GCM:+AES-128-GCM:"
    "+AES-256-CCM:+AES-128-CCM:+AES-256-CCM-8:+AES-128-CCM-8:+CHACHA20-POLY1305:+AEAD:+SIGN-ALL:"
    "+GROUP-ALL:+COMP-NULL:+CTYPE-X509";
const std::string kB13CamelliaPriority =
    std::string(kB13Priority) + ":+CAMELLIA-256-GCM:+CAMELLIA-128-GCM";

// PS3.15 B.13 (standards.md §1.7), written out independently of any tool.
const Codes kB13Tls12{0xC02C, 0xC030, 0xC0AD, 0xC0AF, 0xCCA9,
                      0xCCA8, 0xC02F, 0xC02B, 0xC0AC, 0xC0AE};
const Codes kB13Tls13{0x1301, 0x1302, 0x1303, 0x1304, 0x1305};
const Codes kCamelliaGcm{0xC086, 0xC087, 0xC08A, 0xC08B};

// The B.13 TLS 1.2 suites by their OpenSSL names, to make s_client offer exactly one of them.
const std::vector<std::pair<std::uint16_t, std::string>> kB13Tls12OpensslNames{
    {0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384"}, {0xC030, "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xC0AD, "ECDHE-ECDSA-AES256-CCM"},        {0xC0AF, "ECDHE-ECDSA-AES256-CCM8"},
    {0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305"}, {0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305"},
    {0xC02F, "ECDHE-RSA-AES128-GCM-SHA256"},   {0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xC0AC, "ECDHE-ECDSA-AES128-CCM"},        {0xC0AE, "ECDHE-ECDSA-AES128-CCM8"}};
const std::vector<std::string> kTls13Names{"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                                           "TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256",
                                           "TLS_AES_128_CCM_8_SHA256"};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh test PKI per test case keeps the cases independent (about 0.5 s each).
struct PkiFixture {
  mt::TempDir dir{"medtls-pki"};
  mt::TestPki pki = mt::make_test_pki(dir.path());

  // `openssl s_client` against 127.0.0.1:port that checks the chain and the IP SAN; stdin is
  // /dev/null, so it ends right after the handshake.
  mt::CaptureResult s_client(std::uint16_t port, std::vector<std::string> args) const {
    std::vector<std::string> argv{"openssl",
                                  "s_client",
                                  "-connect",
                                  "127.0.0.1:" + std::to_string(port),
                                  "-CAfile",
                                  pki.ca,
                                  "-verify_return_error",
                                  "-verify_ip",
                                  "127.0.0.1"};
    argv.insert(argv.end(), args.begin(), args.end());
    return mt::run_capture(argv, 20s);
  }

  std::vector<std::string> with_client_cert(std::vector<std::string> args) const {
    args.insert(args.end(), {"-cert", pki.client_cert, "-key", pki.client_key});
    return args;
  }

  // s_client arguments with a self-signed client certificate that no server here trusts.
  std::vector<std::string> with_stranger_cert(std::vector<std::string> args) const {
    const std::string cert = dir.file("stranger.pem");
    const std::string key = dir.file("stranger.key");
    const auto r =
        mt::run_capture({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                         "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days",
                         "2", "-subj", "/CN=stranger", "-addext", "extendedKeyUsage=clientAuth"},
                        20s);
    BOOST_TEST_REQUIRE(r.status == 0, r.out + r.err);
    args.insert(args.end(), {"-cert", cert, "-key", key});
    return args;
  }

  mt::CaptureResult echoscu(std::uint16_t port, std::vector<std::string> tls_args) const {
    std::vector<std::string> argv{"echoscu", "-aec", "STORESCP"};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    argv.insert(argv.end(), {"127.0.0.1", std::to_string(port)});
    return mt::run_capture(argv, 30s);
  }
  std::vector<std::string> echoscu_tls(const std::string& profile = "+py") const {
    return {"+tls", pki.client_key, pki.client_cert, "-pw", "+cf", pki.ca, profile};
  }
};

// s_client completed a verified handshake with this version and cipher. The summary line
// "New, TLSv1.2, Cipher is X" names the cipher's own version for TLS <= 1.1 ("New, SSLv3, ..."
// for AES128-SHA), and the session block with "Protocol  : TLSv1.3" only shows in TLS 1.3 if a
// ticket arrived in time, so either one may confirm the version.
bool negotiated(const mt::CaptureResult& r, const std::string& version, const std::string& cipher) {
  return r.status == 0 && !r.timed_out && contains(r.out, "Verify return code: 0 (ok)") &&
         contains(r.out, "Cipher is " + cipher + "\n") &&
         (contains(r.out, "New, " + version + ", ") ||
          contains(r.out, "Protocol  : " + version + "\n"));
}

// s_client saw a CertificateRequest (TLS <= 1.2). DCMTK sends no CA names, so this is the one
// line every server's request produces.
bool certificate_requested(const mt::CaptureResult& r) {
  return contains(r.out, "Client Certificate Types:");
}

// True once no live process has this pid (a zombie counts as gone: it runs nothing).
bool gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string skip, state;
    if (!(stat >> skip >> skip >> state) || state == "Z") return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

}  // namespace

// ---- PKI ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(pki)

BOOST_AUTO_TEST_CASE(script_makes_the_specified_pki_quietly_and_idempotently) {
  mt::TempDir dir("medtls-pki");
  const std::string script = MEDTLS_SOURCE_DIR "/vectors/pki/make-test-pki.sh";
  for (int run = 1; run <= 2; ++run) {  // the second run overwrites the first
    const auto start = std::chrono::steady_clock::now();
    const mt::CaptureResult r = mt::run_capture({"bash", script, dir.path()}, 60s);
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST_REQUIRE(r.status == 0, r.out + r.err);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.empty());
    BOOST_TEST_WARN((took < 2s), "run " << run << " took "
                                        << std::chrono::duration<double>(took).count() << " s");
  }
  const mt::TestPki pki = mt::test_pki_paths(dir.path());
  for (const auto& file :
       {pki.ca, pki.ca_key, pki.server_rsa_cert, pki.server_rsa_key, pki.server_ec_cert,
        pki.server_ec_key, pki.client_cert, pki.client_key, pki.dhparams}) {
    BOOST_TEST(std::filesystem::is_regular_file(file), file);
  }
  const auto text = [](const std::string& cert) {
    return mt::run_capture({"openssl", "x509", "-in", cert, "-noout", "-text"}, 20s).out;
  };
  const std::string ca = text(pki.ca);
  BOOST_TEST(contains(ca, "Subject: CN = medtls Test Root CA"));
  BOOST_TEST(contains(ca, "Public-Key: (2048 bit)"));
  BOOST_TEST(contains(ca, "X509v3 Basic Constraints: critical\n                CA:TRUE"));
  BOOST_TEST(contains(ca, "Certificate Sign, CRL Sign"));

  const std::string san = "DNS:localhost, IP Address:127.0.0.1";
  const std::string both_eku = "TLS Web Server Authentication, TLS Web Client Authentication";
  const std::string rsa = text(pki.server_rsa_cert);
  BOOST_TEST(contains(rsa, "Subject: CN = localhost"));
  BOOST_TEST(contains(rsa, "Issuer: CN = medtls Test Root CA"));
  BOOST_TEST(contains(rsa, "Signature Algorithm: sha256WithRSAEncryption"));
  BOOST_TEST(contains(rsa, "Public-Key: (2048 bit)"));
  BOOST_TEST(contains(rsa, san));
  BOOST_TEST(contains(rsa, both_eku));
  BOOST_TEST(contains(rsa, "Digital Signature, Key Encipherment"));

  const std::string ec = text(pki.server_ec_cert);
  BOOST_TEST(contains(ec, "NIST CURVE: P-256"));
  BOOST_TEST(contains(ec, san));
  BOOST_TEST(contains(ec, both_eku));
  BOOST_TEST(contains(ec, "X509v3 Key Usage: critical\n                Digital Signature\n"));

  const std::string client = text(pki.client_cert);
  BOOST_TEST(contains(client, "Subject: CN = medtls test client"));
  BOOST_TEST(contains(client,
                      "X509v3 Extended Key Usage: \n                TLS Web Client "
                      "Authentication\n"));

  // The chains verify for their purposes, and leaves live 825 days.
  const auto verify = [&pki](const std::string& purpose, const std::string& cert) {
    return mt::run_capture({"openssl", "verify", "-CAfile", pki.ca, "-purpose", purpose, cert},
                           20s);
  };
  BOOST_TEST(verify("sslserver", pki.server_rsa_cert).status == 0);
  BOOST_TEST(verify("sslserver", pki.server_ec_cert).status == 0);
  BOOST_TEST(verify("sslclient", pki.client_cert).status == 0);
  BOOST_TEST(verify("sslserver", pki.client_cert).status != 0);  // clientAuth only
  const auto ends_within = [](const std::string& cert, int days) {
    return mt::run_capture({"openssl", "x509", "-in", cert, "-noout", "-checkend",
                            std::to_string(days * 86400)},
                           20s)
               .status == 0;
  };
  BOOST_TEST(ends_within(pki.server_rsa_cert, 824));
  BOOST_TEST(!ends_within(pki.server_rsa_cert, 826));

  const mt::CaptureResult dh =
      mt::run_capture({"openssl", "pkeyparam", "-in", pki.dhparams, "-noout", "-text"}, 20s);
  BOOST_TEST(dh.status == 0);
  BOOST_TEST(contains(dh.out, "GROUP: ffdhe2048"));
}

BOOST_AUTO_TEST_CASE(make_test_pki_reports_script_failures) {
  // A path below a regular file cannot be created: the script fails, and the message says so.
  mt::TempDir dir;
  std::ofstream(dir.file("plain-file")) << "x";
  BOOST_CHECK_EXCEPTION(mt::make_test_pki(dir.file("plain-file/pki")), std::runtime_error,
                        [](const std::runtime_error& e) {
                          return contains(e.what(), "make-test-pki.sh") &&
                                 contains(e.what(), "failed with status");
                        });
}

BOOST_AUTO_TEST_SUITE_END()

// ---- process and port helpers -------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(helpers)

BOOST_AUTO_TEST_CASE(temp_dir_is_removed_with_its_contents) {
  std::string path;
  {
    mt::TempDir dir("medtls-helper");
    path = dir.path();
    BOOST_TEST(std::filesystem::is_directory(path));
    std::filesystem::create_directory(dir.file("sub"));
    std::ofstream(dir.file("sub/file")) << "data";
    mt::TempDir moved = std::move(dir);
    BOOST_TEST(moved.path() == path);
    BOOST_TEST(dir.path().empty());
  }
  BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(run_capture_reports_status_output_and_timeout) {
  const mt::CaptureResult r = mt::run_capture({"sh", "-c", "echo out; echo err >&2; exit 3"}, 10s);
  BOOST_TEST(r.status == 3);
  BOOST_TEST(!r.timed_out);
  BOOST_TEST(r.out == "out\n");
  BOOST_TEST(r.err == "err\n");

  const auto start = std::chrono::steady_clock::now();
  const mt::CaptureResult slow = mt::run_capture({"sleep", "30"}, 300ms);
  BOOST_TEST(slow.timed_out);
  BOOST_TEST(slow.status == 128 + SIGKILL);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));

  BOOST_CHECK_THROW(mt::run_capture({"medtls-no-such-program"}, 5s), std::system_error);
  BOOST_CHECK_THROW(mt::run_capture({}, 5s), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(process_stop_ends_the_whole_group) {
  mt::TempDir dir;
  // The shell forks a grandchild; stopping the child must end it too.
  mt::Process p({"sh", "-c", "sleep 60 & echo $! > " + dir.file("pid") + "; wait"},
                dir.file("log"));
  BOOST_TEST(p.running());
  pid_t grandchild = 0;
  for (int i = 0; i < 500 && grandchild == 0; ++i) {
    std::ifstream(dir.file("pid")) >> grandchild;
    if (grandchild == 0) std::this_thread::sleep_for(10ms);
  }
  BOOST_TEST_REQUIRE(grandchild > 0);
  const pid_t child = p.pid();
  const auto status = p.stop();
  BOOST_TEST(status.value_or(-1) == 128 + SIGTERM);
  BOOST_TEST(!p.running());
  BOOST_TEST(p.pid() == -1);
  BOOST_TEST(gone(child));
  BOOST_TEST(gone(grandchild));
  BOOST_TEST(!p.stop().has_value());  // idempotent

  // A child that ignores SIGTERM is killed after the grace period.
  mt::Process stubborn({"sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"}, dir.file("log"));
  std::this_thread::sleep_for(200ms);  // let the shell install its trap
  BOOST_TEST(stubborn.stop(300ms).value_or(-1) == 128 + SIGKILL);

  BOOST_CHECK_THROW(mt::Process({"medtls-no-such-program"}, dir.file("log")), std::system_error);
}

BOOST_AUTO_TEST_CASE(ports_free_and_listening) {
  const std::uint16_t port = mt::free_port();
  BOOST_TEST(port > 1024);
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(!mt::wait_listening(port, 300ms));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 3s));
  BOOST_TEST(!mt::is_listening_by(::getpid(), port));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- gnutls-serv --------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(gnutls, PkiFixture)

BOOST_AUTO_TEST_CASE(b13_priority_oracle_lists_exactly_the_b13_suites) {
  const mt::GnutlsSuites b13 = mt::gnutls_priority_suites(kB13Priority);
  BOOST_TEST(b13.tls12_and_below == kB13Tls12);
  BOOST_TEST(b13.tls13 == kB13Tls13);
  BOOST_TEST(b13.order.size() == kB13Tls12.size() + kB13Tls13.size());

  Codes with_camellia = kB13Tls12;
  with_camellia.insert(kCamelliaGcm.begin(), kCamelliaGcm.end());
  const mt::GnutlsSuites camellia = mt::gnutls_priority_suites(kB13CamelliaPriority);
  BOOST_TEST(camellia.tls12_and_below == with_camellia);
  BOOST_TEST(camellia.tls13 == kB13Tls13);

  BOOST_CHECK_THROW(mt::gnutls_priority_suites("NONE:+NO-SUCH-KEYWORD"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(serves_every_b13_suite_with_an_rsa_and_an_ecdsa_pair) {
  mt::GnutlsServerOptions o;
  o.priority = kB13Priority;
  o.credentials = {{pki.server_rsa_cert, pki.server_rsa_key},
                   {pki.server_ec_cert, pki.server_ec_key}};
  mt::GnutlsServer server(o);
  BOOST_TEST(server.running());
  BOOST_TEST(server.port() != 0);
  BOOST_TEST(mt::wait_listening(server.port(), 1s));

  // Each TLS 1.2 suite alone: the ECDSA ones prove the second pair is used.
  const mt::GnutlsSuites listed = mt::gnutls_priority_suites(o.priority);
  for (const auto& [code, name] : kB13Tls12OpensslNames) {
    BOOST_TEST_CONTEXT("suite " << name) {
      BOOST_TEST(listed.tls12_and_below.count(code) == 1);
      const auto r = s_client(server.port(), {"-tls1_2", "-cipher", name});
      BOOST_TEST(negotiated(r, "TLSv1.2", name), r.out + r.err);
    }
  }
  // All five TLS 1.3 suites, including both CCM ones.
  for (const auto& name : kTls13Names) {
    BOOST_TEST_CONTEXT("suite " << name) {
      const auto r = s_client(server.port(), {"-tls1_3", "-ciphersuites", name});
      BOOST_TEST(negotiated(r, "TLSv1.3", name), r.out + r.err);
    }
  }
  // ClientAuth::none really means none: gnutls-serv would request a certificate by default.
  BOOST_TEST(!certificate_requested(s_client(server.port(), {"-tls1_2"})));
  // A suite outside the priority string is refused.
  const auto cbc = s_client(server.port(), {"-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256"});
  BOOST_TEST(cbc.status != 0);
  BOOST_TEST(server.running());  // and the server keeps serving
}

BOOST_AUTO_TEST_CASE(serves_camellia_gcm_to_gnutls_cli) {
  mt::GnutlsServerOptions o;
  o.priority = kB13CamelliaPriority;
  o.credentials = {{pki.server_rsa_cert, pki.server_rsa_key},
                   {pki.server_ec_cert, pki.server_ec_key}};
  mt::GnutlsServer server(o);
  // OpenSSL 3.0 has no Camellia-GCM, so GnuTLS's own client checks it.
  const auto gnutls_cli = [&](const std::string& kx, const std::string& cipher) {
    return mt::run_capture({"gnutls-cli", "--x509cafile", pki.ca, "--port",
                            std::to_string(server.port()), "--priority",
                            "NONE:+VERS-TLS1.2:+" + kx + ":+" + cipher +
                                ":+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509",
                            "127.0.0.1"},
                           20s);
  };
  for (const auto& [kx, cipher] :
       std::vector<std::pair<std::string, std::string>>{{"ECDHE-RSA", "CAMELLIA-128-GCM"},
                                                        {"ECDHE-RSA", "CAMELLIA-256-GCM"},
                                                        {"ECDHE-ECDSA", "CAMELLIA-128-GCM"},
                                                        {"ECDHE-ECDSA", "CAMELLIA-256-GCM"}}) {
    BOOST_TEST_CONTEXT(kx << " " << cipher) {
      const auto r = gnutls_cli(kx, cipher);
      BOOST_TEST(r.status == 0, r.out + r.err);
      BOOST_TEST(contains(r.out, "- Status: The certificate is trusted."));
      BOOST_TEST(contains(r.out, "(TLS1.2-X.509)-(" + kx.substr(0, 5)));
      BOOST_TEST(contains(r.out, "-(" + cipher + ")"), r.out);
    }
  }
  // Without the Camellia keywords the same request fails.
  o.priority = kB13Priority;
  mt::GnutlsServer plain(o);
  const auto r = mt::run_capture(
      {"gnutls-cli", "--x509cafile", pki.ca, "--port", std::to_string(plain.port()), "--priority",
       "NONE:+VERS-TLS1.2:+ECDHE-RSA:+CAMELLIA-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:"
       "+CTYPE-X509",
       "127.0.0.1"},
      20s);
  BOOST_TEST(r.status != 0);
}

BOOST_AUTO_TEST_CASE(client_auth_require_refuses_clients_without_a_valid_certificate) {
  mt::GnutlsServerOptions o;
  o.credentials = {{pki.server_rsa_cert, pki.server_rsa_key}};
  o.client_auth = mt::ClientAuth::require;
  o.ca_file = pki.ca;
  o.dhparams_file = pki.dhparams;
  mt::GnutlsServer server(o);
  // TLS 1.2: the server's verdict on the client certificate arrives inside the handshake.
  BOOST_TEST(s_client(server.port(), {"-tls1_2"}).status != 0);
  const auto good = s_client(server.port(), with_client_cert({"-tls1_2"}));
  BOOST_TEST(good.status == 0, good.out + good.err);
  BOOST_TEST(
      contains(good.out, "Acceptable client certificate CA names\nCN = medtls Test Root CA"));
  // gnutls-serv --require-client-cert alone would accept this one; the launcher adds
  // --verify-client-cert.
  const auto stranger = s_client(server.port(), with_stranger_cert({"-tls1_2"}));
  BOOST_TEST(stranger.status != 0, stranger.out + stranger.err);
  BOOST_TEST(server.running());

  o.client_auth = mt::ClientAuth::request;
  mt::GnutlsServer optional(o);
  const auto anonymous = s_client(optional.port(), {"-tls1_2"});
  BOOST_TEST(negotiated(anonymous, "TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384"),
             anonymous.out + anonymous.err);
  BOOST_TEST(certificate_requested(anonymous));
  BOOST_TEST(s_client(optional.port(), with_stranger_cert({"-tls1_2"})).status != 0);
}

BOOST_AUTO_TEST_CASE(a_peer_that_cannot_start_throws_with_its_log_and_leaves_nothing) {
  mt::GnutlsServerOptions o;
  o.credentials = {{pki.dir + "/missing.pem", pki.dir + "/missing.key"}};
  BOOST_CHECK_EXCEPTION(mt::GnutlsServer{o}, std::runtime_error, [](const std::runtime_error& e) {
    const std::string what = e.what();
    return contains(what, "gnutls-serv exited with status") && contains(what, "missing.pem") &&
           contains(what, "\nlog:\n");
  });
  BOOST_CHECK_THROW(mt::GnutlsServer{mt::GnutlsServerOptions{}}, std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- openssl s_server ---------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(openssl, PkiFixture)

BOOST_AUTO_TEST_CASE(tls12_with_rsa_and_ecdsa_pairs_and_no_tls13) {
  mt::OpensslServerOptions o;
  o.port = mt::free_port();  // a caller-chosen port is used as given
  o.cert = pki.server_rsa_cert;
  o.key = pki.server_rsa_key;
  o.second = mt::CertKey{pki.server_ec_cert, pki.server_ec_key};
  o.cipher = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256";
  o.ciphersuites = "";
  o.max_protocol = "TLSv1.2";
  mt::OpensslServer server(o);
  BOOST_TEST(server.port() == o.port);
  for (const std::string name : {"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"}) {
    const auto r = s_client(server.port(), {"-tls1_2", "-cipher", name});
    BOOST_TEST(negotiated(r, "TLSv1.2", name), r.out + r.err);
  }
  BOOST_TEST(s_client(server.port(), {"-tls1_3"}).status != 0);
  BOOST_TEST(
      s_client(server.port(), {"-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"}).status != 0);
  BOOST_TEST(mt::openssl_cipher_suites(o.cipher, "", "-tls1_2") == (Codes{0xC02C, 0xC02F}));
  BOOST_TEST(contains(server.log(), "Ciphersuite: ECDHE-ECDSA-AES256-GCM-SHA384"));
}

BOOST_AUTO_TEST_CASE(tls13_suites_from_the_ciphersuites_option) {
  mt::OpensslServerOptions o;
  o.cert = pki.server_ec_cert;
  o.key = pki.server_ec_key;
  o.ciphersuites = "TLS_AES_128_CCM_SHA256:TLS_AES_256_GCM_SHA384";
  o.min_protocol = "TLSv1.3";
  mt::OpensslServer server(o);
  for (const std::string name : {"TLS_AES_128_CCM_SHA256", "TLS_AES_256_GCM_SHA384"}) {
    const auto r = s_client(server.port(), {"-tls1_3", "-ciphersuites", name});
    BOOST_TEST(negotiated(r, "TLSv1.3", name), r.out + r.err);
  }
  BOOST_TEST(
      s_client(server.port(), {"-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"}).status != 0);
  BOOST_TEST(s_client(server.port(), {"-tls1_2"}).status != 0);
  BOOST_TEST(mt::openssl_cipher_suites("ECDHE-RSA-AES128-GCM-SHA256", *o.ciphersuites, "-tls1_3") ==
             (Codes{0x1304, 0x1302}));
}

BOOST_AUTO_TEST_CASE(tls10_needs_seclevel_0_and_the_oracle_agrees) {
  mt::OpensslServerOptions o;
  o.cert = pki.server_rsa_cert;
  o.key = pki.server_rsa_key;
  o.cipher = "AES128-SHA:@SECLEVEL=0";
  o.min_protocol = "TLSv1";
  o.max_protocol = "TLSv1";
  mt::OpensslServer server(o);
  const auto r = s_client(server.port(), {"-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0"});
  BOOST_TEST(negotiated(r, "TLSv1", "AES128-SHA"), r.out + r.err);
  BOOST_TEST(s_client(server.port(), {"-tls1_2"}).status != 0);
  BOOST_TEST(mt::openssl_cipher_suites("AES128-SHA:@SECLEVEL=0", "", "-tls1") == Codes{0x002F});
  BOOST_CHECK_THROW(mt::openssl_cipher_suites("NO-SUCH-CIPHER", "", "-tls1_2"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(client_auth_modes) {
  mt::OpensslServerOptions o;
  o.cert = pki.server_rsa_cert;
  o.key = pki.server_rsa_key;
  o.ca_file = pki.ca;
  o.client_auth = mt::ClientAuth::require;
  {
    mt::OpensslServer server(o);
    BOOST_TEST(s_client(server.port(), {"-tls1_2"}).status != 0);
    const auto good = s_client(server.port(), with_client_cert({"-tls1_2"}));
    BOOST_TEST(good.status == 0, good.out + good.err);
    // Refused only because the launcher adds -verify_return_error.
    const auto stranger = s_client(server.port(), with_stranger_cert({"-tls1_2"}));
    BOOST_TEST(stranger.status != 0, stranger.out + stranger.err);
  }
  o.client_auth = mt::ClientAuth::request;
  mt::OpensslServer server(o);
  const auto anonymous = s_client(server.port(), {"-tls1_2"});
  BOOST_TEST(anonymous.status == 0, anonymous.out + anonymous.err);
  BOOST_TEST(contains(anonymous.out, "Acceptable client certificate CA names"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- storescp -----------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(storescp, PkiFixture)

BOOST_AUTO_TEST_CASE(bcp195_nd_answers_echoscu_with_a_client_certificate_only) {
  mt::StorescpOptions o;
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  o.ca = pki.ca;
  mt::Storescp scp(o);
  BOOST_TEST(std::filesystem::is_directory(scp.output_dir()));

  const auto echo = echoscu(scp.port(), echoscu_tls());
  BOOST_TEST(echo.status == 0, echo.out + echo.err + scp.log());
  BOOST_TEST(echoscu(scp.port(), {"--anonymous-tls", "+cf", pki.ca}).status != 0);
  BOOST_TEST(echoscu(scp.port(), {}).status != 0);  // cleartext DICOM on the TLS port

  // (Offered everything, DCMTK 3.6.7 +py prefers DHE-RSA-AES256-GCM-SHA384 in TLS 1.2.)
  const auto tls12 =
      s_client(scp.port(), with_client_cert({"-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"}));
  BOOST_TEST(negotiated(tls12, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"), tls12.out + tls12.err);
  BOOST_TEST(certificate_requested(tls12));
  // Non-downgrading: no TLS 1.0, even with a suite DCMTK knows.
  BOOST_TEST(s_client(scp.port(), with_client_cert({"-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0"}))
                 .status != 0);
  BOOST_TEST(scp.running());
}

BOOST_AUTO_TEST_CASE(other_profiles_and_client_auth_modes) {
  mt::StorescpOptions o;
  o.key = pki.server_ec_key;
  o.cert = pki.server_ec_cert;
  o.ca = pki.ca;
  o.profile = "+pz";
  o.aetitle = "STORESCP";
  o.client_auth = mt::ClientAuth::none;
  {
    mt::Storescp scp(o);
    // The client must use the same profile: DCMTK's default +py client fails against +pz.
    const auto echo = echoscu(scp.port(), echoscu_tls("+pz"));
    BOOST_TEST(echo.status == 0, echo.out + echo.err + scp.log());
    const auto anonymous = s_client(scp.port(), {"-tls1_2"});
    BOOST_TEST(negotiated(anonymous, "TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
               anonymous.out + anonymous.err);
    BOOST_TEST(!certificate_requested(anonymous));
  }
  // The retired AES profile: TLS 1.0+ with TLS_RSA_WITH_AES_128_CBC_SHA, an RSA key needed.
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  o.profile = "+pa";
  o.client_auth = mt::ClientAuth::request;
  mt::Storescp aes(o);
  const auto tls10 = s_client(aes.port(), {"-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0"});
  BOOST_TEST(negotiated(tls10, "TLSv1", "AES128-SHA"), tls10.out + tls10.err);
  BOOST_TEST(certificate_requested(tls10));
  const auto echo = echoscu(aes.port(), echoscu_tls("+pa"));
  BOOST_TEST(echo.status == 0, echo.out + echo.err + aes.log());
}

BOOST_AUTO_TEST_SUITE_END()

// ---- lifetime -----------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(lifetime, PkiFixture)

BOOST_AUTO_TEST_CASE(peers_are_stopped_when_they_go_out_of_scope_or_are_moved) {
  pid_t pid = 0;
  std::string work;
  {
    mt::OpensslServerOptions o;
    o.cert = pki.server_rsa_cert;
    o.key = pki.server_rsa_key;
    mt::OpensslServer server(o);
    pid = server.pid();
    work = server.work_dir();
    BOOST_TEST(mt::is_listening_by(pid, server.port()));
    mt::OpensslServer moved = std::move(server);
    BOOST_TEST(moved.pid() == pid);
    BOOST_TEST(moved.running());
    BOOST_TEST(!server.running());
  }
  BOOST_TEST(gone(pid));
  BOOST_TEST(!std::filesystem::exists(work));
}

BOOST_AUTO_TEST_SUITE_END()
