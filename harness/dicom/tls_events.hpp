#pragma once
// What OpenSSL's info callback reports during one TLS connection: the alerts in each direction
// and the last handshake state. The SSL object's app data points at the TlsEvents, so the
// callback needs no global state.
#include <openssl/ssl.h>

#include <cstdint>
#include <optional>

namespace medtls::dicom {

struct TlsEvents {
  std::optional<std::uint8_t> alert_received;  // first fatal alert from the peer
  std::optional<std::uint8_t> alert_sent;      // first fatal alert OpenSSL sent
  bool close_notify_received = false;
  const char* last_state = nullptr;  // OpenSSL's last handshake state (static text)
};

// `events` must outlive every use of `ssl`.
void attach_tls_events(SSL* ssl, TlsEvents& events);

}  // namespace medtls::dicom
