#include "tls/wire/flight_types.hpp"

#include <algorithm>

namespace medtls::wire {

bool ServerHelloInfo::has_extension(std::uint16_t type) const {
  return std::find(extensions.begin(), extensions.end(), type) != extensions.end();
}

}  // namespace medtls::wire
