#pragma once
// Wording and pointers shared by the rule evaluators, so that every check names observations
// the same way ("tls.versions.TLSv1.0", "tls.attempts[3]", "0xC02F TLS_ECDHE_…").
#include <cstdint>
#include <string>
#include <vector>

#include "common/text.hpp"
#include "common/tls_version.hpp"
#include "profile/outcome.hpp"

namespace medtls::profile {

std::string version_pointer(TlsVersion v);
std::string suites_pointer(TlsVersion v);
std::string groups_pointer(TlsVersion v);
std::string attempt_pointer(int index);
std::string dhe_pointer(std::size_t index);
std::string fact_pointer(const std::string& name);
void add_attempts(std::vector<std::string>& evidence, const std::vector<int>& attempts);
void add_unique(std::vector<std::string>& evidence, const std::string& pointer);

// "0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
std::string suite_label(const suites::Registry& registry, std::uint16_t code);
// Labels joined with ", ".
std::string suite_labels(const suites::Registry& registry, const std::vector<std::uint16_t>& codes);
// "0xC02F, 0xC030"
std::string codes_text(const std::vector<std::uint16_t>& codes);

const obs::Attempt* find_attempt(const obs::TlsObservations& obs, int index);

// "TLSv1.0 refused with alert handshake_failure(40) (attempt 3)",
// "TLSv1.2 accepted: ServerHello TLSv1.2 with 0xC02F TLS_… (attempt 5)",
// "TLSv1.3 inconclusive: read timed out after 10 s (attempt 7)".
std::string describe_version(const EvalContext& ctx, TlsVersion v, const obs::VersionResult& vr);

using medtls::join;  // common/text.hpp

}  // namespace medtls::profile
