#pragma once
// One alert as OpenSSL's info callback reports it, with its direction and whether it ends the
// connection. Shared by every info callback, so the direction test lives in one place.
#include <openssl/ssl.h>

#include <cstdint>
#include <optional>

namespace medtls::handshake {

struct AlertEvent {
  bool received = false;  // from the peer (false: OpenSSL sent it)
  std::uint8_t description = 0;
  bool close_notify = false;
  bool fatal = false;  // ends the connection (TLS 1.3: every alert but user_canceled)
};

// nullopt when the callback is not about an alert.
std::optional<AlertEvent> alert_event(const SSL* ssl, int where, int value);

}  // namespace medtls::handshake
