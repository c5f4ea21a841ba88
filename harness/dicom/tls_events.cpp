#include "dicom/tls_events.hpp"

#include "tls/handshake/alert_event.hpp"

namespace medtls::dicom {

namespace {

void on_info(const SSL* ssl, int where, int value) {
  auto& events = *static_cast<TlsEvents*>(SSL_get_app_data(ssl));
  if (where & SSL_CB_LOOP) events.last_state = SSL_state_string_long(ssl);
  const auto alert = handshake::alert_event(ssl, where, value);
  if (!alert) return;
  if (alert->received && alert->close_notify) events.close_notify_received = true;
  if (!alert->fatal) return;
  auto& slot = alert->received ? events.alert_received : events.alert_sent;
  if (!slot) slot = alert->description;
}

}  // namespace

void attach_tls_events(SSL* ssl, TlsEvents& events) {
  SSL_set_app_data(ssl, &events);
  SSL_set_info_callback(ssl, on_info);
}

}  // namespace medtls::dicom
