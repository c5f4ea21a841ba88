// Loopback ports for peers started by tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>

namespace medtls::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close).
// Another process may take it before the peer binds; the launchers in peers.hpp retry on a
// fresh port when that happens. Throws std::system_error on socket errors.
std::uint16_t free_port();

// Tries TCP connects to 127.0.0.1:port until one succeeds or the timeout expires. The peer sees
// each successful probe as a connection that closes without sending anything.
bool wait_listening(std::uint16_t port, std::chrono::milliseconds timeout);

// True if process `pid` itself holds a TCP socket listening on `port` (any address, IPv4 or
// IPv6), read from /proc without connecting. Unlike wait_listening this cannot be fooled by
// another process that took the port, and the peer never sees a connection.
bool is_listening_by(pid_t pid, std::uint16_t port);

}  // namespace medtls::testing
