#pragma once
// A ServerHello may only pick what its ClientHello offered. These are the checks a TLS client
// makes before it goes on (RFC 8446 §4.1.3, §4.1.4, §4.2, §4.2.1, §4.2.8; RFC 5246 §7.4.1.3,
// §7.4.1.4; RFC 7301 §3.2): a reply that fails one is a protocol violation — recorded, reported,
// and counted neither as acceptance nor as refusal.
#include <string>
#include <vector>

#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "tls/wire/client_hello_parser.hpp"

namespace medtls::probe {

// One sentence per violation, with its RFC clause; empty when `reply` (outcome server_hello or
// hello_retry_request) is a lawful answer to `offered`.
std::vector<std::string> server_hello_violations(const wire::OfferedHello& offered,
                                                 const obs::ServerReply& reply,
                                                 const suites::Registry& registry);

}  // namespace medtls::probe
