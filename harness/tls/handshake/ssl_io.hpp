#pragma once
// Drives a non-blocking OpenSSL operation (SSL_connect, SSL_read) to its end or a deadline,
// waiting on the socket with poll in between: a silent or slow peer ends in a timeout, never
// in a blocked call.
#include <openssl/ssl.h>

#include <functional>
#include <string>

#include "net/tcp_connection.hpp"

namespace medtls::handshake {

enum class IoEnd {
  done,     // the operation returned > 0
  closed,   // the peer closed or reset the connection (close_notify included)
  failed,   // a TLS error (alert received or sent, bad message, local failure)
  timeout,  // the deadline passed while OpenSSL waited for the socket
  stopped,  // `stop` returned true while OpenSSL waited (e.g. a session ticket was processed)
};

struct IoStep {
  IoEnd end = IoEnd::failed;
  int value = 0;      // the operation's last return value
  std::string error;  // OpenSSL's error queue and the OS error, in words ("" when done)
};

IoStep drive(SSL* ssl, int fd, net::Clock::time_point deadline, const std::function<int()>& op,
             const std::function<bool()>& stop = nullptr);

// Drains OpenSSL's error queue of this thread into "reason; reason".
std::string drain_openssl_errors();
// "<what> failed: <OpenSSL's queued errors>" (the queue is emptied).
std::string failed_text(const std::string& what);

}  // namespace medtls::handshake
