#pragma once
// Derives a suite's attributes (key exchange, authentication, cipher, mode, hash, key sizes,
// flags, oldest version) from its IANA name alone, e.g.
//   TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256  ->  ECDHE / RSA / AES / GCM / SHA256, 128 bits.
// The registry CSV has no machine-readable attributes, and the names follow a stable grammar:
//   TLS_<kx>[_EXPORT[1024]]_WITH_<cipher>[_<bits>][_<mode>][_<hash>]   (TLS 1.0-1.2)
//   TLS_<cipher>_<bits>_<mode>_<hash> | TLS_<hash>_<hash>              (TLS 1.3)
//   TLS_*_SCSV                                                         (signalling values)
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "suites/registry.hpp"

namespace medtls::suites {

// The name does not follow the grammar; what() says which part was not understood.
class NameError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Fills every field of CipherSuite except openssl_name. Throws NameError.
CipherSuite derive_suite(std::uint16_t code, std::string_view iana_name);

}  // namespace medtls::suites
