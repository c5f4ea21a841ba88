// listen::observe_client_hello: what `medtls listen` records of a ClientHello a device sent.
//  - real ClientHellos captured from openssl s_client and gnutls-cli (vectors/client_hello/),
//    every field asserted exactly, suite lists against the clients' own listings
//    (`openssl ciphers -V`, `gnutls-cli -l --priority`);
//  - hellos built with wire::ClientHello (GREASE, sig_algs_cert, duplicates, bad bodies, wrong
//    lengths, every truncation, oversized input): never a throw, parse_error in words, and
//    what could be read kept.
#define BOOST_TEST_MODULE hello_observation
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/codes.hpp"
#include "listen/hello_observation.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"
#include "tls/wire/client_hello.hpp"
#include "tls/wire/hello_extensions.hpp"

using medtls::from_hex;
using medtls::listen::observe_client_hello;
using medtls::obs::ObservedClientHello;
using medtls::wire::ClientHello;
using medtls::wire::encode_client_hello;
using medtls::wire::Extension;
using medtls::wire::grease;
namespace make = medtls::wire::make;
using Bytes = std::vector<std::uint8_t>;
using Codes = std::vector<std::uint16_t>;
using Names = std::vector<std::string>;

namespace {

// vectors/client_hello/NAME.hex: hex of the records, '#' lines are the header (client command).
Bytes load_vector(const std::string& name) {
  const std::string path =
      std::string(MEDTLS_SOURCE_DIR) + "/vectors/client_hello/" + name + ".hex";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  std::string line, hex;
  while (std::getline(in, line))
    if (line.empty() || line[0] != '#') hex += line;
  auto bytes = from_hex(hex);
  BOOST_REQUIRE_MESSAGE(bytes && !bytes->empty(), "bad hex in " + path);
  return *bytes;
}

Codes types(const ObservedClientHello& h) {
  Codes out;
  for (const auto& e : h.extensions) out.push_back(e.type);
  return out;
}

// The body of the first extension of `type`, as hex ("absent" when there is none).
std::string body(const ObservedClientHello& h, std::uint16_t type) {
  for (const auto& e : h.extensions)
    if (e.type == type) return medtls::to_hex(e.body);
  return "absent";
}

// The observation survives the report's JSON (peer text for ALPN/SNI) unchanged.
void check_json(const ObservedClientHello& h) {
  const nlohmann::json j = h;
  const auto back = nlohmann::json::parse(medtls::obs::dump_json(j)).get<ObservedClientHello>();
  BOOST_TEST(back.alpn == h.alpn, boost::test_tools::per_element());
  BOOST_TEST(back.sni == h.sni);
  BOOST_TEST(back.suites == h.suites, boost::test_tools::per_element());
  BOOST_TEST(back.extensions.size() == h.extensions.size());
  BOOST_TEST(back.parse_error == h.parse_error);
}

// `openssl ciphers -V` of the default list (OpenSSL 3.0.19) without the PSK and SRP suites,
// which s_client leaves out unless -psk / -srpuser is given, then TLS_EMPTY_RENEGOTIATION_INFO.
const Codes kOpenSslDefaultSuites = {0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8,
                                     0xCCAA, 0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028, 0x006B, 0xC023,
                                     0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033,
                                     0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F, 0x00FF};
// OpenSSL's default signature algorithms (TLS 1.3 capable client): ECDSA, EdDSA, PSS, PKCS#1,
// then SHA-224 and SHA-1 forms.
const Codes kOpenSslDefaultSigalgs = {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080A,
                                      0x080B, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                      0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602};
// OpenSSL's default supported_groups: x25519, secp256r1, x448, secp521r1, secp384r1, ffdhe*.
const Codes kOpenSslDefaultGroups = {0x001D, 0x0017, 0x001E, 0x0019, 0x0018,
                                     0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
// `gnutls-cli -l --priority NORMAL:-VERS-TLS1.3` (GnuTLS 3.7.9), in its order.
const Codes kGnutlsTls12Suites = {0xC02C, 0xCCA9, 0xC0AD, 0xC00A, 0xC02B, 0xC0AC, 0xC009,
                                  0xC030, 0xCCA8, 0xC014, 0xC02F, 0xC013, 0x009D, 0xC09D,
                                  0x0035, 0x009C, 0xC09C, 0x002F, 0x009F, 0xCCAA, 0xC09F,
                                  0x0039, 0x009E, 0xC09E, 0x0033};
// Its "Groups:" line: secp256r1, secp384r1, secp521r1, x25519, x448, ffdhe2048..8192.
const Codes kGnutlsGroups = {0x0017, 0x0018, 0x0019, 0x001D, 0x001E,
                             0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
// Its "PK-signatures:" line as code points (ECDSA-SECP256R1-SHA256 is ECDSA-SHA256's 0x0403).
const Codes kGnutlsSigalgs = {0x0401, 0x0809, 0x0804, 0x0403, 0x0807, 0x0501, 0x080A, 0x0805,
                              0x0503, 0x0808, 0x0601, 0x080B, 0x0806, 0x0603, 0x0201, 0x0203};

}  // namespace

BOOST_AUTO_TEST_SUITE(captured_client_hellos)

// openssl s_client -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:
// AES128-SHA -groups X25519:P-256 -sigalgs rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256:
// rsa_pkcs1_sha256 -alpn dicom,http/1.1 -servername pacs.example
BOOST_AUTO_TEST_CASE(openssl_tls12_with_alpn_and_sni) {
  const auto bytes = load_vector("openssl_tls12_alpn_sni");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == bytes.size());
  BOOST_TEST(h.size == 142u);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.legacy_version == 0x0303);
  BOOST_TEST(h.versions.empty());
  // `openssl ciphers -V <that string>`: 0xC0,0x2F 0xC0,0x2C 0x00,0x2F (its TLS 1.3 entries are
  // not offered at -tls1_2), then the renegotiation SCSV.
  BOOST_TEST(h.suites == (Codes{0xC02F, 0xC02C, 0x002F, 0x00FF}), boost::test_tools::per_element());
  BOOST_TEST(h.compression_methods == Bytes{0}, boost::test_tools::per_element());
  BOOST_TEST(h.groups == (Codes{0x001D, 0x0017}), boost::test_tools::per_element());
  BOOST_TEST(h.key_share_groups.empty());
  BOOST_TEST(h.signature_algorithms == (Codes{0x0804, 0x0403, 0x0401}),
             boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms_cert.empty());
  BOOST_TEST(h.alpn == (Names{"dicom", "http/1.1"}), boost::test_tools::per_element());
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(types(h) == (Codes{0x0000, 0x000B, 0x000A, 0x0023, 0x0010, 0x0016, 0x0017, 0x000D}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x0000) == "000f00000c706163732e6578616d706c65");
  BOOST_TEST(body(h, 0x000B) == "03000102");
  BOOST_TEST(body(h, 0x000A) == "0004001d0017");
  BOOST_TEST(body(h, 0x0023) == "");
  BOOST_TEST(body(h, 0x0010) == "000f056469636f6d08687474702f312e31");
  BOOST_TEST(body(h, 0x0016) == "");
  BOOST_TEST(body(h, 0x0017) == "");
  BOOST_TEST(body(h, 0x000D) == "0006080404030401");
  check_json(h);
}

// openssl s_client -tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
// -groups P-256:X25519:ffdhe2048 -alpn dicom -servername localhost
BOOST_AUTO_TEST_CASE(openssl_tls13_only) {
  const auto bytes = load_vector("openssl_tls13_only");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == 272u);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.legacy_version == 0x0303);
  BOOST_TEST(h.versions == Codes{0x0304}, boost::test_tools::per_element());
  // `openssl ciphers -V -ciphersuites <that list>` begins 0x13,0x02 0x13,0x03 (then its TLS 1.2
  // default list, which -tls1_3 does not offer); then the SCSV.
  BOOST_TEST(h.suites == (Codes{0x1302, 0x1303, 0x00FF}), boost::test_tools::per_element());
  BOOST_TEST(h.compression_methods == Bytes{0}, boost::test_tools::per_element());
  BOOST_TEST(h.groups == (Codes{0x0017, 0x001D, 0x0100}), boost::test_tools::per_element());
  BOOST_TEST(h.key_share_groups == Codes{0x0017}, boost::test_tools::per_element());
  BOOST_TEST(
      h.signature_algorithms == (Codes{0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080A,
                                       0x080B, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601}),
      boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms_cert.empty());
  BOOST_TEST(h.alpn == Names{"dicom"}, boost::test_tools::per_element());
  BOOST_TEST(h.sni == "localhost");
  BOOST_TEST(types(h) == (Codes{0x0000, 0x000B, 0x000A, 0x0023, 0x0010, 0x0016, 0x0017, 0x000D,
                                0x002B, 0x002D, 0x0033}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x002B) == "020304");
  BOOST_TEST(body(h, 0x002D) == "0101");
  // key_share: one secp256r1 entry, an uncompressed point (65 bytes, 0x04 first).
  BOOST_TEST(body(h, 0x0033).substr(0, 14) == "00450017004104");
  BOOST_TEST(body(h, 0x0033).size() == 2u * (2 + 2 + 2 + 65));
  check_json(h);
}

// openssl s_client -servername modality.hospital.example (every default)
BOOST_AUTO_TEST_CASE(openssl_defaults) {
  const auto bytes = load_vector("openssl_default");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == 331u);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.legacy_version == 0x0303);
  BOOST_TEST(h.versions == (Codes{0x0304, 0x0303, 0x0302, 0x0301}),
             boost::test_tools::per_element());
  BOOST_TEST(h.suites == kOpenSslDefaultSuites, boost::test_tools::per_element());
  BOOST_TEST(h.groups == kOpenSslDefaultGroups, boost::test_tools::per_element());
  BOOST_TEST(h.key_share_groups == Codes{0x001D}, boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms == kOpenSslDefaultSigalgs, boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms_cert.empty());
  BOOST_TEST(h.alpn.empty());
  BOOST_TEST(h.sni == "modality.hospital.example");
  BOOST_TEST(types(h) == (Codes{0x0000, 0x000B, 0x000A, 0x0023, 0x0016, 0x0017, 0x000D, 0x002B,
                                0x002D, 0x0033}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x0033).substr(0, 12) == "0024001d0020");
  check_json(h);
}

// openssl s_client -tls1 -cipher AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0 -noservername
// (3DES is not in OpenSSL 3.0's default provider: `openssl ciphers -V` lists AES128-SHA only.)
BOOST_AUTO_TEST_CASE(openssl_tls10_without_sni) {
  const auto bytes = load_vector("openssl_tls10_no_sni");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == 66u);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.legacy_version == 0x0301);
  BOOST_TEST(h.versions.empty());
  BOOST_TEST(h.suites == (Codes{0x002F, 0x00FF}), boost::test_tools::per_element());
  BOOST_TEST(h.compression_methods == Bytes{0}, boost::test_tools::per_element());
  BOOST_TEST(h.groups.empty());                // no ECC suite offered, so no supported_groups
  BOOST_TEST(h.signature_algorithms.empty());  // TLS 1.0 has none
  BOOST_TEST(h.alpn.empty());
  BOOST_TEST(h.sni == "");
  BOOST_TEST(types(h) == (Codes{0x0023, 0x0016, 0x0017}), boost::test_tools::per_element());
  check_json(h);
}

// gnutls-cli --priority NORMAL:-VERS-TLS1.3 --alpn dicom --sni-hostname pacs.example
BOOST_AUTO_TEST_CASE(gnutls_tls12_with_alpn_and_sni) {
  const auto bytes = load_vector("gnutls_tls12_alpn_sni");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == 235u);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.legacy_version == 0x0303);
  BOOST_TEST(h.versions.empty());
  BOOST_TEST(h.suites == kGnutlsTls12Suites, boost::test_tools::per_element());
  BOOST_TEST(h.compression_methods == Bytes{0}, boost::test_tools::per_element());
  BOOST_TEST(h.groups == kGnutlsGroups, boost::test_tools::per_element());
  BOOST_TEST(h.key_share_groups.empty());
  BOOST_TEST(h.signature_algorithms == kGnutlsSigalgs, boost::test_tools::per_element());
  BOOST_TEST(h.alpn == Names{"dicom"}, boost::test_tools::per_element());
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(types(h) == (Codes{0x0005, 0x000A, 0x000B, 0x000D, 0x0010, 0x0016, 0x0017, 0x0023,
                                0xFF01, 0x0000, 0x001C}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x0005) == "0100000000");  // status_request: OCSP, no ids, no extensions
  BOOST_TEST(body(h, 0xFF01) == "00");
  BOOST_TEST(body(h, 0x001C) == "4000");  // record_size_limit 16384
  check_json(h);
}

// gnutls-cli --sni-hostname localhost (every default: TLS 1.3 and below)
BOOST_AUTO_TEST_CASE(gnutls_defaults) {
  const auto bytes = load_vector("gnutls_default");
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == 391u);
  BOOST_TEST(h.versions == (Codes{0x0304, 0x0303, 0x0302, 0x0301}),
             boost::test_tools::per_element());
  // `gnutls-cli -l --priority NORMAL`: the TLS 1.3 suites first, then the list above.
  Codes suites = {0x1302, 0x1303, 0x1301, 0x1304};
  suites.insert(suites.end(), kGnutlsTls12Suites.begin(), kGnutlsTls12Suites.end());
  BOOST_TEST(h.suites == suites, boost::test_tools::per_element());
  BOOST_TEST(h.groups == kGnutlsGroups, boost::test_tools::per_element());
  // Shares for its first group of each family: secp256r1 and x25519.
  BOOST_TEST(h.key_share_groups == (Codes{0x0017, 0x001D}), boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms == kGnutlsSigalgs, boost::test_tools::per_element());
  BOOST_TEST(h.alpn.empty());
  BOOST_TEST(h.sni == "localhost");
  BOOST_TEST(types(h) == (Codes{0x0005, 0x000A, 0x000B, 0x000D, 0x0016, 0x0017, 0x0023, 0x0033,
                                0x002B, 0xFF01, 0x0000, 0x002D, 0x001C}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x002D) == "020100");  // psk_dhe_ke and psk_ke
  check_json(h);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(built_client_hellos)

namespace {

Extension sig_algs_cert(const Codes& schemes) {
  Extension e = make::signature_algorithms(schemes);
  e.type = 50;
  return e;
}

// A TLS 1.3 hello with GREASE in every list and signature_algorithms_cert.
ClientHello full_hello() {
  ClientHello h;
  h.random = Bytes(32, 0x5A);
  h.session_id = Bytes(32, 0x33);
  h.cipher_suites = {grease(2), 0x1301, 0xC02F};
  h.extensions = {Extension{grease(1), {}, std::nullopt},
                  make::server_name("pacs.example"),
                  make::supported_groups({grease(3), 0x001D, 0x0017}),
                  make::signature_algorithms({0x0804, 0x0403}),
                  sig_algs_cert({0x0401, 0x0201}),
                  make::alpn({"dicom", "http/1.1"}),
                  make::supported_versions({grease(4), 0x0304, 0x0303}),
                  make::key_share(std::vector<make::KeyShareEntry>{{grease(5), Bytes(1, 0)},
                                                                   {0x001D, Bytes(32, 9)}}),
                  make::renegotiation_info()};
  return h;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(grease_and_signature_algorithms_cert_are_kept) {
  const auto bytes = encode_client_hello(full_hello());
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.size == bytes.size());
  BOOST_TEST(h.suites == (Codes{0x2A2A, 0x1301, 0xC02F}), boost::test_tools::per_element());
  BOOST_TEST(h.groups == (Codes{0x3A3A, 0x001D, 0x0017}), boost::test_tools::per_element());
  BOOST_TEST(h.versions == (Codes{0x4A4A, 0x0304, 0x0303}), boost::test_tools::per_element());
  BOOST_TEST(h.key_share_groups == (Codes{0x5A5A, 0x001D}), boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms == (Codes{0x0804, 0x0403}), boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms_cert == (Codes{0x0401, 0x0201}),
             boost::test_tools::per_element());
  BOOST_TEST(h.alpn == (Names{"dicom", "http/1.1"}), boost::test_tools::per_element());
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(types(h) == (Codes{0x1A1A, 0, 10, 13, 50, 16, 43, 51, 0xFF01}),
             boost::test_tools::per_element());
  BOOST_TEST(body(h, 0x1A1A) == "");
  check_json(h);
}

BOOST_AUTO_TEST_CASE(peer_strings_stay_raw_and_the_json_escapes_them) {
  ClientHello hello = full_hello();
  const std::string evil_alpn("di\x1b[2Jcom\xff", 10);
  const std::string evil_host =
      "pacs\\x41.\xE2\x80\xAE"
      "example";
  hello.extensions[1] = make::server_name(evil_host);
  hello.extensions[5] = make::alpn({evil_alpn});
  const auto h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.alpn == Names{evil_alpn}, boost::test_tools::per_element());
  BOOST_TEST(h.sni == evil_host);
  const nlohmann::json j = h;
  BOOST_TEST(j["alpn"][0] == "di\\x1b[2Jcom\\xff");
  BOOST_TEST(j["sni"] == "pacs\\\\x41.\\u{202E}example");
  check_json(h);
}

BOOST_AUTO_TEST_CASE(one_bad_extension_body_spoils_only_its_own_field) {
  ClientHello hello = full_hello();
  hello.extensions[2].body = {0x00, 0x05, 0x00};  // supported_groups: list of 5, one byte there
  hello.extensions[5].body = {0x00, 0x03, 0x00, 0x01, 0x41};  // ALPN: an empty name, then "A"
  const auto h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(contains(h.parse_error, "extension 0x000A (supported_groups)"), h.parse_error);
  BOOST_TEST(h.groups.empty());
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(h.versions == (Codes{0x4A4A, 0x0304, 0x0303}), boost::test_tools::per_element());
  BOOST_TEST(h.signature_algorithms_cert == (Codes{0x0401, 0x0201}),
             boost::test_tools::per_element());
  BOOST_TEST(contains(h.parse_error, "extension 0x0010 (application_layer_protocol_negotiation)"),
             h.parse_error);
  BOOST_TEST(contains(h.parse_error, "empty protocol name"), h.parse_error);
  BOOST_TEST(h.alpn.empty());
  BOOST_TEST(h.extensions.size() == 9u);
  BOOST_TEST(h.parse_error.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(duplicate_extensions_count_by_their_first_and_are_an_error) {
  ClientHello hello = full_hello();
  hello.extensions.push_back(make::supported_groups({0x0100}));
  hello.extensions.push_back(make::supported_groups({0x0101}));
  hello.extensions.push_back(make::server_name("second.example"));
  const auto h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(contains(h.parse_error, "extension 0x000A (supported_groups) sent more than once"),
             h.parse_error);
  BOOST_TEST(contains(h.parse_error, "extension 0x0000 (server_name) sent more than once"),
             h.parse_error);
  // Said once per type, however many copies.
  BOOST_TEST(h.parse_error.find("supported_groups") == h.parse_error.rfind("supported_groups"));
  BOOST_TEST(h.groups == (Codes{0x3A3A, 0x001D, 0x0017}), boost::test_tools::per_element());
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(h.extensions.size() == 12u);
  BOOST_TEST(body(h, 10) == "00063a3a001d0017");
}

BOOST_AUTO_TEST_CASE(server_name_list_per_rfc_6066) {
  ClientHello hello = full_hello();
  // An entry of an unknown name type (1) before the host_name: skipped.
  hello.extensions[1].body = {0x00, 0x0A, 0x01, 0x00, 0x01, 0x78, 0x00, 0x00, 0x03, 'a', 'b', 'c'};
  auto h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.sni == "abc");
  // Two host_names: the first is kept, the second is an error.
  hello.extensions[1].body = {0x00, 0x09, 0x00, 0x00, 0x02, 'a', 'b', 0x00, 0x00, 0x01, 'c'};
  h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(h.sni == "ab");
  BOOST_TEST(contains(h.parse_error, "more than one host_name"), h.parse_error);
  // An empty list.
  hello.extensions[1].body = {0x00, 0x00};
  h = observe_client_hello(encode_client_hello(hello));
  BOOST_TEST(h.sni == "");
  BOOST_TEST(contains(h.parse_error, "empty server_name_list"), h.parse_error);
}

BOOST_AUTO_TEST_CASE(every_truncation_keeps_what_came_before_the_cut) {
  const auto bytes = encode_client_hello(full_hello());
  const auto whole = observe_client_hello(bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    const auto h = observe_client_hello(bytes.data(), cut);
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_TEST(!h.parse_error.empty());
      BOOST_TEST(h.size == cut);
      BOOST_TEST(h.record_version == (cut >= 5 ? whole.record_version : 0));
      BOOST_TEST(h.legacy_version == (cut >= 5 + 4 + 2 ? whole.legacy_version : 0));
      BOOST_TEST((h.compression_methods.empty() ||
                  h.compression_methods == whole.compression_methods));
      BOOST_TEST((h.suites.empty() || h.suites == whole.suites));
      BOOST_TEST(h.extensions.size() <= whole.extensions.size());
      for (std::size_t i = 0; i < h.extensions.size(); ++i) {
        BOOST_TEST(h.extensions[i].type == whole.extensions[i].type);
        BOOST_TEST(h.extensions[i].body == whole.extensions[i].body,
                   boost::test_tools::per_element());
      }
    }
  }
  // Cut in the last extension: every one before it is read, and the record says why.
  const auto h = observe_client_hello(bytes.data(), bytes.size() - 1);
  BOOST_TEST(h.extensions.size() == whole.extensions.size() - 1);
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(h.key_share_groups == whole.key_share_groups, boost::test_tools::per_element());
  BOOST_TEST(contains(h.parse_error, "ClientHello record claims"), h.parse_error);
}

BOOST_AUTO_TEST_CASE(wrong_lengths_are_named_and_what_is_there_is_read) {
  {
    ClientHello hello = full_hello();
    hello.lengths.extensions_block = 0x7FFF;  // more than there is
    const auto h = observe_client_hello(encode_client_hello(hello));
    BOOST_TEST(contains(h.parse_error, "ClientHello extensions claims 32767 bytes"), h.parse_error);
    BOOST_TEST(h.extensions.size() == 9u);
    BOOST_TEST(h.sni == "pacs.example");
  }
  {
    ClientHello hello = full_hello();
    hello.lengths.cipher_suites = 5;  // odd
    const auto h = observe_client_hello(encode_client_hello(hello));
    BOOST_TEST(!h.parse_error.empty());
    BOOST_TEST(h.legacy_version == 0x0303);
    BOOST_TEST(h.suites.empty());
  }
  {
    ClientHello hello = full_hello();
    hello.extensions[5].length_override = 2;  // ALPN shorter: the list after it is misread
    const auto h = observe_client_hello(encode_client_hello(hello));
    BOOST_TEST(!h.parse_error.empty());
    BOOST_TEST(h.sni == "pacs.example");  // read before the wrong length
    BOOST_TEST(h.extensions.size() >= 6u);
  }
  {
    ClientHello hello = full_hello();
    hello.lengths.handshake = 10;  // the message says 10 bytes, the record holds more
    const auto h = observe_client_hello(encode_client_hello(hello));
    BOOST_TEST(!h.parse_error.empty());
    BOOST_TEST(h.legacy_version == 0x0303);
    BOOST_TEST(h.extensions.empty());
  }
  {
    ClientHello hello = full_hello();
    hello.lengths.record = 0xFFFF;
    const auto h = observe_client_hello(encode_client_hello(hello));
    BOOST_TEST(contains(h.parse_error, "ClientHello record claims 65535 bytes"), h.parse_error);
    BOOST_TEST(h.extensions.size() == 9u);
  }
}

BOOST_AUTO_TEST_CASE(a_hello_over_several_records_is_reassembled) {
  const auto bytes = encode_client_hello(full_hello());
  Bytes framed;
  const Bytes body(bytes.begin() + 5, bytes.end());
  for (std::size_t i = 0; i < body.size(); i += 11) {
    const std::size_t n = std::min<std::size_t>(11, body.size() - i);
    framed.insert(framed.end(), {0x16, 0x03, 0x03, 0x00, static_cast<std::uint8_t>(n)});
    framed.insert(framed.end(), body.begin() + static_cast<std::ptrdiff_t>(i),
                  body.begin() + static_cast<std::ptrdiff_t>(i + n));
  }
  const auto h = observe_client_hello(framed);
  BOOST_TEST(h.parse_error == "");
  BOOST_TEST(h.record_version == 0x0303);
  BOOST_TEST(h.size == framed.size());
  BOOST_TEST(h.extensions.size() == 9u);
  BOOST_TEST(h.sni == "pacs.example");
}

BOOST_AUTO_TEST_CASE(bytes_that_are_no_client_hello) {
  BOOST_TEST(!observe_client_hello(nullptr, 0).parse_error.empty());
  BOOST_TEST(!observe_client_hello(nullptr, 7).parse_error.empty());
  BOOST_TEST(observe_client_hello(nullptr, 7).size == 7u);
  // Nothing read, nothing said: no version, no compression method.
  const auto nothing = observe_client_hello(nullptr, 0);
  BOOST_TEST(nothing.record_version == 0);
  BOOST_TEST(nothing.legacy_version == 0);
  BOOST_TEST(nothing.compression_methods.empty());
  const Bytes alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
  auto h = observe_client_hello(alert);
  BOOST_TEST(h.record_version == 0x0303);
  BOOST_TEST(contains(h.parse_error, "record of content type 21"), h.parse_error);
  const std::string get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  h = observe_client_hello(reinterpret_cast<const std::uint8_t*>(get.data()), get.size());
  BOOST_TEST(!h.parse_error.empty());
  BOOST_TEST(h.parse_error.find('\r') == std::string::npos);
  const Bytes server_hello = {0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00};
  h = observe_client_hello(server_hello);
  BOOST_TEST(contains(h.parse_error, "not a ClientHello handshake message (type 2)"),
             h.parse_error);
  // Bytes after the ClientHello message.
  auto bytes = encode_client_hello(full_hello());
  bytes.insert(bytes.end(), {0x16, 0x03, 0x03, 0x00, 0x01, 0x14});
  h = observe_client_hello(bytes);
  BOOST_TEST(contains(h.parse_error, "1 byte(s) after the ClientHello message"), h.parse_error);
  BOOST_TEST(h.extensions.size() == 9u);
}

BOOST_AUTO_TEST_CASE(more_than_64_kib_is_an_error_and_is_not_read) {
  auto bytes = encode_client_hello(full_hello());
  const std::size_t hello_size = bytes.size();
  // Handshake records of zeros up to 1 MiB.
  while (bytes.size() < (1u << 20)) {
    bytes.insert(bytes.end(), {0x16, 0x03, 0x03, 0x40, 0x00});
    bytes.insert(bytes.end(), 16384, 0);
  }
  const auto h = observe_client_hello(bytes);
  BOOST_TEST(h.size == bytes.size());
  BOOST_TEST(contains(h.parse_error, "more than 65536: only the first 65536 read"), h.parse_error);
  BOOST_TEST(h.extensions.size() == 9u);
  BOOST_TEST(h.sni == "pacs.example");
  BOOST_TEST(hello_size < 65536u);
}

BOOST_AUTO_TEST_SUITE_END()
