#pragma once
// TLS code points used by the builder, the parser and the probes (RFC 8446 §4, §5, §6; RFC 6066;
// RFC 7301; RFC 7366; RFC 7627; RFC 5746), named once.
#include <cstdint>

namespace medtls::wire {

namespace content {  // record ContentType
constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kApplicationData = 23;
}  // namespace content

namespace handshake {  // HandshakeType
constexpr std::uint8_t kHelloRequest = 0;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kCertificate = 11;
constexpr std::uint8_t kServerKeyExchange = 12;
constexpr std::uint8_t kCertificateRequest = 13;
constexpr std::uint8_t kServerHelloDone = 14;
constexpr std::uint8_t kCertificateStatus = 22;
}  // namespace handshake

namespace ext {  // ExtensionType
constexpr std::uint16_t kServerName = 0;
constexpr std::uint16_t kTruncatedHmac = 4;
constexpr std::uint16_t kStatusRequest = 5;
constexpr std::uint16_t kSupportedGroups = 10;
constexpr std::uint16_t kEcPointFormats = 11;
constexpr std::uint16_t kSignatureAlgorithms = 13;
constexpr std::uint16_t kAlpn = 16;
constexpr std::uint16_t kEncryptThenMac = 22;
constexpr std::uint16_t kExtendedMasterSecret = 23;
constexpr std::uint16_t kSessionTicket = 35;
constexpr std::uint16_t kSupportedVersions = 43;
constexpr std::uint16_t kPskKeyExchangeModes = 45;
constexpr std::uint16_t kSignatureAlgorithmsCert = 50;
constexpr std::uint16_t kKeyShare = 51;
constexpr std::uint16_t kRenegotiationInfo = 0xFF01;
}  // namespace ext

namespace alert {  // AlertLevel and the AlertDescriptions the probes look for
constexpr std::uint8_t kWarning = 1;
constexpr std::uint8_t kFatal = 2;
constexpr std::uint8_t kCloseNotify = 0;
constexpr std::uint8_t kUnrecognizedName = 112;
constexpr std::uint8_t kNoApplicationProtocol = 120;
}  // namespace alert

}  // namespace medtls::wire
