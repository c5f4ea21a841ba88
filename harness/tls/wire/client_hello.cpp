#include "tls/wire/client_hello.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <string>

#include "tls/wire/byte_writer.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/key_share.hpp"

namespace medtls::wire {

namespace {

using namespace ext;  // NOLINT: the extension names read best unqualified here
constexpr std::uint16_t kTls13 = 0x0304;

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    throw WireError("RAND_bytes failed while building a ClientHello");
  return out;
}

template <class Body>
void extension(ByteWriter& w, std::uint16_t type, Body&& body) {
  w.u16(type);
  w.prefixed(2, "extension data", body);
}

void u16_list(ByteWriter& w, int width, const char* what, const std::vector<std::uint16_t>& v) {
  w.prefixed(width, what, [&](ByteWriter& b) {
    for (auto x : v) b.u16(x);
  });
}

void write_extensions(ByteWriter& w, const obs::ClientHelloSpec& spec, bool tls13) {
  if (!spec.sni.empty())
    extension(w, kServerName, [&](ByteWriter& b) {
      b.prefixed(2, "server_name_list", [&](ByteWriter& l) {
        l.u8(0);  // host_name
        l.prefixed(2, "server_name", [&](ByteWriter& n) {
          n.bytes(reinterpret_cast<const std::uint8_t*>(spec.sni.data()), spec.sni.size());
        });
      });
    });
  if (!spec.groups.empty())
    extension(w, kSupportedGroups,
              [&](ByteWriter& b) { u16_list(b, 2, "supported_groups", spec.groups); });
  if (spec.ec_point_formats)
    extension(w, kEcPointFormats, [](ByteWriter& b) {
      b.u8(1);  // one format: uncompressed (RFC 8422 §5.1.2: the only one allowed)
      b.u8(0);
    });
  if (!spec.signature_algorithms.empty())
    extension(w, kSignatureAlgorithms, [&](ByteWriter& b) {
      u16_list(b, 2, "signature_algorithms", spec.signature_algorithms);
    });
  if (!spec.alpn.empty())
    extension(w, kAlpn, [&](ByteWriter& b) {
      b.prefixed(2, "protocol_name_list", [&](ByteWriter& l) {
        for (const auto& name : spec.alpn) {
          if (name.empty() || name.size() > 255)
            throw WireError("ALPN protocol name of " + std::to_string(name.size()) +
                            " bytes (must be 1..255)");
          l.u8(static_cast<std::uint8_t>(name.size()));
          l.bytes(reinterpret_cast<const std::uint8_t*>(name.data()), name.size());
        }
      });
    });
  auto empty = [](ByteWriter&) {};
  if (spec.encrypt_then_mac) extension(w, kEncryptThenMac, empty);
  if (spec.extended_master_secret) extension(w, kExtendedMasterSecret, empty);
  if (spec.truncated_hmac) extension(w, kTruncatedHmac, empty);
  if (spec.session_ticket) extension(w, kSessionTicket, empty);  // empty: asks for a new ticket
  if (spec.status_request)
    extension(w, kStatusRequest, [](ByteWriter& b) {
      b.u8(1);   // status_type ocsp
      b.u16(0);  // responder_id_list: none
      b.u16(0);  // request_extensions: none
    });
  if (!spec.supported_versions.empty())
    extension(w, kSupportedVersions, [&](ByteWriter& b) {
      u16_list(b, 1, "supported_versions", spec.supported_versions);
    });
  if (tls13) {
    // Sent even when empty: an empty client_shares list makes a TLS 1.3 server answer with a
    // HelloRetryRequest naming the group it wants, which reveals its preference.
    extension(w, kKeyShare, [&](ByteWriter& b) {
      b.prefixed(2, "client_shares", [&](ByteWriter& l) {
        for (auto group : spec.key_shares) {
          l.u16(group);
          l.prefixed(2, "key_exchange", [&](ByteWriter& k) { k.bytes(key_share_public(group)); });
        }
      });
    });
    extension(w, kPskKeyExchangeModes, [](ByteWriter& b) {
      b.u8(1);  // one mode: psk_dhe_ke (required alongside key_share, RFC 8446 §4.2.9)
      b.u8(1);
    });
  }
  if (spec.renegotiation_info)
    extension(w, kRenegotiationInfo,
              [](ByteWriter& b) { b.u8(0); });  // empty renegotiated_connection
}

}  // namespace

std::vector<std::uint8_t> build_client_hello(const obs::ClientHelloSpec& spec) {
  const bool tls13 = std::find(spec.supported_versions.begin(), spec.supported_versions.end(),
                               kTls13) != spec.supported_versions.end();
  ByteWriter body;
  body.u16(spec.legacy_version);
  body.bytes(random_bytes(32));
  body.prefixed(1, "legacy_session_id", [&](ByteWriter& b) {
    b.bytes(tls13 ? random_bytes(32) : std::vector<std::uint8_t>{});
  });
  u16_list(body, 2, "cipher_suites", spec.suites);
  body.prefixed(1, "compression_methods", [&](ByteWriter& b) { b.bytes(spec.compression); });
  ByteWriter extensions;
  write_extensions(extensions, spec, tls13);
  if (extensions.size() > 0)
    body.prefixed(2, "extensions", [&](ByteWriter& b) { b.bytes(extensions.data()); });

  ByteWriter handshake;
  handshake.u8(handshake::kClientHello);
  handshake.prefixed(3, "ClientHello", [&](ByteWriter& h) { h.bytes(body.data()); });
  if (handshake.size() > kMaxPlaintextRecord)
    throw WireError("ClientHello of " + std::to_string(handshake.size()) +
                    " bytes does not fit in one TLS record (max " +
                    std::to_string(kMaxPlaintextRecord) + ")");

  ByteWriter record;
  record.u8(content::kHandshake);
  record.u16(spec.record_version);
  record.prefixed(2, "record", [&](ByteWriter& r) { r.bytes(handshake.data()); });
  return record.take();
}

std::vector<std::uint16_t> default_signature_algorithms() {
  return {
      0x0804, 0x0805, 0x0806,  // rsa_pss_rsae_sha256/384/512
      0x0809, 0x080A, 0x080B,  // rsa_pss_pss_sha256/384/512
      0x0401, 0x0501, 0x0601,  // rsa_pkcs1_sha256/384/512
      0x0403, 0x0503, 0x0603,  // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
      0x0807, 0x0808,          // ed25519, ed448
      0x0201, 0x0203,          // rsa_pkcs1_sha1, ecdsa_sha1: legacy servers only, so last
  };
}

}  // namespace medtls::wire
