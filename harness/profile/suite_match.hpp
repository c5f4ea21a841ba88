#pragma once
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

// Whether a registry suite is selected by a match (fields AND, values within a field OR,
// any_of: at least one, except: none).
bool matches(const SuiteMatch& match, const suites::CipherSuite& suite);

}  // namespace medtls::profile
