#define BOOST_TEST_MODULE wire_flight_parser
#include <boost/test/unit_test.hpp>

#include <openssl/x509.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/codes.hpp"
#include "tls/probe/wire_mapping.hpp"
#include "tls/wire/flight_parser.hpp"
#include "words/reply.hpp"

using medtls::obs::Outcome;
using medtls::obs::ServerReply;
using Bytes = std::vector<std::uint8_t>;

namespace {

// wire::FlightParser with its flight read in the report's form (tls/probe's mapping): the
// assertions below check the fields a probe records, so they cover the mapping too.
class FlightParser {
 public:
  explicit FlightParser(std::function<std::string(std::uint16_t)> kx_of)
      : parser_(std::move(kx_of)) {}
  bool feed(const std::uint8_t* data, std::size_t size) { return parser_.feed(data, size); }
  bool feed(const Bytes& bytes) { return parser_.feed(bytes); }
  bool done() const { return parser_.done(); }
  void finish(Outcome network, const std::string& error) {
    using F = medtls::wire::FlightOutcome;
    parser_.finish(network == Outcome::closed  ? F::closed
                   : network == Outcome::reset ? F::reset
                                               : F::timeout,
                   error);
  }
  ServerReply reply() const { return medtls::probe::to_server_reply(parser_.flight()); }
  const medtls::wire::ServerFlight& flight() const { return parser_.flight(); }

 private:
  medtls::wire::FlightParser parser_;
};

// Captured by vectors/wire/capture.py; '#' lines are the header naming peer and ClientHello.
Bytes load_vector(const std::string& name) {
  const std::string path = std::string(MEDTLS_SOURCE_DIR) + "/vectors/wire/" + name + ".hex";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  std::string line, hex;
  while (std::getline(in, line))
    if (line.empty() || line[0] != '#') hex += line;
  auto bytes = medtls::from_hex(hex);
  BOOST_REQUIRE_MESSAGE(bytes && !bytes->empty(), "bad hex in " + path);
  return *bytes;
}

const std::vector<std::string> kVectors = {
    "gnutls_tls12_dhe_rsa",
    "gnutls_tls12_ecdhe_rsa_camellia_gcm",
    "gnutls_tls13_server_hello",
    "openssl_tls10_default_internal_error",
    "openssl_tls10_ecdhe_rsa",
    "openssl_tls10_protocol_version_alert",
    "openssl_tls11_dhe_rsa",
    "openssl_tls12_alpn_dicom",
    "openssl_tls12_ecdhe_ecdsa",
    "openssl_tls12_ecdhe_rsa_certreq",
    "openssl_tls12_handshake_failure",
    "openssl_tls12_sni_fatal",
    "openssl_tls12_sni_warning",
    "openssl_tls13_hello_retry_request",
    "openssl_tls13_server_hello",
};

// The key-exchange families of the suites in the vectors (what the registry would answer).
std::string kx_of(std::uint16_t suite) {
  switch (suite) {
    case 0xC02F:
    case 0xC030:
    case 0xC02B:
    case 0xC02C:
    case 0xC013:
    case 0xC014:
    case 0xC08A:
      return "ECDHE";
    case 0x009E:
    case 0x0033:
    case 0x0039:
      return "DHE";
    case 0x002F:
    case 0x0035:
      return "RSA";
    default:
      return "";
  }
}

ServerReply parse_all(const Bytes& bytes) {
  FlightParser parser(kx_of);
  parser.feed(bytes.data(), bytes.size());
  parser.finish(Outcome::timeout, "");
  return parser.reply();
}

ServerReply parse_bytes(std::initializer_list<std::uint8_t> bytes,
                        Outcome at_end = Outcome::closed) {
  FlightParser parser(kx_of);
  const Bytes b(bytes);
  parser.feed(b.data(), b.size());
  parser.finish(at_end, "");
  return parser.reply();
}

// Every field, so that two parses can be compared as a whole.
std::string summary(const ServerReply& r) {
  std::ostringstream s;
  s << medtls::name_of(r.outcome) << '|' << r.error << '|';
  if (r.alert) s << int(r.alert->level) << ':' << int(r.alert->description);
  s << '|' << r.record_version << '|' << r.legacy_version << '|' << r.version << '|' << r.suite
    << '|' << int(r.compression) << '|';
  for (auto e : r.extensions) s << e << ',';
  s << '|' << r.alpn.value_or("-") << '|' << r.key_share_group.value_or(0) << '|'
    << r.server_hello_hex << '|';
  for (const auto& c : r.certificates) s << medtls::to_hex(c) << ',';
  s << '|' << r.server_key_exchange << '|' << r.ske_named_group.value_or(0) << '|'
    << r.ske_dh_p_bits << '|' << r.ske_dh_p_hex << '|' << r.ske_signature_scheme.value_or(0) << '|'
    << r.certificate_request << '|' << medtls::to_hex(r.cr_certificate_types) << '|';
  for (auto x : r.cr_signature_schemes) s << x << ',';
  for (const auto& n : r.cr_ca_names) s << n << ';';
  s << '|' << r.server_hello_done;
  return s.str();
}

std::string subject_of(const Bytes& der) {
  const unsigned char* p = der.data();
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
  if (!cert) return "not a certificate";
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(cert.get()), buf, sizeof buf);
  return buf;
}

// RFC 7919 Appendix A.1.
const char* const kFfdhe2048 =
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695a9e13641146433fbcc939dce249b"
    "3ef97d2fe363630c75d8f681b202aec4617ad3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e"
    "7f57c935984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797abc0ab182b324fb61d108"
    "a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ec"
    "c03404cd28342f619172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005c58ef1837d16"
    "83b2c6f34a26c1b2effa886b423861285c97ffffffffffffffff";

// Rewraps the handshake bytes of a flight into records of at most `chunk` bytes (1 = one byte
// per record; large = several messages per record), keeping other records as they are.
Bytes refragment(const Bytes& flight, std::size_t chunk) {
  Bytes handshake, out;
  auto flush = [&] {
    for (std::size_t i = 0; i < handshake.size(); i += chunk) {
      const std::size_t n = std::min(chunk, handshake.size() - i);
      out.insert(out.end(), {22, 3, 3, std::uint8_t(n >> 8), std::uint8_t(n)});
      out.insert(out.end(), handshake.begin() + i, handshake.begin() + i + n);
    }
    handshake.clear();
  };
  for (std::size_t p = 0; p + 5 <= flight.size();) {
    const std::size_t length = std::size_t(flight[p + 3]) << 8 | flight[p + 4];
    BOOST_REQUIRE(p + 5 + length <= flight.size());
    if (flight[p] == 22) {
      handshake.insert(handshake.end(), flight.begin() + p + 5, flight.begin() + p + 5 + length);
    } else {
      flush();
      out.insert(out.end(), flight.begin() + p, flight.begin() + p + 5 + length);
    }
    p += 5 + length;
  }
  flush();
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(captured_flights)

BOOST_AUTO_TEST_CASE(openssl_tls12_ecdhe_rsa_with_certificate_request) {
  const auto r = parse_all(load_vector("openssl_tls12_ecdhe_rsa_certreq"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.error.empty());  // decided at ServerHelloDone, before finish()
  BOOST_TEST(r.record_version == 0x0303);
  BOOST_TEST(r.legacy_version == 0x0303);
  BOOST_TEST(r.version == 0x0303);
  BOOST_TEST(r.suite == 0xC02F);
  BOOST_TEST(r.compression == 0);
  BOOST_TEST(r.has_extension(0xFF01));
  BOOST_TEST(r.has_extension(23));
  BOOST_TEST(!r.has_extension(43));
  BOOST_TEST(!r.alert.has_value());
  BOOST_TEST(r.server_hello_hex.substr(0, 12) == "020000590303");
  BOOST_TEST(r.server_hello_hex.size() == (4 + 0x59) * 2);
  BOOST_REQUIRE(r.certificates.size() == 2u);  // leaf and the CA (chain built from -CAfile)
  BOOST_TEST(subject_of(r.certificates[0]) == "/CN=localhost");
  BOOST_TEST(subject_of(r.certificates[1]) == "/O=medtls vectors/CN=Test CA");
  BOOST_TEST(r.server_key_exchange);
  BOOST_TEST(r.ske_named_group.value_or(0) == 0x001D);
  BOOST_TEST(r.ske_signature_scheme.value_or(0) == 0x0804);
  BOOST_TEST(r.ske_dh_p_bits == 0);
  BOOST_TEST(r.certificate_request);
  BOOST_TEST(r.cr_certificate_types == (Bytes{1, 2, 64}), boost::test_tools::per_element());
  BOOST_TEST(r.cr_signature_schemes.size() == 20u);
  BOOST_TEST(r.cr_signature_schemes.front() == 0x0403);
  BOOST_REQUIRE(r.cr_ca_names.size() == 1u);
  BOOST_TEST(r.cr_ca_names[0] == "CN=Test CA,O=medtls vectors");
  BOOST_TEST(r.server_hello_done);
}

// The codec's own account before the mapping: raw bytes where the report keeps hex or peer text.
BOOST_AUTO_TEST_CASE(wire_flight_holds_raw_fields) {
  FlightParser parser(kx_of);
  parser.feed(load_vector("openssl_tls12_alpn_dicom"));
  parser.finish(Outcome::timeout, "");
  const auto& f = parser.flight();
  const auto r = parser.reply();
  BOOST_TEST((f.outcome == medtls::wire::FlightOutcome::server_hello));
  BOOST_TEST(f.server_hello.alpn.value_or("") == "dicom");
  BOOST_TEST(medtls::to_hex(f.server_hello.message) == r.server_hello_hex);
  BOOST_TEST(medtls::to_hex(f.server_hello.session_id) == r.session_id_hex);
  BOOST_TEST(f.server_hello.extensions == r.extensions, boost::test_tools::per_element());
  BOOST_TEST(f.certificates.size() == r.certificate_count);
  BOOST_TEST(f.key_exchange.present == r.server_key_exchange);
}

BOOST_AUTO_TEST_CASE(tls12_flight_is_decided_at_server_hello_done) {
  FlightParser parser(kx_of);
  const auto bytes = load_vector("openssl_tls12_ecdhe_rsa_certreq");
  BOOST_TEST(parser.feed(bytes.data(), bytes.size()));
  BOOST_TEST(parser.done());
  parser.finish(Outcome::timeout, "");  // no effect once done
  BOOST_TEST(parser.reply().error.empty());
  BOOST_TEST(parser.reply().server_hello_done);
}

BOOST_AUTO_TEST_CASE(openssl_tls12_ecdhe_ecdsa) {
  const auto r = parse_all(load_vector("openssl_tls12_ecdhe_ecdsa"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.suite == 0xC02B);
  BOOST_REQUIRE(r.certificates.size() == 1u);
  BOOST_TEST(subject_of(r.certificates[0]) == "/CN=localhost");
  BOOST_TEST(r.ske_named_group.value_or(0) == 0x001D);
  BOOST_TEST(r.ske_signature_scheme.value_or(0) == 0x0403);  // ecdsa_secp256r1_sha256
  BOOST_TEST(!r.certificate_request);
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(openssl_tls12_alpn) {
  const auto r = parse_all(load_vector("openssl_tls12_alpn_dicom"));
  BOOST_TEST(r.has_extension(16));
  BOOST_TEST(r.alpn.value_or("-") == "dicom");
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(gnutls_tls12_dhe_rsa_2048) {
  const auto r = parse_all(load_vector("gnutls_tls12_dhe_rsa"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.suite == 0x009E);
  BOOST_TEST(r.version == 0x0303);
  BOOST_TEST(r.certificates.size() == 1u);
  BOOST_TEST(r.server_key_exchange);
  BOOST_TEST(r.ske_dh_p_bits == 2048);
  BOOST_TEST(r.ske_dh_p_hex == kFfdhe2048);
  BOOST_TEST(!r.ske_named_group.has_value());
  BOOST_TEST(r.ske_signature_scheme.has_value());
  BOOST_TEST(r.server_hello_done);
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_CASE(gnutls_tls12_camellia_gcm) {
  const auto r = parse_all(load_vector("gnutls_tls12_ecdhe_rsa_camellia_gcm"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.suite == 0xC08A);
  BOOST_TEST(r.ske_named_group.value_or(0) == 0x001D);
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(openssl_tls10_flight_has_no_signature_scheme) {
  const auto r = parse_all(load_vector("openssl_tls10_ecdhe_rsa"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.record_version == 0x0301);
  BOOST_TEST(r.version == 0x0301);
  BOOST_TEST(r.suite == 0xC014);
  BOOST_TEST(r.ske_named_group.value_or(0) == 0x001D);
  BOOST_TEST(!r.ske_signature_scheme.has_value());
  BOOST_TEST(r.certificates.size() == 1u);
  BOOST_TEST(r.server_hello_done);
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_CASE(openssl_tls11_dhe) {
  const auto r = parse_all(load_vector("openssl_tls11_dhe_rsa"));
  BOOST_TEST(r.version == 0x0302);
  BOOST_TEST(r.suite == 0x0033);
  BOOST_TEST(r.ske_dh_p_bits == 2048);
  BOOST_TEST(r.ske_dh_p_hex == kFfdhe2048);
  BOOST_TEST(!r.ske_signature_scheme.has_value());
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(tls10_hello_gets_protocol_version_alert) {
  const auto r = parse_all(load_vector("openssl_tls10_protocol_version_alert"));
  BOOST_TEST(medtls::name_of(r.outcome) == "alert");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 2);
  BOOST_TEST(r.alert->description == 70);
  BOOST_TEST(r.record_version == 0x0301);
  BOOST_TEST(r.server_hello_hex.empty());
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_CASE(tls10_hello_to_openssl_defaults_gets_internal_error) {
  const auto r = parse_all(load_vector("openssl_tls10_default_internal_error"));
  BOOST_TEST(medtls::name_of(r.outcome) == "alert");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 2);
  BOOST_TEST(r.alert->description == 80);
}

BOOST_AUTO_TEST_CASE(handshake_failure_alert) {
  const auto r = parse_all(load_vector("openssl_tls12_handshake_failure"));
  BOOST_TEST(medtls::name_of(r.outcome) == "alert");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 2);
  BOOST_TEST(r.alert->description == 40);
}

BOOST_AUTO_TEST_CASE(fatal_unrecognized_name) {
  const auto r = parse_all(load_vector("openssl_tls12_sni_fatal"));
  BOOST_TEST(medtls::name_of(r.outcome) == "alert");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 2);
  BOOST_TEST(r.alert->description == 112);
}

BOOST_AUTO_TEST_CASE(warning_unrecognized_name_then_server_hello) {
  const auto r = parse_all(load_vector("openssl_tls12_sni_warning"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 1);
  BOOST_TEST(r.alert->description == 112);
  BOOST_TEST(r.suite == 0xC02F);
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(openssl_tls13_server_hello) {
  FlightParser parser(kx_of);
  const auto bytes = load_vector("openssl_tls13_server_hello");
  BOOST_TEST(parser.feed(bytes.data(), bytes.size()));
  const auto& r = parser.reply();
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.legacy_version == 0x0303);
  BOOST_TEST(r.version == 0x0304);
  BOOST_TEST(r.suite == 0x1301);
  BOOST_TEST(r.key_share_group.value_or(0) == 0x001D);
  BOOST_TEST((r.extensions == std::vector<std::uint16_t>{43, 51}));
  BOOST_TEST(r.certificates.empty());  // encrypted in TLS 1.3
  BOOST_TEST(!r.server_hello_done);
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_CASE(gnutls_tls13_server_hello) {
  const auto r = parse_all(load_vector("gnutls_tls13_server_hello"));
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.version == 0x0304);
  BOOST_TEST(r.suite == 0x1301);
  BOOST_TEST(r.key_share_group.value_or(0) == 0x001D);
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_CASE(openssl_hello_retry_request) {
  const auto r = parse_all(load_vector("openssl_tls13_hello_retry_request"));
  BOOST_TEST(medtls::name_of(r.outcome) == "hello_retry_request");
  BOOST_TEST(r.version == 0x0304);
  BOOST_TEST(r.suite == 0x1301);
  // The ClientHello listed secp256r1 first; OpenSSL asks for its own first choice.
  BOOST_TEST(r.key_share_group.value_or(0) == 0x001D);
  BOOST_TEST((r.extensions == std::vector<std::uint16_t>{43, 51}));
  // handshake header (4 bytes) and legacy_version (2), then the special random
  BOOST_TEST(r.server_hello_hex.substr(12, 64) ==
             "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
  BOOST_TEST(r.error.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(any_split)

BOOST_AUTO_TEST_CASE(byte_by_byte_gives_the_same_reply) {
  for (const auto& name : kVectors) {
    BOOST_TEST_CONTEXT(name) {
      const auto bytes = load_vector(name);
      const auto whole = parse_all(bytes);
      FlightParser parser(kx_of);
      for (std::uint8_t b : bytes)
        if (parser.feed(&b, 1)) break;
      parser.finish(Outcome::timeout, "");
      BOOST_TEST(summary(parser.reply()) == summary(whole));
    }
  }
}

BOOST_AUTO_TEST_CASE(records_refragmented_give_the_same_reply) {
  // Handshake messages spread over 1-, 7- and 100-byte records, and packed many to a record.
  for (const auto& name : kVectors) {
    const auto bytes = load_vector(name);
    const auto whole = parse_all(bytes);
    for (std::size_t chunk : {1, 7, 100, 16384}) {
      BOOST_TEST_CONTEXT(name << " in records of " << chunk) {
        auto r = parse_all(refragment(bytes, chunk));
        r.record_version = whole.record_version;  // refragment writes 0x0303 headers
        BOOST_TEST(summary(r) == summary(whole));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_truncation_ends_in_a_defined_outcome) {
  for (const auto& name : kVectors) {
    const auto bytes = load_vector(name);
    const auto whole = parse_all(bytes);
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
      FlightParser parser(kx_of);
      parser.feed(bytes.data(), n);
      parser.finish(Outcome::timeout, "");
      const auto& r = parser.reply();
      BOOST_TEST_CONTEXT(name << " cut at " << n) {
        BOOST_TEST(parser.done());
        // A prefix of a valid flight is never malformed: it is the full answer or still waiting.
        const bool defined = r.outcome == Outcome::timeout || r.outcome == whole.outcome ||
                             (r.outcome == Outcome::alert && r.alert && r.alert->level == 1);
        BOOST_TEST(defined);
        BOOST_TEST(r.bytes_received == n);
        BOOST_TEST(!medtls::words::describe_reply(r).empty());
        if (n == bytes.size()) BOOST_TEST(summary(r) == summary(whole));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(random_mutations_never_crash) {
  std::mt19937 rng(20261121);  // fixed seed: the same mutations on every run
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  std::vector<Bytes> vectors;
  for (const auto& name : kVectors) vectors.push_back(load_vector(name));
  int malformed = 0, decided = 0;
  for (int i = 0; i < 4000; ++i) {
    Bytes b = vectors[pick(vectors.size())];
    const int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits && !b.empty(); ++e) {
      // Early bytes carry the headers and lengths, so aim most edits at the first 200 bytes.
      const std::size_t at = pick(rng() % 4 ? std::min<std::size_t>(b.size(), 200) : b.size());
      switch (pick(6)) {
        case 0:
          b[at] = static_cast<std::uint8_t>(rng());
          break;
        case 1:
          b[at] ^= static_cast<std::uint8_t>(1u << pick(8));
          break;
        case 2:
          b[at] = 0xFF;
          break;
        case 3:
          b.resize(at);
          break;
        case 4:
          b.insert(b.begin() + at, static_cast<std::uint8_t>(rng()));
          break;
        default:
          b.erase(b.begin() + at);
          break;
      }
    }
    FlightParser parser(kx_of);
    for (std::size_t p = 0; p < b.size();) {  // arbitrary splits too
      const std::size_t n = std::min(b.size() - p, 1 + pick(300));
      if (parser.feed(b.data() + p, n)) break;
      p += n;
    }
    if (parser.done()) ++decided;
    parser.finish(Outcome::closed, "connection closed by peer");
    const auto& r = parser.reply();
    BOOST_REQUIRE(parser.done());
    if (r.outcome == Outcome::malformed) {
      ++malformed;
      BOOST_REQUIRE(!r.error.empty());
    }
    BOOST_REQUIRE(r.outcome == Outcome::malformed || r.outcome == Outcome::server_hello ||
                  r.outcome == Outcome::hello_retry_request || r.outcome == Outcome::alert ||
                  r.outcome == Outcome::closed);
    BOOST_REQUIRE(r.certificates.size() < 64);
  }
  // The loop exercised both the error paths and the decisive paths.
  BOOST_TEST(malformed > 100);
  BOOST_TEST(decided > 1000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(not_tls)

BOOST_AUTO_TEST_CASE(http_text_is_malformed_at_once) {
  FlightParser parser(kx_of);
  const std::string http = "HTTP/1.1 400 Bad Request\r\n\r\n";
  BOOST_TEST(parser.feed(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()));
  const auto& r = parser.reply();
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("unknown content type 0x48") != std::string::npos, r.error);
  BOOST_TEST(r.error.find("485454502f312e31") != std::string::npos, r.error);  // "HTTP/1.1"
  BOOST_TEST(r.error.find("HTTP") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(dicom_associate_rj_is_malformed) {
  // A plain DICOM port answering TLS bytes with A-ASSOCIATE-RJ (result 1, source 1, reason 1).
  const auto r = parse_bytes({0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x01});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("unknown content type 0x03") != std::string::npos, r.error);
  BOOST_TEST(r.error.find("A-ASSOCIATE-RJ") != std::string::npos, r.error);
  BOOST_TEST(r.error.find("03000000000400010101") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(record_claiming_65535_bytes) {
  const auto r = parse_bytes({0x16, 0x03, 0x03, 0xFF, 0xFF, 0x02, 0x00});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("record length 65535 exceeds 18432") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(zero_length_handshake) {
  auto r = parse_bytes({0x16, 0x03, 0x03, 0x00, 0x00});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("zero-length handshake record") != std::string::npos, r.error);
  // A ServerHello message with an empty body.
  r = parse_bytes({0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("ServerHello too short") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(oversized_handshake_message) {
  const auto r = parse_bytes({0x16, 0x03, 0x03, 0x00, 0x04, 0x0B, 0x05, 0x00, 0x00});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("claims 327680 bytes") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(other_broken_records) {
  struct Case {
    Bytes bytes;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {{0x18, 0x03, 0x03, 0x00, 0x01, 0x01}, "unknown content type 0x18"},
      {{0x16, 0x07, 0x03, 0x00, 0x01, 0x01}, "record version 0x0703"},
      {{0x17, 0x03, 0x03, 0x00, 0x01, 0x00}, "application_data record before any ServerHello"},
      {{0x15, 0x03, 0x03, 0x00, 0x03, 0x02, 0x28, 0x00}, "alert record of 3 byte(s)"},
      {{0x16, 0x03, 0x03, 0x00, 0x04, 0x0B, 0x00, 0x00, 0x00}, "expected a ServerHello"},
      {{0x80, 0x2E, 0x04, 0x00}, "SSLv2"},
  };
  for (const auto& c : cases) {
    FlightParser parser(kx_of);
    BOOST_TEST(parser.feed(c.bytes.data(), c.bytes.size()));
    const auto& r = parser.reply();
    BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
    BOOST_TEST(r.error.find(c.expected) != std::string::npos, r.error);
  }
}

BOOST_AUTO_TEST_CASE(broken_server_hello_fields) {
  // A TLS 1.2 ServerHello whose session_id length runs past the end of the message.
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes[5 + 4 + 34] = 0xF0;
  const auto r = parse_all(bytes);
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("ServerHello") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(edges)

BOOST_AUTO_TEST_CASE(nothing_received) {
  FlightParser parser(kx_of);
  BOOST_TEST(!parser.done());
  parser.finish(Outcome::closed, "");
  BOOST_TEST(medtls::name_of(parser.reply().outcome) == "closed");
  BOOST_TEST(parser.reply().error.empty());
  BOOST_TEST(parser.reply().bytes_received == 0u);
}

BOOST_AUTO_TEST_CASE(partial_record_is_reported_at_finish) {
  const auto r = parse_bytes({0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00}, Outcome::reset);
  BOOST_TEST(medtls::name_of(r.outcome) == "reset");
  BOOST_TEST(r.bytes_received == 7u);
  BOOST_TEST(r.error.find("the last record incomplete (7 of 85 bytes)") != std::string::npos,
             r.error);
}

BOOST_AUTO_TEST_CASE(a_timeout_is_called_a_timeout) {
  FlightParser parser(kx_of);
  const Bytes partial = {0x16, 0x03, 0x03, 0x00, 0x50, 0x02};
  parser.feed(partial);
  parser.finish(Outcome::timeout, "");
  const auto& r = parser.reply();
  BOOST_TEST(medtls::name_of(r.outcome) == "timeout");
  const auto text = medtls::words::describe_reply(r, 2003);
  BOOST_TEST(text.find("no complete answer within 2003 ms (6 bytes received)") != std::string::npos,
             text);
  BOOST_TEST(text.find("ended") == std::string::npos, text);
  BOOST_TEST(text.find("closed") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(server_hello_then_reset_keeps_server_hello) {
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes.resize(5 + 93 + 10);  // the ServerHello record and the start of the Certificate
  FlightParser parser(kx_of);
  BOOST_TEST(!parser.feed(bytes.data(), bytes.size()));
  parser.finish(Outcome::reset, "");
  const auto& r = parser.reply();
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.suite == 0xC02B);
  BOOST_REQUIRE(r.cut_short.has_value());
  BOOST_TEST(medtls::name_of(*r.cut_short) == "reset");
  BOOST_TEST(r.error.find("the last record incomplete") != std::string::npos, r.error);
  BOOST_TEST(!r.server_hello_done);
  const auto text = medtls::words::describe_reply(r, 10);
  BOOST_TEST(text.find("ServerHello TLSv1.2 with 0xC02B, then reset by the server (TCP RST)") == 0u,
             text);
}

// A warning alert refuses nothing (RFC 6066 §3 even lets a ServerHello follow one): with a
// close after it the attempt is a close, with silence a timeout; the alert stays on record.
BOOST_AUTO_TEST_CASE(warning_alert_then_close_is_a_close) {
  const auto r = parse_bytes({0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x70});
  BOOST_TEST(medtls::name_of(r.outcome) == "closed");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 1);
  BOOST_TEST(r.alert->description == 112);
  const auto text = medtls::words::describe_reply(r);
  BOOST_TEST(text.find("after a warning alert unrecognized_name(112)") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(warning_alert_then_silence_is_a_timeout) {
  const auto r = parse_bytes({0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x70}, Outcome::timeout);
  BOOST_TEST(medtls::name_of(r.outcome) == "timeout");
  BOOST_REQUIRE(r.alert.has_value());
}

BOOST_AUTO_TEST_CASE(fatal_alert_after_a_warning_is_the_refusal) {
  const auto r = parse_all(
      {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x70, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
  BOOST_TEST(medtls::name_of(r.outcome) == "alert");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->level == 2);
  BOOST_TEST(r.alert->description == 40);
}

BOOST_AUTO_TEST_CASE(alert_with_an_invalid_level_is_malformed_and_named) {
  const auto r = parse_all({0x15, 0x03, 0x03, 0x00, 0x02, 0x07, 0x28});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("alert with invalid level 7 (description handshake_failure(40))") !=
                 std::string::npos,
             r.error);
}

BOOST_AUTO_TEST_CASE(a_flood_of_records_without_progress_ends_early) {
  Bytes flood;
  for (int i = 0; i < 100; ++i) flood.insert(flood.end(), {0x14, 0x03, 0x03, 0x00, 0x01, 0x01});
  const auto ccs = parse_all(flood);
  BOOST_TEST(medtls::name_of(ccs.outcome) == "malformed");
  BOOST_TEST(ccs.error.find("records without progress") != std::string::npos, ccs.error);
  flood.clear();
  for (int i = 0; i < 100; ++i)
    flood.insert(flood.end(), {0x16, 0x03, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00});
  BOOST_TEST(medtls::name_of(parse_all(flood).outcome) == "malformed");
  flood.clear();
  for (int i = 0; i < 100; ++i)
    flood.insert(flood.end(), {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x70});
  BOOST_TEST(medtls::name_of(parse_all(flood).outcome) == "malformed");
}

BOOST_AUTO_TEST_CASE(change_cipher_spec_must_be_the_byte_one) {
  const auto r = parse_all({0x14, 0x03, 0x03, 0x00, 0x02, 0x01, 0x01});
  BOOST_TEST(medtls::name_of(r.outcome) == "malformed");
  BOOST_TEST(r.error.find("ChangeCipherSpec record of 2 byte(s)") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(alert_after_server_hello_is_recorded) {
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes.resize(5 + 93);
  bytes.insert(bytes.end(), {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50});
  FlightParser parser(kx_of);
  BOOST_TEST(parser.feed(bytes.data(), bytes.size()));
  const auto& r = parser.reply();
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_REQUIRE(r.alert.has_value());
  BOOST_TEST(r.alert->description == 80);
}

BOOST_AUTO_TEST_CASE(change_cipher_spec_before_server_hello_is_skipped) {
  const auto tls13 = load_vector("openssl_tls13_server_hello");
  Bytes bytes = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
  bytes.insert(bytes.end(), tls13.begin(), tls13.end());
  auto r = parse_all(bytes);
  const auto expected = parse_all(tls13);
  BOOST_TEST(r.record_version == 0x0303);
  BOOST_TEST(summary(r) == summary(expected));
}

BOOST_AUTO_TEST_CASE(change_cipher_spec_after_tls12_server_hello_ends_the_flight) {
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes.resize(5 + 93);
  bytes.insert(bytes.end(),
               {0x14, 0x03, 0x03, 0x00, 0x01, 0x01, 0x16, 0x03, 0x03, 0x00, 0x01, 0x99});
  FlightParser parser(kx_of);
  BOOST_TEST(parser.feed(bytes.data(), bytes.size()));
  BOOST_TEST(medtls::name_of(parser.reply().outcome) == "server_hello");
  BOOST_TEST(parser.reply().error.empty());
}

BOOST_AUTO_TEST_CASE(broken_message_after_server_hello_keeps_the_server_hello) {
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes[5 + 93 + 5] = 0x63;  // Certificate's handshake type → an unknown one
  const auto r = parse_all(bytes);
  BOOST_TEST(medtls::name_of(r.outcome) == "server_hello");
  BOOST_TEST(r.suite == 0xC02B);
  BOOST_TEST(r.error.find("after the ServerHello: unexpected handshake message type 99") !=
                 std::string::npos,
             r.error);
}

BOOST_AUTO_TEST_CASE(bytes_after_done_are_ignored) {
  FlightParser parser(kx_of);
  const auto alert = load_vector("openssl_tls12_handshake_failure");
  BOOST_TEST(parser.feed(alert.data(), alert.size()));
  const std::string junk = "garbage";
  BOOST_TEST(parser.feed(reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size()));
  BOOST_TEST(medtls::name_of(parser.reply().outcome) == "alert");
  BOOST_TEST(parser.reply().error.empty());
}

BOOST_AUTO_TEST_CASE(unknown_kx_only_marks_server_key_exchange) {
  FlightParser parser([](std::uint16_t) { return std::string("SRP"); });
  const auto bytes = load_vector("gnutls_tls12_dhe_rsa");
  parser.feed(bytes.data(), bytes.size());
  const auto& r = parser.reply();
  BOOST_TEST(r.server_key_exchange);
  BOOST_TEST(r.ske_dh_p_bits == 0);
  BOOST_TEST(!r.ske_signature_scheme.has_value());
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_CASE(unparseable_ca_name) {
  // A TLS 1.2 CertificateRequest after a ServerHello: one CA name of 3 bytes that are not DER.
  auto bytes = load_vector("openssl_tls12_ecdhe_ecdsa");
  bytes.resize(5 + 93);
  const Bytes cr = {0x0D, 0x00, 0x00, 0x0D, 0x01, 0x01, 0x00, 0x02, 0x04,
                    0x01, 0x00, 0x05, 0x00, 0x03, 0x30, 0x81, 0xFF};
  bytes.insert(bytes.end(), {0x16, 0x03, 0x03, 0x00, static_cast<std::uint8_t>(cr.size() + 4)});
  bytes.insert(bytes.end(), cr.begin(), cr.end());
  bytes.insert(bytes.end(), {0x0E, 0x00, 0x00, 0x00});
  const auto r = parse_all(bytes);
  BOOST_TEST(r.certificate_request);
  BOOST_TEST((r.cr_signature_schemes == std::vector<std::uint16_t>{0x0401}));
  BOOST_REQUIRE(r.cr_ca_names.size() == 1u);
  BOOST_TEST(r.cr_ca_names[0] == "unparseable DN (3 bytes)");
  BOOST_TEST(r.server_hello_done);
}

BOOST_AUTO_TEST_SUITE_END()
