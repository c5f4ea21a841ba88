#include "tls/wire/client_hello_parser.hpp"

#include <algorithm>

#include "common/codes.hpp"
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

// A length-prefixed block that may claim more than the bytes hold: the bytes there are, with the
// discrepancy noted. (A prefix that is itself cut short throws.)
template <class Note>
ByteReader cut_block(ByteReader& r, std::size_t length, const char* what, const Note& note) {
  if (length <= r.remaining()) return r.sub(length, what);
  note(std::string(what) + " claims " + std::to_string(length) + " bytes, only " +
       std::to_string(r.remaining()) + " present");
  return r.sub(r.remaining(), what);
}
template <class Note>
ByteReader cut_vec16(ByteReader& r, const char* what, const Note& note) {
  const std::size_t length = r.u16();
  return cut_block(r, length, what, note);
}
template <class Note>
ByteReader cut_vec24(ByteReader& r, const char* what, const Note& note) {
  const std::size_t length = r.u24();
  return cut_block(r, length, what, note);
}

// RFC 6066 §3: a ServerNameList of (name_type, opaque name<1..2^16-1>) entries; the host_name
// (type 0) is taken, and a second host_name is an error (at most one name per type).
void read_server_name(ByteReader data, OfferedHello& offer) {
  auto list = data.vec16("ClientHello server_name");
  data.expect_end();
  if (list.empty()) throw WireError("ClientHello server_name: empty server_name_list");
  bool host_name = false;
  while (!list.empty()) {
    const std::uint8_t type = list.u8();
    auto name = list.vec16("ClientHello server_name entry");
    if (type != 0) continue;
    if (host_name) throw WireError("ClientHello server_name: more than one host_name");
    host_name = true;
    offer.server_name.assign(reinterpret_cast<const char*>(name.current()), name.remaining());
    if (name.empty()) throw WireError("ClientHello server_name: empty host_name");
  }
}

void read_extension(const Extension& e, OfferedHello& offer) {
  ByteReader data(e.body.data(), e.body.size(), "ClientHello extension");
  switch (e.type) {
    case ext::kServerName:
      read_server_name(data, offer);
      break;
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
    case ext::kSignatureAlgorithmsCert: {
      auto list = data.vec16("ClientHello signature_algorithms_cert");
      data.expect_end();
      offer.signature_algorithms_cert = u16_list(list);
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
        if (name.empty()) throw WireError("ClientHello ALPN: empty protocol name");
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
  auto read = read_client_hello(data, size);
  if (!read.error.empty()) throw WireError(read.error);
  return std::move(read.hello);
}

ClientHelloRead read_client_hello(const std::uint8_t* data, std::size_t size) {
  ClientHelloRead out;
  ClientHello& hello = out.hello;
  // Nothing is said that was not read: no builder defaults.
  hello.record_version = 0;
  hello.legacy_version = 0;
  hello.compression_methods.clear();
  const auto note = [&out](const std::string& error) {
    if (out.error.empty()) out.error = error;
  };
  // Reassemble the handshake bytes from the records.
  std::vector<std::uint8_t> handshake_bytes;
  try {
    ByteReader records(data, size, "ClientHello record");
    bool first = true;
    while (!records.empty()) {
      const std::size_t at = records.offset();
      if (records.remaining() < 5)
        throw WireError("ClientHello: record header cut short (" +
                        std::to_string(records.remaining()) + " byte(s) at offset " +
                        std::to_string(at) + ")");
      const std::uint8_t type = records.u8();
      const std::uint16_t version = records.u16();  // any
      if (first) hello.record_version = version;
      first = false;
      if (type != content::kHandshake)
        throw WireError("ClientHello: record of content type " + std::to_string(type) +
                        " at offset " + std::to_string(at));
      auto fragment = cut_vec16(records, "ClientHello record", note);
      if (handshake_bytes.size() + fragment.remaining() > kMaxHello)
        throw WireError("ClientHello: more than " + std::to_string(kMaxHello) + " bytes");
      const auto bytes = fragment.rest();
      handshake_bytes.insert(handshake_bytes.end(), bytes.begin(), bytes.end());
    }
  } catch (const WireError& e) {
    note(e.what());
  }
  if (handshake_bytes.empty()) {
    note("ClientHello: no handshake bytes");
    return out;
  }

  try {
    ByteReader message(handshake_bytes.data(), handshake_bytes.size(), "ClientHello");
    if (message.u8() != handshake::kClientHello)
      throw WireError("ClientHello: not a ClientHello handshake message (type " +
                      std::to_string(handshake_bytes[0]) + ")");
    auto body = cut_vec24(message, "ClientHello", note);
    hello.legacy_version = body.u16();
    hello.random = body.bytes(32);
    hello.session_id = body.vec8("ClientHello legacy_session_id").rest();
    hello.cipher_suites = u16_list(body.vec16("ClientHello cipher_suites"));
    hello.compression_methods = body.vec8("ClientHello compression_methods").rest();
    if (!body.empty()) {
      auto extensions = cut_vec16(body, "ClientHello extensions", note);
      hello.empty_extensions_block = extensions.empty();
      while (!extensions.empty()) {
        Extension e;
        e.type = extensions.u16();
        const std::uint16_t length = extensions.u16();
        if (length > extensions.remaining())
          throw WireError("ClientHello extension " + format_code(e.type) + " claims " +
                          std::to_string(length) + " bytes, only " +
                          std::to_string(extensions.remaining()) + " left");
        e.body = extensions.bytes(length);
        hello.extensions.push_back(std::move(e));
      }
      body.expect_end();
    }
    if (!message.empty())
      throw WireError("ClientHello: " + std::to_string(message.remaining()) +
                      " byte(s) after the ClientHello message");
  } catch (const WireError& e) {
    note(e.what());
  }
  return out;
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

void read_offered_extension(const Extension& extension, OfferedHello& offer) {
  read_extension(extension, offer);
}

}  // namespace medtls::wire
