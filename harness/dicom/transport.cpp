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
  // Our connections do all I/O themselves, waiting with poll up to the phase deadline.
  if (!make_non_blocking(socket)) observer_.setup_error = "could not make the socket non-blocking";
  // DCMTK's API takes ownership of the raw pointer (it deletes the connection when the
  // association is dropped).
  return connection.release();
}

}  // namespace medtls::dicom
