#pragma once
// Builds a Rule from its JSON object ("type" plus the fields of that type), validating every
// name it uses against the vocabularies of the observations, the registry and tls_names.
#include "profile/json_node.hpp"
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

Rule read_rule(const Node& node, const suites::Registry& registry);

}  // namespace medtls::profile
