#define BOOST_TEST_MODULE wire_client_hello
#include <boost/test/unit_test.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/codes.hpp"
#include "tls/probe/wire_mapping.hpp"
#include "tls/wire/byte_reader.hpp"
#include "tls/wire/client_hello.hpp"
#include "tls/wire/client_hello_parser.hpp"
#include "tls/wire/hello_extensions.hpp"
#include "tls/wire/key_share.hpp"

using medtls::obs::ClientHelloSpec;
using medtls::probe::build_client_hello;
using medtls::wire::ByteReader;
using medtls::wire::WireError;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Extension {
  std::uint16_t type;
  Bytes data;
};

// The ClientHello read back field by field; every length must match exactly.
struct ParsedHello {
  std::uint8_t record_type = 0;
  std::uint16_t record_version = 0;
  std::size_t record_length = 0;
  std::uint8_t handshake_type = 0;
  std::size_t handshake_length = 0;
  std::uint16_t legacy_version = 0;
  Bytes random, session_id;
  std::vector<std::uint16_t> suites;
  Bytes compression;
  bool has_extensions_block = false;
  std::vector<Extension> extensions;

  std::vector<std::uint16_t> types() const {
    std::vector<std::uint16_t> t;
    for (const auto& e : extensions) t.push_back(e.type);
    return t;
  }
  const Extension* find(std::uint16_t type) const {
    for (const auto& e : extensions)
      if (e.type == type) return &e;
    return nullptr;
  }
};

ParsedHello parse(const Bytes& bytes) {
  ParsedHello h;
  ByteReader rec(bytes.data(), bytes.size(), "record");
  h.record_type = rec.u8();
  h.record_version = rec.u16();
  auto fragment = rec.vec16();
  rec.expect_end();
  h.record_length = fragment.remaining();
  h.handshake_type = fragment.u8();
  auto body = fragment.vec24();
  fragment.expect_end();
  h.handshake_length = body.remaining();
  h.legacy_version = body.u16();
  h.random = body.bytes(32);
  h.session_id = body.vec8().rest();
  auto suites = body.vec16();
  while (!suites.empty()) h.suites.push_back(suites.u16());
  h.compression = body.vec8().rest();
  if (body.empty()) return h;
  h.has_extensions_block = true;
  auto exts = body.vec16();
  body.expect_end();
  while (!exts.empty()) {
    Extension e;
    e.type = exts.u16();
    e.data = exts.vec16().rest();
    h.extensions.push_back(e);
  }
  return h;
}

ClientHelloSpec tls12_spec() {
  ClientHelloSpec s;
  s.suites = {0xC02F, 0xC030, 0x009E, 0x00FF};
  s.groups = {0x001D, 0x0017};
  s.signature_algorithms = medtls::wire::default_signature_algorithms();
  return s;
}

ClientHelloSpec tls13_spec(std::vector<std::uint16_t> key_shares) {
  ClientHelloSpec s = tls12_spec();
  s.supported_versions = {0x0304, 0x0303};
  s.suites = {0x1301, 0x1302, 0x1303};
  s.key_shares = std::move(key_shares);
  return s;
}

Bytes b(std::initializer_list<std::uint8_t> v) {
  return Bytes(v);
}

struct KeyShareEntry {
  std::uint16_t group;
  Bytes key;
};

std::vector<KeyShareEntry> key_shares_of(const ParsedHello& h) {
  const Extension* e = h.find(51);
  BOOST_REQUIRE(e != nullptr);
  ByteReader r(e->data.data(), e->data.size(), "key_share");
  auto list = r.vec16();
  r.expect_end();
  std::vector<KeyShareEntry> out;
  while (!list.empty()) {
    KeyShareEntry k;
    k.group = list.u16();
    k.key = list.vec16().rest();
    out.push_back(k);
  }
  return out;
}

bool on_curve(int nid, const Bytes& point) {
  std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(nid),
                                                            EC_GROUP_free);
  std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> p(EC_POINT_new(group.get()), EC_POINT_free);
  return group && p &&
         EC_POINT_oct2point(group.get(), p.get(), point.data(), point.size(), nullptr) == 1 &&
         EC_POINT_is_on_curve(group.get(), p.get(), nullptr) == 1;
}

// An RFC 7919 public value must satisfy 1 < Y < p - 1 and Y^q = 1 (mod p) with q = (p - 1) / 2,
// which OpenSSL servers check; p is taken from libcrypto's copy of the named group.
bool valid_ffdhe_public(const char* group, const Bytes& y_bytes) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), group) <= 0 || EVP_PKEY_paramgen(ctx.get(), &raw) <= 0)
    return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> params(raw, EVP_PKEY_free);
  BIGNUM* p_raw = nullptr;
  if (EVP_PKEY_get_bn_param(params.get(), OSSL_PKEY_PARAM_FFC_P, &p_raw) != 1) return false;
  using Bn = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  Bn p(p_raw, BN_free), q(BN_new(), BN_free), r(BN_new(), BN_free), one(BN_new(), BN_free);
  Bn y(BN_bin2bn(y_bytes.data(), static_cast<int>(y_bytes.size()), nullptr), BN_free);
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> bn_ctx(BN_CTX_new(), BN_CTX_free);
  if (!q || !r || !one || !y || !bn_ctx || !BN_one(one.get()) || !BN_rshift1(q.get(), p.get()) ||
      !BN_mod_exp(r.get(), y.get(), q.get(), p.get(), bn_ctx.get()))
    return false;
  return static_cast<std::size_t>(BN_num_bytes(p.get())) == y_bytes.size() &&
         BN_cmp(y.get(), one.get()) > 0 && BN_cmp(y.get(), p.get()) < 0 && BN_is_one(r.get());
}

// The hello as hex with what is random in it zeroed (random, legacy_session_id, key_share
// values): equal for two builds of one spec, so it can be compared with captured bytes.
std::string masked_hex(const Bytes& bytes) {
  std::vector<std::pair<const std::uint8_t*, std::size_t>> random_parts;
  ByteReader r(bytes.data(), bytes.size(), "record");
  r.sub(5 + 4 + 2);  // record header, handshake header, legacy_version
  random_parts.emplace_back(r.current(), 32);
  r.sub(32);
  auto session_id = r.vec8();
  random_parts.emplace_back(session_id.current(), session_id.remaining());
  r.vec16();  // cipher_suites
  r.vec8();   // compression_methods
  if (!r.empty()) {
    auto exts = r.vec16();
    while (!exts.empty()) {
      const std::uint16_t type = exts.u16();
      auto data = exts.vec16();
      if (type != 51) continue;
      auto list = data.vec16();
      while (!list.empty()) {
        list.u16();
        auto key = list.vec16();
        random_parts.emplace_back(key.current(), key.remaining());
      }
    }
  }
  Bytes out = bytes;
  for (const auto& [p, n] : random_parts)
    std::fill_n(out.begin() + (p - bytes.data()), n, std::uint8_t{0});
  return medtls::to_hex(out);
}

// Specs whose bytes were captured (masked_hex) from the builder before the codec had its own
// types: the mapping onto wire::ClientHello must keep every hello byte for byte.
ClientHelloSpec captured_spec(int i) {
  ClientHelloSpec s = tls12_spec();
  switch (i) {
    case 0:
      return s;
    case 1:
      s = tls13_spec({0x001D});
      s.sni = "pacs.example.org";
      s.alpn = {"dicom", "http/1.1"};
      s.encrypt_then_mac = s.truncated_hmac = s.session_ticket = s.status_request = true;
      s.compression = {1, 0};
      return s;
    case 2:
      s = ClientHelloSpec{};
      s.record_version = s.legacy_version = 0x0300;
      s.suites = {0x000A, 0x002F, 0x00FF};
      s.ec_point_formats = s.extended_master_secret = s.renegotiation_info = false;
      return s;
    case 3:
      s = tls13_spec({0x0017, 0x001D});
      s.supported_versions = {0x0304};
      s.sni = "ct.example";
      s.ec_point_formats = s.extended_master_secret = s.renegotiation_info = false;
      return s;
    default:
      s.legacy_version = 0x0302;
      s.signature_algorithms.clear();
      s.sni = "medtls-sni-probe.invalid";
      s.alpn = {"dicom"};
      s.truncated_hmac = s.encrypt_then_mac = true;
      s.compression = {1, 0};
      return s;
  }
}

const char* const kCapturedHex[] = {
    "16030100740100007003030000000000000000000000000000000000000000000000000000000000"
    "000000000008c02fc030009e00ff0100003f000a00060004001d0017000b00020100000d00220020"
    "0804080508060809080a080b040105010601040305030603080708080201020300170000ff010001"
    "00",
    "160301010f0100010b03030000000000000000000000000000000000000000000000000000000000"
    "00000020000000000000000000000000000000000000000000000000000000000000000000061301"
    "1302130302010000bb000000150013000010706163732e6578616d706c652e6f7267000a00060004"
    "001d0017000b00020100000d002200200804080508060809080a080b040105010601040305030603"
    "080708080201020300100011000f056469636f6d08687474702f312e310016000000170000000400"
    "0000230000000500050100000000002b00050403040303003300260024001d002000000000000000"
    "00000000000000000000000000000000000000000000000000002d00020101ff01000100",
    "16030000310100002d03000000000000000000000000000000000000000000000000000000000000"
    "000000000006000a002f00ff0100",
    "16030101120100010e03030000000000000000000000000000000000000000000000000000000000"
    "00000020000000000000000000000000000000000000000000000000000000000000000000061301"
    "13021303010000bf0000000f000d00000a63742e6578616d706c65000a00060004001d0017000d00"
    "2200200804080508060809080a080b0401050106010403050306030807080802010203002b000302"
    "03040033006b00690017004100000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000000000000000000000000000000000001d00"
    "200000000000000000000000000000000000000000000000000000000000000000002d00020101",
    "16030100840100008003020000000000000000000000000000000000000000000000000000000000"
    "000000000008c02fc030009e00ff020100004e0000001d001b0000186d6564746c732d736e692d70"
    "726f62652e696e76616c6964000a00060004001d0017000b00020100001000080006056469636f6d"
    "001600000017000000040000ff01000100",
};

}  // namespace

BOOST_AUTO_TEST_CASE(hellos_match_the_captured_bytes) {
  for (int i = 0; i < 5; ++i) BOOST_TEST_CONTEXT("spec " << i) {
      BOOST_TEST(masked_hex(build_client_hello(captured_spec(i))) == kCapturedHex[i]);
    }
}

BOOST_AUTO_TEST_CASE(tls12_hello_layout) {
  const auto spec = tls12_spec();
  const auto bytes = build_client_hello(spec);
  const auto h = parse(bytes);
  BOOST_TEST(h.record_type == 22);
  BOOST_TEST(h.record_version == 0x0301);
  BOOST_TEST(h.record_length + 5 == bytes.size());
  BOOST_TEST(h.handshake_type == 1);
  BOOST_TEST(h.handshake_length + 4 == h.record_length);
  BOOST_TEST(h.legacy_version == 0x0303);
  BOOST_TEST(h.random.size() == 32u);
  BOOST_TEST(h.session_id.empty());  // no TLS 1.3 offered: no middlebox-compatibility id
  BOOST_TEST(h.suites == spec.suites, boost::test_tools::per_element());
  BOOST_TEST(h.compression == b({0}), boost::test_tools::per_element());
  BOOST_TEST((h.types() == std::vector<std::uint16_t>{10, 11, 13, 23, 0xFF01}));
  BOOST_TEST(h.find(10)->data == b({0, 4, 0x00, 0x1D, 0x00, 0x17}),
             boost::test_tools::per_element());
  BOOST_TEST(h.find(11)->data == b({1, 0}), boost::test_tools::per_element());
  BOOST_TEST(h.find(13)->data.size() == 2 + 2 * spec.signature_algorithms.size());
  BOOST_TEST(h.find(23)->data.empty());
  BOOST_TEST(h.find(0xFF01)->data == b({0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_extension_in_the_fixed_order) {
  ClientHelloSpec s = tls13_spec({0x001D});
  s.sni = "pacs.example.org";
  s.alpn = {"dicom", "http/1.1"};
  s.encrypt_then_mac = true;
  s.truncated_hmac = true;
  s.session_ticket = true;
  s.status_request = true;
  s.compression = {1, 0};
  const auto h = parse(build_client_hello(s));
  BOOST_TEST((h.types() ==
              std::vector<std::uint16_t>{0, 10, 11, 13, 16, 22, 23, 4, 35, 5, 43, 51, 45, 0xFF01}));
  Bytes sni = {0, 19, 0, 0, 16};
  for (char c : std::string("pacs.example.org")) sni.push_back(static_cast<std::uint8_t>(c));
  BOOST_TEST(h.find(0)->data == sni, boost::test_tools::per_element());
  Bytes alpn = {0, 15, 5, 'd', 'i', 'c', 'o', 'm', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  BOOST_TEST(h.find(16)->data == alpn, boost::test_tools::per_element());
  BOOST_TEST(h.find(22)->data.empty());
  BOOST_TEST(h.find(4)->data.empty());
  BOOST_TEST(h.find(35)->data.empty());
  BOOST_TEST(h.find(5)->data == b({1, 0, 0, 0, 0}), boost::test_tools::per_element());
  BOOST_TEST(h.find(43)->data == b({4, 3, 4, 3, 3}), boost::test_tools::per_element());
  BOOST_TEST(h.find(45)->data == b({1, 1}), boost::test_tools::per_element());
  BOOST_TEST(h.compression == b({1, 0}), boost::test_tools::per_element());
  BOOST_TEST(h.session_id.size() == 32u);
}

BOOST_AUTO_TEST_CASE(randoms_differ_between_hellos) {
  const auto a = parse(build_client_hello(tls13_spec({0x001D})));
  const auto c = parse(build_client_hello(tls13_spec({0x001D})));
  BOOST_TEST(a.random != c.random);
  BOOST_TEST(a.session_id != c.session_id);
  BOOST_TEST(key_shares_of(a)[0].key != key_shares_of(c)[0].key);
}

BOOST_AUTO_TEST_CASE(key_share_lengths_per_group) {
  struct Expect {
    std::uint16_t group;
    std::size_t length;
    int nid;            // EC curves: checked to be a point on the curve
    const char* ffdhe;  // finite-field groups: checked to be in the prime-order subgroup
  };
  const Expect cases[] = {
      {0x001D, 32, 0, nullptr},
      {0x001E, 56, 0, nullptr},
      {0x0017, 65, NID_X9_62_prime256v1, nullptr},
      {0x0018, 97, NID_secp384r1, nullptr},
      {0x0019, 133, NID_secp521r1, nullptr},
      {0x0100, 256, 0, "ffdhe2048"},
      {0x0101, 384, 0, "ffdhe3072"},
      {0x0102, 512, 0, "ffdhe4096"},
      {0x0103, 768, 0, "ffdhe6144"},
      {0x0104, 1024, 0, "ffdhe8192"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("group " << c.group) {
      const auto shares = key_shares_of(parse(build_client_hello(tls13_spec({c.group}))));
      BOOST_REQUIRE(shares.size() == 1u);
      BOOST_TEST(shares[0].group == c.group);
      BOOST_TEST(shares[0].key.size() == c.length);
      if (c.nid) {
        BOOST_TEST(shares[0].key[0] == 0x04);  // uncompressed point
        BOOST_TEST(on_curve(c.nid, shares[0].key));
      }
      if (c.ffdhe) BOOST_TEST(valid_ffdhe_public(c.ffdhe, shares[0].key));
      BOOST_TEST(medtls::wire::key_share_supported(c.group));
    }
  }
}

BOOST_AUTO_TEST_CASE(ffdhe_check_rejects_bad_values) {
  // The validator above is not vacuous: values out of range fail it.
  BOOST_TEST(!valid_ffdhe_public("ffdhe2048", Bytes(256, 0xFF)));
  Bytes one(256, 0);
  one.back() = 1;
  BOOST_TEST(!valid_ffdhe_public("ffdhe2048", one));
}

BOOST_AUTO_TEST_CASE(several_key_shares_keep_their_order) {
  const auto shares =
      key_shares_of(parse(build_client_hello(tls13_spec({0x0017, 0x001D, 0x0100}))));
  BOOST_REQUIRE(shares.size() == 3u);
  BOOST_TEST(shares[0].group == 0x0017);
  BOOST_TEST(shares[1].group == 0x001D);
  BOOST_TEST(shares[2].group == 0x0100);
}

BOOST_AUTO_TEST_CASE(empty_key_share_list_is_still_sent) {
  const auto h = parse(build_client_hello(tls13_spec({})));
  BOOST_REQUIRE(h.find(51) != nullptr);
  BOOST_TEST(h.find(51)->data == b({0, 0}), boost::test_tools::per_element());
  BOOST_TEST(h.find(45) != nullptr);
}

BOOST_AUTO_TEST_CASE(no_key_share_without_tls13) {
  ClientHelloSpec s = tls12_spec();
  s.supported_versions = {0x0303, 0x0302};
  s.key_shares = {0x001D};  // ignored: key_share is a TLS 1.3 extension
  const auto h = parse(build_client_hello(s));
  BOOST_TEST(h.find(51) == nullptr);
  BOOST_TEST(h.find(45) == nullptr);
  BOOST_TEST(h.find(43)->data == b({4, 3, 3, 3, 2}), boost::test_tools::per_element());
  BOOST_TEST(h.session_id.empty());
}

BOOST_AUTO_TEST_CASE(sslv3_style_hello_has_no_extensions_block) {
  ClientHelloSpec s;
  s.record_version = 0x0300;
  s.legacy_version = 0x0300;
  s.suites = {0x000A, 0x002F};
  s.ec_point_formats = false;
  s.extended_master_secret = false;
  s.renegotiation_info = false;
  const auto bytes = build_client_hello(s);
  const auto h = parse(bytes);
  BOOST_TEST(h.record_version == 0x0300);
  BOOST_TEST(h.legacy_version == 0x0300);
  BOOST_TEST(!h.has_extensions_block);
  // 2 version + 32 random + 1 session id + 2+4 suites + 1+1 compression
  BOOST_TEST(h.handshake_length == 43u);
  BOOST_TEST(bytes.size() == 5u + 4u + 43u);
}

BOOST_AUTO_TEST_CASE(record_size_limit) {
  ClientHelloSpec s = tls12_spec();
  s.suites.assign(8150, 0x002F);  // 16300 bytes of suites: the hello no longer fits one record
  BOOST_CHECK_THROW(build_client_hello(s), WireError);
  s.suites.assign(8000, 0x002F);
  const auto bytes = build_client_hello(s);
  BOOST_TEST(bytes.size() - 5 <= medtls::wire::kMaxPlaintextRecord);
  BOOST_TEST(parse(bytes).suites.size() == 8000u);
  // Many large finite-field shares overflow too.
  BOOST_CHECK_THROW(build_client_hello(tls13_spec(std::vector<std::uint16_t>(17, 0x0104))),
                    WireError);
}

BOOST_AUTO_TEST_CASE(unknown_key_share_group_throws) {
  BOOST_CHECK_THROW(build_client_hello(tls13_spec({0x0013})), WireError);          // secp192r1
  BOOST_CHECK_THROW(build_client_hello(tls13_spec({0x001D, 0x11EC})), WireError);  // hybrid
  BOOST_CHECK_THROW(medtls::wire::key_share_public(0x0105), WireError);
  BOOST_TEST(!medtls::wire::key_share_supported(0x0013));
  try {
    build_client_hello(tls13_spec({0x0013}));
  } catch (const WireError& e) {
    BOOST_TEST(std::string(e.what()).find("0x0013") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(bad_alpn_names_throw) {
  ClientHelloSpec s = tls12_spec();
  s.alpn = {""};
  BOOST_CHECK_THROW(build_client_hello(s), WireError);
  s.alpn = {std::string(256, 'a')};
  BOOST_CHECK_THROW(build_client_hello(s), WireError);
  s.alpn = {std::string(255, 'a')};
  BOOST_TEST(parse(build_client_hello(s)).find(16)->data.size() == 2u + 1u + 255u);
}

BOOST_AUTO_TEST_CASE(default_signature_algorithms_are_broad_with_sha1_last) {
  const auto sigs = medtls::wire::default_signature_algorithms();
  const std::set<std::uint16_t> unique(sigs.begin(), sigs.end());
  BOOST_TEST(unique.size() == sigs.size());
  for (std::uint16_t s :
       {0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0807, 0x0808})
    BOOST_TEST(unique.count(s) == 1u, "missing " << s);
  BOOST_REQUIRE(sigs.size() >= 2u);
  BOOST_TEST(sigs[sigs.size() - 2] == 0x0201);
  BOOST_TEST(sigs.back() == 0x0203);
  BOOST_TEST(sigs.front() == 0x0804);
}

// wire::ClientHello itself: what the probes' fixed layout never sends, but the listener's
// scenarios and hostile tests need.
BOOST_AUTO_TEST_SUITE(codec)

using medtls::wire::ClientHello;
using medtls::wire::encode_client_hello;
using medtls::wire::Extension;
using medtls::wire::grease;
using medtls::wire::is_grease;
using medtls::wire::parse_client_hello;
namespace make = medtls::wire::make;

ClientHello plain_hello() {
  ClientHello h;
  h.random = Bytes(32, 0x11);
  h.cipher_suites = {0x1301, 0xC02F};
  return h;
}

BOOST_AUTO_TEST_CASE(extensions_keep_the_given_order) {
  ClientHello h = plain_hello();
  h.extensions = {make::renegotiation_info(), make::supported_versions({0x0304}),
                  make::server_name("a.example"), make::empty(23)};
  const auto p = parse(encode_client_hello(h));
  BOOST_TEST((p.types() == std::vector<std::uint16_t>{0xFF01, 43, 0, 23}));
  BOOST_TEST(p.random == Bytes(32, 0x11), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicates_and_unknown_types_are_sent_as_given) {
  ClientHello h = plain_hello();
  h.extensions = {make::empty(23), Extension{0x7777, {1, 2, 3}, std::nullopt}, make::empty(23),
                  make::supported_groups({0x001D}), make::supported_groups({0x0017})};
  const auto p = parse(encode_client_hello(h));
  BOOST_TEST((p.types() == std::vector<std::uint16_t>{23, 0x7777, 23, 10, 10}));
  BOOST_TEST(p.extensions[1].data == b({1, 2, 3}), boost::test_tools::per_element());
  // The parser keeps both copies; the decoded offer counts the first.
  const auto back = parse_client_hello(encode_client_hello(h));
  BOOST_TEST(back.extensions.size() == 5u);
  BOOST_TEST((medtls::wire::read_offer(back).groups == std::vector<std::uint16_t>{0x001D}));
}

BOOST_AUTO_TEST_CASE(grease_values_everywhere) {
  BOOST_TEST(grease(0) == 0x0A0A);
  BOOST_TEST(grease(1) == 0x1A1A);
  BOOST_TEST(grease(15) == 0xFAFA);
  for (unsigned i = 0; i < 16; ++i) BOOST_TEST(is_grease(grease(i)));
  BOOST_TEST(!is_grease(0x0A1A));
  BOOST_TEST(!is_grease(0x1301));
  BOOST_TEST(!is_grease(0x0B0B));
  ClientHello h = plain_hello();
  h.cipher_suites.insert(h.cipher_suites.begin(), grease(2));
  h.extensions = {Extension{grease(3), {}, std::nullopt},
                  make::supported_groups({grease(4), 0x001D}),
                  make::supported_versions({grease(5), 0x0304}),
                  make::signature_algorithms({grease(6), 0x0804})};
  const auto back = parse_client_hello(encode_client_hello(h));
  BOOST_TEST(back.cipher_suites.front() == 0x2A2A);
  BOOST_TEST(back.extensions.front().type == 0x3A3A);
  const auto offer = medtls::wire::read_offer(back);
  BOOST_TEST((offer.groups == std::vector<std::uint16_t>{0x4A4A, 0x001D}));
  BOOST_TEST((offer.supported_versions == std::vector<std::uint16_t>{0x5A5A, 0x0304}));
  BOOST_TEST((offer.signature_algorithms == std::vector<std::uint16_t>{0x6A6A, 0x0804}));
}

BOOST_AUTO_TEST_CASE(length_overrides_write_exactly_the_wrong_lengths) {
  ClientHello h = plain_hello();
  h.extensions = {make::empty(23)};
  const auto good = encode_client_hello(h);
  // Layout: 5 record header, 4 handshake header, 2 version, 32 random, 1 session id length (0),
  // 2+4 suites, 1+1 compression, 2 extensions length, then 23 with its 2-byte length.
  const std::size_t session_id_at = 5 + 4 + 2 + 32, suites_at = session_id_at + 1,
                    compression_at = suites_at + 6, extensions_at = compression_at + 2,
                    ext_length_at = extensions_at + 2 + 2;
  BOOST_REQUIRE(good.size() == ext_length_at + 2);
  h.extensions[0].length_override = 0x1234;
  h.lengths.record = 0x0001;
  h.lengths.handshake = 0xABCDEF;
  h.lengths.session_id = 0x20;
  h.lengths.cipher_suites = 0x0003;
  h.lengths.compression = 0;
  h.lengths.extensions_block = 0xFFFF;
  const auto bad = encode_client_hello(h);
  Bytes expected = good;
  auto put = [&](std::size_t at, std::initializer_list<std::uint8_t> v) {
    std::copy(v.begin(), v.end(), expected.begin() + static_cast<std::ptrdiff_t>(at));
  };
  put(3, {0x00, 0x01});
  put(6, {0xAB, 0xCD, 0xEF});
  put(session_id_at, {0x20});
  put(suites_at, {0x00, 0x03});
  put(compression_at, {0x00});
  put(extensions_at, {0xFF, 0xFF});
  put(ext_length_at, {0x12, 0x34});
  BOOST_TEST(bad == expected, boost::test_tools::per_element());
  BOOST_CHECK_THROW(parse_client_hello(bad), WireError);
}

BOOST_AUTO_TEST_CASE(empty_extensions_block_on_request) {
  ClientHello h = plain_hello();
  BOOST_TEST(!parse(encode_client_hello(h)).has_extensions_block);
  h.empty_extensions_block = true;
  const auto p = parse(encode_client_hello(h));
  BOOST_TEST(p.has_extensions_block);
  BOOST_TEST(p.extensions.empty());
  BOOST_TEST(parse_client_hello(encode_client_hello(h)).empty_extensions_block);
}

BOOST_AUTO_TEST_CASE(build_then_parse_gives_the_same_hello) {
  ClientHello h = plain_hello();
  h.record_version = 0x0303;
  h.legacy_version = 0x0302;
  h.session_id = Bytes(32, 0x22);
  h.compression_methods = {1, 0};
  h.extensions = {make::server_name("pacs.example.org"),
                  make::supported_groups({0x001D, 0x0100}),
                  make::ec_point_formats(),
                  make::signature_algorithms(medtls::wire::default_signature_algorithms()),
                  make::alpn({"dicom", "http/1.1"}),
                  make::empty(22),
                  make::status_request_ocsp(),
                  make::supported_versions({0x0304, 0x0303}),
                  make::key_share(std::vector<make::KeyShareEntry>{{0x001D, Bytes(32, 7)}}),
                  make::psk_key_exchange_modes(),
                  make::renegotiation_info(),
                  Extension{0xFE0D, {9, 9}, std::nullopt}};
  const auto back = parse_client_hello(encode_client_hello(h));
  BOOST_TEST(back.record_version == h.record_version);
  BOOST_TEST(back.legacy_version == h.legacy_version);
  BOOST_TEST(back.random == h.random, boost::test_tools::per_element());
  BOOST_TEST(back.session_id == h.session_id, boost::test_tools::per_element());
  BOOST_TEST(back.cipher_suites == h.cipher_suites, boost::test_tools::per_element());
  BOOST_TEST(back.compression_methods == h.compression_methods, boost::test_tools::per_element());
  BOOST_REQUIRE(back.extensions.size() == h.extensions.size());
  for (std::size_t i = 0; i < h.extensions.size(); ++i) {
    BOOST_TEST(back.extensions[i].type == h.extensions[i].type);
    BOOST_TEST(back.extensions[i].body == h.extensions[i].body, boost::test_tools::per_element());
  }
  BOOST_TEST(encode_client_hello(back) == encode_client_hello(h), boost::test_tools::per_element());
  const auto offer = medtls::wire::read_offer(back);
  BOOST_TEST((offer.alpn == std::vector<std::string>{"dicom", "http/1.1"}));
  BOOST_TEST((offer.key_share_groups == std::vector<std::uint16_t>{0x001D}));
}

BOOST_AUTO_TEST_SUITE_END()
