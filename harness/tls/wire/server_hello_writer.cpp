#include "tls/wire/server_hello_writer.hpp"

#include <algorithm>
#include <string>

#include "tls/wire/byte_writer.hpp"
#include "tls/wire/client_hello.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/key_share.hpp"

namespace medtls::wire {

std::vector<std::uint8_t> handshake_records(std::uint8_t type,
                                            const std::vector<std::uint8_t>& body,
                                            std::uint16_t record_version) {
  ByteWriter message;
  message.u8(type);
  message.prefixed(3, "handshake message", [&](ByteWriter& m) { m.bytes(body); });
  const auto& bytes = message.data();
  ByteWriter records;
  for (std::size_t at = 0; at < bytes.size(); at += kMaxPlaintextRecord) {
    const std::size_t n = std::min(kMaxPlaintextRecord, bytes.size() - at);
    records.u8(content::kHandshake);
    records.u16(record_version);
    records.u16(static_cast<std::uint16_t>(n));
    records.bytes(bytes.data() + at, n);
  }
  return records.take();
}

std::vector<std::uint8_t> write_server_hello(const ServerHelloSpec& spec) {
  ByteWriter body;
  body.u16(spec.legacy_version);
  body.bytes(spec.random.empty() ? random_bytes(32) : spec.random);
  body.prefixed(1, "legacy_session_id_echo", [&](ByteWriter& b) { b.bytes(spec.session_id); });
  body.u16(spec.suite);
  body.u8(spec.compression);
  if (!spec.extensions.empty())
    body.prefixed(2, "ServerHello extensions", [&](ByteWriter& b) {
      for (const auto& e : spec.extensions) {
        b.u16(e.type);
        const std::size_t at = b.size();
        b.prefixed(2, "extension data", [&](ByteWriter& d) { d.bytes(e.body); });
        if (e.length_override) b.patch(at, 2, *e.length_override);
      }
    });
  if (body.size() + 4 > kMaxPlaintextRecord)
    throw WireError("ServerHello of " + std::to_string(body.size() + 4) +
                    " bytes does not fit in one TLS record (max " +
                    std::to_string(kMaxPlaintextRecord) + ")");
  return handshake_records(handshake::kServerHello, body.data(), spec.record_version);
}

std::vector<std::uint8_t> write_certificate_tls12(
    const std::vector<std::vector<std::uint8_t>>& der_chain, std::uint16_t record_version) {
  ByteWriter body;
  body.prefixed(3, "certificate_list", [&](ByteWriter& list) {
    for (const auto& der : der_chain)
      list.prefixed(3, "ASN.1Cert", [&](ByteWriter& c) { c.bytes(der); });
  });
  return handshake_records(handshake::kCertificate, body.data(), record_version);
}

std::vector<std::uint8_t> write_server_hello_done(std::uint16_t record_version) {
  return handshake_records(handshake::kServerHelloDone, {}, record_version);
}

}  // namespace medtls::wire

namespace medtls::wire::make_server {

Extension supported_versions(std::uint16_t selected) {
  ByteWriter w;
  w.u16(selected);
  return Extension{ext::kSupportedVersions, w.take(), std::nullopt};
}

Extension key_share(std::uint16_t group) {
  return key_share(group, key_share_public(group));
}

Extension key_share(std::uint16_t group, const std::vector<std::uint8_t>& key_exchange) {
  ByteWriter w;
  w.u16(group);
  w.prefixed(2, "key_exchange", [&](ByteWriter& k) { k.bytes(key_exchange); });
  return Extension{ext::kKeyShare, w.take(), std::nullopt};
}

}  // namespace medtls::wire::make_server
