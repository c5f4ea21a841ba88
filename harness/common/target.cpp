#include "common/target.hpp"

#include <arpa/inet.h>

#include <array>

namespace medtls {

bool is_ip_literal(const std::string& host) {
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

std::string effective_sni(const Target& target) {
  if (target.sni) return *target.sni;
  return is_ip_literal(target.host) ? std::string() : target.host;
}

}  // namespace medtls
