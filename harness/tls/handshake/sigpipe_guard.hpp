#pragma once
// OpenSSL writes to the socket with write(), which raises SIGPIPE when the peer has gone. The
// guard blocks SIGPIPE in the calling thread only, and discards one raised meanwhile, so a
// closed connection is an error return rather than the end of the process.
#include <signal.h>

namespace medtls::handshake {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_{};
  bool was_pending_ = false;  // a SIGPIPE pending before us is not ours to discard
};

}  // namespace medtls::handshake
