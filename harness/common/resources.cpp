#include "common/resources.hpp"

namespace medtls {

std::optional<std::string_view> embedded_resource(std::string_view name) {
  for (const auto& [n, data] : embedded_resources())
    if (n == name) return data;
  return std::nullopt;
}

}  // namespace medtls
