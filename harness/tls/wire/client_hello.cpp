#include "tls/wire/client_hello.hpp"

#include <openssl/rand.h>

#include <string>

#include "tls/wire/byte_writer.hpp"
#include "tls/wire/code_points.hpp"

namespace medtls::wire {

namespace {

// A length-prefixed block whose prefix is the true length unless `length` says otherwise.
template <class Body>
void block(ByteWriter& w, int width, const char* what, std::optional<std::uint32_t> length,
           Body&& body) {
  const std::size_t at = w.size();
  w.prefixed(width, what, body);
  if (length) w.patch(at, width, *length);
}

void write_extensions(ByteWriter& w, const std::vector<Extension>& extensions) {
  for (const auto& e : extensions) {
    w.u16(e.type);
    block(w, 2, "extension data", e.length_override, [&](ByteWriter& b) { b.bytes(e.body); });
  }
}

}  // namespace

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    throw WireError("RAND_bytes failed while building a ClientHello");
  return out;
}

std::vector<std::uint8_t> encode_client_hello(const ClientHello& hello) {
  const auto& lengths = hello.lengths;
  ByteWriter body;
  body.u16(hello.legacy_version);
  body.bytes(hello.random.empty() ? random_bytes(32) : hello.random);
  block(body, 1, "legacy_session_id", lengths.session_id,
        [&](ByteWriter& b) { b.bytes(hello.session_id); });
  block(body, 2, "cipher_suites", lengths.cipher_suites, [&](ByteWriter& b) {
    for (auto suite : hello.cipher_suites) b.u16(suite);
  });
  block(body, 1, "compression_methods", lengths.compression,
        [&](ByteWriter& b) { b.bytes(hello.compression_methods); });
  if (!hello.extensions.empty() || hello.empty_extensions_block)
    block(body, 2, "extensions", lengths.extensions_block,
          [&](ByteWriter& b) { write_extensions(b, hello.extensions); });

  ByteWriter handshake;
  handshake.u8(handshake::kClientHello);
  block(handshake, 3, "ClientHello", lengths.handshake,
        [&](ByteWriter& h) { h.bytes(body.data()); });
  if (handshake.size() > kMaxPlaintextRecord)
    throw WireError("ClientHello of " + std::to_string(handshake.size()) +
                    " bytes does not fit in one TLS record (max " +
                    std::to_string(kMaxPlaintextRecord) + ")");

  ByteWriter record;
  record.u8(content::kHandshake);
  record.u16(hello.record_version);
  block(record, 2, "record", lengths.record, [&](ByteWriter& r) { r.bytes(handshake.data()); });
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
