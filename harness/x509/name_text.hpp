#pragma once
// Distinguished names as one-line text for evidence: RFC 2253 order and escaping, with UTF-8
// kept as it is (not \XX escapes) so names stay readable in reports.
#include <openssl/x509.h>

#include <string>

namespace medtls::x509 {

// "" when the name cannot be printed.
std::string name_text(const X509_NAME* name);

}  // namespace medtls::x509
