#include "support/hostile_peers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace medtls::testing {

HostilePeer::HostilePeer(Behaviour behaviour, std::string garbage)
    : behaviour_(behaviour), garbage_(std::move(garbage)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (listener_ >= 0) ::close(listener_);
    throw std::runtime_error("HostilePeer: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

HostilePeer::~HostilePeer() {
  stop_ = true;
  thread_.join();
  ::close(listener_);
}

void HostilePeer::serve() {
  std::vector<int> held;  // the silent peer keeps connections open without a word
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    ++accepted_;
    switch (behaviour_) {
      case Behaviour::silent:
        held.push_back(fd);
        break;
      case Behaviour::garbage: {
        char buf[4096];
        pollfd r{fd, POLLIN, 0};
        if (::poll(&r, 1, 1000) > 0) (void)!::recv(fd, buf, sizeof buf, 0);
        (void)!::send(fd, garbage_.data(), garbage_.size(), MSG_NOSIGNAL);
        ::close(fd);
        break;
      }
      case Behaviour::reset: {
        linger l{1, 0};  // close with RST
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        ::close(fd);
        break;
      }
    }
  }
  for (int fd : held) ::close(fd);
}

}  // namespace medtls::testing
