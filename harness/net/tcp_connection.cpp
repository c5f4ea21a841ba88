#include "net/tcp_connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <memory>

namespace medtls::net {

namespace {

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Waits for `events` on fd until the deadline; returns revents, 0 on timeout, -1 on error.
int wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return rc;
    return p.revents;
  }
}

struct AddrinfoDeleter {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

}  // namespace

std::vector<Address> resolve(const std::string& host, std::uint16_t port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &raw);
  std::unique_ptr<addrinfo, AddrinfoDeleter> list(raw);
  std::vector<Address> out;
  if (rc != 0) {
    error = gai_strerror(rc);
    return out;
  }
  for (addrinfo* a = list.get(); a; a = a->ai_next) {
    Address addr;
    std::memcpy(&addr.storage, a->ai_addr, a->ai_addrlen);
    addr.length = a->ai_addrlen;
    char text[INET6_ADDRSTRLEN] = {};
    const void* src =
        a->ai_family == AF_INET6
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr);
    ::inet_ntop(a->ai_family, src, text, sizeof text);
    addr.text = text;
    out.push_back(addr);
  }
  if (out.empty()) error = "no address";
  return out;
}

std::optional<TcpConnection> TcpConnection::open(const Address& address,
                                                 std::chrono::milliseconds timeout,
                                                 std::string& error, int& error_code) {
  error_code = 0;
  int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error_code = errno;
    error = std::strerror(errno);
    return std::nullopt;
  }
  TcpConnection conn(fd);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto deadline = Clock::now() + timeout;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0) {
    if (errno != EINPROGRESS) {
      error_code = errno;
      error = std::strerror(errno);
      return std::nullopt;
    }
    int ev = wait_for(fd, POLLOUT, deadline);
    if (ev == 0) {
      error = "connect timed out after " + std::to_string(timeout.count()) + " ms";
      return std::nullopt;
    }
    int soerr = 0;
    socklen_t len = sizeof soerr;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
    if (ev < 0 || soerr != 0) {
      error_code = soerr ? soerr : errno;
      error = std::strerror(error_code);
      return std::nullopt;
    }
  }
  return conn;
}

TcpConnection::TcpConnection(TcpConnection&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

TcpConnection& TcpConnection::operator=(TcpConnection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

TcpConnection::~TcpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

IoStatus TcpConnection::send_all(const std::uint8_t* data, std::size_t size,
                                 Clock::time_point deadline, std::string& error) {
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd_, data + sent, size - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      int ev = wait_for(fd_, POLLOUT, deadline);
      if (ev == 0) {
        error = "send timed out";
        return IoStatus::timeout;
      }
      if (ev > 0) continue;
    }
    error = std::strerror(errno);
    return errno == ECONNRESET || errno == EPIPE ? IoStatus::reset : IoStatus::error;
  }
  return IoStatus::ok;
}

ReadResult TcpConnection::read_some(std::uint8_t* buffer, std::size_t capacity,
                                    Clock::time_point deadline) {
  for (;;) {
    ssize_t n = ::recv(fd_, buffer, capacity, 0);
    if (n > 0) return {IoStatus::ok, static_cast<std::size_t>(n), {}};
    if (n == 0) return {IoStatus::closed, 0, "connection closed by peer"};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      int ev = wait_for(fd_, POLLIN, deadline);
      if (ev == 0) return {IoStatus::timeout, 0, "no answer before the timeout"};
      if (ev > 0) continue;
    }
    if (errno == ECONNRESET) return {IoStatus::reset, 0, "connection reset by peer"};
    return {IoStatus::error, 0, std::strerror(errno)};
  }
}

}  // namespace medtls::net
