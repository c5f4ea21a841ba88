#include "tls/wire/server_messages.hpp"

#include <algorithm>
#include <cstring>

#include "common/codes.hpp"
#include "tls/wire/byte_reader.hpp"
#include "tls/wire/dn_text.hpp"

#include "tls/wire/code_points.hpp"

namespace medtls::wire {

namespace {

// SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3.
constexpr std::uint8_t kHelloRetryRandom[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

constexpr std::uint16_t kTls12 = 0x0303;

void parse_server_extension(std::uint16_t type, ByteReader data, bool hrr, ServerHelloInfo& hello) {
  switch (type) {
    case ext::kSupportedVersions:
      hello.version = data.u16();  // selected_version
      data.expect_end();
      break;
    case ext::kKeyShare:
      hello.key_share_group = data.u16();
      if (!hrr) {  // a ServerHello's KeyShareEntry also carries the server's public value
        auto key = data.vec16("ServerHello key_share");
        if (key.empty()) throw WireError("ServerHello key_share: empty key_exchange");
      }
      data.expect_end();
      break;
    case ext::kAlpn: {
      auto list = data.vec16("ServerHello ALPN");
      auto name = list.vec8("ServerHello ALPN");
      list.expect_end();  // a server selects exactly one protocol (RFC 7301 §3.1)
      data.expect_end();
      if (name.empty()) throw WireError("ServerHello ALPN: empty protocol name");
      hello.alpn.emplace(reinterpret_cast<const char*>(name.current()), name.remaining());
      break;
    }
    default:
      break;  // presence is recorded in hello.extensions; contents are not needed
  }
}

// Signed (EC)DHE parameters end with a signature; anonymous ones end right after the params.
void parse_ske_signature(ByteReader& r, std::uint16_t version, KeyExchangeInfo& out) {
  if (r.empty()) return;
  if (version >= kTls12) out.signature_scheme = r.u16();
  r.vec16("ServerKeyExchange signature");
  r.expect_end();
}

void parse_ec_params(ByteReader& r, std::uint16_t version, KeyExchangeInfo& out) {
  const std::uint8_t curve_type = r.u8();
  if (curve_type != 3) {
    // explicit_prime (1) / explicit_char2 (2) curves (deprecated by RFC 8422) name no group;
    // their parameter layout is not worth decoding for a probe.
    if (curve_type == 1 || curve_type == 2) return;
    throw WireError("ServerKeyExchange: unknown ECCurveType " + std::to_string(curve_type));
  }
  out.named_group = r.u16();
  if (r.vec8("ServerKeyExchange ECDH public").empty())
    throw WireError("ServerKeyExchange: empty ECDH public value");
  parse_ske_signature(r, version, out);
}

void parse_dh_params(ByteReader& r, std::uint16_t version, KeyExchangeInfo& out) {
  auto p = r.vec16("ServerKeyExchange dh_p");
  auto g = r.vec16("ServerKeyExchange dh_g");
  auto ys = r.vec16("ServerKeyExchange dh_Ys");
  if (p.empty() || g.empty() || ys.empty())
    throw WireError("ServerKeyExchange: empty DH parameter");
  // Leading zero bytes do not count: p's size and hex identify the group.
  const std::uint8_t* begin = p.current();
  const std::uint8_t* end = begin + p.remaining();
  begin = std::find_if(begin, end, [](std::uint8_t b) { return b != 0; });
  if (begin == end) throw WireError("ServerKeyExchange: dh_p is zero");
  int bits = static_cast<int>(end - begin - 1) * 8;
  for (std::uint8_t top = *begin; top; top >>= 1) ++bits;
  out.dh_p_bits = bits;
  out.dh_p.assign(begin, end);
  parse_ske_signature(r, version, out);
}

}  // namespace

bool is_hello_retry_request_random(const std::uint8_t* random) {
  return std::memcmp(random, kHelloRetryRandom, sizeof kHelloRetryRandom) == 0;
}

bool parse_server_hello(const std::uint8_t* body, std::size_t size, ServerHelloInfo& hello) {
  ByteReader r(body, size, "ServerHello");
  hello.legacy_version = r.u16();
  hello.version = hello.legacy_version;
  const bool hrr = is_hello_retry_request_random(r.sub(32).current());
  auto session_id = r.vec8();
  if (session_id.remaining() > 32)
    throw WireError("ServerHello: session_id of " + std::to_string(session_id.remaining()) +
                    " bytes (max 32)");
  hello.session_id = session_id.rest();
  hello.suite = r.u16();
  hello.compression = r.u8();
  hello.extensions.clear();
  if (r.empty()) return hrr;  // SSLv3-style ServerHello without an extensions block
  auto extensions = r.vec16("ServerHello extensions");
  r.expect_end();
  while (!extensions.empty()) {
    const std::uint16_t type = extensions.u16();
    auto data = extensions.vec16("ServerHello extension");
    hello.extensions.push_back(type);
    parse_server_extension(type, data, hrr, hello);
  }
  return hrr;
}

void parse_certificate(const std::uint8_t* body, std::size_t size,
                       std::vector<std::vector<std::uint8_t>>& chain) {
  ByteReader r(body, size, "Certificate");
  auto list = r.vec24("Certificate list");
  r.expect_end();
  chain.clear();
  while (!list.empty()) {
    auto cert = list.vec24("Certificate entry");
    if (cert.empty()) throw WireError("Certificate: empty certificate entry");
    chain.push_back(cert.rest());
  }
}

void parse_server_key_exchange(const std::uint8_t* body, std::size_t size, const std::string& kx,
                               std::uint16_t version, KeyExchangeInfo& out) {
  out.present = true;
  ByteReader r(body, size, "ServerKeyExchange");
  const bool psk = kx == "ECDHE_PSK" || kx == "DHE_PSK";
  if (psk) r.vec16("ServerKeyExchange psk_identity_hint");
  // "ECDH"/"DH" only send a ServerKeyExchange when anonymous (ECDH_anon, DH_anon).
  if (kx == "ECDHE" || kx == "ECDH" || kx == "ECDHE_PSK") {
    parse_ec_params(r, version, out);
  } else if (kx == "DHE" || kx == "DH" || kx == "DHE_PSK") {
    parse_dh_params(r, version, out);
  }
  // Other families (PSK, RSA_PSK, RSA_EXPORT, SRP, …): presence is all a probe needs.
}

void parse_certificate_request(const std::uint8_t* body, std::size_t size, std::uint16_t version,
                               CertificateRequestInfo& out) {
  out.present = true;
  ByteReader r(body, size, "CertificateRequest");
  out.certificate_types = r.vec8("CertificateRequest certificate_types").rest();
  out.signature_schemes.clear();
  if (version >= kTls12) {
    auto schemes = r.vec16("CertificateRequest supported_signature_algorithms");
    while (!schemes.empty()) out.signature_schemes.push_back(schemes.u16());
  }
  auto authorities = r.vec16("CertificateRequest certificate_authorities");
  r.expect_end();
  out.ca_names.clear();
  while (!authorities.empty()) {
    auto dn = authorities.vec16("CertificateRequest DistinguishedName");
    out.ca_names.push_back(distinguished_name_text(dn.current(), dn.remaining()));
  }
}

void parse_certificate_status(const std::uint8_t* body, std::size_t size) {
  ByteReader r(body, size, "CertificateStatus");
  if (r.u8() == 1) {  // ocsp: one OCSPResponse
    if (r.vec24("CertificateStatus OCSPResponse").empty())
      throw WireError("CertificateStatus: empty OCSP response");
    r.expect_end();
  }
}

}  // namespace medtls::wire
