#pragma once
// The one exception type of the wire codec: a ClientHello that cannot be encoded (too large, a
// key-share group we cannot generate) or bytes from the network that are not what TLS allows.
#include <stdexcept>

namespace medtls::wire {

class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace medtls::wire
