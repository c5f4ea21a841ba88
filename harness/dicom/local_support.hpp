#pragma once
// Whether the linked OpenSSL can negotiate a version, or a suite at a version, at all: the TLS
// scan sees ServerHellos for suites no OpenSSL build here can finish a handshake with
// (Camellia-GCM, 3DES, SSLv3 …); those get no connection in the association matrix.
#include <cstdint>
#include <optional>
#include <string>

#include "common/tls_version.hpp"
#include "suites/registry.hpp"

namespace medtls::dicom {

// "" when a client context limited to `version` (and `suite`) still offers something; else the
// reason in words.
std::string local_limitation(TlsVersion version, std::optional<std::uint16_t> suite,
                             const suites::Registry& registry);

// "OpenSSL 3.0.x …" of the linked library.
std::string local_tls_library();

}  // namespace medtls::dicom
