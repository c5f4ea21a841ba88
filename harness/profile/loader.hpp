#pragma once
// Loading profiles: the builtin ones compiled into the binary (profiles/<id>.json), a copy of
// them in a directory, or any file, optionally layered on another profile with "extends".
// Every problem is a ProfileError with a one-line message (see error.hpp).
#include <string>
#include <vector>

#include "profile/error.hpp"
#include "profile/model.hpp"
#include "suites/registry.hpp"

namespace medtls::profile {

// Ids of the embedded resources "profiles/<id>.json", sorted.
std::vector<std::string> builtin_ids();

// id_or_path: a builtin id, or a path to a .json file (contains '/' or ends in ".json").
// profiles_dir: if non-empty, ids are read from <dir>/<id>.json instead of the embedded copies.
Profile load_profile(const std::string& id_or_path, const std::string& profiles_dir,
                     const suites::Registry& registry);

// Parses one profile document already in memory; `file` names it in error messages. A base
// named by "extends" is loaded with load_profile(base, profiles_dir, registry).
Profile parse_profile(const std::string& text, const std::string& file,
                      const std::string& profiles_dir, const suites::Registry& registry);

}  // namespace medtls::profile
