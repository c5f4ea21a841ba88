#include "cli/app.hpp"

int main(int argc, char** argv) {
  return medtls::cli::run(argc, argv);
}
