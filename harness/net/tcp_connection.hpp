#pragma once
// A TCP connection with deadlines on every operation, so that a silent or slow peer ends in
// a timeout outcome rather than a hang. Blocking-free: non-blocking socket + poll.
#include <sys/socket.h>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medtls::net {

using Clock = std::chrono::steady_clock;

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  std::string text;  // "127.0.0.1" or "::1"
};

// Resolves host (name or literal, IPv4 or IPv6) to its addresses. Empty with `error` set when
// the name cannot be resolved.
std::vector<Address> resolve(const std::string& host, std::uint16_t port, std::string& error);

enum class IoStatus { ok, closed, reset, timeout, error };

struct ReadResult {
  IoStatus status = IoStatus::error;
  std::size_t size = 0;  // bytes read when ok
  std::string error;     // OS reason when not ok
};

class TcpConnection {
 public:
  // Connects within `timeout`; nullopt with `error` ("connection refused", "timed out after …")
  // and the errno in `error_code` (0 for a timeout).
  static std::optional<TcpConnection> open(const Address& address,
                                           std::chrono::milliseconds timeout, std::string& error,
                                           int& error_code);
  TcpConnection(TcpConnection&& other) noexcept;
  TcpConnection& operator=(TcpConnection&& other) noexcept;
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;
  ~TcpConnection();

  // Sends every byte before the deadline.
  IoStatus send_all(const std::uint8_t* data, std::size_t size, Clock::time_point deadline,
                    std::string& error);
  // Reads what is available (at most `capacity` bytes), waiting until the deadline.
  ReadResult read_some(std::uint8_t* buffer, std::size_t capacity, Clock::time_point deadline);
  int fd() const { return fd_; }

 private:
  explicit TcpConnection(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace medtls::net
