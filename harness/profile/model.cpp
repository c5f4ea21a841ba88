#include "profile/model.hpp"

#include <type_traits>

namespace medtls::profile {

const char* level_name(Level level) {
  switch (level) {
    case Level::shall:
      return "shall";
    case Level::should:
      return "should";
    case Level::may:
      return "may";
  }
  return "?";
}

const char* rule_type(const Rule& rule) {
  return std::visit(
      [](const auto& r) -> const char* {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, VersionRule>) return "version";
        if constexpr (std::is_same_v<T, VersionAlertRule>) return "version_alert";
        if constexpr (std::is_same_v<T, SuitesRequiredRule>) return "suites_required";
        if constexpr (std::is_same_v<T, SuitesAllowedRule>) return "suites_allowed";
        if constexpr (std::is_same_v<T, SuitesForbiddenRule>) return "suites_forbidden";
        if constexpr (std::is_same_v<T, SuitesOptionalRule>) return "suites_optional";
        if constexpr (std::is_same_v<T, SuitePreferenceRule>) return "suite_preference";
        if constexpr (std::is_same_v<T, FactRule>) return "fact";
        if constexpr (std::is_same_v<T, GroupsMinBitsRule>) return "groups_min_bits";
      },
      rule);
}

}  // namespace medtls::profile
