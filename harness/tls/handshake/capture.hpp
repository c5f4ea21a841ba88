#pragma once
// What OpenSSL's callbacks observe during one handshake. The SSL object carries a pointer to
// its Capture (app data / callback argument), so the callbacks need no global state.
#include <openssl/ssl.h>

#include <cstdint>
#include <optional>

namespace medtls::handshake {

struct Capture {
  bool certificate_requested = false;            // a CertificateRequest arrived (cert callback ran)
  bool configured_certificate_unusable = false;  // OpenSSL fell back to "no certificate"
  std::optional<int> certificates_sent;          // entries in the Certificate message we sent
  std::optional<std::uint8_t> alert_received;    // first fatal alert from the server
  bool close_notify = false;
  std::optional<std::uint8_t> alert_sent;  // first fatal alert OpenSSL sent
  bool session_ticket = false;             // a NewSessionTicket was processed
  int session_tickets = 0;                 // how many
  std::uint32_t max_early_data = 0;        // their largest max_early_data_size (RFC 8446 §4.6.1)
  const char* last_state = nullptr;        // OpenSSL's last handshake state (static text)
};

// Context-wide callbacks: client-certificate fallback and new-session notification.
void install_context_callbacks(SSL_CTX* ctx);
// Binds `capture` to `ssl` and installs the per-connection callbacks. `capture` must outlive
// every use of `ssl`.
void attach_capture(SSL* ssl, Capture& capture);

}  // namespace medtls::handshake
