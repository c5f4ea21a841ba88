#include "common/process_stats.hpp"

#include <fstream>
#include <string>

namespace medtls {

long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long kb = 0;
      return status >> kb ? kb : 0;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace medtls
