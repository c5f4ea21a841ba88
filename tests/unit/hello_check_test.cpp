// A ServerHello may only pick what its ClientHello offered. The ClientHello is read back from the
// bytes the builder made (what was really offered), and each rule of RFC 8446 §4.1.3/§4.2 and
// RFC 5246 §7.4.1.3/§7.4.1.4 is broken once on purpose: each break is named, a lawful answer is
// not, and no answer that breaks a rule is classified as acceptance.
#define BOOST_TEST_MODULE hello_check
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "common/codes.hpp"
#include "suites/registry.hpp"
#include "tls/probe/hello_check.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/wire_mapping.hpp"
#include "tls/wire/client_hello_parser.hpp"

using medtls::TlsVersion;
using medtls::obs::Outcome;
using medtls::obs::ServerReply;
using medtls::wire::OfferedHello;
using medtls::wire::WireError;
using Bytes = std::vector<std::uint8_t>;

namespace {

// What the hello offers, decoded from its bytes as the prober does.
OfferedHello parse_client_hello(const Bytes& bytes) {
  return medtls::wire::read_offer(medtls::wire::parse_client_hello(bytes));
}

const medtls::suites::Registry& registry() {
  return medtls::suites::Registry::builtin();
}

OfferedHello offered(TlsVersion v, const std::vector<std::string>& alpn = {}) {
  auto spec = medtls::probe::base_hello(v, registry(), "example.org");
  spec.alpn = alpn;
  return parse_client_hello(medtls::probe::build_client_hello(spec));
}

// A lawful TLS 1.2 ServerHello to offered(TLSv1_2).
ServerReply tls12_hello() {
  ServerReply r;
  r.outcome = Outcome::server_hello;
  r.legacy_version = r.version = 0x0303;
  r.suite = 0xC02F;
  r.compression = 0;
  r.extensions = {0xFF01, 23};  // renegotiation_info, extended_master_secret
  r.server_hello_hex = "02";
  return r;
}

// A lawful TLS 1.3 ServerHello to `hello` (offered(TLSv1_3)).
ServerReply tls13_hello(const OfferedHello& hello) {
  ServerReply r;
  r.outcome = Outcome::server_hello;
  r.legacy_version = 0x0303;
  r.version = 0x0304;
  r.suite = 0x1301;
  r.extensions = {43, 51};
  r.key_share_group = 0x001D;
  r.session_id_hex = medtls::to_hex(hello.session_id);
  r.server_hello_hex = "02";
  return r;
}

std::vector<std::string> check(const OfferedHello& hello, const ServerReply& reply) {
  return medtls::probe::server_hello_violations(hello, reply, registry());
}

bool names(const std::vector<std::string>& violations, const std::string& text) {
  return std::any_of(violations.begin(), violations.end(),
                     [&](const std::string& v) { return v.find(text) != std::string::npos; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_hello_parser)

BOOST_AUTO_TEST_CASE(reads_back_what_the_builder_offered) {
  auto spec = medtls::probe::base_hello(TlsVersion::TLSv1_3, registry(), "example.org");
  spec.alpn = {"dicom", "http/1.1"};
  const auto hello = parse_client_hello(medtls::probe::build_client_hello(spec));
  BOOST_TEST(hello.legacy_version == 0x0303);
  BOOST_TEST(hello.session_id.size() == 32u);
  BOOST_TEST(hello.suites == spec.suites);
  BOOST_TEST((hello.compression == Bytes{0}));
  BOOST_TEST((hello.supported_versions == std::vector<std::uint16_t>{0x0304}));
  BOOST_TEST(hello.groups == spec.groups);
  BOOST_TEST(hello.key_share_groups == spec.key_shares);
  BOOST_TEST((hello.alpn == std::vector<std::string>{"dicom", "http/1.1"}));
  BOOST_TEST(hello.has_extension(0));   // server_name
  BOOST_TEST(hello.has_extension(45));  // psk_key_exchange_modes
  BOOST_TEST(!hello.has_extension(23));
}

BOOST_AUTO_TEST_CASE(a_hello_split_over_records_is_reassembled) {
  const auto bytes = medtls::probe::build_client_hello(
      medtls::probe::base_hello(TlsVersion::TLSv1_2, registry(), ""));
  // Re-frame the handshake bytes as records of 7 bytes each.
  Bytes framed;
  const Bytes body(bytes.begin() + 5, bytes.end());
  for (std::size_t i = 0; i < body.size(); i += 7) {
    const std::size_t n = std::min<std::size_t>(7, body.size() - i);
    framed.insert(framed.end(), {0x16, 0x03, 0x01, 0x00, static_cast<std::uint8_t>(n)});
    framed.insert(framed.end(), body.begin() + static_cast<std::ptrdiff_t>(i),
                  body.begin() + static_cast<std::ptrdiff_t>(i + n));
  }
  BOOST_TEST(parse_client_hello(framed).suites == parse_client_hello(bytes).suites);
}

BOOST_AUTO_TEST_CASE(broken_hellos_are_wire_errors) {
  auto bytes = medtls::probe::build_client_hello(
      medtls::probe::base_hello(TlsVersion::TLSv1_2, registry(), "example.org"));
  for (std::size_t cut = 0; cut < bytes.size(); cut += 3)
    BOOST_CHECK_THROW(
        parse_client_hello(Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut))),
        WireError);
  auto wrong_type = bytes;
  wrong_type[0] = 0x15;
  BOOST_CHECK_THROW(parse_client_hello(wrong_type), WireError);
  auto wrong_message = bytes;
  wrong_message[5] = 0x02;
  BOOST_CHECK_THROW(parse_client_hello(wrong_message), WireError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(server_hello_checks)

BOOST_AUTO_TEST_CASE(lawful_answers_break_nothing) {
  BOOST_TEST(check(offered(TlsVersion::TLSv1_2), tls12_hello()).empty());
  const auto hello13 = offered(TlsVersion::TLSv1_3);
  BOOST_TEST(check(hello13, tls13_hello(hello13)).empty());
  // A server below the offered version answers with its own (RFC 5246 §E.1).
  auto lower = tls12_hello();
  lower.legacy_version = lower.version = 0x0301;
  lower.suite = 0x002F;
  lower.extensions = {};
  BOOST_TEST(check(offered(TlsVersion::TLSv1_2), lower).empty());
  // renegotiation_info answers the SCSV of an SSLv3 hello (RFC 5746 §3.6).
  auto ssl3 = tls12_hello();
  ssl3.legacy_version = ssl3.version = 0x0300;
  ssl3.suite = 0x000A;
  ssl3.extensions = {0xFF01};
  BOOST_TEST(check(offered(TlsVersion::SSLv3), ssl3).empty());
  // A lawful HelloRetryRequest: a group offered without a share.
  ServerReply hrr = tls13_hello(hello13);
  hrr.outcome = Outcome::hello_retry_request;
  hrr.key_share_group = 0x0018;  // secp384r1
  BOOST_TEST(check(hello13, hrr).empty());
}

BOOST_AUTO_TEST_CASE(suite_compression_and_version_must_be_offered) {
  const auto hello = offered(TlsVersion::TLSv1_2);
  auto r = tls12_hello();
  r.suite = 0x1234;
  BOOST_TEST(names(check(hello, r), "cipher suite 0x1234"));
  r = tls12_hello();
  r.suite = 0x1301;
  BOOST_TEST(names(check(hello, r), "was not offered"));
  r = tls12_hello();
  r.compression = 0x40;
  BOOST_TEST(names(check(hello, r), "compression method 64 was not offered"));
  r = tls12_hello();
  r.suite = 0x00FF;  // the SCSV, if it were offered as a suite, is still not a suite
  BOOST_TEST(!check(offered(TlsVersion::SSLv3), r).empty());
  // Above what was offered: RFC 5246 §E.1.
  r = tls12_hello();
  r.extensions = {};
  BOOST_TEST(names(check(offered(TlsVersion::TLSv1_0), r), "above the TLSv1.0"));
}

BOOST_AUTO_TEST_CASE(extensions_must_have_been_offered_once) {
  const auto hello = offered(TlsVersion::TLSv1_2);
  auto r = tls12_hello();
  r.extensions = {4, 0xFFAA};
  const auto v = check(hello, r);
  BOOST_TEST(names(v, "truncated_hmac was not offered"));
  BOOST_TEST(names(v, "unknown(65450) was not offered"));
  r = tls12_hello();
  r.extensions = {23, 23};
  BOOST_TEST(names(check(hello, r), "appears twice"));
}

BOOST_AUTO_TEST_CASE(a_tls13_answer_to_a_hello_without_tls13_is_a_violation) {
  const auto hello = offered(TlsVersion::TLSv1_2);
  auto r = tls13_hello(hello);
  const auto v = check(hello, r);
  BOOST_TEST(names(v, "supported_versions was not offered"));
  BOOST_TEST(names(v, "0x1301"));
}

BOOST_AUTO_TEST_CASE(tls13_rules) {
  const auto hello = offered(TlsVersion::TLSv1_3);
  auto r = tls13_hello(hello);
  r.version = 0x0305;
  BOOST_TEST(names(check(hello, r), "did not offer (RFC 8446 §4.2.1)"));
  r = tls13_hello(hello);
  r.key_share_group = 0x0018;
  BOOST_TEST(names(check(hello, r), "for which the ClientHello sent no key share"));
  r = tls13_hello(hello);
  r.session_id_hex = "00";
  BOOST_TEST(names(check(hello, r), "legacy_session_id_echo differs"));
  r = tls13_hello(hello);
  r.extensions = {43, 51, 16};
  BOOST_TEST(names(check(hello, r), "was not offered"));
  const auto hello_alpn = offered(TlsVersion::TLSv1_3, {"dicom"});
  r = tls13_hello(hello_alpn);
  r.extensions = {43, 51, 16};
  BOOST_TEST(names(check(hello_alpn, r), "belongs in EncryptedExtensions"));
  r = tls13_hello(hello);
  r.legacy_version = 0x0304;
  BOOST_TEST(names(check(hello, r), "legacy_version"));
}

BOOST_AUTO_TEST_CASE(hello_retry_request_rules) {
  const auto hello = offered(TlsVersion::TLSv1_3);
  ServerReply hrr = tls13_hello(hello);
  hrr.outcome = Outcome::hello_retry_request;
  hrr.key_share_group = 0x001D;  // a share for it was sent
  BOOST_TEST(names(check(hello, hrr), "a key share was already sent"));
  hrr.key_share_group = 0x1234;
  BOOST_TEST(names(check(hello, hrr), "which supported_groups did not offer"));
  hrr.key_share_group.reset();
  hrr.extensions = {43};
  BOOST_TEST(names(check(hello, hrr), "would change nothing"));
}

BOOST_AUTO_TEST_CASE(alpn_and_key_exchange_groups_must_be_offered) {
  const auto hello = offered(TlsVersion::TLSv1_2, {"dicom"});
  auto r = tls12_hello();
  r.extensions = {16};
  r.alpn = "http/1.1";
  BOOST_TEST(names(check(hello, r), "ALPN protocol \"http/1.1\" was not offered"));
  r.alpn = "dicom";
  BOOST_TEST(check(hello, r).empty());
  r = tls12_hello();
  r.ske_named_group = 0x1234;
  BOOST_TEST(names(check(hello, r), "ServerKeyExchange uses"));
}

BOOST_AUTO_TEST_CASE(the_key_exchange_signature_must_use_an_offered_scheme) {
  // RFC 5246 §7.4.3: signed with a scheme of signature_algorithms, read back from the bytes.
  auto spec = medtls::probe::base_hello(TlsVersion::TLSv1_2, registry(), "example.org");
  spec.signature_algorithms = {0x0201, 0x0203};  // rsa_pkcs1_sha1, ecdsa_sha1 only
  const auto hello = parse_client_hello(medtls::probe::build_client_hello(spec));
  BOOST_TEST(hello.signature_algorithms == spec.signature_algorithms);
  auto r = tls12_hello();
  r.ske_signature_scheme = 0x0201;
  BOOST_TEST(check(hello, r).empty());
  r.ske_signature_scheme = 0x0804;  // rsa_pss_rsae_sha256, not offered
  BOOST_TEST(names(check(hello, r),
                   "ServerKeyExchange signed with rsa_pss_rsae_sha256, which "
                   "signature_algorithms did not offer (RFC 5246 §7.4.3)"));
  // Without the extension any scheme goes (RFC 5246 §7.4.1.4.1 defaults).
  spec.signature_algorithms.clear();
  BOOST_TEST(check(parse_client_hello(medtls::probe::build_client_hello(spec)), r).empty());
}

BOOST_AUTO_TEST_CASE(only_hellos_are_checked) {
  ServerReply alert;
  alert.outcome = Outcome::alert;
  BOOST_TEST(check(offered(TlsVersion::TLSv1_2), alert).empty());
}

BOOST_AUTO_TEST_SUITE_END()
