#include "tls/handshake/ssl_io.hpp"

#include <openssl/err.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

namespace medtls::handshake {

namespace {

// Waits until `fd` is ready for `events`; false on timeout.
bool wait_ready(int fd, short events, net::Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - net::Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;  // readable, writable, or an error the next call will report
    if (n < 0 && errno != EINTR) return true;
  }
}

// OpenSSL 3 reports a FIN without close_notify as an SSL error "unexpected eof while reading".
bool is_unexpected_eof(unsigned long code) {
  return ERR_GET_LIB(code) == ERR_LIB_SSL &&
         ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

}  // namespace

std::string drain_openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text;
}

IoStep drive(SSL* ssl, int fd, net::Clock::time_point deadline, const std::function<int()>& op,
             const std::function<bool()>& stop) {
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int ret = op();
    const int saved_errno = errno;
    if (ret > 0) return {IoEnd::done, ret, ""};
    const int code = SSL_get_error(ssl, ret);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) {
      if (stop && stop()) return {IoEnd::stopped, ret, ""};
      const short events = code == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      if (!wait_ready(fd, events, deadline)) return {IoEnd::timeout, ret, "timed out"};
      continue;
    }
    if (code == SSL_ERROR_ZERO_RETURN) return {IoEnd::closed, ret, "close_notify received"};
    const bool eof = is_unexpected_eof(ERR_peek_last_error());
    std::string error = drain_openssl_errors();
    if (code == SSL_ERROR_SYSCALL) {
      const char* why = saved_errno != 0 ? std::strerror(saved_errno) : "end of file";
      if (!error.empty()) error += "; ";
      error += std::string("socket: ") + why;
      if (saved_errno == 0 || saved_errno == ECONNRESET || saved_errno == EPIPE)
        return {IoEnd::closed, ret, error};
      return {IoEnd::failed, ret, error};
    }
    return {eof ? IoEnd::closed : IoEnd::failed, ret, error};
  }
}

std::string failed_text(const std::string& what) {
  const std::string why = drain_openssl_errors();
  return what + " failed" + (why.empty() ? std::string() : ": " + why);
}

}  // namespace medtls::handshake
