#pragma once
// What the DICOM layer is asked to do: a leaf header, included by every dicom/ file that needs
// the options (the orchestrator's header, dicom_scan.hpp, includes it too).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/target.hpp"
#include "x509/client_vectors.hpp"

namespace medtls::dicom {

struct UserIdentityInput {
  std::string user;      // --user
  std::string passcode;  // --passcode (needs --user)
  std::string jwt;       // --jwt
  bool any() const { return !user.empty() || !jwt.empty(); }
};

struct DicomOptions {
  // Host, port, SNI, timeout (per phase: connect+handshake, AC, C-ECHO, release), delay,
  // deadline and the connection budget: the scan's, shared with the TLS layer.
  Target target;
  std::string calling_ae = "MEDTLS";
  std::string called_ae = "ANY-SCP";

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

}  // namespace medtls::dicom
