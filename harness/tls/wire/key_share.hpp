#pragma once
// Public values for TLS 1.3 key_share entries. A probe never finishes the handshake, so the
// private halves are discarded; the public values are still real so that servers which
// validate them (point on the curve, Y in the prime-order subgroup) answer as they would to a
// real client.
#include <cstdint>
#include <vector>

namespace medtls::wire {

// key_exchange bytes for `group`, from a fresh libcrypto key pair: x25519 (32 bytes), x448 (56),
// secp256r1/384r1/521r1 (uncompressed point: 65/97/133), ffdhe2048..8192 (Y padded to the size
// of p: 256..1024). Throws WireError for any other group or when libcrypto fails.
std::vector<std::uint8_t> key_share_public(std::uint16_t group);

// Whether key_share_public can produce a value for `group`.
bool key_share_supported(std::uint16_t group);

}  // namespace medtls::wire
