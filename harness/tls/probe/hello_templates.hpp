#pragma once
// The ClientHellos the prober starts from: one per protocol version, shaped like a normal
// client of that version so that a server's answer reflects its real configuration.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/tls_names.hpp"
#include "common/tls_version.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"

namespace medtls::probe {

// Groups a modern client offers (strong EC and finite-field groups).
const std::vector<std::uint16_t>& default_groups();
// Every group worth testing for support, weak ones included (so that accepting them shows), of
// one family or (nullopt) of all.
std::vector<std::uint16_t> all_probe_groups(std::optional<GroupFamily> family = std::nullopt,
                                            bool include_hybrid = false);
// Key shares sent in TLS 1.3 hellos: x25519 and secp256r1.
const std::vector<std::uint16_t>& default_key_shares();

// A ClientHello for exactly version v, offering every candidate suite of the registry.
obs::ClientHelloSpec base_hello(TlsVersion v, const suites::Registry& registry,
                                const std::string& sni);

}  // namespace medtls::probe
