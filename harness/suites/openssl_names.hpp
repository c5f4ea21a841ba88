#pragma once
// Which suites the linked OpenSSL can negotiate, and its names for them. Probes use this to
// decide between a full OpenSSL handshake and a hand-built ClientHello (OpenSSL 3.0 has no
// Camellia-GCM, and Debian's build has no RC4, 3DES, SEED or IDEA).
#include <cstdint>
#include <map>
#include <string>

namespace medtls::suites {

// IANA code -> OpenSSL name ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256"), for every
// suite of every version at security level 0. Computed once per process; the linked library
// cannot change while we run.
const std::map<std::uint16_t, std::string>& openssl_suite_names();

}  // namespace medtls::suites
