#pragma once
// Readers of the client-role rules (client_model.hpp), for the rule table in rule_parser.cpp.
#include "profile/json_node.hpp"
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

Rule read_client_versions(const ObjectNode& o);
Rule read_client_attempts_version(const ObjectNode& o);
Rule read_client_suites(const ObjectNode& o, const suites::Registry& registry);
Rule read_client_extension(const ObjectNode& o, const suites::Registry& registry);
Rule read_client_list(const ObjectNode& o);
Rule read_client_alpn(const ObjectNode& o);
Rule read_client_refuses(const ObjectNode& o);

}  // namespace medtls::profile
