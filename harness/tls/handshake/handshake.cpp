#include "tls/handshake/handshake.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <array>

#include "common/tls_names.hpp"
#include "tls/handshake/capture.hpp"
#include "tls/handshake/client_context.hpp"
#include "tls/handshake/peer_info.hpp"
#include "tls/handshake/sigpipe_guard.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::handshake {

namespace {

long long ms_since(net::Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(net::Clock::now() - start).count();
}

// Version, suite, chain, OCSP and CertificateRequest, as far as the handshake got.
void read_negotiated(SSL* ssl, const Capture& capture, HandshakeResult& r) {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
  if (cipher == nullptr) cipher = SSL_get_pending_cipher(ssl);  // ServerHello seen, no CCS yet
  if (cipher != nullptr) {
    r.version = SSL_get_version(ssl);
    r.cipher = SSL_CIPHER_standard_name(cipher);
    r.cipher_code = SSL_CIPHER_get_protocol_id(cipher);
  }
  r.peer_chain = peer_chain_der(ssl);
  r.ocsp_stapled = ocsp_response_stapled(ssl);
  r.peer_signature_scheme = peer_signature_scheme(ssl);
  r.certificate_requested = capture.certificate_requested;
  if (r.certificate_requested) r.requested_ca_names = requested_ca_names(ssl);
  r.client_certificates_sent = capture.certificates_sent;
}

// TLS 1.3 sends our Finished before the server has judged our certificate: its verdict comes
// afterwards. An alert is a refusal; a NewSessionTicket or data means it carried on.
AfterHandshake await_verdict(SSL* ssl, int fd, const Capture& capture,
                             std::chrono::milliseconds wait, net::Clock::time_point not_after,
                             std::string& note) {
  if (capture.alert_received) return AfterHandshake::alert;
  if (capture.session_ticket) return AfterHandshake::session_ticket;
  const auto start = net::Clock::now();
  std::array<unsigned char, 4096> buffer{};
  const auto step = drive(
      ssl, fd, std::min(start + wait, not_after),
      [&] { return SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size())); },
      [&] { return capture.session_ticket || capture.alert_received.has_value(); });
  const std::string after = " " + std::to_string(ms_since(start)) + " ms after our Finished";
  if (capture.alert_received) {
    note = "alert " + alert_name(*capture.alert_received) + after;
    return AfterHandshake::alert;
  }
  switch (step.end) {
    case IoEnd::done:
      note = std::to_string(step.value) + " bytes of application data" + after;
      return AfterHandshake::data;
    case IoEnd::stopped:
      note = "NewSessionTicket" + after;
      return AfterHandshake::session_ticket;
    case IoEnd::timeout:
      if (capture.session_ticket) {
        note = "NewSessionTicket" + after;
        return AfterHandshake::session_ticket;
      }
      note = "no alert, ticket or data within " + std::to_string(wait.count()) + " ms";
      return AfterHandshake::silent;
    case IoEnd::closed:
    case IoEnd::failed:
      break;
  }
  note = "connection closed without an alert" + after + " (" + step.error + ")";
  return AfterHandshake::closed;
}

std::string describe(const HandshakeResult& r, const IoStep& step, long long elapsed_ms,
                     const std::string& verdict_note, const Capture& capture) {
  std::string d;
  if (r.completed) {
    d = r.version + " handshake completed (" + r.cipher + ") in " + std::to_string(elapsed_ms) +
        " ms";
  } else if (r.timed_out) {
    d = "handshake timed out after " + std::to_string(elapsed_ms) + " ms at '" + r.step + "'";
  } else {
    d = "handshake failed at '" + r.step + "' after " + std::to_string(elapsed_ms) + " ms";
    if (r.alert)
      d += ": server sent alert " + alert_name(*r.alert);
    else if (r.closed)
      d += ": server closed the connection without an alert";
    if (r.alert_sent) d += "; OpenSSL sent alert " + alert_name(*r.alert_sent);
    if (!step.error.empty()) d += " (OpenSSL: " + step.error + ")";
  }
  d += "; server certificates: " + std::to_string(r.peer_chain.size());
  if (r.certificate_requested) {
    d += "; CertificateRequest received (" + std::to_string(r.requested_ca_names.size()) +
         " CA names)";
    if (r.client_certificates_sent)
      d += ", we sent " + std::to_string(*r.client_certificates_sent) + " certificate(s)";
    if (capture.configured_certificate_unusable)
      d += ", OpenSSL found the configured certificate unusable for this server and sent none";
  }
  if (r.ocsp_stapled) d += "; OCSP response stapled";
  if (r.after_handshake) d += "; after the handshake: " + verdict_note;
  return d;
}

}  // namespace

HandshakeResult run_handshake(net::TcpConnection& connection, const HandshakeOptions& options) {
  HandshakeResult r;
  SigpipeGuard sigpipe;
  ERR_clear_error();
  std::string error;
  auto ctx = make_client_context(options.version, error);
  Capture capture;  // declared before the SSL object, so it outlives it
  SslPtr ssl = ctx ? make_connection(ctx.get(), connection.fd(), options, error) : nullptr;
  if (!ssl) {
    r.setup_failed = true;
    r.detail = "OpenSSL setup: " + error;
    return r;
  }
  attach_capture(ssl.get(), capture);

  const auto start = net::Clock::now();
  const int fd = connection.fd();
  const IoStep step = drive(ssl.get(), fd, std::min(start + options.timeout, options.not_after),
                            [&] { return SSL_connect(ssl.get()); });
  const long long elapsed = ms_since(start);
  r.completed = step.end == IoEnd::done;
  r.timed_out = step.end == IoEnd::timeout;
  r.step = r.completed || capture.last_state == nullptr ? SSL_state_string_long(ssl.get())
                                                        : capture.last_state;
  read_negotiated(ssl.get(), capture, r);

  std::string verdict_note;
  const bool tls13 = r.completed && SSL_version(ssl.get()) >= TLS1_3_VERSION;
  const auto alert_in_handshake = capture.alert_received;
  if (tls13 && r.certificate_requested) {
    r.after_handshake = await_verdict(ssl.get(), fd, capture, options.post_handshake_wait,
                                      options.not_after, verdict_note);
    r.alert = capture.alert_received;
  } else {
    if (tls13 && options.await_session_ticket) {
      std::string ticket_note;  // only the tickets matter here, not how the wait ended
      await_verdict(ssl.get(), fd, capture, options.post_handshake_wait, options.not_after,
                    ticket_note);
    }
    r.alert = alert_in_handshake;
  }
  r.session_tickets = capture.session_tickets;
  r.ticket_max_early_data = capture.max_early_data;
  r.alert_sent = capture.alert_sent;
  r.closed = !r.alert && (step.end == IoEnd::closed || r.after_handshake == AfterHandshake::closed);
  if (r.completed && !r.alert && r.after_handshake != AfterHandshake::closed) {
    SSL_shutdown(ssl.get());  // one non-blocking close_notify, as a courtesy; result unneeded
  }
  ERR_clear_error();
  r.detail = describe(r, step, elapsed, verdict_note, capture);
  return r;
}

}  // namespace medtls::handshake
