#include "words/attempts.hpp"

namespace medtls::words {

std::string attempt_ref(int index) {
  return index < 0 ? std::string() : " (attempt " + std::to_string(index) + ")";
}

std::string attempts_note(const std::vector<int>& attempts) {
  if (attempts.empty()) return "";
  if (attempts.size() == 1) return attempt_ref(attempts.front());
  constexpr std::size_t kShown = 8;  // the evidence list has them all
  std::string out = " (attempts ";
  for (std::size_t i = 0; i < attempts.size() && i < kShown; ++i)
    out += (i ? ", " : "") + std::to_string(attempts[i]);
  if (attempts.size() > kShown) out += ", … " + std::to_string(attempts.size()) + " in all";
  return out + ")";
}

}  // namespace medtls::words
