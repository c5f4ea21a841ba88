#pragma once
// Tests build observations from the vocabulary's words ("accepted", "expired"); a word that is
// not in the enum's table throws, so a typo in a test fails it instead of testing nothing.
#include <stdexcept>
#include <string>

#include "common/enum_names.hpp"

namespace medtls::test {

template <class E>
E as(const std::string& word) {
  if (auto e = parse_enum<E>(word)) return *e;
  throw std::invalid_argument("not a word of " + enum_alternatives<E>() + ": " + word);
}

}  // namespace medtls::test
