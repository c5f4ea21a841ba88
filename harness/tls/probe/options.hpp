#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/deadline.hpp"

namespace medtls::probe {

struct ProbeOptions {
  std::string host;
  std::uint16_t port = 0;
  // server_name to send: nullopt → the host when it is a DNS name (RFC 6066 forbids IP
  // literals); "" → none.
  std::optional<std::string> sni;
  std::chrono::milliseconds timeout{5000};  // per connection: connect + first flight
  int max_connections = 250;                // budget; probes past it are recorded not_sent
  std::chrono::milliseconds delay{0};       // pause between connections (rate limit)
  Deadline deadline;  // --deadline: the whole scan of this target ends by then
};

}  // namespace medtls::probe
