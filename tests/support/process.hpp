// Child processes for integration tests: long-running peers (Process) and short commands whose
// output is an oracle (run_capture). Every child gets its own process group, so stopping it also
// stops anything it forked, and is killed if the test process dies (PR_SET_PDEATHSIG), so a
// crashed or timed-out test does not leave servers listening on loopback.
//
// PR_SET_PDEATHSIG fires when the *thread* that started the child ends: start peers from the
// test's main thread (or a thread that outlives them), not from a short-lived std::thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace medtls::testing {

// A started child: stdin from /dev/null, stdout and stderr appended to a log file.
class Process {
 public:
  Process() = default;
  // Same as start().
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();  // stop()

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;  // stops the process it held before

  // Starts argv[0] (looked up in PATH) with arguments argv[1..]. Throws std::invalid_argument
  // for an empty argv, std::logic_error if a child is already held, and std::system_error if
  // the log cannot be opened or the program cannot be executed (e.g. not installed).
  void start(const std::vector<std::string>& argv, const std::string& log_path);

  // The child's pid (and process group id), or -1 when none is held.
  pid_t pid() const noexcept { return pid_; }

  // True while the child has not exited. An exited child is left as a zombie until stop(), which
  // keeps its pid and process group id from being reused in the meantime.
  bool running() const noexcept;

  // SIGTERM to the group, up to `grace` for the child to exit, then SIGKILL to the group, then
  // reap. Returns the exit status (see CaptureResult::status), or std::nullopt if no child was
  // held. Safe to call repeatedly.
  std::optional<int> stop(std::chrono::milliseconds grace = std::chrono::seconds(2)) noexcept;

  // The status of the last child stopped by stop(), if any.
  std::optional<int> exit_status() const noexcept { return exit_status_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

struct CaptureResult {
  int status = -1;         // exit code, or 128 + signal number if it was killed by a signal
  bool timed_out = false;  // run_capture killed it when the timeout expired
  std::string out;         // everything written to stdout
  std::string err;         // everything written to stderr
  long max_rss_kb = -1;    // the child's peak resident set size (getrusage), KiB
  double seconds = 0;      // wall time from start to reaping
};

// Runs argv to completion with stdin from /dev/null and returns its status and output. When the
// timeout expires the whole process group is killed and timed_out is set. Throws
// std::system_error if the program cannot be executed.
CaptureResult run_capture(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// "argv[0] 'arg 1' …" for messages.
std::string describe_command(const std::vector<std::string>& argv);

}  // namespace medtls::testing
