#include <exception>
#include <iostream>

#include "cli/app.hpp"
#include "common/peer_text.hpp"

int main(int argc, char** argv) {
  // The commands catch what they expect; this is the last net, so that even a defect ends with
  // a documented exit code and one line on stderr (3: nothing could be decided) rather than an
  // abort.
  try {
    return medtls::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "medtls: internal error: " << medtls::one_line(e.what()) << "\n";
  } catch (...) {
    std::cerr << "medtls: internal error\n";
  }
  return 3;
}
