#pragma once
#include <stdexcept>

namespace medtls::profile {

// A profile that cannot be loaded. what() is one line: "<file>: <JSON pointer>: <reason>",
// or a line naming the unknown id / unreadable file.
class ProfileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace medtls::profile
