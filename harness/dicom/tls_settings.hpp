#pragma once
// What one association's TLS client offers: our own OpenSSL settings, applied to the SSL_CTX
// of DCMTK's transport layer and to each SSL object we create for it.
#include <openssl/ssl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/tls_version.hpp"

namespace medtls::dicom {

struct TlsSettings {
  TlsVersion min_version = TlsVersion::TLSv1_2;
  TlsVersion max_version = TlsVersion::TLSv1_3;
  // Versions between min and max not to offer (switched off with SSL_OP_NO_*), so that exactly
  // the versions a scan saw accepted are offered even when they are not contiguous.
  std::vector<TlsVersion> disabled_versions;
  std::string cipher_list = "ALL:@SECLEVEL=0";  // TLS <= 1.2 (OpenSSL cipher string)
  std::optional<std::string> tls13_suites;      // TLS 1.3; nullopt: OpenSSL's default
  std::string sni;                              // "" → no server_name
  std::vector<std::string> alpn = {"dicom"};    // empty → no ALPN extension
  // Trust anchors for the peer verification record ("" → not checked) and the name or IP the
  // server certificate must match. Never used to refuse the server.
  std::string ca_file;
  std::string verify_host;
  // The client certificate to present (not owned; null → none) and what it is, for evidence.
  X509* client_cert = nullptr;
  EVP_PKEY* client_key = nullptr;
  std::vector<X509*> client_chain;
  std::string client_certificate = "none";
  // --association-matrix: what was forced (recorded in the channel).
  std::string forced_version;
  std::optional<std::uint16_t> forced_suite;
};

}  // namespace medtls::dicom
