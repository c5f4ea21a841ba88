#pragma once
// Broken or hostile "servers" on loopback for the bad-peer tests: one that accepts and never
// answers, one that answers garbage, one that resets. Each runs a thread until destroyed.
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace medtls::testing {

class HostilePeer {
 public:
  enum class Behaviour { silent, garbage, reset };
  HostilePeer(Behaviour behaviour, std::string garbage = "HTTP/1.1 400 Bad Request\r\n\r\n");
  ~HostilePeer();
  HostilePeer(const HostilePeer&) = delete;
  HostilePeer& operator=(const HostilePeer&) = delete;
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_.load(); }

 private:
  void serve();
  Behaviour behaviour_;
  std::string garbage_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace medtls::testing
