#pragma once
// A full TLS client handshake through OpenSSL over an already connected socket: what the raw
// prober cannot see (the TLS 1.3 certificate chain, OCSP stapling, how the server treats the
// client certificate we present). Like the raw prober it only records what happened; it judges
// nothing and never verifies the server (the chain is returned for x509 analysis).
#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "common/tls_version.hpp"
#include "net/tcp_connection.hpp"

namespace medtls::handshake {

// What the server did after a completed TLS 1.3 handshake in which it asked for our certificate
// (its verdict on it comes after our Finished).
MEDTLS_ENUM(AfterHandshake, alert, session_ticket, data, closed, silent)

struct HandshakeOptions {
  TlsVersion version = TlsVersion::TLSv1_2;  // offered alone (min = max)
  std::string sni;                           // server_name; "" → not sent
  std::chrono::milliseconds timeout{5000};   // the whole handshake
  // Client certificate to present when the server asks (not owned; null → an empty
  // Certificate message). The key is not checked against the certificate beyond OpenSSL's
  // public-key comparison, so a "wrong key" vector is sent as is.
  X509* client_cert = nullptr;
  EVP_PKEY* client_key = nullptr;
  std::vector<X509*> client_chain;  // intermediates sent after the leaf (not owned)
  bool request_ocsp = true;         // status_request in the ClientHello
  // signature_algorithms to offer instead of OpenSSL's defaults (SignatureScheme codes).
  std::vector<std::uint16_t> signature_schemes;
  // TLS 1.3 with a CertificateRequest: how long to keep reading after our Finished for the
  // server's verdict on our certificate (alert, NewSessionTicket, data, close).
  std::chrono::milliseconds post_handshake_wait{1500};
  // TLS 1.3 without a CertificateRequest: read after the handshake as well, until a
  // NewSessionTicket arrives (or post_handshake_wait), to see whether it offers 0-RTT.
  bool await_session_ticket = false;
  // Nothing waits past this point, whatever the timeouts say (the scan's --deadline).
  net::Clock::time_point not_after = net::Clock::time_point::max();
};

struct HandshakeResult {
  bool completed = false;  // SSL_connect succeeded (our side saw the server's Finished)
  std::string version;     // "TLSv1.2" once a ServerHello was processed
  std::string cipher;      // IANA name, e.g. "TLS_AES_128_GCM_SHA256"
  std::uint16_t cipher_code = 0;
  std::vector<std::vector<std::uint8_t>> peer_chain;  // DER, leaf first, as the server sent it
  bool certificate_requested = false;                 // a CertificateRequest arrived
  std::vector<std::string> requested_ca_names;        // its CA names, RFC 2253 one-line
  // Certificates in the Certificate message we sent: nullopt when we sent none, 0 for an empty
  // one (the "none" case, or a configured certificate OpenSSL found unusable).
  std::optional<int> client_certificates_sent;
  std::optional<std::uint8_t> alert;  // fatal alert from the server, during or after the handshake
  std::optional<std::uint8_t> alert_sent;  // alert OpenSSL sent (our side aborted)
  // TLS 1.3 with a CertificateRequest, after a completed handshake; nullopt when no
  // post-handshake read was done.
  std::optional<AfterHandshake> after_handshake;
  bool ocsp_stapled = false;  // a stapled OCSP response came with the certificate
  // The scheme of the server's signature: CertificateVerify (TLS 1.3) or ServerKeyExchange.
  std::optional<std::uint16_t> peer_signature_scheme;
  int session_tickets = 0;                  // TLS 1.3 NewSessionTickets received
  std::uint32_t ticket_max_early_data = 0;  // their largest max_early_data_size (0: no 0-RTT)
  bool timed_out = false;                   // the handshake did not end within the timeout
  bool closed = false;        // the server closed or reset the connection, with no alert
  bool setup_failed = false;  // OpenSSL could not be configured (nothing was sent)
  std::string step;           // OpenSSL's handshake state where it ended
  std::string detail;         // what happened, in words, with OpenSSL's error text
};

// Drives the handshake on `connection` (whose socket stays non-blocking) and never waits past
// options.timeout (+ post_handshake_wait). Never throws for network or TLS trouble.
HandshakeResult run_handshake(net::TcpConnection& connection, const HandshakeOptions& options);

}  // namespace medtls::handshake
