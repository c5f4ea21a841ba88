#include "tls/wire/hello_extensions.hpp"

#include "tls/wire/byte_writer.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/key_share.hpp"

namespace medtls::wire::make {

namespace {

template <class Body>
Extension with_body(std::uint16_t type, Body&& body) {
  ByteWriter w;
  body(w);
  return Extension{type, w.take(), std::nullopt};
}

void u16_list(ByteWriter& w, int width, const char* what, const std::vector<std::uint16_t>& v) {
  w.prefixed(width, what, [&](ByteWriter& b) {
    for (auto x : v) b.u16(x);
  });
}

void u8_list(ByteWriter& w, const char* what, const std::vector<std::uint8_t>& v) {
  w.prefixed(1, what, [&](ByteWriter& b) { b.bytes(v); });
}

}  // namespace

Extension server_name(const std::string& host) {
  return with_body(ext::kServerName, [&](ByteWriter& b) {
    b.prefixed(2, "server_name_list", [&](ByteWriter& l) {
      l.u8(0);  // host_name
      l.prefixed(2, "server_name", [&](ByteWriter& n) {
        n.bytes(reinterpret_cast<const std::uint8_t*>(host.data()), host.size());
      });
    });
  });
}

Extension supported_groups(const std::vector<std::uint16_t>& groups) {
  return with_body(ext::kSupportedGroups,
                   [&](ByteWriter& b) { u16_list(b, 2, "supported_groups", groups); });
}

Extension ec_point_formats(const std::vector<std::uint8_t>& formats) {
  return with_body(ext::kEcPointFormats,
                   [&](ByteWriter& b) { u8_list(b, "ec_point_format_list", formats); });
}

Extension signature_algorithms(const std::vector<std::uint16_t>& schemes) {
  return with_body(ext::kSignatureAlgorithms,
                   [&](ByteWriter& b) { u16_list(b, 2, "signature_algorithms", schemes); });
}

Extension alpn(const std::vector<std::string>& protocols) {
  return with_body(ext::kAlpn, [&](ByteWriter& b) {
    b.prefixed(2, "protocol_name_list", [&](ByteWriter& l) {
      for (const auto& name : protocols) {
        if (name.empty() || name.size() > 255)
          throw WireError("ALPN protocol name of " + std::to_string(name.size()) +
                          " bytes (must be 1..255)");
        l.u8(static_cast<std::uint8_t>(name.size()));
        l.bytes(reinterpret_cast<const std::uint8_t*>(name.data()), name.size());
      }
    });
  });
}

Extension empty(std::uint16_t type) {
  return Extension{type, {}, std::nullopt};
}

Extension status_request_ocsp() {
  return with_body(ext::kStatusRequest, [](ByteWriter& b) {
    b.u8(1);   // status_type ocsp
    b.u16(0);  // responder_id_list: none
    b.u16(0);  // request_extensions: none
  });
}

Extension supported_versions(const std::vector<std::uint16_t>& versions) {
  return with_body(ext::kSupportedVersions,
                   [&](ByteWriter& b) { u16_list(b, 1, "supported_versions", versions); });
}

Extension key_share(const std::vector<std::uint16_t>& groups) {
  std::vector<KeyShareEntry> entries;
  for (auto group : groups) entries.push_back({group, key_share_public(group)});
  return key_share(entries);
}

Extension key_share(const std::vector<KeyShareEntry>& entries) {
  return with_body(ext::kKeyShare, [&](ByteWriter& b) {
    b.prefixed(2, "client_shares", [&](ByteWriter& l) {
      for (const auto& e : entries) {
        l.u16(e.group);
        l.prefixed(2, "key_exchange", [&](ByteWriter& k) { k.bytes(e.key_exchange); });
      }
    });
  });
}

Extension psk_key_exchange_modes(const std::vector<std::uint8_t>& modes) {
  return with_body(ext::kPskKeyExchangeModes,
                   [&](ByteWriter& b) { u8_list(b, "ke_modes", modes); });
}

Extension renegotiation_info(const std::vector<std::uint8_t>& renegotiated_connection) {
  return with_body(ext::kRenegotiationInfo, [&](ByteWriter& b) {
    u8_list(b, "renegotiated_connection", renegotiated_connection);
  });
}

}  // namespace medtls::wire::make
