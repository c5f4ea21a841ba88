#pragma once
#include <string>

namespace medtls::probe {
// Names a Diffie-Hellman prime (hex, as sent in a ServerKeyExchange) when it is one of the
// well-known groups OpenSSL knows (ffdhe2048 … ffdhe8192 of RFC 7919, modp_1536 … modp_8192 of
// RFC 3526, dh_1024_160 / dh_2048_224 / dh_2048_256 of RFC 5114); "" otherwise.
std::string dh_group_name(const std::string& p_hex);
}  // namespace medtls::probe
