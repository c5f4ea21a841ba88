#include "dicom/transport.hpp"

#include <memory>

#include "common/openssl_ptr.hpp"
#include "dicom/recording_connection.hpp"
#include "dicom/tls_context.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

DcmTransportConnection* RecordingLayer::createConnection(DcmNativeSocketType socket,
                                                         OFBool use_secure_layer) {
  observer_.connected_at = Clock::now();
  std::unique_ptr<DcmTransportConnection> connection;
  if (!use_secure_layer) {
    connection = std::make_unique<RecordingTcpConnection>(socket, observer_);
  } else {
    if (tls_context_ == nullptr || observer_.tls == nullptr) {
      observer_.setup_error = "no TLS context for a TLS association";
      return nullptr;  // DCMTK closes the socket and fails the association
    }
    ossl::SslPtr ssl(SSL_new(tls_context_));
    if (!ssl || SSL_set_fd(ssl.get(), socket) != 1) {
      observer_.setup_error = "SSL_new/SSL_set_fd failed: " + handshake::drain_openssl_errors();
      return nullptr;
    }
    if (!configure_connection(ssl.get(), *observer_.tls, observer_.setup_error)) return nullptr;
    attach_tls_events(ssl.get(), observer_.tls_events);
    // DcmTLSConnection frees the SSL object.
    connection = std::make_unique<RecordingTlsConnection>(socket, ssl.release(), observer_);
  }
  // DcmTransportConnection's constructor set DCMTK's own socket timeouts (60 s by default);
  // ours replace them: they bound the TLS handshake and the blocking A-RELEASE exchange.
  if (!set_socket_timeouts(socket, observer_.socket_timeout))
    observer_.setup_error = "could not set the socket timeouts";
  // DCMTK's API takes ownership of the raw pointer (it deletes the connection when the
  // association is dropped).
  return connection.release();
}

}  // namespace medtls::dicom
