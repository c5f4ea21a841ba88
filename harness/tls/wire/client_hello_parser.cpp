#include "tls/wire/client_hello_parser.hpp"

#include <algorithm>

#include "tls/wire/byte_reader.hpp"
#include "tls/wire/code_points.hpp"

namespace medtls::wire {

namespace {

constexpr std::size_t kMaxHello = 1 << 17;  // a ClientHello larger than this is not plausible

std::vector<std::uint16_t> u16_list(ByteReader r) {
  std::vector<std::uint16_t> out;
  while (!r.empty()) out.push_back(r.u16());
  return out;
}

void read_extension(const Extension& e, OfferedHello& offer) {
  ByteReader data(e.body.data(), e.body.size(), "ClientHello extension");
  switch (e.type) {
    case ext::kSupportedVersions: {
      auto list = data.vec8("ClientHello supported_versions");
      data.expect_end();
      offer.supported_versions = u16_list(list);
      break;
    }
    case ext::kSupportedGroups: {
      auto list = data.vec16("ClientHello supported_groups");
      data.expect_end();
      offer.groups = u16_list(list);
      break;
    }
    case ext::kSignatureAlgorithms: {
      auto list = data.vec16("ClientHello signature_algorithms");
      data.expect_end();
      offer.signature_algorithms = u16_list(list);
      break;
    }
    case ext::kKeyShare: {
      auto list = data.vec16("ClientHello key_share");
      data.expect_end();
      while (!list.empty()) {
        offer.key_share_groups.push_back(list.u16());
        list.vec16("ClientHello KeyShareEntry");
      }
      break;
    }
    case ext::kAlpn: {
      auto list = data.vec16("ClientHello ALPN");
      data.expect_end();
      while (!list.empty()) {
        auto name = list.vec8("ClientHello ALPN protocol");
        offer.alpn.emplace_back(reinterpret_cast<const char*>(name.current()), name.remaining());
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

bool OfferedHello::has_extension(std::uint16_t type) const {
  return std::find(extensions.begin(), extensions.end(), type) != extensions.end();
}

bool OfferedHello::offers_suite(std::uint16_t suite) const {
  return std::find(suites.begin(), suites.end(), suite) != suites.end();
}

ClientHello parse_client_hello(const std::uint8_t* data, std::size_t size) {
  ClientHello hello;
  // Reassemble the handshake bytes from the records.
  std::vector<std::uint8_t> handshake_bytes;
  ByteReader records(data, size, "ClientHello record");
  bool first = true;
  while (!records.empty()) {
    const std::uint8_t type = records.u8();
    const std::uint16_t version = records.u16();  // any
    if (first) hello.record_version = version;
    first = false;
    auto fragment = records.vec16("ClientHello record");
    if (type != content::kHandshake)
      throw WireError("ClientHello: record of content type " + std::to_string(type));
    if (handshake_bytes.size() + fragment.remaining() > kMaxHello)
      throw WireError("ClientHello: more than " + std::to_string(kMaxHello) + " bytes");
    const auto bytes = fragment.rest();
    handshake_bytes.insert(handshake_bytes.end(), bytes.begin(), bytes.end());
  }
  ByteReader message(handshake_bytes.data(), handshake_bytes.size(), "ClientHello");
  if (message.u8() != handshake::kClientHello)
    throw WireError("ClientHello: not a ClientHello handshake message");
  auto body = message.vec24("ClientHello");
  message.expect_end();

  hello.legacy_version = body.u16();
  hello.random = body.bytes(32);
  hello.session_id = body.vec8("ClientHello legacy_session_id").rest();
  hello.cipher_suites = u16_list(body.vec16("ClientHello cipher_suites"));
  hello.compression_methods = body.vec8("ClientHello compression_methods").rest();
  if (body.empty()) return hello;  // no extensions block
  auto extensions = body.vec16("ClientHello extensions");
  body.expect_end();
  hello.empty_extensions_block = extensions.empty();
  while (!extensions.empty()) {
    Extension e;
    e.type = extensions.u16();
    e.body = extensions.vec16("ClientHello extension").rest();
    hello.extensions.push_back(std::move(e));
  }
  return hello;
}

OfferedHello read_offer(const ClientHello& hello) {
  OfferedHello offer;
  offer.legacy_version = hello.legacy_version;
  offer.session_id = hello.session_id;
  offer.suites = hello.cipher_suites;
  offer.compression = hello.compression_methods;
  std::vector<std::uint16_t> decoded;
  for (const auto& e : hello.extensions) {
    offer.extensions.push_back(e.type);
    if (std::find(decoded.begin(), decoded.end(), e.type) != decoded.end()) continue;
    decoded.push_back(e.type);
    read_extension(e, offer);
  }
  return offer;
}

}  // namespace medtls::wire
