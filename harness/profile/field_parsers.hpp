#pragma once
// Readers for the values rules are made of (versions, suite codes, suite matches), each
// checked against the vocabularies it names: version names, the cipher-suite registry and its
// attribute values.
#include <cstdint>
#include <vector>

#include "common/tls_version.hpp"
#include "profile/json_node.hpp"
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

// "TLSv1.2" (the report's names: SSLv3, TLSv1.0 … TLSv1.3).
TlsVersion read_version(const Node& node);
// An array of version names, or the string "all".
std::vector<TlsVersion> read_versions(const Node& node);
// "0xC02F" (or IANA's "0xC0,0x2F"), present in the registry, not a signalling value, and
// negotiable in at least one of `versions`.
std::uint16_t read_suite(const Node& node, const suites::Registry& registry,
                         const std::vector<TlsVersion>& versions);
std::vector<std::uint16_t> read_suites(const Node& node, const suites::Registry& registry,
                                       const std::vector<TlsVersion>& versions);
// An alert name as tls_names.hpp spells it, without the "(70)": "protocol_version".
std::uint8_t read_alert(const Node& node);
// A suite match object (see SuiteMatch); must constrain something.
SuiteMatch read_match(const Node& node, const suites::Registry& registry);

}  // namespace medtls::profile
