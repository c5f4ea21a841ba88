#include "dicom/recording_connection.hpp"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/tls_names.hpp"
#include "dicom/channel_info.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

namespace {

// One read of the transport; DCMTK asks for 6-byte headers and bodies separately.
constexpr std::size_t kChunk = 16384;

std::string millis(std::chrono::milliseconds t) {
  return std::to_string(t.count()) + " ms";
}

std::string os_error(int error) {
  return error == 0 ? "end of file" : std::strerror(error);
}

// How a cleartext read that returned `result` (<= 0) with `error` (errno) ended the stream.
void note_tcp_end(ConnectionObserver& o, ssize_t result, int error) {
  if (result == 0) {
    o.received.end(StreamEnd::closed, "the peer closed the connection (TCP FIN)");
  } else if (error == ECONNRESET) {
    o.received.end(StreamEnd::reset, "the peer reset the connection (TCP RST)");
  } else if (error == EAGAIN || error == EWOULDBLOCK) {
    o.received.end(StreamEnd::timeout, "nothing received within " + millis(o.socket_timeout));
  } else if (error != EINTR) {
    o.received.end(StreamEnd::error, "read failed: " + os_error(error));
  }
}

// The same over TLS, where SSL_read's error tells close_notify, EOF, reset and alerts apart.
void note_tls_end(ConnectionObserver& o, SSL* ssl, ssize_t result, int error) {
  const int code = SSL_get_error(ssl, static_cast<int>(result));
  const std::string errors = handshake::drain_openssl_errors();
  switch (code) {
    case SSL_ERROR_ZERO_RETURN:
      o.received.end(StreamEnd::closed, "the peer closed the TLS connection (close_notify)");
      return;
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      o.received.end(StreamEnd::timeout, "nothing received within " + millis(o.socket_timeout));
      return;
    case SSL_ERROR_SYSCALL:
      if (error == EINTR) return;
      if (error == 0) {
        o.received.end(StreamEnd::closed,
                       "the peer closed the connection (TCP FIN, no close_notify)");
      } else if (error == ECONNRESET) {
        o.received.end(StreamEnd::reset, "the peer reset the connection (TCP RST)");
      } else if (error == EAGAIN || error == EWOULDBLOCK) {
        o.received.end(StreamEnd::timeout, "nothing received within " + millis(o.socket_timeout));
      } else {
        o.received.end(StreamEnd::error, "read failed: " + os_error(error));
      }
      return;
    default:
      break;
  }
  if (o.tls_events.alert_received) {
    o.received.end(StreamEnd::error, "TLS alert " + alert_name(*o.tls_events.alert_received) +
                                         " from the peer" +
                                         (errors.empty() ? "" : " (" + errors + ")"));
  } else if (errors.find("unexpected eof") != std::string::npos) {
    o.received.end(StreamEnd::closed, "the peer closed the connection (TCP FIN, no close_notify)");
  } else {
    o.received.end(StreamEnd::error,
                   "TLS read failed: " + (errors.empty() ? "unknown error" : errors));
  }
}

void note_write(ConnectionObserver& o, ssize_t result, int error, SSL* ssl) {
  if (result > 0) {
    o.bytes_sent += static_cast<std::size_t>(result);
    return;
  }
  if (!o.write_error.empty()) return;
  std::string why = os_error(error);
  if (ssl != nullptr) {
    const std::string errors = handshake::drain_openssl_errors();
    if (!errors.empty()) why = errors;
  }
  o.write_error = "write failed: " + why;
}

void note_handshake(ConnectionObserver& o, const OFCondition& result) {
  o.handshake_at = Clock::now();
  o.handshake_ok = result.good();
  if (result.good()) return;
  const std::string text = result.text();
  const std::string errors = handshake::drain_openssl_errors();
  // DCMTK reports SSL_connect's WANT_READ/WANT_WRITE: on our blocking socket that is the
  // receive/send timeout expiring.
  if (text.find("SSL_ERROR_WANT_") != std::string::npos) {
    o.handshake_timed_out = true;
    o.handshake_error =
        "the TLS handshake did not finish within " + millis(o.socket_timeout) +
        (o.tls_events.last_state ? std::string(" (at: ") + o.tls_events.last_state + ")"
                                 : std::string());
    return;
  }
  o.handshake_error = text;
  if (!errors.empty() && text.find(errors) == std::string::npos)
    o.handshake_error += " (" + errors + ")";
}

// True when the socket has something to read right now (data, FIN or RST).
bool readable_now(int socket) {
  pollfd p{socket, POLLIN, 0};
  return poll(&p, 1, 0) > 0;
}

}  // namespace

std::size_t ReadAhead::take(void* out, std::size_t size) {
  const std::size_t n = std::min(size, buffer_.size() - next_);
  std::memcpy(out, buffer_.data() + next_, n);
  next_ += n;
  return n;
}

void ReadAhead::fill(const std::uint8_t* data, std::size_t size) {
  buffer_.assign(data, data + size);
  next_ = 0;
}

bool set_socket_timeouts(int socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  return setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0 &&
         setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0;
}

// ---- cleartext ----------------------------------------------------------------------------

RecordingTcpConnection::RecordingTcpConnection(DcmNativeSocketType socket,
                                               ConnectionObserver& observer)
    : DcmTCPConnection(socket), observer_(observer) {}

OFCondition RecordingTcpConnection::clientSideHandshake() {
  OFCondition result = DcmTCPConnection::clientSideHandshake();
  note_handshake(observer_, result);
  return result;
}

ssize_t RecordingTcpConnection::read(void* buf, size_t nbyte) {
  if (nbyte == 0) return 0;
  if (ahead_.empty()) {
    std::uint8_t chunk[kChunk];
    const ssize_t result = DcmTCPConnection::read(chunk, sizeof chunk);
    const int error = errno;
    if (result <= 0) {
      note_tcp_end(observer_, result, error);
      errno = error;  // DCMTK looks at errno (EINTR, timeouts)
      return result;
    }
    observer_.received.feed(chunk, static_cast<std::size_t>(result));
    ahead_.fill(chunk, static_cast<std::size_t>(result));
  }
  return static_cast<ssize_t>(ahead_.take(buf, nbyte));
}

ssize_t RecordingTcpConnection::write(void* buf, size_t nbyte) {
  const ssize_t result = DcmTCPConnection::write(buf, nbyte);
  const int error = errno;
  note_write(observer_, result, error, nullptr);
  if (result <= 0) read_what_came();
  errno = error;
  return result;
}

// After a failed write the peer has usually answered and gone: record what it left.
void RecordingTcpConnection::read_what_came() {
  if (!ahead_.empty() || !readable_now(getSocket())) return;
  std::uint8_t chunk[kChunk];
  const ssize_t result = ::recv(getSocket(), chunk, sizeof chunk, MSG_DONTWAIT);
  if (result <= 0) {
    note_tcp_end(observer_, result, errno);
    return;
  }
  observer_.received.feed(chunk, static_cast<std::size_t>(result));
  ahead_.fill(chunk, static_cast<std::size_t>(result));
}

OFBool RecordingTcpConnection::networkDataAvailable(int timeout) {
  return !ahead_.empty() || DcmTCPConnection::networkDataAvailable(timeout);
}

// ---- TLS ----------------------------------------------------------------------------------

RecordingTlsConnection::RecordingTlsConnection(DcmNativeSocketType socket, SSL* ssl,
                                               ConnectionObserver& observer)
    : DcmTLSConnection(socket, ssl), ssl_(ssl), observer_(observer) {}

OFCondition RecordingTlsConnection::clientSideHandshake() {
  ERR_clear_error();
  OFCondition result = DcmTLSConnection::clientSideHandshake();
  note_handshake(observer_, result);
  if (observer_.tls != nullptr) {
    read_channel(ssl_, *observer_.tls, observer_.channel);
    observer_.channel_read = true;
  }
  return result;
}

ssize_t RecordingTlsConnection::read(void* buf, size_t nbyte) {
  if (nbyte == 0) return 0;
  if (ahead_.empty()) {
    std::uint8_t chunk[kChunk];
    ERR_clear_error();
    const ssize_t result = DcmTLSConnection::read(chunk, sizeof chunk);
    const int error = errno;
    if (result <= 0) {
      note_tls_end(observer_, ssl_, result, error);
      errno = error;
      return result;
    }
    observer_.received.feed(chunk, static_cast<std::size_t>(result));
    ahead_.fill(chunk, static_cast<std::size_t>(result));
  }
  return static_cast<ssize_t>(ahead_.take(buf, nbyte));
}

ssize_t RecordingTlsConnection::write(void* buf, size_t nbyte) {
  ERR_clear_error();
  const ssize_t result = DcmTLSConnection::write(buf, nbyte);
  const int error = errno;
  note_write(observer_, result, error, ssl_);
  if (result <= 0) read_what_came();
  errno = error;
  return result;
}

// After a failed write (TLS 1.3: the server judged our certificate after our Finished and
// closed) its alert may still be waiting in the socket: one read lets OpenSSL process it.
void RecordingTlsConnection::read_what_came() {
  if (!ahead_.empty() || !readable_now(getSocket())) return;
  std::uint8_t chunk[kChunk];
  ERR_clear_error();
  const ssize_t result = DcmTLSConnection::read(chunk, sizeof chunk);
  if (result <= 0) {
    note_tls_end(observer_, ssl_, result, errno);
    return;
  }
  observer_.received.feed(chunk, static_cast<std::size_t>(result));
  ahead_.fill(chunk, static_cast<std::size_t>(result));
}

OFBool RecordingTlsConnection::networkDataAvailable(int timeout) {
  return !ahead_.empty() || DcmTLSConnection::networkDataAvailable(timeout);
}

}  // namespace medtls::dicom
