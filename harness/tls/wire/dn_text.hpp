#pragma once
// Distinguished names from a CertificateRequest's certificate_authorities, as evidence text.
#include <cstddef>
#include <cstdint>
#include <string>

namespace medtls::wire {

// DER Name → one-line RFC 2253 text ("CN=Test CA,O=Example"); "unparseable DN (N bytes)" when
// the bytes are not exactly one DER Name. Never throws for bad input.
std::string distinguished_name_text(const std::uint8_t* der, std::size_t size);

}  // namespace medtls::wire
