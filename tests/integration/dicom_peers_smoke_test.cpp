// Proves the DICOM peers of the integration tests (storescp with and without TLS, Orthanc, and
// medtls_test_scp in each of its modes) with DCMTK's own clients as the oracle (echoscu, and
// storescu where User Identity is needed): each peer is what it was configured to be, so tests
// of medtls can rely on it. Nothing here runs medtls.
#define BOOST_TEST_MODULE dicom_peers_smoke
#include <boost/test/unit_test.hpp>

#include "support/peers.hpp"
#include "support/pki.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include "support/words.hpp"

using medtls::enum_values;
using medtls::name_of;
namespace test = medtls::test;

namespace mt = medtls::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kHost = "127.0.0.1";
const char* const kDcmtkClassUid = "1.2.276.0.7230010.3.0.3.6.7";
const char* const kDcmtkVersionName = "OFFIS_DCMTK_367";

// One test PKI for the whole module (about 0.5 s to make), plus a self-signed client
// certificate that no peer here trusts.
struct SharedPki {
  mt::TempDir dir{"medtls-dicom-pki"};
  mt::TestPki pki = mt::make_test_pki(dir.path());
  std::string stranger_cert = dir.file("stranger.pem");
  std::string stranger_key = dir.file("stranger.key");

  SharedPki() {
    const auto r = mt::run_capture(
        {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", stranger_key, "-out", stranger_cert, "-days", "2", "-subj",
         "/CN=stranger", "-addext", "extendedKeyUsage=clientAuth"},
        20s);
    if (r.status != 0) throw std::runtime_error("stranger certificate: " + r.out + r.err);
  }
};

const SharedPki& shared() {
  static const SharedPki instance;
  return instance;
}

struct Fixture {
  const mt::TestPki& pki = shared().pki;

  // echoscu/storescu options with the trusted client certificate.
  mt::EchoscuOptions client(const std::string& called_ae = "ANY-SCP") const {
    mt::EchoscuOptions o;
    o.key = pki.client_key;
    o.cert = pki.client_cert;
    o.ca = pki.ca;
    o.called_ae = called_ae;
    return o;
  }
  mt::EchoscuOptions plain_client(const std::string& called_ae = "ANY-SCP") const {
    mt::EchoscuOptions o;
    o.tls = false;
    o.called_ae = called_ae;
    return o;
  }
  mt::DicomTestScpOptions tls_scp() const {
    mt::DicomTestScpOptions o;
    o.key = pki.server_rsa_key;
    o.cert = pki.server_rsa_cert;
    o.ca = pki.ca;
    return o;
  }
};

std::string describe(const mt::EchoscuResult& r) {
  return mt::describe_command(r.command) + " → status " + std::to_string(r.status) +
         (r.timed_out ? " (timed out)" : "") + "\n" + r.output;
}

}  // namespace

// ---- storescp -----------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(storescp, Fixture)

BOOST_AUTO_TEST_CASE(tls_with_required_client_certificate) {
  mt::StorescpOptions o;
  o.key = pki.server_rsa_key;
  o.cert = pki.server_rsa_cert;
  o.ca = pki.ca;  // +py, client certificate required: the defaults
  mt::Storescp scp(o);

  const auto echo = mt::echoscu(kHost, scp.port(), client("STORESCP"));
  BOOST_TEST(echo.success, describe(echo) + scp.log());
  BOOST_TEST(echo.tls_established);
  BOOST_TEST(echo.tls_protocol == "TLSv1.3");
  BOOST_TEST(echo.tls_ciphersuite == "TLS_AES_256_GCM_SHA384");
  BOOST_TEST(echo.server_subject == "/CN=localhost");
  BOOST_TEST(echo.their_implementation_class_uid == kDcmtkClassUid);
  BOOST_TEST(echo.their_implementation_version_name == kDcmtkVersionName);
  BOOST_TEST(echo.their_max_pdu.value_or(0) == 16384);

  // Anonymous TLS: the server refuses after the (TLS 1.3) handshake, the client sees an abort.
  mt::EchoscuOptions anonymous = client("STORESCP");
  anonymous.key.clear();
  anonymous.cert.clear();
  const auto refused = mt::echoscu(kHost, scp.port(), anonymous);
  BOOST_TEST(!refused.success, describe(refused));
  BOOST_TEST(!refused.accepted);
  BOOST_TEST(!refused.timed_out);
  BOOST_TEST(scp.running());
}

BOOST_AUTO_TEST_CASE(plain_port_without_tls) {
  mt::StorescpOptions o;
  o.tls = false;
  mt::Storescp scp(o);
  for (const auto& arg : scp.command()) BOOST_TEST(arg != "--enable-tls");

  // storescp checks no called AE title: any is accepted.
  const auto echo = mt::echoscu(kHost, scp.port(), plain_client("NOT-STORESCP"));
  BOOST_TEST(echo.success, describe(echo) + scp.log());
  BOOST_TEST(!echo.tls_established);
  BOOST_TEST(echo.accepted);

  const auto tls = mt::echoscu(kHost, scp.port(), client());  // TLS on the plaintext port
  BOOST_TEST(!tls.success, describe(tls));
  BOOST_TEST(!tls.timed_out);
}

BOOST_AUTO_TEST_CASE(refuse_rejects_every_association) {
  mt::StorescpOptions o;
  o.tls = false;
  o.refuse_associations = true;
  mt::Storescp scp(o);
  const auto echo = mt::echoscu(kHost, scp.port(), plain_client());
  BOOST_TEST(echo.rejected, describe(echo));
  BOOST_TEST(echo.reject_result == "Rejected Permanent");
  BOOST_TEST(echo.reject_source == "Service User");
  BOOST_TEST(echo.reject_reason == "No Reason");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Orthanc ------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(orthanc, Fixture)

BOOST_AUTO_TEST_CASE(tls_and_called_ae_check) {
  mt::OrthancOptions o;
  o.cert = pki.server_rsa_cert;
  o.key = pki.server_rsa_key;
  o.ca = pki.ca;
  o.check_called_aet = true;
  mt::Orthanc orthanc(o);
  BOOST_TEST(orthanc.http_port() != orthanc.port());
  BOOST_TEST(mt::is_listening_by(orthanc.pid(), orthanc.http_port()));

  const auto echo = mt::echoscu(kHost, orthanc.port(), client("ORTHANC"));
  BOOST_TEST(echo.success, describe(echo) + orthanc.log());
  BOOST_TEST(echo.tls_established);
  BOOST_TEST(echo.their_implementation_class_uid == kDcmtkClassUid);
  BOOST_TEST(echo.their_implementation_version_name == kDcmtkVersionName);

  const auto wrong = mt::echoscu(kHost, orthanc.port(), client("WRONG"));
  BOOST_TEST(wrong.rejected, describe(wrong));
  BOOST_TEST(wrong.tls_established);
  BOOST_TEST(wrong.reject_result == "Rejected Permanent");
  BOOST_TEST(wrong.reject_source == "Service User");
  BOOST_TEST(wrong.reject_reason == "Called AE Title Not Recognized");

  const auto cleartext = mt::echoscu(kHost, orthanc.port(), plain_client("ORTHANC"));
  BOOST_TEST(!cleartext.success, describe(cleartext));
  BOOST_TEST(!cleartext.timed_out);
}

BOOST_AUTO_TEST_CASE(plain_without_called_ae_check_and_with_known_calling_aes_only) {
  mt::OrthancOptions o;
  o.tls = false;
  o.aetitle = "PACS";
  o.check_called_aet = false;
  o.always_allow_echo = false;
  o.always_allow_store = false;
  o.modalities = {{"known", "KNOWN"}};
  mt::Orthanc orthanc(o);

  mt::EchoscuOptions known = plain_client("ANYTHING");
  known.calling_ae = "KNOWN";
  const auto echo = mt::echoscu(kHost, orthanc.port(), known);
  BOOST_TEST(echo.success, describe(echo) + orthanc.log());
  BOOST_TEST(!echo.tls_established);

  mt::EchoscuOptions stranger = plain_client("PACS");
  stranger.calling_ae = "STRANGER";
  const auto refused = mt::echoscu(kHost, orthanc.port(), stranger);
  BOOST_TEST(refused.rejected, describe(refused));
  BOOST_TEST(refused.reject_reason == "Calling AE Title Not Recognized");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- medtls_test_scp ----------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(test_scp, Fixture)

BOOST_AUTO_TEST_CASE(bad_arguments_exit_with_status_2) {
  const auto r =
      mt::run_capture({mt::DicomTestScp::executable(), "--port", "1", "--mode", "nope"}, 10s);
  BOOST_TEST(r.status == 2, r.out + r.err);
  const auto half = mt::run_capture(
      {mt::DicomTestScp::executable(), "--port", "1", "--key", pki.server_rsa_key}, 10s);
  BOOST_TEST(half.status == 2, half.out + half.err);
}

BOOST_AUTO_TEST_CASE(announces_the_configured_implementation_and_max_pdu) {
  mt::DicomTestScpOptions o;  // plain
  o.implementation_class_uid = "1.2.826.0.1.3680043.10.999.1";
  o.implementation_version_name = "MEDTLS_PEER_1";
  o.max_pdu = 32768;
  mt::DicomTestScp scp(o);

  const auto echo = mt::echoscu(kHost, scp.port(), plain_client("TESTSCP"));
  BOOST_TEST(echo.success, describe(echo) + scp.log());
  BOOST_TEST(echo.their_implementation_class_uid == "1.2.826.0.1.3680043.10.999.1");
  BOOST_TEST(echo.their_implementation_version_name == "MEDTLS_PEER_1");
  BOOST_TEST(echo.their_max_pdu.value_or(0) == 32768);

  const auto seen = scp.associations();
  BOOST_TEST_REQUIRE(seen.size() == 1u, scp.log());
  BOOST_TEST(seen[0].get("tls") == "none");
  BOOST_TEST(seen[0].get("calling") == "ECHOSCU");
  BOOST_TEST(seen[0].get("called") == "TESTSCP");
  BOOST_TEST(seen[0].get("their_implementation_class_uid") == kDcmtkClassUid);
  BOOST_TEST(seen[0].get("answer") == "accept");
  bool echoed = false;
  for (const auto& line : scp.lines()) {
    echoed |= line.kind == "dimse" && line.get("command") == "C-ECHO-RQ" &&
              line.get("status") == "0x0000";
  }
  BOOST_TEST(echoed, scp.log());
}

BOOST_AUTO_TEST_CASE(checks_called_and_calling_ae_titles) {
  mt::DicomTestScpOptions o = tls_scp();
  o.client_auth = mt::ClientAuth::require;
  o.aetitle = "TESTSCP";
  o.check_called_aet = true;
  o.allowed_calling_aets = {"ECHOSCU", "MEDTLS"};
  mt::DicomTestScp scp(o);

  const auto ok = mt::echoscu(kHost, scp.port(), client("TESTSCP"));
  BOOST_TEST(ok.success, describe(ok) + scp.log());
  BOOST_TEST(ok.tls_protocol == "TLSv1.3");

  const auto wrong_called = mt::echoscu(kHost, scp.port(), client("OTHER"));
  BOOST_TEST(wrong_called.rejected, describe(wrong_called));
  BOOST_TEST(wrong_called.reject_result == "Rejected Permanent");
  BOOST_TEST(wrong_called.reject_source == "Service User");
  BOOST_TEST(wrong_called.reject_reason == "Called AE Title Not Recognized");

  mt::EchoscuOptions stranger = client("TESTSCP");
  stranger.calling_ae = "STRANGER";
  const auto wrong_calling = mt::echoscu(kHost, scp.port(), stranger);
  BOOST_TEST(wrong_calling.rejected, describe(wrong_calling));
  BOOST_TEST(wrong_calling.reject_reason == "Calling AE Title Not Recognized");

  const auto seen = scp.associations();
  BOOST_TEST_REQUIRE(seen.size() == 3u, scp.log());
  BOOST_TEST(seen[0].get("client_cert") == "/CN=medtls test client");
  BOOST_TEST(seen[0].get("client_cert_verify") == "ok");
  BOOST_TEST(seen[1].get("called") == "OTHER");
  BOOST_TEST(seen[1].get("reason") == "7");
  BOOST_TEST(seen[2].get("calling") == "STRANGER");
  BOOST_TEST(seen[2].get("reason") == "3");
}

BOOST_AUTO_TEST_CASE(user_identity_username_and_passcode) {
  mt::DicomTestScpOptions o = tls_scp();
  o.require_user = "alice";
  o.require_password = "s3cret";
  mt::DicomTestScp scp(o);

  // echoscu 3.6.7 cannot send User Identity: the oracle says so rather than sending none.
  mt::EchoscuOptions with_user = client();
  with_user.user = "alice";
  BOOST_CHECK_THROW(mt::echoscu(kHost, scp.port(), with_user), std::invalid_argument);

  const auto none = mt::echoscu(kHost, scp.port(), client());
  BOOST_TEST(none.rejected, describe(none));
  BOOST_TEST(none.reject_result == "Rejected Permanent");
  BOOST_TEST(none.reject_source == "Service Provider (ACSE Related)");
  BOOST_TEST(none.reject_reason == "No Reason");

  mt::EchoscuOptions good = client();
  good.user = "alice";
  good.password = "s3cret";
  good.positive_response = true;
  const auto stored = mt::storescu(kHost, scp.port(), good);
  BOOST_TEST(stored.accepted, describe(stored) + scp.log());
  BOOST_TEST(stored.success);
  BOOST_TEST(stored.identity_response);

  mt::EchoscuOptions bad = good;
  bad.password = "guess";
  const auto wrong = mt::storescu(kHost, scp.port(), bad);
  BOOST_TEST(wrong.rejected, describe(wrong));
  BOOST_TEST(wrong.reject_source == "Service Provider (ACSE Related)");

  const auto seen = scp.associations();
  BOOST_TEST_REQUIRE(seen.size() == 3u, scp.log());
  BOOST_TEST(seen[0].get("identity") == "none");
  BOOST_TEST(seen[1].get("identity") == "user-password");
  BOOST_TEST(seen[1].get("identity_primary") == "alice");
  BOOST_TEST(seen[1].get("identity_secondary") == "s3cret");
  BOOST_TEST(seen[1].get("positive_response") == "1");
  BOOST_TEST(seen[1].get("identity_ac") == "sent");
  BOOST_TEST(seen[2].get("why") == "wrong passcode");
}

BOOST_AUTO_TEST_CASE(user_identity_jwt_and_no_identity_ac) {
  const mt::TempDir out("medtls-scp-out");
  mt::DicomTestScpOptions o;  // plain
  o.require_jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZWR0bHMifQ.c2lnbmF0dXJl";
  o.send_identity_ac = false;
  o.out_dir = out.path();
  mt::DicomTestScp scp(o);

  mt::EchoscuOptions good = plain_client();
  good.jwt = *o.require_jwt;
  good.positive_response = true;
  const auto stored = mt::storescu(kHost, scp.port(), good);
  BOOST_TEST(stored.success, describe(stored) + scp.log());
  BOOST_TEST(!stored.identity_response);  // asked for, but this node never sends 59H
  BOOST_TEST(std::filesystem::exists(out.file("1.2.826.0.1.3680043.10.1234.1.dcm")));
  bool stored_line = false;
  for (const auto& line : scp.lines()) {
    stored_line |= line.kind == "dimse" && line.get("command") == "C-STORE-RQ" &&
                   line.get("status") == "0x0000";
  }
  BOOST_TEST(stored_line, scp.log());

  mt::EchoscuOptions bad = good;
  bad.jwt = "eyJhbGciOiJub25lIn0.e30.";
  const auto refused = mt::storescu(kHost, scp.port(), bad);
  BOOST_TEST(refused.rejected, describe(refused));

  mt::EchoscuOptions user = plain_client();
  user.user = "alice";
  const auto wrong_type = mt::storescu(kHost, scp.port(), user);
  BOOST_TEST(wrong_type.rejected, describe(wrong_type));

  const auto seen = scp.associations();
  BOOST_TEST_REQUIRE(seen.size() == 3u, scp.log());
  BOOST_TEST(seen[0].get("identity") == "jwt");
  BOOST_TEST(seen[0].get("identity_primary") == *o.require_jwt);
  BOOST_TEST(seen[0].get("identity_ac") == "none");
  BOOST_TEST(seen[2].get("identity") == "user");
}

// Each misbehaviour makes echoscu fail, well within its own timeouts, and never hang.
BOOST_AUTO_TEST_CASE(misbehaviour_modes_fail_the_client_without_hanging) {
  struct Case {
    mt::ScpMode mode;
    const char* answer;  // the SCP's log
  };
  const std::vector<Case> cases{
      {mt::ScpMode::silent, "silent"},        {mt::ScpMode::garbage, "garbage"},
      {mt::ScpMode::close_after_rq, "close"}, {mt::ScpMode::abort_after_rq, "abort"},
      {mt::ScpMode::drop_after_ac, "accept"}, {mt::ScpMode::reject, "reject"}};
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("mode " << c.answer) {
      mt::DicomTestScpOptions o = tls_scp();
      o.mode = c.mode;
      o.reject_result = 2;
      o.reject_source = 3;
      o.reject_reason = 1;
      mt::DicomTestScp scp(o);

      mt::EchoscuOptions e = client();
      e.network_timeout = 3;
      e.timeout = 20s;
      const auto start = Clock::now();
      const auto r = mt::echoscu(kHost, scp.port(), e);
      const auto took = Clock::now() - start;
      BOOST_TEST(!r.success, describe(r));
      BOOST_TEST(!r.timed_out);
      BOOST_TEST(!r.failure.empty(), describe(r));
      BOOST_TEST(r.tls_established);
      BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 10000);

      const auto seen = scp.associations();
      BOOST_TEST_REQUIRE(seen.size() == 1u, scp.log());
      BOOST_TEST(seen[0].get("answer") == c.answer);
      BOOST_TEST(scp.running());
      if (c.mode == mt::ScpMode::drop_after_ac) BOOST_TEST(r.accepted);
      if (c.mode == mt::ScpMode::reject) {
        BOOST_TEST(r.rejected);
        BOOST_TEST(r.reject_result == "Rejected Transient");
        BOOST_TEST(r.reject_source == "Service Provider (Presentation Related)");
        BOOST_TEST(r.reject_reason == "Temporary Congestion");
      }
      if (c.mode == mt::ScpMode::garbage) {
        BOOST_TEST(r.failure.find("Unrecognized PDU type") != std::string::npos, r.failure);
      }
      if (c.mode == mt::ScpMode::silent || c.mode == mt::ScpMode::close_after_rq ||
          c.mode == mt::ScpMode::abort_after_rq) {
        BOOST_TEST(!r.accepted);
        BOOST_TEST(!r.rejected);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(client_certificate_checked_at_association) {
  mt::DicomTestScpOptions o = tls_scp();
  o.accept_any_client_cert_at_tls = true;
  o.check_client_cert_at_association = true;
  mt::DicomTestScp scp(o);

  mt::EchoscuOptions stranger = client();
  stranger.key = shared().stranger_key;
  stranger.cert = shared().stranger_cert;
  const auto refused = mt::echoscu(kHost, scp.port(), stranger);
  BOOST_TEST(refused.tls_established, describe(refused));  // the handshake completed …
  BOOST_TEST(refused.rejected);                            // … and the association did not
  BOOST_TEST(refused.reject_result == "Rejected Permanent");
  BOOST_TEST(refused.reject_source == "Service User");
  BOOST_TEST(refused.reject_reason == "No Reason");

  const auto trusted = mt::echoscu(kHost, scp.port(), client());
  BOOST_TEST(trusted.success, describe(trusted) + scp.log());

  const auto seen = scp.associations();
  BOOST_TEST_REQUIRE(seen.size() == 2u, scp.log());
  BOOST_TEST(seen[0].get("tls") == "TLSv1.3");
  BOOST_TEST(seen[0].get("client_cert") == "/CN=stranger");
  BOOST_TEST(seen[0].get("client_cert_verify") != "ok");
  BOOST_TEST(seen[0].get("answer") == "reject");
  BOOST_TEST(seen[1].get("client_cert_verify") == "ok");
}

BOOST_AUTO_TEST_CASE(any_client_certificate_let_through_or_refused_at_tls) {
  mt::EchoscuOptions stranger = client();
  stranger.key = shared().stranger_key;
  stranger.cert = shared().stranger_cert;
  {
    mt::DicomTestScpOptions o = tls_scp();
    o.accept_any_client_cert_at_tls = true;  // … and no check afterwards
    mt::DicomTestScp scp(o);
    const auto echo = mt::echoscu(kHost, scp.port(), stranger);
    BOOST_TEST(echo.success, describe(echo) + scp.log());
    const auto seen = scp.associations();
    BOOST_TEST_REQUIRE(seen.size() == 1u, scp.log());
    BOOST_TEST(seen[0].get("client_cert_verify") == "self-signed certificate");
  }
  mt::DicomTestScpOptions o = tls_scp();
  o.client_auth = mt::ClientAuth::require;
  mt::DicomTestScp scp(o);
  const auto refused = mt::echoscu(kHost, scp.port(), stranger);
  BOOST_TEST(!refused.accepted, describe(refused));
  BOOST_TEST(!refused.timed_out);
  const auto lines = scp.lines();
  BOOST_TEST_REQUIRE(lines.size() == 1u, scp.log());
  BOOST_TEST(lines[0].kind == "connection");
  BOOST_TEST(lines[0].get("tls") == "failed");
  BOOST_TEST(lines[0].get("alert") == "sent fatal unknown CA");
  BOOST_TEST(scp.associations().empty());
}

BOOST_AUTO_TEST_SUITE_END()
