#include "common/deadline.hpp"

#include <cmath>

namespace medtls {

std::string Deadline::reached_text() const {
  const double s = std::round(seconds_ * 10) / 10;
  std::string number = std::to_string(s);
  number.erase(number.find_last_not_of('0') + 1);
  if (!number.empty() && number.back() == '.') number.pop_back();
  return "deadline reached (--deadline " + number + " s)";
}

}  // namespace medtls
