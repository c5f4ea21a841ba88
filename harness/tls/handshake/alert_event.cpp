#include "tls/handshake/alert_event.hpp"

namespace medtls::handshake {

namespace {
constexpr std::uint8_t kCloseNotify = 0;
constexpr std::uint8_t kUserCanceled = 90;
}  // namespace

std::optional<AlertEvent> alert_event(const SSL* ssl, int where, int value) {
  if (!(where & SSL_CB_ALERT)) return std::nullopt;
  AlertEvent e;
  // SSL_CB_READ_ALERT and SSL_CB_WRITE_ALERT share the SSL_CB_ALERT bit, so testing either
  // constant matches both: the direction is in SSL_CB_READ / SSL_CB_WRITE.
  e.received = (where & SSL_CB_READ) != 0;
  e.description = static_cast<std::uint8_t>(value & 0xff);
  e.close_notify = e.description == kCloseNotify;
  const int level = value >> 8;
  e.fatal = !e.close_notify && (level == SSL3_AL_FATAL || (SSL_version(ssl) >= TLS1_3_VERSION &&
                                                           e.description != kUserCanceled));
  return e;
}

}  // namespace medtls::handshake
