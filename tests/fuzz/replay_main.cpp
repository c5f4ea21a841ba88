// A main() for the fuzz targets in the ordinary (g++) build: runs LLVMFuzzerTestOneInput over
// every file in the directories (or files) named on the command line, in name order, each in a
// child process so that one crashing input does not hide the next, and prints how many ran and
// which failed (a signal — abort() of a broken property, a sanitizer report — or a non-zero
// exit, e.g. LeakSanitizer's). Exit status 1 when any failed. Files whose name starts with '.'
// and README* files are skipped.
//
//   fuzz_replay_fuzz_flight_parser vectors/fuzz/fuzz_flight_parser vectors/fuzz/regressions/…
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace fs = std::filesystem;

namespace {

// Runs one input in a child; returns "" when it passed, else what ended it.
std::string run_one(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot read";
  const std::vector<std::uint8_t> input((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = fork();
  if (child < 0) return std::string("fork: ") + std::strerror(errno);
  if (child == 0) {
    static const std::uint8_t kEmpty = 0;  // libFuzzer never passes a null pointer either
    LLVMFuzzerTestOneInput(input.empty() ? &kEmpty : input.data(), input.size());
    std::exit(0);  // (exit, not _exit: LeakSanitizer checks at exit)
  }
  int status = 0;
  if (waitpid(child, &status, 0) < 0) return std::string("waitpid: ") + std::strerror(errno);
  if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    return "exit status " + std::to_string(WEXITSTATUS(status));
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR|FILE…\n", argv[0]);
    return 2;
  }
  std::size_t total = 0;
  std::vector<std::string> failed;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      return 2;
    }
    std::sort(files.begin(), files.end());
    std::size_t count = 0;
    for (const auto& file : files) {
      const std::string name = file.filename().string();
      if (name.empty() || name[0] == '.' || name.rfind("README", 0) == 0) continue;
      std::fprintf(stderr, "replaying %s\n", file.c_str());
      const std::string result = run_one(file);
      if (!result.empty()) {
        failed.push_back(file.string() + ": " + result);
        std::fprintf(stderr, "FAILED %s: %s\n", file.c_str(), result.c_str());
      }
      ++count;
    }
    std::printf("%s: %zu input(s) replayed\n", argv[i], count);
    total += count;
  }
  std::printf("%zu input(s) replayed, %zu failed\n", total, failed.size());
  for (const auto& f : failed) std::printf("  FAILED %s\n", f.c_str());
  return failed.empty() ? 0 : 1;
}
