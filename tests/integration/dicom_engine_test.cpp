// The DICOM association engine (dicom::scan_dicom) against real DCMTK 3.6.7 peers on loopback:
// storescp with TLS (client certificate required, BCP 195 non-downgrading or plain BCP 195
// profile), storescp refusing every association, a cleartext storescp, and small scripted
// peers (a socket that never answers; a cleartext acceptor that replays storescp's own
// A-ASSOCIATE-AC and C-ECHO-RSP, captured from storescp, and then stops answering) that prove
// every phase ends within the timeout. Expectations are what each peer was configured to do;
// the Implementation Class UID and Version Name come from `echoscu -d`.
#define BOOST_TEST_MODULE dicom_engine
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/codes.hpp"
#include "common/tls_names.hpp"
#include "dicom/dicom_scan.hpp"
#include "dicom/synthetic_object.hpp"
#include "integration/scan_fixture.hpp"
#include "net/tcp_connection.hpp"
#include "support/peers.hpp"
#include "support/process.hpp"
#include "support/unique_fd.hpp"
#include "support/words.hpp"
#include "tls/probe/session.hpp"
#include "tls/probe/steps.hpp"
#include "x509/client_vectors.hpp"
#include "x509/pem_files.hpp"

using namespace medtls;
using namespace medtls::testing;
using namespace std::chrono_literals;

namespace {

// Per phase; DCMTK's own timeouts are whole seconds.
constexpr auto kTimeout = 2000ms;
constexpr auto kShortTimeout = 1000ms;  // for the peers that never answer

// ---- peers ----------------------------------------------------------------------------------

// A listening socket on 127.0.0.1 served by a thread: `silent` accepts nothing (the kernel
// completes the TCP handshake, nothing ever answers); `replay` answers each A-ASSOCIATE-RQ with
// storescp's captured A-ASSOCIATE-AC, then (stage `echo`) answers nothing more, or (stage
// `release`) answers the first C-ECHO-RQ with storescp's captured C-ECHO-RSP and then nothing.
class ScriptedPeer {
 public:
  enum class Mode { silent, replay_until_echo, replay_until_release };

  explicit ScriptedPeer(Mode mode) : mode_(mode) {
    fd_ = UniqueFd(::socket(AF_INET, SOCK_STREAM, 0));
    BOOST_TEST_REQUIRE(fd_.get() >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_TEST_REQUIRE(::bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t size = sizeof a;
    BOOST_TEST_REQUIRE(::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&a), &size) == 0);
    port_ = ntohs(a.sin_port);
    BOOST_TEST_REQUIRE(::listen(fd_.get(), 16) == 0);
    if (mode_ != Mode::silent) thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedPeer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::uint16_t port() const { return port_; }

 private:
  // storescp 3.6.7's answers to echoscu, captured with tcpdump (see tests/unit/dicom_pdu_test).
  static std::vector<std::uint8_t> hex(const char* h) { return *from_hex(h); }

  bool wait_readable(int fd) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) return true;
    }
    return false;
  }

  void serve() {
    const auto ac =
        hex("0200000000b80001000053544f524553435020202020202020204d4544544c532020202020202020202000"
            "0000000000000000000000000000000000000000000000000000000000000010000015312e322e3834302e"
            "31303030382e332e312e312e31210000190100000040000011312e322e3834302e31303030382e312e3250"
            "00003a51000004000040005200001b312e322e3237362e302e373233303031302e332e302e332e362e3755"
            "00000f4f464649535f44434d544b5f333637");
    const auto echo_rsp =
        hex("0400000000540000005001030000000004000000420000000000020012000000312e322e3834302e313030"
            "30382e312e3100000000010200000030800000200102000000010000000008020000000101000000090200"
            "00000000");
    std::vector<UniqueFd> open;  // kept open (silent) until the peer goes away
    while (wait_readable(fd_.get())) {
      UniqueFd c(::accept(fd_.get(), nullptr, nullptr));
      if (c.get() < 0) continue;
      std::uint8_t buf[4096];
      if (!wait_readable(c.get()) || ::recv(c.get(), buf, sizeof buf, 0) <= 0) continue;
      (void)::send(c.get(), ac.data(), ac.size(), MSG_NOSIGNAL);
      if (mode_ == Mode::replay_until_release && wait_readable(c.get()) &&
          ::recv(c.get(), buf, sizeof buf, 0) > 0)
        (void)::send(c.get(), echo_rsp.data(), echo_rsp.size(), MSG_NOSIGNAL);
      open.push_back(std::move(c));
    }
  }

  Mode mode_;
  UniqueFd fd_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// ---- inputs ---------------------------------------------------------------------------------

struct ClientCredentials {
  std::vector<x509::X509Ptr> cert;
  x509::PkeyPtr key;
};

ClientCredentials good_client() {
  const auto& pki = shared_pki();
  return {x509::load_certificates(pki.client_cert, "--cert"),
          x509::load_private_key(pki.client_key, "--key")};
}

dicom::DicomOptions options_for(std::uint16_t port, std::chrono::milliseconds timeout = kTimeout) {
  dicom::DicomOptions o;
  o.target.host = "127.0.0.1";
  o.target.port = port;
  o.calling_ae = "MEDTLS";
  o.called_ae = "STORESCP";
  o.target.timeout = timeout;
  o.ca_file = shared_pki().ca;
  return o;
}

void use_client(dicom::DicomOptions& o, const ClientCredentials& c) {
  o.client_cert = c.cert.front().get();
  o.client_key = c.key.get();
  o.client_certificate_label = "--cert client.pem";
}

// What a TLS scan of a BCP 195 peer would say, reduced to what the DICOM layer reads.
obs::TlsObservations reachable_tls12_13() {
  obs::TlsObservations t;
  t.reachable = true;
  t.versions[TlsVersion::TLSv1_2].status = obs::VersionStatus::accepted;
  t.versions[TlsVersion::TLSv1_3].status = obs::VersionStatus::accepted;
  return t;
}

// The real version probe and suite enumeration of the TLS layer.
obs::TlsObservations scan_versions_and_suites(std::uint16_t port) {
  obs::TlsObservations o;
  LocalSession session(port, o);
  probe::probe_versions(*session);
  for (TlsVersion v : kAllVersions)
    if (o.versions[v].status == obs::VersionStatus::accepted) probe::enumerate_suites(*session, v);
  o.reachable = session->heard_from_target();
  return o;
}

void log(const obs::DicomAssociation& a) {
  BOOST_TEST_MESSAGE(a.kind << " | " << a.purpose << " → " << a.result << " [" << a.channel.status
                            << " " << a.channel.version << " " << a.channel.suite_name << "] "
                            << a.detail);
}

void expect_accepted_with_echo(const obs::DicomAssociation& a) {
  log(a);
  BOOST_TEST(a.result == obs::AssociationResult::accepted);
  BOOST_TEST(a.echo == obs::DimseResult::success);
  BOOST_TEST_REQUIRE(a.echo_status.has_value());
  BOOST_TEST(*a.echo_status == 0x0000);
  BOOST_TEST(a.release == obs::ReleaseResult::released);
  BOOST_TEST_REQUIRE(!a.presentation_contexts.empty());
  BOOST_TEST(a.presentation_contexts[0].abstract_syntax == "1.2.840.10008.1.1");
  BOOST_TEST(a.presentation_contexts[0].result == obs::ContextResult::acceptance);
  BOOST_TEST(!a.received.empty());
  if (!a.received.empty()) BOOST_TEST(a.received.front().name == "A-ASSOCIATE-AC");
}

}  // namespace

// The main association, cleartext on the TLS port, a cleartext port, AE titles, User Identity
// and the store test against storescp +py requiring the fixture's client certificate.
BOOST_AUTO_TEST_CASE(storescp_main_plaintext_ae_identity_store) {
  Storescp scp(tls_storescp("+py", ClientAuth::require));
  StorescpOptions plain_options;
  plain_options.tls = false;
  plain_options.aetitle = "PLAINSCP";
  Storescp plain(plain_options);
  EchoscuOptions plain_echo;
  plain_echo.tls = false;
  const auto oracle = echoscu("127.0.0.1", plain.port(), plain_echo);
  BOOST_TEST_REQUIRE(oracle.accepted, oracle.output);
  const std::string class_uid = oracle.their_implementation_class_uid;
  const std::string version_name = oracle.their_implementation_version_name;
  BOOST_TEST(class_uid == "1.2.276.0.7230010.3.0.3.6.7");
  BOOST_TEST(version_name == "OFFIS_DCMTK_367");

  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  o.plain_port = plain.port();
  o.identity.user = "medtls";
  o.identity.passcode = "secret";
  o.store_test = true;
  const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  BOOST_TEST_MESSAGE(r.detail);
  BOOST_TEST(r.status == obs::LayerStatus::run);
  BOOST_TEST(!r.started.empty());
  BOOST_TEST(!r.finished.empty());

  // 1. Main association over TLS 1.3 (storescp +py prefers it; TLS 1.2 was offered too).
  const auto& m = r.association;
  expect_accepted_with_echo(m);
  BOOST_TEST(m.kind == obs::AssociationKind::main);
  BOOST_TEST(m.channel.status == obs::ChannelStatus::established);
  BOOST_TEST(m.channel.version == "TLSv1.3");
  BOOST_TEST((m.channel.suite >> 8) == 0x13);
  BOOST_TEST(m.channel.suite_name == suites::Registry::builtin().name_of(m.channel.suite));
  BOOST_TEST(!m.channel.group.empty());
  BOOST_TEST(m.channel.alpn_offered == std::vector<std::string>{"dicom"});
  BOOST_TEST(m.channel.alpn_selected == "");  // DCMTK 3.6.7 as server does no ALPN
  BOOST_TEST(m.channel.client_certificate == "--cert client.pem");
  BOOST_TEST(m.channel.peer_subject == "CN=localhost");
  BOOST_TEST(m.channel.peer_sha256.size() == 64u);
  BOOST_TEST(m.channel.peer_verification == obs::PeerVerification::trusted);
  BOOST_TEST(m.implementation_class_uid == class_uid);
  BOOST_TEST(m.implementation_version_name == version_name);
  BOOST_TEST(m.max_pdu == 16384u);  // storescp's default --max-pdu
  BOOST_TEST(m.connect_ms > 0);
  BOOST_TEST(m.associate_ms > 0);
  BOOST_TEST(m.echo_ms > 0);
  BOOST_TEST(m.error.empty());

  // 2. Cleartext on the TLS port: OpenSSL in storescp drops the connection.
  log(r.plaintext_tls_port);
  BOOST_TEST(r.plaintext_tls_port.kind == obs::AssociationKind::plaintext_tls_port);
  BOOST_TEST(r.plaintext_tls_port.channel.status == obs::ChannelStatus::plaintext);
  BOOST_TEST(r.plaintext_tls_port.result == obs::AssociationResult::aborted);
  BOOST_TEST(!r.plaintext_tls_port.abort_text.empty());
  BOOST_TEST(r.plaintext_on_tls_port == obs::PlaintextResult::refused);

  // 3. The cleartext storescp.
  BOOST_TEST_REQUIRE(r.plaintext_other.has_value());
  expect_accepted_with_echo(*r.plaintext_other);
  BOOST_TEST(r.plaintext_other->port == plain.port());
  BOOST_TEST(r.plaintext_other->channel.status == obs::ChannelStatus::plaintext);
  BOOST_TEST(r.plaintext_other_port == obs::OtherPortResult::accepted);

  // 4. storescp 3.6.7 has no AE-title check (storescp --help offers none): both accepted.
  BOOST_TEST_REQUIRE(r.ae_titles.size() == 2u);
  BOOST_TEST(r.ae_titles[0].kind == obs::AssociationKind::calling_ae);
  BOOST_TEST(r.ae_titles[0].calling_ae == "MEDTLS-UNKNOWN");
  expect_accepted_with_echo(r.ae_titles[0]);
  BOOST_TEST(r.ae_titles[1].kind == obs::AssociationKind::called_ae);
  BOOST_TEST(r.ae_titles[1].called_ae == "MEDTLS-WRONG-AE");
  expect_accepted_with_echo(r.ae_titles[1]);

  // 6. User Identity: storescp accepts every variant and never answers with a 59H item.
  BOOST_TEST_REQUIRE(r.user_identity.size() == 4u);
  for (const auto& a : r.user_identity) {
    expect_accepted_with_echo(a);
    BOOST_TEST_REQUIRE(a.user_identity.has_value());
    BOOST_TEST(a.user_identity->server_response == obs::IdentityResponse::absent);
  }
  BOOST_TEST(r.user_identity[0].user_identity->type == obs::IdentityType::username);
  BOOST_TEST(!r.user_identity[0].user_identity->positive_response_requested);
  BOOST_TEST(r.user_identity[3].user_identity->type == obs::IdentityType::username_passcode);
  BOOST_TEST(r.user_identity[3].user_identity->positive_response_requested);
  BOOST_TEST(r.user_identity_policy == obs::IdentityPolicy::ignores);
  BOOST_TEST_MESSAGE(r.user_identity_detail);

  // 8. One synthetic object stored, the only C-STORE of the scan.
  BOOST_TEST_REQUIRE(r.store_test.has_value());
  const auto& s = *r.store_test;
  log(s);
  BOOST_TEST(s.kind == obs::AssociationKind::store);
  BOOST_TEST(s.result == obs::AssociationResult::accepted);
  BOOST_TEST(s.store == obs::DimseResult::success);
  BOOST_TEST_REQUIRE(s.store_status.has_value());
  BOOST_TEST(*s.store_status == 0x0000);
  BOOST_TEST(s.release == obs::ReleaseResult::released);
  BOOST_TEST(!s.store_sop_instance_uid.empty());
  BOOST_TEST(m.store == obs::DimseResult::not_sent);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(scp.output_dir()))
    files.push_back(e.path());
  BOOST_TEST_REQUIRE(files.size() == 1u);
  // storescp names the file after the modality and the SOP Instance UID.
  BOOST_TEST(files[0].filename().string() == "SC." + s.store_sop_instance_uid);

  // main + plaintext ×2 + AE ×2 + identity ×4 + store
  BOOST_TEST(r.connections == 10);
  BOOST_TEST(!r.budget_exhausted);
}

// Without a client certificate storescp (--require-peer-cert) refuses the TLS channel.
BOOST_AUTO_TEST_CASE(storescp_without_client_certificate) {
  Storescp scp(tls_storescp("+py", ClientAuth::require));
  auto o = options_for(scp.port());
  o.ae_title_checks = true;
  const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  const auto& m = r.association;
  log(m);
  BOOST_TEST(m.result == obs::AssociationResult::channel_failed);
  BOOST_TEST(m.channel.status == obs::ChannelStatus::handshake_failed);
  BOOST_TEST(m.channel.client_certificate == "none");
  BOOST_TEST_REQUIRE(m.channel.alert.has_value());
  // TLS 1.3: certificate_required(116) after our Finished; TLS 1.2: handshake_failure(40).
  BOOST_TEST((*m.channel.alert == 116 || *m.channel.alert == 40), alert_name(*m.channel.alert));
  BOOST_TEST(m.echo == obs::DimseResult::not_sent);
  BOOST_TEST(m.release == obs::ReleaseResult::not_sent);
  // The AE-title checks need an accepted main association.
  BOOST_TEST_REQUIRE(r.ae_titles.size() == 2u);
  for (const auto& a : r.ae_titles) {
    BOOST_TEST(a.result == obs::AssociationResult::not_attempted);
    BOOST_TEST(a.detail.find("main association was not accepted") != std::string::npos);
  }
  BOOST_TEST(r.connections == 2);
}

// storescp --refuse answers every request with A-ASSOCIATE-RJ (1, 1, 1).
BOOST_AUTO_TEST_CASE(storescp_refusing_associations) {
  auto options = tls_storescp("+py", ClientAuth::require);
  options.extra_args = {"--refuse"};
  Storescp scp(options);
  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  const auto& m = r.association;
  log(m);
  BOOST_TEST(m.result == obs::AssociationResult::rejected);
  BOOST_TEST(m.channel.status == obs::ChannelStatus::established);
  BOOST_TEST_REQUIRE(m.reject_result.has_value());
  BOOST_TEST(*m.reject_result == 1);
  BOOST_TEST(*m.reject_source == 1);
  BOOST_TEST(*m.reject_reason == 1);
  BOOST_TEST(m.reject_text == "rejected-permanent; service-user; no-reason-given");
  BOOST_TEST_REQUIRE(m.received.size() == 1u);
  BOOST_TEST(m.received[0].name == "A-ASSOCIATE-RJ");
  BOOST_TEST(m.received[0].head_hex == "03000000000400010101");
  BOOST_TEST(m.presentation_contexts[0].result == obs::ContextResult::not_answered);
  BOOST_TEST(m.echo == obs::DimseResult::not_sent);
}

// --association-matrix against storescp +px: every version and suite the TLS scan saw accepted
// gets its own association, forced alone, and each is accepted on exactly what was forced.
BOOST_AUTO_TEST_CASE(association_matrix_storescp_px) {
  auto px = tls_storescp("+px", ClientAuth::require);
  px.dhparams_file = shared_pki().dhparams;  // RFC 7919 ffdhe2048 for the DHE suites
  Storescp scp(px);
  const auto tls = scan_versions_and_suites(scp.port());
  BOOST_TEST_REQUIRE(tls.reachable);
  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  o.association_matrix = true;
  o.ae_title_checks = false;
  const auto r = dicom::scan_dicom(o, tls, suites::Registry::builtin());

  std::vector<std::string> versions;
  std::size_t suites = 0;
  for (TlsVersion v : kAllVersions) {
    auto it = tls.versions.find(v);
    if (it == tls.versions.end() || it->second.status != obs::VersionStatus::accepted) continue;
    versions.emplace_back(version_name(v));
    suites += tls.suites.at(v).accepted.size();
  }
  BOOST_TEST_MESSAGE("TLS scan: " << versions.size() << " versions, " << suites << " suites");
  // BCP 195 (not the non-downgrading variant): DCMTK 3.6.7 also takes TLS 1.0 and 1.1.
  const std::set<std::string> seen(versions.begin(), versions.end());
  BOOST_TEST(seen.count("TLSv1.2") == 1u);
  BOOST_TEST(seen.count("TLSv1.3") == 1u);
  BOOST_TEST_REQUIRE(r.matrix.size() == versions.size() + suites);
  std::size_t i = 0;
  for (const auto& v : versions) {
    const auto& a = r.matrix[i++];
    expect_accepted_with_echo(a);
    BOOST_TEST(a.kind == obs::AssociationKind::version);
    BOOST_TEST(a.channel.forced_version == v);
    BOOST_TEST(a.channel.version == v);
  }
  for (; i < r.matrix.size(); ++i) {
    const auto& a = r.matrix[i];
    expect_accepted_with_echo(a);
    BOOST_TEST(a.kind == obs::AssociationKind::suite);
    BOOST_TEST_REQUIRE(a.channel.forced_suite.has_value());
    BOOST_TEST(a.channel.suite == *a.channel.forced_suite);
    BOOST_TEST(a.channel.version == a.channel.forced_version);
    BOOST_TEST(a.purpose ==
               "suite " + format_code(*a.channel.forced_suite) + " " + a.channel.forced_version);
    if (a.channel.suite_name.find("_DHE_") != std::string::npos)
      BOOST_TEST(a.channel.group == "ffdhe2048");
    else if (a.channel.suite_name.find("ECDHE") != std::string::npos ||
             a.channel.version == "TLSv1.3")
      BOOST_TEST(!a.channel.group.empty());
  }
  BOOST_TEST(r.connections == static_cast<int>(2 + r.matrix.size()));
}

// A suite (and SSLv3) that the TLS scan saw accepted but the local OpenSSL cannot negotiate
// gets no connection.
BOOST_AUTO_TEST_CASE(matrix_rows_not_possible_locally) {
  Storescp scp(tls_storescp("+py", ClientAuth::require));
  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  o.association_matrix = true;
  o.ae_title_checks = false;
  auto tls = reachable_tls12_13();
  tls.versions[TlsVersion::SSLv3].status = obs::VersionStatus::accepted;
  tls.suites[TlsVersion::TLSv1_2].accepted = {0xC08B};  // TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM
  const auto r = dicom::scan_dicom(o, tls, suites::Registry::builtin());
  BOOST_TEST_REQUIRE(r.matrix.size() == 4u);  // SSLv3, TLSv1.2, TLSv1.3, 0xC08B
  for (const auto* a : {&r.matrix[0], &r.matrix[3]}) {
    log(*a);
    BOOST_TEST(a->result == obs::AssociationResult::not_attempted);
    BOOST_TEST(a->channel.status == obs::ChannelStatus::not_possible_locally);
    BOOST_TEST(a->detail.rfind("accepted at ServerHello, full handshake not possible with the "
                               "local TLS library (OpenSSL ",
                               0) == 0);
  }
  BOOST_TEST(r.matrix[0].channel.forced_version == "SSLv3");
  BOOST_TEST((r.matrix[3].channel.forced_suite == std::optional<std::uint16_t>(0xC08B)));
  expect_accepted_with_echo(r.matrix[1]);
  expect_accepted_with_echo(r.matrix[2]);
  BOOST_TEST(r.connections == 4);  // main, plaintext, TLSv1.2, TLSv1.3
}

// Bad client certificates that the TLS layer let through (here: storescp does not ask for
// one, and the matrix rows are given) are presented on associations of their own.
BOOST_AUTO_TEST_CASE(bad_client_certificates_presented) {
  Storescp scp(tls_storescp("+px", ClientAuth::none));
  auto o = options_for(scp.port());
  o.ae_title_checks = false;
  auto tls = reachable_tls12_13();
  auto row = [](const std::string& name, const std::string& version, const std::string& outcome) {
    obs::ClientAuthCase c;
    c.name = test::as<obs::ClientCase>(name);
    c.version = version;
    c.outcome = test::as<obs::CaseOutcome>(outcome);
    return c;
  };
  tls.client_auth.matrix = {
      row("good", "TLSv1.2", "accepted"),        row("expired", "TLSv1.2", "refused"),
      row("expired", "TLSv1.3", "accepted"),     row("self_signed", "TLSv1.2", "inconclusive"),
      row("self_signed", "TLSv1.3", "accepted"), row("revoked", "TLSv1.2", "accepted"),
      row("sha1", "TLSv1.2", "refused")};
  const auto& pki = shared_pki();
  auto ca = x509::load_certificates(pki.ca, "ca");
  auto ca_key = x509::load_private_key(pki.ca_key, "ca key");
  const auto client = good_client();
  x509::ClientVectorInputs in;
  in.trusted_ca = ca.front().get();
  in.trusted_ca_key = ca_key.get();
  in.good_cert = client.cert.front().get();
  in.good_key = client.key.get();
  int calls = 0;
  std::vector<x509::ClientVector> vectors;
  const dicom::ClientVectorSource source = [&]() -> const std::vector<x509::ClientVector>& {
    if (calls++ == 0) vectors = x509::make_client_vectors(in);  // no CRL installed: revoked n/a
    return vectors;
  };
  const auto r = dicom::scan_dicom(o, tls, suites::Registry::builtin(), source);
  BOOST_TEST(calls == 1);
  BOOST_TEST_REQUIRE(r.client_certificates.size() == 3u);  // expired, self_signed, revoked
  const auto& expired = r.client_certificates[0];
  expect_accepted_with_echo(expired);
  BOOST_TEST(expired.kind == obs::AssociationKind::client_certificate);
  BOOST_TEST(expired.client_case == "expired");
  BOOST_TEST(expired.purpose == "client certificate expired TLSv1.3");
  BOOST_TEST(expired.channel.version == "TLSv1.3");
  BOOST_TEST(expired.channel.client_certificate == "vector expired");
  const auto& self_signed = r.client_certificates[1];
  expect_accepted_with_echo(self_signed);
  BOOST_TEST(self_signed.purpose == "client certificate self_signed TLSv1.2");
  BOOST_TEST(self_signed.channel.version == "TLSv1.2");
  const auto& revoked = r.client_certificates[2];
  log(revoked);
  BOOST_TEST(revoked.result == obs::AssociationResult::not_attempted);
  BOOST_TEST(!revoked.detail.empty());

  // No row accepted or undecided: the vectors are not even made.
  tls.client_auth.matrix = {row("good", "TLSv1.2", "accepted"),
                            row("expired", "TLSv1.2", "refused")};
  calls = 0;
  const auto again = dicom::scan_dicom(o, tls, suites::Registry::builtin(), source);
  BOOST_TEST(calls == 0);
  BOOST_TEST(again.client_certificates.empty());
}

// --ca that does not hold the server's issuer: recorded as untrusted, the association still
// runs (DCMTK does not abort on its own with SSL_VERIFY_NONE).
BOOST_AUTO_TEST_CASE(untrusted_server_still_examined) {
  Storescp scp(tls_storescp("+py", ClientAuth::require));
  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  o.ca_file = shared_pki().client_cert;  // a leaf, not the server's CA
  o.ae_title_checks = false;
  const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  expect_accepted_with_echo(r.association);
  BOOST_TEST(r.association.channel.peer_verification == obs::PeerVerification::untrusted);
  BOOST_TEST_MESSAGE(r.association.channel.peer_verification_detail);
  BOOST_TEST(r.association.channel.peer_verification_detail.find("X509_V_ERR") !=
             std::string::npos);

  o.ca_file.clear();
  const auto unchecked = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  BOOST_TEST(unchecked.association.result == obs::AssociationResult::accepted);
  BOOST_TEST(unchecked.association.channel.peer_verification == obs::PeerVerification::not_checked);
}

// Nothing hangs: a peer that never answers, and one that stops answering after the
// A-ASSOCIATE-AC or after the C-ECHO-RSP, each end within the timeout.
BOOST_AUTO_TEST_CASE(every_phase_is_bounded) {
  // Each waiting phase ends after the timeout; a second of slack each for the rest.
  const auto bound = [](std::chrono::steady_clock::time_point start, int phases) {
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST_MESSAGE(
        "took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms for "
                << phases << " waiting phase(s)");
    return took < phases * (kShortTimeout + 1000ms);
  };
  {
    ScriptedPeer silent(ScriptedPeer::Mode::silent);
    auto o = options_for(silent.port(), kShortTimeout);
    const auto start = std::chrono::steady_clock::now();
    const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
    BOOST_TEST(bound(start, 2));
    log(r.association);
    BOOST_TEST(r.association.result == obs::AssociationResult::channel_failed);
    BOOST_TEST(r.association.channel.status == obs::ChannelStatus::handshake_failed);
    BOOST_TEST(r.association.detail.find("did not finish within") != std::string::npos);
    log(r.plaintext_tls_port);
    BOOST_TEST(r.plaintext_tls_port.result == obs::AssociationResult::no_answer);
    BOOST_TEST(r.plaintext_on_tls_port == obs::PlaintextResult::inconclusive);
  }
  {
    // Cleartext only: the main association's TLS handshake fails on the replayed AC bytes.
    ScriptedPeer replay(ScriptedPeer::Mode::replay_until_echo);
    auto o = options_for(replay.port(), kShortTimeout);
    o.ae_title_checks = false;
    const auto start = std::chrono::steady_clock::now();
    const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
    // The C-ECHO-RSP wait, then DCMTK's wait (ACSE timeout) for the close after our A-ABORT.
    BOOST_TEST(bound(start, 2));
    const auto& p = r.plaintext_tls_port;
    log(p);
    BOOST_TEST(r.association.result == obs::AssociationResult::channel_failed);
    BOOST_TEST(p.result == obs::AssociationResult::accepted);
    BOOST_TEST(p.echo == obs::DimseResult::no_response);
    BOOST_TEST(p.release == obs::ReleaseResult::not_sent);
    BOOST_TEST(p.detail.find("A-ABORT sent") != std::string::npos);
    BOOST_TEST(r.plaintext_on_tls_port == obs::PlaintextResult::accepted);
  }
  {
    ScriptedPeer replay(ScriptedPeer::Mode::replay_until_release);
    auto o = options_for(replay.port(), kShortTimeout);
    o.ae_title_checks = false;
    const auto start = std::chrono::steady_clock::now();
    const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
    BOOST_TEST(bound(start, 1));
    const auto& p = r.plaintext_tls_port;
    log(p);
    BOOST_TEST(p.result == obs::AssociationResult::accepted);
    BOOST_TEST(p.echo == obs::DimseResult::success);
    BOOST_TEST(p.release == obs::ReleaseResult::no_reply);
  }
}

// The connection budget and an unreachable TLS layer.
BOOST_AUTO_TEST_CASE(budget_and_unreachable) {
  Storescp scp(tls_storescp("+py", ClientAuth::require));
  const auto client = good_client();
  auto o = options_for(scp.port());
  use_client(o, client);
  o.target.max_connections = 1;
  const auto r = dicom::scan_dicom(o, reachable_tls12_13(), suites::Registry::builtin());
  BOOST_TEST(r.association.result == obs::AssociationResult::accepted);
  BOOST_TEST(r.plaintext_tls_port.result == obs::AssociationResult::not_attempted);
  BOOST_TEST(r.plaintext_tls_port.detail == "connection budget exhausted");
  BOOST_TEST(r.plaintext_on_tls_port == obs::PlaintextResult::inconclusive);
  BOOST_TEST(r.budget_exhausted);
  BOOST_TEST(r.connections == 1);

  obs::TlsObservations down;
  down.reachable = false;
  down.unreachable_reason = "connection refused";
  const auto none = dicom::scan_dicom(o, down, suites::Registry::builtin());
  BOOST_TEST(none.status == obs::LayerStatus::not_run);
  BOOST_TEST(none.detail.find("connection refused") != std::string::npos);
  BOOST_TEST(none.association.result == obs::AssociationResult::not_attempted);
  BOOST_TEST(none.connections == 0);
}
