#include "tls/handshake/capture.hpp"

#include <algorithm>

#include "tls/handshake/alert_event.hpp"

#include <cstddef>

namespace medtls::handshake {

namespace {

constexpr int kCertificateMessage = 11;  // HandshakeType certificate

Capture& capture_of(const SSL* ssl) {
  return *static_cast<Capture*>(SSL_get_app_data(ssl));
}

std::size_t u24(const unsigned char* p) {
  return static_cast<std::size_t>(p[0]) << 16 | static_cast<std::size_t>(p[1]) << 8 | p[2];
}

// Entries in a Certificate handshake message (header included), or nullopt when malformed.
std::optional<int> count_certificates(const unsigned char* msg, std::size_t size, bool tls13) {
  std::size_t pos = 4;
  if (tls13) {  // certificate_request_context<0..255>
    if (pos >= size) return std::nullopt;
    pos += 1 + msg[pos];
  }
  if (pos + 3 > size) return std::nullopt;
  const std::size_t end = pos + 3 + u24(msg + pos);
  pos += 3;
  if (end > size) return std::nullopt;
  int count = 0;
  while (pos + 3 <= end) {
    pos += 3 + u24(msg + pos);
    if (tls13) {  // extensions<0..2^16-1> of each CertificateEntry
      if (pos + 2 > end) return std::nullopt;
      pos += 2 + (static_cast<std::size_t>(msg[pos]) << 8 | msg[pos + 1]);
    }
    if (pos > end) return std::nullopt;
    ++count;
  }
  return count;
}

// Alerts in both directions. A TLS 1.3 alert other than close_notify/user_canceled is fatal
// whatever its level field says (RFC 8446 §6); TLS <= 1.2 warnings are left out.
// Also keeps the last handshake state, since after a failure OpenSSL's state reads "error".
void on_info(const SSL* ssl, int where, int value) {
  auto& c = capture_of(ssl);
  if (where & SSL_CB_LOOP) c.last_state = SSL_state_string_long(ssl);
  const auto alert = alert_event(ssl, where, value);
  if (!alert) return;
  if (alert->received && alert->close_notify) c.close_notify = true;
  if (!alert->fatal) return;
  auto& slot = alert->received ? c.alert_received : c.alert_sent;
  if (!slot) slot = alert->description;
}

// Sees our own Certificate message, to state how many certificates we really sent.
void on_message(int write_p, int /*version*/, int content_type, const void* buf, std::size_t len,
                SSL* ssl, void* arg) {
  if (!write_p || content_type != SSL3_RT_HANDSHAKE || len < 4) return;
  const auto* msg = static_cast<const unsigned char*>(buf);
  if (msg[0] != kCertificateMessage) return;
  auto& c = *static_cast<Capture*>(arg);
  c.certificates_sent = count_certificates(msg, len, SSL_version(ssl) >= TLS1_3_VERSION);
}

// Runs only when the server sent a CertificateRequest (before the client certificate is chosen).
int on_certificate_request(SSL* /*ssl*/, void* arg) {
  static_cast<Capture*>(arg)->certificate_requested = true;
  return 1;
}

// OpenSSL calls this only when no usable certificate is configured. With one configured, that
// means OpenSSL judged it unusable for this server (e.g. no shared signature algorithm).
int on_client_certificate(SSL* ssl, X509** /*cert*/, EVP_PKEY** /*key*/) {
  auto& c = capture_of(ssl);
  if (SSL_get_certificate(ssl) != nullptr) c.configured_certificate_unusable = true;
  return 0;  // send no certificate
}

int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto& c = capture_of(ssl);
  c.session_ticket = true;
  ++c.session_tickets;
  c.max_early_data = std::max(c.max_early_data, SSL_SESSION_get_max_early_data(session));
  return 0;  // not kept: OpenSSL frees the session
}

}  // namespace

void install_context_callbacks(SSL_CTX* ctx) {
  SSL_CTX_set_client_cert_cb(ctx, on_client_certificate);
  // The new-session callback fires only with client-side caching on; nothing is stored.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

void attach_capture(SSL* ssl, Capture& capture) {
  SSL_set_app_data(ssl, &capture);
  SSL_set_info_callback(ssl, on_info);
  SSL_set_msg_callback(ssl, on_message);
  SSL_set_msg_callback_arg(ssl, &capture);
  SSL_set_cert_cb(ssl, on_certificate_request, &capture);
}

}  // namespace medtls::handshake
