#pragma once
// Data files compiled into the binary (profiles/*.json, the IANA registry CSV), keyed by their
// path relative to the source tree, e.g. "profiles/dicom-b13.json".
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medtls {

std::vector<std::pair<std::string, std::string_view>> embedded_resources();
std::optional<std::string_view> embedded_resource(std::string_view name);

}  // namespace medtls
