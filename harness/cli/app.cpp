#include "cli/app.hpp"

#include <cstdio>

namespace medtls::cli {
int run(int, char**) {
  std::fprintf(stderr, "medtls: not built yet\n");
  return 2;
}
}  // namespace medtls::cli
