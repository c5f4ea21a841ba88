// The acceptor of `medtls listen` against DCMTK's own clients: echoscu and storescu connect over
// TLS to a socket this test accepts and secures itself (as the listener does), and
// serve_association must answer them and record what they asked for.
#define BOOST_TEST_MODULE dicom_acceptor
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmdata/dcfilefo.h"

#include "common/openssl_ptr.hpp"
#include "dicom/acceptor.hpp"
#include "dicom/synthetic_object.hpp"
#include "support/pki.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/unique_fd.hpp"

namespace fs = std::filesystem;
using namespace medtls;
using testing::run_capture;

namespace {

struct Fixture {
  testing::TempDir dir{"medtls-acceptor"};
  testing::TestPki pki = testing::make_test_pki(dir.file("pki"));
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

// A loopback listening socket on an ephemeral port.
struct Listener {
  testing::UniqueFd fd;
  int port = 0;
  Listener() {
    fd.reset(::socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    BOOST_REQUIRE(::listen(fd.get(), 4) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  // The next connection, or -1 after 20 s.
  int accept_one() {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, 20000) != 1) return -1;
    return ::accept(fd.get(), nullptr, nullptr);
  }
};

// What the listener does before the acceptor: a TLS server handshake with the good certificate.
struct SecuredConnection {
  testing::UniqueFd fd;
  ossl::SslCtxPtr ctx;
  ossl::SslPtr ssl;
  bool ok = false;
  explicit SecuredConnection(int accepted) : fd(accepted) {
    ctx.reset(SSL_CTX_new(TLS_server_method()));
    SSL_CTX_use_certificate_chain_file(ctx.get(), fixture().pki.server_rsa_cert.c_str());
    SSL_CTX_use_PrivateKey_file(ctx.get(), fixture().pki.server_rsa_key.c_str(), SSL_FILETYPE_PEM);
    ssl.reset(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), fd.get());
    ok = SSL_accept(ssl.get()) == 1;
  }
};

std::vector<std::string> tls_client(const std::string& program, int port) {
  return {program,     "--anonymous-tls",
          "+cf",       fixture().pki.ca,
          "-aet",      "MODALITY",
          "-aec",      "MEDTLS",
          "-to",       "10",
          "127.0.0.1", std::to_string(port)};
}

std::string synthetic_file() {
  const std::string path = fixture().dir.file("object.dcm");
  if (fs::exists(path)) return path;
  std::string error;
  auto dataset = dicom::make_synthetic_object(error);
  BOOST_REQUIRE_MESSAGE(dataset, error);
  DcmFileFormat file(dataset.get());
  BOOST_REQUIRE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  return path;
}

}  // namespace

BOOST_AUTO_TEST_CASE(echoscu_gets_its_echo_and_its_request_is_recorded) {
  Listener listener;
  auto client = std::async(std::launch::async, [&] {
    return run_capture(tls_client("echoscu", listener.port), std::chrono::seconds(30));
  });
  SecuredConnection conn(listener.accept_one());
  BOOST_REQUIRE(conn.ok);
  dicom::AcceptorOptions options;
  options.connection = 1;
  const auto a = dicom::serve_association(conn.fd.get(), conn.ssl.get(), options);
  const auto result = client.get();
  BOOST_TEST(result.status == 0, result.out << result.err);
  BOOST_TEST(a.accepted, a.error);
  BOOST_TEST(a.calling_ae == "MODALITY");
  BOOST_TEST(a.called_ae == "MEDTLS");
  BOOST_TEST(a.echoes == 1);
  BOOST_TEST(a.stores == 0);
  BOOST_TEST((a.end == obs::AssociationEnd::released), name_of(a.end) << " " << a.error);
  BOOST_TEST(a.implementation_class_uid.rfind("1.2.276.0.7230010.3", 0) == 0,
             a.implementation_class_uid);  // DCMTK's root
  BOOST_TEST(a.implementation_version_name.rfind("OFFIS_DCMTK", 0) == 0,
             a.implementation_version_name);
  BOOST_TEST(a.max_pdu > 0u);
  BOOST_TEST((a.user_identity == obs::RequestedIdentity::none));
  BOOST_REQUIRE(!a.contexts.empty());
  BOOST_TEST(a.contexts.front().abstract_syntax == "1.2.840.10008.1.1");  // Verification
  BOOST_TEST(a.contexts.front().accepted);
  BOOST_TEST(!a.contexts.front().transfer_syntaxes.empty());
}

BOOST_AUTO_TEST_CASE(storescu_stores_and_the_object_is_kept_only_when_asked) {
  const std::string object = synthetic_file();
  for (bool keep : {false, true}) {
    BOOST_TEST_CONTEXT("keep " << keep) {
      Listener listener;
      auto argv = tls_client("storescu", listener.port);
      argv.push_back(object);
      auto client = std::async(std::launch::async,
                               [&] { return run_capture(argv, std::chrono::seconds(30)); });
      SecuredConnection conn(listener.accept_one());
      BOOST_REQUIRE(conn.ok);
      const std::string keep_dir = fixture().dir.file(keep ? "kept" : "unused");
      fs::create_directories(keep_dir);
      dicom::AcceptorOptions options;
      options.connection = 7;
      if (keep) options.keep_dir = keep_dir;
      const auto a = dicom::serve_association(conn.fd.get(), conn.ssl.get(), options);
      const auto result = client.get();
      BOOST_TEST(result.status == 0, result.out << result.err);
      BOOST_TEST(a.stores == 1, a.error);
      BOOST_TEST(a.store_failures == 0);
      BOOST_REQUIRE(a.stored_sop_classes.size() == 1u);
      BOOST_TEST(a.stored_sop_classes.front() == "1.2.840.10008.5.1.4.1.1.7");  // SC Image
      BOOST_TEST((a.end == obs::AssociationEnd::released), name_of(a.end) << " " << a.error);
      const bool kept = fs::exists(fs::path(keep_dir) / "connection7-1.dcm");
      BOOST_TEST(kept == keep);
      BOOST_TEST(fs::is_empty(fs::path(fixture().dir.file("unused"))));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_silent_device_costs_one_timeout) {
  Listener listener;
  // An openssl client that completes the handshake and then says nothing.
  auto client = std::async(std::launch::async, [&] {
    return run_capture(
        {"sh", "-c",
         "sleep 5 | openssl s_client -quiet -connect 127.0.0.1:" + std::to_string(listener.port)},
        std::chrono::seconds(30));
  });
  SecuredConnection conn(listener.accept_one());
  BOOST_REQUIRE(conn.ok);
  dicom::AcceptorOptions options;
  options.timeout = std::chrono::milliseconds(1500);
  const auto started = std::chrono::steady_clock::now();
  const auto a = dicom::serve_association(conn.fd.get(), conn.ssl.get(), options);
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST(!a.accepted);
  BOOST_TEST((a.end == obs::AssociationEnd::no_request), name_of(a.end));
  BOOST_TEST((took < std::chrono::seconds(4)));
  conn.ssl.reset();
  conn.fd.reset();
  client.get();
}

BOOST_AUTO_TEST_CASE(garbage_after_the_handshake_is_no_association) {
  // A hostile client: 1 MiB of random bytes over TLS where an A-ASSOCIATE-RQ should be.
  Listener listener;
  auto client = std::async(std::launch::async, [&] {
    return run_capture({"sh", "-c",
                        "head -c 1048576 /dev/urandom | openssl s_client -quiet -connect "
                        "127.0.0.1:" +
                            std::to_string(listener.port)},
                       std::chrono::seconds(30));
  });
  SecuredConnection conn(listener.accept_one());
  BOOST_REQUIRE(conn.ok);
  dicom::AcceptorOptions options;
  options.timeout = std::chrono::milliseconds(1500);
  const auto started = std::chrono::steady_clock::now();
  const auto a = dicom::serve_association(conn.fd.get(), conn.ssl.get(), options);
  BOOST_TEST(!a.accepted);
  BOOST_TEST(a.echoes == 0);
  BOOST_TEST((a.end == obs::AssociationEnd::no_request), name_of(a.end) << " " << a.error);
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
  conn.ssl.reset();
  conn.fd.reset();
  client.get();
}
