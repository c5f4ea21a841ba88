// The server side of the wire codec (`medtls listen`): ServerHello, Certificate and
// ServerHelloDone written by hand, and the classification of what a client sent back.
//  - written flights read back by the codec's own flight parser, field by field;
//  - a real OpenSSL 3 client (an in-process SSL object on one end of a socket pair) fed
//    deliberately wrong ServerHellos: which alert it answers is recorded here, and the good
//    flights are accepted (it goes on with its ClientKeyExchange);
//  - read_client_answer on every kind of record and on broken bytes.
#define BOOST_TEST_MODULE wire_server_hello
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/codes.hpp"
#include "common/openssl_ptr.hpp"
#include "support/unique_fd.hpp"
#include "tls/wire/client_answer.hpp"
#include "tls/wire/client_hello_parser.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/flight_parser.hpp"
#include "tls/wire/hello_extensions.hpp"
#include "tls/wire/server_hello_writer.hpp"
#include "x509/forge.hpp"

using medtls::testing::UniqueFd;
using medtls::wire::AnswerKind;
using medtls::wire::ClientAnswer;
using medtls::wire::Extension;
using medtls::wire::FlightOutcome;
using medtls::wire::FlightParser;
using medtls::wire::read_client_answer;
using medtls::wire::ServerHelloSpec;
using medtls::wire::write_certificate_tls12;
using medtls::wire::write_server_hello;
using medtls::wire::write_server_hello_done;
namespace make = medtls::wire::make;
namespace make_server = medtls::wire::make_server;
using Bytes = std::vector<std::uint8_t>;
using Chain = std::vector<Bytes>;

namespace {

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

FlightParser parser() {
  return FlightParser([](std::uint16_t suite) {
    return suite == 0xC02F ? std::string("ECDHE") : std::string("RSA");
  });
}

struct Certificate {
  medtls::ossl::PkeyPtr key;
  medtls::ossl::X509Ptr cert;
  Bytes der;
};

Certificate self_signed(const std::string& name, int bits = 2048) {
  Certificate c;
  medtls::x509::KeySpec key;
  key.bits = bits;
  c.key = medtls::x509::generate_key(key);
  medtls::x509::CertSpec spec;
  spec.common_name = name;
  spec.dns = {name};
  c.cert = medtls::x509::issue_certificate(spec, c.key.get(), nullptr, nullptr);
  const int n = i2d_X509(c.cert.get(), nullptr);
  BOOST_REQUIRE(n > 0);
  c.der.resize(static_cast<std::size_t>(n));
  unsigned char* p = c.der.data();
  i2d_X509(c.cert.get(), &p);
  return c;
}

ServerHelloSpec tls12_hello(std::uint16_t suite) {
  ServerHelloSpec s;
  s.random = Bytes(32, 0x42);
  s.session_id = Bytes(32, 0x07);
  s.suite = suite;
  s.extensions = {make::renegotiation_info(),
                  make::empty(medtls::wire::ext::kExtendedMasterSecret)};
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(written_flights_read_back)

BOOST_AUTO_TEST_CASE(tls12_server_hello_certificate_done_round_trip) {
  ServerHelloSpec s = tls12_hello(0x009C);
  s.record_version = 0x0301;
  s.extensions.push_back(make::alpn({"dicom"}));
  const Chain chain = {Bytes(700, 0x30), Bytes(300, 0x31)};
  const Bytes flight = write_server_hello(s) + write_certificate_tls12(chain, 0x0303) +
                       write_server_hello_done(0x0303);
  auto p = parser();
  BOOST_TEST(p.feed(flight));
  const auto& f = p.flight();
  BOOST_TEST(f.error == "");
  BOOST_TEST((f.outcome == FlightOutcome::server_hello));
  BOOST_TEST(f.record_version == 0x0301);
  BOOST_TEST(f.server_hello.legacy_version == 0x0303);
  BOOST_TEST(f.server_hello.version == 0x0303);
  BOOST_TEST(f.server_hello.suite == 0x009C);
  BOOST_TEST(f.server_hello.compression == 0);
  BOOST_TEST(f.server_hello.session_id == s.session_id, boost::test_tools::per_element());
  BOOST_TEST((f.server_hello.extensions == std::vector<std::uint16_t>{0xFF01, 23, 16}));
  BOOST_TEST(f.server_hello.alpn.value_or("") == "dicom");
  BOOST_TEST(f.certificates == chain);
  BOOST_TEST(f.server_hello_done);
  BOOST_TEST(f.bytes_received == flight.size());
  // The ServerHello's bytes: header 02, 24-bit length, then the spec as given.
  const Bytes& m = f.server_hello.message;
  BOOST_TEST(m[0] == 2);
  BOOST_TEST((Bytes(m.begin() + 6, m.begin() + 38) == s.random));
}

BOOST_AUTO_TEST_CASE(an_empty_random_is_32_fresh_bytes_and_no_extensions_leave_out_the_block) {
  ServerHelloSpec s;
  s.legacy_version = 0x0301;
  s.suite = 0x002F;
  const Bytes a = write_server_hello(s), b = write_server_hello(s);
  BOOST_TEST(a.size() == 5u + 4 + 2 + 32 + 1 + 2 + 1);
  BOOST_TEST(a != b);
  auto p = parser();
  p.feed(a);
  p.finish(FlightOutcome::closed, "");
  BOOST_TEST(p.flight().server_hello.legacy_version == 0x0301);
  BOOST_TEST(p.flight().server_hello.extensions.empty());
}

BOOST_AUTO_TEST_CASE(a_long_chain_is_split_into_records_and_reassembled) {
  const Chain chain = {Bytes(15000, 0xA1), Bytes(12000, 0xB2), Bytes(9000, 0xC3)};
  const Bytes certificate = write_certificate_tls12(chain, 0x0303);
  // Records of at most 2^14 bytes: 36,000 certificate bytes + 9 + 4 header bytes → 3 records.
  std::size_t records = 0;
  for (std::size_t at = 0; at < certificate.size(); ++records) {
    BOOST_TEST(certificate[at] == 22);
    const std::size_t length =
        static_cast<std::size_t>(certificate[at + 3] << 8 | certificate[at + 4]);
    BOOST_TEST(length <= 16384u);
    at += 5 + length;
  }
  BOOST_TEST(records == 3u);
  auto p = parser();
  BOOST_TEST(p.feed(write_server_hello(tls12_hello(0x009C)) + certificate +
                    write_server_hello_done(0x0303)));
  BOOST_TEST(p.flight().error == "");
  BOOST_TEST(p.flight().certificates == chain);
  BOOST_TEST(p.flight().server_hello_done);
}

BOOST_AUTO_TEST_CASE(tls13_server_hello_with_real_key_shares) {
  for (std::uint16_t group : {0x001D, 0x0017, 0x0018}) {
    ServerHelloSpec s;
    s.session_id = Bytes(32, 1);
    s.suite = 0x1301;
    s.extensions = {make_server::supported_versions(0x0304), make_server::key_share(group)};
    auto p = parser();
    BOOST_TEST(p.feed(write_server_hello(s)));
    const auto& h = p.flight().server_hello;
    BOOST_TEST(p.flight().error == "");
    BOOST_TEST(h.version == 0x0304);
    BOOST_TEST(h.key_share_group.value_or(0) == group);
    const std::size_t key = group == 0x001D ? 32 : group == 0x0017 ? 65 : 97;
    BOOST_TEST(s.extensions[1].body.size() == 2 + 2 + key);
  }
  BOOST_CHECK_THROW(make_server::key_share(0x7777), medtls::wire::WireError);
}

BOOST_AUTO_TEST_CASE(length_overrides_and_limits) {
  ServerHelloSpec s = tls12_hello(0x009C);
  s.extensions[0].length_override = 9;  // renegotiation_info claims 9 bytes
  const Bytes bytes = write_server_hello(s);
  // 5 record + 4 handshake + 2 + 32 + 1 + 32 + 2 + 1 + 2 (block) + 2 (type) = offset 83.
  BOOST_TEST(bytes[83] == 0x00);
  BOOST_TEST(bytes[84] == 0x09);
  auto p = parser();
  p.feed(bytes);
  BOOST_TEST((p.flight().outcome == FlightOutcome::malformed));
  s = tls12_hello(0x009C);
  s.extensions.push_back(Extension{0x7777, Bytes(16400, 0), std::nullopt});
  BOOST_CHECK_THROW(write_server_hello(s), medtls::wire::WireError);
  s = tls12_hello(0x009C);
  s.session_id = Bytes(256, 0);
  BOOST_CHECK_THROW(write_server_hello(s), medtls::wire::WireError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(client_answers)

BOOST_AUTO_TEST_CASE(each_kind_of_record) {
  BOOST_TEST(read_client_answer(nullptr, 0).kind == AnswerKind::nothing);
  auto a = read_client_answer(Bytes{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46});
  BOOST_TEST(a.kind == AnswerKind::alert);
  BOOST_TEST(a.alert_level == 2);
  BOOST_TEST(a.alert_description == 70);
  BOOST_TEST(a.record_version == 0x0303);
  BOOST_TEST(!a.incomplete);
  a = read_client_answer(Bytes{0x16, 0x03, 0x03, 0x00, 0x06, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00});
  BOOST_TEST(a.kind == AnswerKind::handshake);
  BOOST_TEST(a.handshake_type == 16);  // ClientKeyExchange
  a = read_client_answer(Bytes{0x14, 0x03, 0x03, 0x00, 0x01, 0x01});
  BOOST_TEST(a.kind == AnswerKind::change_cipher_spec);
  // A ChangeCipherSpec then an alert (a TLS 1.3 client in middlebox compatibility mode).
  a = read_client_answer(
      Bytes{0x14, 0x03, 0x03, 0x00, 0x01, 0x01, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x2A});
  BOOST_TEST(a.kind == AnswerKind::alert);
  BOOST_TEST(a.alert_description == 42);
  a = read_client_answer(Bytes{0x17, 0x03, 0x03, 0x00, 0x03, 0xAA, 0xBB, 0xCC});
  BOOST_TEST(a.kind == AnswerKind::application_data);
  a = read_client_answer(Bytes{0x18, 0x03, 0x03, 0x00, 0x01, 0x01});  // heartbeat
  BOOST_TEST(a.kind == AnswerKind::other_record);
  BOOST_TEST(a.content_type == 24);
}

BOOST_AUTO_TEST_CASE(broken_and_cut_short_answers) {
  const std::string http = "HTTP/1.1 400 Bad Request\r\n\r\n";
  auto a = read_client_answer(reinterpret_cast<const std::uint8_t*>(http.data()), http.size());
  BOOST_TEST(a.kind == AnswerKind::malformed);
  BOOST_TEST(!a.incomplete);
  BOOST_TEST(a.detail.find("not a TLS record") != std::string::npos, a.detail);
  a = read_client_answer(Bytes{0x15, 0x03});
  BOOST_TEST(a.kind == AnswerKind::malformed);
  BOOST_TEST(a.incomplete);
  a = read_client_answer(Bytes{0x15, 0x03, 0x03, 0x00, 0x02, 0x02});
  BOOST_TEST(a.kind == AnswerKind::malformed);
  BOOST_TEST(a.incomplete);
  a = read_client_answer(Bytes{0x15, 0x03, 0x03, 0x00, 0x03, 0x02, 0x28, 0x00});
  BOOST_TEST(a.kind == AnswerKind::malformed);  // odd alert length
  a = read_client_answer(Bytes{0x15, 0x03, 0x03, 0x00, 0x02, 0x07, 0x28});
  BOOST_TEST(a.kind == AnswerKind::malformed);  // level 7
  a = read_client_answer(Bytes{0x15, 0x03, 0x03, 0x00, 0x00});
  BOOST_TEST(a.kind == AnswerKind::malformed);  // empty alert record
  a = read_client_answer(Bytes{0x16, 0x03, 0x03, 0xFF, 0xFF, 0x01});
  BOOST_TEST(a.kind == AnswerKind::malformed);  // longer than any record may be
  a = read_client_answer(Bytes{0x14, 0x03, 0x03, 0x00, 0x01, 0x02});
  BOOST_TEST(a.kind == AnswerKind::malformed);  // ChangeCipherSpec that is not 0x01
  // A handshake record cut short still says which message it begins.
  a = read_client_answer(Bytes{0x16, 0x03, 0x03, 0x01, 0x00, 0x0B, 0x00});
  BOOST_TEST(a.kind == AnswerKind::handshake);
  BOOST_TEST(a.handshake_type == 11);
  BOOST_TEST(a.incomplete);
  // ChangeCipherSpecs are not passed over endlessly.
  Bytes many;
  for (int i = 0; i < 10; ++i) many = many + Bytes{0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
  a = read_client_answer(many);
  BOOST_TEST(a.kind == AnswerKind::malformed);
  // Every prefix of a real answer is classified without reading past its end.
  const Bytes answer = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01, 0x15,
                        0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
  for (std::size_t n = 0; n <= answer.size(); ++n) {
    const Bytes prefix(answer.begin(), answer.begin() + static_cast<std::ptrdiff_t>(n));
    a = read_client_answer(prefix);
    BOOST_TEST_CONTEXT("prefix " << n) {
      if (n == 0) BOOST_TEST(a.kind == AnswerKind::nothing);
      if (n == 6) BOOST_TEST(a.kind == AnswerKind::change_cipher_spec);
      if (n == answer.size()) BOOST_TEST(a.kind == AnswerKind::alert);
      if (n > 0 && n < 6) BOOST_TEST((a.kind == AnswerKind::malformed && a.incomplete));
      if (n > 6 && n < answer.size()) BOOST_TEST((a.kind == AnswerKind::malformed && a.incomplete));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// A real OpenSSL client on one end of a socket pair; the test is the server on the other end.
BOOST_AUTO_TEST_SUITE(openssl_client_answers)

namespace {

class OpenSslClient {
 public:
  // min/max: protocol versions (0: OpenSSL's default); groups: "X25519:P-256" or "".
  OpenSslClient(int min_version, int max_version, const char* groups = nullptr) {
    int fds[2];
    BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    client_fd_.reset(fds[0]);
    server_fd_.reset(fds[1]);
    BOOST_REQUIRE(::fcntl(client_fd_.get(), F_SETFL, O_NONBLOCK) == 0);
    ctx_.reset(SSL_CTX_new(TLS_client_method()));
    BOOST_REQUIRE(ctx_);
    if (min_version) SSL_CTX_set_min_proto_version(ctx_.get(), min_version);
    if (max_version) SSL_CTX_set_max_proto_version(ctx_.get(), max_version);
    if (groups) BOOST_REQUIRE(SSL_CTX_set1_groups_list(ctx_.get(), groups) == 1);
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_NONE, nullptr);
    ssl_.reset(SSL_new(ctx_.get()));
    BOOST_REQUIRE(ssl_);
    BOOST_REQUIRE(SSL_set_fd(ssl_.get(), client_fd_.get()) == 1);
    SSL_set_connect_state(ssl_.get());
    ERR_clear_error();
    BOOST_REQUIRE(step() == SSL_ERROR_WANT_READ);  // the ClientHello is out
    hello_ = read_available();
  }

  const Bytes& client_hello() const { return hello_; }
  medtls::wire::OfferedHello offer() const {
    return medtls::wire::read_offer(medtls::wire::parse_client_hello(hello_));
  }

  // Sends our flight, lets the client process it, and returns what it answered.
  Bytes answer(const Bytes& flight) {
    std::size_t sent = 0;
    while (sent < flight.size()) {
      const ssize_t n = ::write(server_fd_.get(), flight.data() + sent, flight.size() - sent);
      BOOST_REQUIRE(n > 0);
      sent += static_cast<std::size_t>(n);
    }
    last_error_ = step();
    return read_available();
  }
  int last_error() const { return last_error_; }

 private:
  int step() {
    const int rc = SSL_connect(ssl_.get());
    return rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), rc);
  }
  // Everything the client has written so far (it writes before SSL_connect returns).
  Bytes read_available() {
    Bytes out;
    pollfd p{server_fd_.get(), POLLIN, 0};
    while (::poll(&p, 1, 100) == 1 && (p.revents & POLLIN)) {
      std::uint8_t buf[4096];
      const ssize_t n = ::read(server_fd_.get(), buf, sizeof buf);
      if (n <= 0) break;
      out.insert(out.end(), buf, buf + n);
    }
    return out;
  }

  UniqueFd client_fd_, server_fd_;
  medtls::ossl::SslCtxPtr ctx_;
  medtls::ossl::SslPtr ssl_;
  Bytes hello_;
  int last_error_ = 0;
};

void check_fatal_alert(const Bytes& answer, std::uint8_t description) {
  const ClientAnswer a = read_client_answer(answer);
  BOOST_TEST(a.kind == AnswerKind::alert, "answer " << medtls::to_hex(answer));
  BOOST_TEST(a.alert_level == 2);
  BOOST_TEST(a.alert_description == description);
}

}  // namespace

// RFC 8996: a client that supports TLS 1.2 at least must refuse a TLS 1.0 or 1.1 ServerHello.
// OpenSSL 3.0 answers protocol_version(70), whether it also offered TLS 1.3 or not.
BOOST_AUTO_TEST_CASE(tls10_and_tls11_server_hellos_get_protocol_version) {
  for (int max : {TLS1_2_VERSION, 0}) {
    for (std::uint16_t legacy : {0x0301, 0x0302}) {
      BOOST_TEST_CONTEXT("client max " << max << ", ServerHello " << std::hex << legacy) {
        OpenSslClient client(TLS1_2_VERSION, max);
        const auto offer = client.offer();
        BOOST_REQUIRE(offer.offers_suite(0xC013));  // ECDHE-RSA-AES128-SHA: TLS 1.0 suite
        ServerHelloSpec s;
        s.record_version = legacy;
        s.legacy_version = legacy;
        s.suite = 0xC013;
        s.extensions = {make::renegotiation_info()};
        const Bytes answer = client.answer(write_server_hello(s));
        BOOST_TEST(client.last_error() == SSL_ERROR_SSL);
        check_fatal_alert(answer, 70);
      }
    }
  }
}

// A suite the client did not offer: OpenSSL 3.0 answers illegal_parameter(47), both for a
// suite it knows (RC4-SHA, 0x0005, not offered) and for a code point it does not know at all.
BOOST_AUTO_TEST_CASE(an_unoffered_suite_gets_illegal_parameter) {
  for (std::uint16_t suite : {0x0005, 0xC0FF, 0x1301}) {
    BOOST_TEST_CONTEXT("suite " << std::hex << suite) {
      OpenSslClient client(TLS1_2_VERSION, TLS1_2_VERSION);
      BOOST_REQUIRE(!client.offer().offers_suite(suite));
      const Bytes answer = client.answer(write_server_hello(tls12_hello(suite)));
      BOOST_TEST(client.last_error() == SSL_ERROR_SSL);
      check_fatal_alert(answer, 47);
    }
  }
}

// Without renegotiation_info in a TLS 1.2 ServerHello, OpenSSL 3.0 refuses the server
// (SSL_OP_LEGACY_SERVER_CONNECT is off by default): handshake_failure(40).
BOOST_AUTO_TEST_CASE(no_renegotiation_info_gets_handshake_failure) {
  OpenSslClient client(TLS1_2_VERSION, TLS1_2_VERSION);
  ServerHelloSpec s = tls12_hello(0x009C);
  s.extensions.clear();
  check_fatal_alert(client.answer(write_server_hello(s)), 40);
}

// A whole TLS 1.2 RSA key-exchange flight written here is accepted: the client (verifying
// nothing) goes on with its ClientKeyExchange, ChangeCipherSpec and Finished.
BOOST_AUTO_TEST_CASE(a_good_tls12_flight_is_accepted) {
  OpenSslClient client(TLS1_2_VERSION, TLS1_2_VERSION);
  BOOST_REQUIRE(client.offer().offers_suite(0x009C));  // AES128-GCM-SHA256
  const auto leaf = self_signed("pacs.example");
  const Bytes flight = write_server_hello(tls12_hello(0x009C)) +
                       write_certificate_tls12({leaf.der}, 0x0303) +
                       write_server_hello_done(0x0303);
  const Bytes answer = client.answer(flight);
  BOOST_TEST(client.last_error() == SSL_ERROR_WANT_READ);  // waiting for our Finished
  const ClientAnswer a = read_client_answer(answer);
  BOOST_TEST(a.kind == AnswerKind::handshake, medtls::to_hex(answer));
  BOOST_TEST(a.handshake_type == 16);  // ClientKeyExchange
  BOOST_TEST(a.record_version == 0x0303);
}

// A TLS 1.3 ServerHello made here (supported_versions, a real key share, the session id echoed)
// is accepted: the client then waits for the encrypted EncryptedExtensions. A key share that is
// not a point on the curve gets illegal_parameter(47).
BOOST_AUTO_TEST_CASE(a_tls13_server_hello_is_accepted_and_a_bad_share_refused) {
  for (const char* groups : {"X25519", "P-256"}) {
    BOOST_TEST_CONTEXT(groups) {
      OpenSslClient client(TLS1_3_VERSION, TLS1_3_VERSION, groups);
      const auto offer = client.offer();
      BOOST_REQUIRE(offer.key_share_groups.size() == 1u);
      ServerHelloSpec s;
      s.session_id = offer.session_id;
      s.suite = 0x1301;
      s.extensions = {make_server::supported_versions(0x0304),
                      make_server::key_share(offer.key_share_groups[0])};
      const Bytes answer = client.answer(write_server_hello(s));
      BOOST_TEST(client.last_error() == SSL_ERROR_WANT_READ);
      const auto kind = read_client_answer(answer).kind;
      BOOST_TEST((kind == AnswerKind::nothing || kind == AnswerKind::change_cipher_spec),
                 medtls::to_hex(answer));
    }
  }
  OpenSslClient client(TLS1_3_VERSION, TLS1_3_VERSION, "P-256");
  ServerHelloSpec s;
  s.session_id = client.offer().session_id;
  s.suite = 0x1301;
  Bytes not_a_point(65, 0);
  not_a_point[0] = 0x04;
  s.extensions = {make_server::supported_versions(0x0304),
                  make_server::key_share(0x0017, not_a_point)};
  check_fatal_alert(client.answer(write_server_hello(s)), 47);
}

BOOST_AUTO_TEST_SUITE_END()
