#pragma once
// The DICOM layer of a dicom:// scan, run after the TLS scan: associations through DCMTK over
// TLS (OpenSSL settings of our own, the SSL* of each connection read back), cleartext
// associations to check that TLS is enforced, AE-title and User Identity variants, and the
// client certificates the TLS layer let through. C-ECHO only, unless store_test asks for one
// synthetic Secondary Capture C-STORE. Records; never judges.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/deadline.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "x509/client_vectors.hpp"

namespace medtls::dicom {

struct UserIdentityInput {
  std::string user;      // --user
  std::string passcode;  // --passcode (needs --user)
  std::string jwt;       // --jwt
  bool any() const { return !user.empty() || !jwt.empty(); }
};

struct DicomOptions {
  std::string host;  // as given in the URL (name or IP literal)
  std::uint16_t port = 0;
  std::string sni;  // server_name to send ("" none), the same as the TLS scan's
  std::string calling_ae = "MEDTLS";
  std::string called_ae = "ANY-SCP";
  std::chrono::milliseconds timeout{5000};  // per phase: connect+handshake, AC, C-ECHO, release
  int max_connections = 250;                // what is left of the scan's budget for the DICOM layer
  std::chrono::milliseconds delay{0};       // pause between connections (rate limit)
  Deadline deadline;                        // the target's --deadline (shared with the TLS scan)

  // The user's own settings: trust anchors (to record whether the channel's server certificate
  // is trusted; never to refuse it), and the client certificate to present (null: none).
  std::string ca_file;
  X509* client_cert = nullptr;  // not owned
  EVP_PKEY* client_key = nullptr;
  std::vector<X509*> client_chain;       // intermediates sent after client_cert (not owned)
  std::string client_certificate_label;  // "--cert FILE" (for the evidence)

  bool association_matrix = false;          // once per accepted version and per accepted suite
  std::optional<std::uint16_t> plain_port;  // --plain-port: cleartext DICOM on another port
  bool ae_title_checks = true;              // unknown calling AE, wrong called AE
  bool client_certificate_checks = true;    // bad client certificates the TLS layer let through
  UserIdentityInput identity;
  bool store_test = false;  // C-STORE one synthetic Secondary Capture (no patient data)
};

// The bad client certificates of the mutual-authentication matrix (called only when some case
// was accepted, or not decided, at the TLS layer).
using ClientVectorSource = std::function<const std::vector<x509::ClientVector>&()>;

// Runs the DICOM checks against a target whose TLS layer `tls` describes (accepted versions and
// suites for the matrix, the mutual-authentication matrix for the bad certificates). Never
// throws for network, TLS or DICOM trouble: each ends in a recorded result with its reason,
// within the timeouts.
obs::DicomObservations scan_dicom(const DicomOptions& options, const obs::TlsObservations& tls,
                                  const suites::Registry& registry,
                                  const ClientVectorSource& client_vectors = {});

}  // namespace medtls::dicom
