#include "dicom/recording_connection.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/peer_text.hpp"
#include "common/tls_names.hpp"
#include "dcmtk/dcmtls/tlscond.h"
#include "dicom/channel_info.hpp"
#include "tls/handshake/ssl_io.hpp"

namespace medtls::dicom {

namespace {

using handshake::IoEnd;
using handshake::IoStep;

// One read of the transport; DCMTK asks for 6-byte headers and bodies separately.
constexpr std::size_t kChunk = 16384;

std::string millis(std::chrono::milliseconds t) {
  return std::to_string(t.count()) + " ms";
}

std::string os_error(int error) {
  return error == 0 ? "end of file" : std::strerror(error);
}

// Waits until `fd` is ready for `events` or `deadline` passes; false on the deadline.
bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60000)));
    if (n > 0) return true;  // ready, or an error the next call reports
    if (n < 0 && errno != EINTR) return true;
  }
}

// The phase ran out of time: say so with what the phase received.
void note_phase_timeout(ConnectionObserver& o) {
  const std::size_t got = o.received.total_received() - o.phase_start_bytes;
  o.received.end(StreamEnd::timeout, "no complete answer within " + millis(o.timeout) + " (" +
                                         o.phase + ", " + std::to_string(got) + " byte" +
                                         (got == 1 ? "" : "s") + " received)");
  errno = ETIMEDOUT;
}

// More than kMaxReceivedBytes: the peer streams; reading stops.
bool over_limit(ConnectionObserver& o) {
  if (o.received.total_received() < o.max_received) return false;
  o.received.end(StreamEnd::limit,
                 "the peer sent more than " + std::to_string(o.max_received / (1024 * 1024)) +
                     " MiB on this association (" + o.phase + "); medtls stopped reading");
  errno = EMSGSIZE;
  return true;
}

void note_write(ConnectionObserver& o, const std::string& why) {
  if (o.write_error.empty()) o.write_error = "write failed (" + o.phase + "): " + why;
}

// How a TLS read that ended without data ended the stream.
void note_tls_end(ConnectionObserver& o, const IoStep& step) {
  switch (step.end) {
    case IoEnd::timeout:
      note_phase_timeout(o);
      return;
    case IoEnd::closed:
      if (o.tls_events.close_notify_received ||
          step.error.find("close_notify") != std::string::npos)
        o.received.end(StreamEnd::closed, "the peer closed the TLS connection (close_notify)");
      else if (step.error.find(std::strerror(ECONNRESET)) != std::string::npos)
        o.received.end(StreamEnd::reset, "the peer reset the connection (TCP RST)");
      else
        o.received.end(StreamEnd::closed,
                       "the peer closed the connection (TCP FIN, no close_notify)");
      errno = ECONNRESET;
      return;
    default:
      break;
  }
  if (o.tls_events.alert_received)
    o.received.end(StreamEnd::error,
                   "TLS alert " + alert_name(*o.tls_events.alert_received) + " from the peer" +
                       (step.error.empty() ? "" : " (" + one_line(step.error) + ")"));
  else
    o.received.end(
        StreamEnd::error,
        "TLS read failed: " + (step.error.empty() ? "unknown error" : one_line(step.error)));
  errno = EIO;
}

void note_handshake(ConnectionObserver& o, const IoStep& step) {
  o.handshake_at = Clock::now();
  o.handshake_ok = step.end == IoEnd::done;
  if (o.handshake_ok) return;
  const std::string state =
      o.tls_events.last_state ? std::string(" (at: ") + o.tls_events.last_state + ")" : "";
  switch (step.end) {
    case IoEnd::timeout:
      o.handshake_timed_out = true;
      o.handshake_error = "the TLS handshake did not finish within " + millis(o.timeout) + state;
      return;
    case IoEnd::closed:
      o.handshake_error = "the peer closed the connection during the TLS handshake" + state +
                          (step.error.empty() ? "" : ": " + one_line(step.error));
      return;
    default:
      o.handshake_error = "the TLS handshake failed" + state +
                          (step.error.empty() ? "" : ": " + one_line(step.error));
  }
}

OFCondition handshake_condition(const IoStep& step) {
  switch (step.end) {
    case IoEnd::done:
      return EC_Normal;
    case IoEnd::timeout:
      return DCMTLS_EC_TLSConnectOperationDidNotComplete;
    case IoEnd::closed:
      return DCMTLS_EC_TLSConnectionClosedByPeer;
    default:
      return DCMTLS_EC_OtherSSLError;
  }
}

// True when something can be read within `seconds` (DCMTK's unit), the phase deadline first.
bool readable_within(int socket, int seconds, Clock::time_point phase_deadline) {
  const auto until =
      std::min(Clock::now() + std::chrono::seconds(std::max(seconds, 0)), phase_deadline);
  if (until <= Clock::now()) {
    pollfd p{socket, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  return wait_ready(socket, POLLIN, until);
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

bool make_non_blocking(int socket) {
  const int flags = ::fcntl(socket, F_GETFL, 0);
  return flags >= 0 && ::fcntl(socket, F_SETFL, flags | O_NONBLOCK) == 0;
}

// ---- cleartext ----------------------------------------------------------------------------

RecordingTcpConnection::RecordingTcpConnection(DcmNativeSocketType socket,
                                               ConnectionObserver& observer)
    : DcmTCPConnection(socket), observer_(observer) {}

OFCondition RecordingTcpConnection::clientSideHandshake() {
  observer_.handshake_at = Clock::now();
  observer_.handshake_ok = true;
  observer_.start_phase("A-ASSOCIATE");
  return EC_Normal;
}

bool RecordingTcpConnection::fill() {
  std::uint8_t chunk[kChunk];
  for (;;) {
    if (over_limit(observer_)) return false;
    const ssize_t n = ::recv(getSocket(), chunk, sizeof chunk, 0);
    if (n > 0) {
      observer_.received.feed(chunk, static_cast<std::size_t>(n));
      ahead_.fill(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) {
      observer_.received.end(StreamEnd::closed, "the peer closed the connection (TCP FIN)");
      errno = 0;
      return false;
    }
    const int error = errno;
    if (error == EINTR) continue;
    if (error == EAGAIN || error == EWOULDBLOCK) {
      if (wait_ready(getSocket(), POLLIN, observer_.phase_deadline)) continue;
      note_phase_timeout(observer_);
      return false;
    }
    if (error == ECONNRESET)
      observer_.received.end(StreamEnd::reset, "the peer reset the connection (TCP RST)");
    else
      observer_.received.end(StreamEnd::error, "read failed: " + os_error(error));
    errno = error;
    return false;
  }
}

ssize_t RecordingTcpConnection::read(void* buf, size_t nbyte) {
  if (nbyte == 0) return 0;
  if (ahead_.empty() && !fill()) return -1;
  return static_cast<ssize_t>(ahead_.take(buf, nbyte));
}

ssize_t RecordingTcpConnection::write(void* buf, size_t nbyte) {
  const auto* data = static_cast<const std::uint8_t*>(buf);
  std::size_t sent = 0;
  while (sent < nbyte) {
    const ssize_t n = ::send(getSocket(), data + sent, nbyte - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      observer_.bytes_sent += static_cast<std::size_t>(n);
      continue;
    }
    const int error = errno;
    if (n < 0 && error == EINTR) continue;
    if (n < 0 && (error == EAGAIN || error == EWOULDBLOCK)) {
      if (wait_ready(getSocket(), POLLOUT, observer_.phase_deadline)) continue;
      note_write(observer_, "the peer took nothing for " + millis(observer_.timeout));
      errno = ETIMEDOUT;
      return -1;
    }
    note_write(observer_, os_error(error));
    // After a failed write the peer has usually answered and gone: record what it left.
    if (ahead_.empty() && readable_within(getSocket(), 0, Clock::now())) fill();
    errno = error;
    return -1;
  }
  return static_cast<ssize_t>(sent);
}

OFBool RecordingTcpConnection::networkDataAvailable(int timeout) {
  return !ahead_.empty() || readable_within(getSocket(), timeout, observer_.phase_deadline);
}

// ---- TLS ----------------------------------------------------------------------------------

RecordingTlsConnection::RecordingTlsConnection(DcmNativeSocketType socket, SSL* ssl,
                                               ConnectionObserver& observer)
    : DcmTLSConnection(socket, ssl), ssl_(ssl), observer_(observer) {}

OFCondition RecordingTlsConnection::clientSideHandshake() {
  observer_.start_phase("TLS handshake");
  const IoStep step = handshake::drive(ssl_, getSocket(), observer_.phase_deadline,
                                       [this] { return SSL_connect(ssl_); });
  note_handshake(observer_, step);
  if (observer_.tls != nullptr) {
    read_channel(ssl_, *observer_.tls, observer_.channel);
    observer_.channel_read = true;
  }
  if (step.end == IoEnd::done) observer_.start_phase("A-ASSOCIATE");
  return handshake_condition(step);
}

OFCondition RecordingTlsConnection::serverSideHandshake() {
  if (SSL_is_init_finished(ssl_)) {
    observer_.handshake_ok = true;
    observer_.handshake_at = Clock::now();
    observer_.start_phase("A-ASSOCIATE");
    return EC_Normal;
  }
  observer_.start_phase("TLS handshake");
  const IoStep step = handshake::drive(ssl_, getSocket(), observer_.phase_deadline,
                                       [this] { return SSL_accept(ssl_); });
  note_handshake(observer_, step);
  if (step.end == IoEnd::done) observer_.start_phase("A-ASSOCIATE");
  return handshake_condition(step);
}

bool RecordingTlsConnection::fill(bool waiting) {
  if (over_limit(observer_)) return false;
  std::uint8_t chunk[kChunk];
  const IoStep step =
      handshake::drive(ssl_, getSocket(), waiting ? observer_.phase_deadline : Clock::now(),
                       [&] { return SSL_read(ssl_, chunk, static_cast<int>(sizeof chunk)); });
  if (step.end == IoEnd::done) {
    observer_.received.feed(chunk, static_cast<std::size_t>(step.value));
    ahead_.fill(chunk, static_cast<std::size_t>(step.value));
    return true;
  }
  if (waiting || step.end != IoEnd::timeout) note_tls_end(observer_, step);
  return false;
}

ssize_t RecordingTlsConnection::read(void* buf, size_t nbyte) {
  if (nbyte == 0) return 0;
  if (ahead_.empty() && !fill()) return -1;
  return static_cast<ssize_t>(ahead_.take(buf, nbyte));
}

ssize_t RecordingTlsConnection::write(void* buf, size_t nbyte) {
  if (nbyte == 0) return 0;
  const IoStep step = handshake::drive(ssl_, getSocket(), observer_.phase_deadline, [&] {
    return SSL_write(ssl_, buf, static_cast<int>(std::min<size_t>(nbyte, 1 << 30)));
  });
  if (step.end == IoEnd::done) {
    observer_.bytes_sent += static_cast<std::size_t>(step.value);
    return step.value;
  }
  note_write(observer_, step.end == IoEnd::timeout
                            ? "the peer took nothing for " + millis(observer_.timeout)
                            : one_line(step.error));
  // TLS 1.3: the server may have judged our certificate after our Finished and closed; its
  // alert may still be waiting in the socket: one read lets OpenSSL process it.
  if (ahead_.empty() && readable_within(getSocket(), 0, Clock::now())) fill(false);
  errno = step.end == IoEnd::timeout ? ETIMEDOUT : EPIPE;
  return -1;
}

OFBool RecordingTlsConnection::networkDataAvailable(int timeout) {
  if (!ahead_.empty() || SSL_pending(ssl_) > 0) return OFTrue;
  return readable_within(getSocket(), timeout, observer_.phase_deadline);
}

}  // namespace medtls::dicom
