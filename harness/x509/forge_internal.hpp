#pragma once
// Helpers shared by the forge_*.cpp files (not part of the public forge API).
#include <openssl/asn1.h>
#include <openssl/x509.h>

#include <cstdint>
#include <string>

#include "x509/forge.hpp"

namespace medtls::x509::forge_detail {

// Throws ForgeError "what: <first OpenSSL error>" and clears the OpenSSL error queue, so that a
// later, unrelated failure does not report this one.
[[noreturn]] void fail(const std::string& what);

// Sets an ASN1_TIME to a UNIX time (UTCTime before 2050, GeneralizedTime after, as RFC 5280 asks).
void set_time(ASN1_TIME* field, std::int64_t unix_time, const char* what);

// Adds basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, subjectKeyIdentifier and
// authorityKeyIdentifier from `spec`. `issuer` is the issuing certificate, or `cert` itself
// when self-signed.
void add_extensions(X509* cert, const CertSpec& spec, X509* issuer);

}  // namespace medtls::x509::forge_detail
