#include "support/process.hpp"

#include "support/unique_fd.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace medtls::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollStep = std::chrono::milliseconds(10);

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

int decode_status(int raw) {
  if (WIFEXITED(raw)) return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
  return -1;
}

// The child's descriptors 0..2 are dup2'ed from these; keeping them above 2 means no dup2 can
// overwrite a descriptor that a later dup2 still has to read from.
UniqueFd above_stdio(UniqueFd fd) {
  if (fd.get() > 2) return fd;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
  if (moved < 0) throw_errno("fcntl(F_DUPFD_CLOEXEC)");
  return UniqueFd(moved);
}

UniqueFd open_fd(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("open " + path);
  return above_stdio(UniqueFd(fd));
}

std::pair<UniqueFd, UniqueFd> make_pipe() {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw_errno("pipe2");
  return {above_stdio(UniqueFd(fds[0])), above_stdio(UniqueFd(fds[1]))};
}

struct ChildStdio {
  int in, out, err;
};

// Runs in the forked child: only async-signal-safe calls until execvp.
[[noreturn]] void exec_child(char* const* argv, ChildStdio stdio, int report_fd, pid_t parent) {
  ::setpgid(0, 0);
  // Die with the test process, even if it is SIGKILLed by a ctest timeout; the getppid check
  // closes the race where the parent died before prctl ran.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  // Give the peer a clean signal state: the test runner may block or ignore signals.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) ::sigaction(sig, &dfl, nullptr);
  const std::array<int, 3> from{stdio.in, stdio.out, stdio.err};
  for (int target = 0; target < 3; ++target) {
    while (::dup2(from[target], target) < 0 && errno == EINTR) {
    }
  }
  ::execvp(argv[0], argv);
  const int error = errno;
  [[maybe_unused]] const ssize_t n = ::write(report_fd, &error, sizeof error);
  ::_exit(127);
}

// Reaps pid; its peak resident set size (KiB) into *max_rss_kb when asked.
int wait_reap(pid_t pid, long* max_rss_kb = nullptr) {
  int raw = 0;
  rusage usage{};
  pid_t r;
  do {
    r = ::wait4(pid, &raw, 0, &usage);
  } while (r < 0 && errno == EINTR);
  if (max_rss_kb != nullptr && r > 0) *max_rss_kb = usage.ru_maxrss;
  return r < 0 ? -1 : decode_status(raw);
}

// Forks and execs argv with the given stdio. A close-on-exec pipe tells the parent whether
// execvp failed, so a missing program is an exception here rather than a silent early exit.
pid_t spawn(const std::vector<std::string>& argv, ChildStdio stdio) {
  if (argv.empty()) throw std::invalid_argument("spawn: empty argv");
  // Everything the child needs is allocated before fork().
  std::vector<std::string> args(argv);
  std::vector<char*> ptrs;
  ptrs.reserve(args.size() + 1);
  for (auto& a : args) ptrs.push_back(a.data());
  ptrs.push_back(nullptr);

  auto [report_rd, report_wr] = make_pipe();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) exec_child(ptrs.data(), stdio, report_wr.get(), parent);

  report_wr.reset();
  ::setpgid(pid, pid);  // also done by the child; whichever runs first wins, both are harmless
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(report_rd.get(), &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    wait_reap(pid);
    throw std::system_error(child_errno, std::generic_category(), "cannot execute " + argv[0]);
  }
  return pid;
}

// True once pid has exited (without reaping it), or if it no longer exists as our child.
bool has_exited(pid_t pid) noexcept {
  siginfo_t info{};
  int r;
  do {
    r = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (r < 0 && errno == EINTR);
  return r != 0 || info.si_pid != 0;
}

bool wait_exit_until(pid_t pid, Clock::time_point deadline) noexcept {
  while (!has_exited(pid)) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollStep);
  }
  return true;
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::string& log_path) {
  start(argv, log_path);
}

Process::~Process() {
  stop();
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), exit_status_(std::move(other.exit_status_)) {}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    exit_status_ = std::move(other.exit_status_);
  }
  return *this;
}

void Process::start(const std::vector<std::string>& argv, const std::string& log_path) {
  if (pid_ > 0) throw std::logic_error("Process::start: a child is already running");
  if (argv.empty()) throw std::invalid_argument("Process::start: empty argv");
  // Appending keeps the output of an earlier attempt (e.g. a retry on another port) readable.
  const UniqueFd log = open_fd(log_path, O_WRONLY | O_CREAT | O_APPEND);
  const UniqueFd devnull = open_fd("/dev/null", O_RDONLY);
  pid_ = spawn(argv, {devnull.get(), log.get(), log.get()});
  exit_status_.reset();
}

bool Process::running() const noexcept {
  return pid_ > 0 && !has_exited(pid_);
}

std::optional<int> Process::stop(std::chrono::milliseconds grace) noexcept {
  if (pid_ <= 0) return std::nullopt;
  if (!has_exited(pid_)) {
    ::kill(-pid_, SIGTERM);
    wait_exit_until(pid_, Clock::now() + grace);
  }
  // Until it is reaped the leader holds the group id, so this cannot hit an unrelated group; it
  // ends a leader that ignored SIGTERM and anything it left behind in its group.
  ::kill(-pid_, SIGKILL);
  exit_status_ = wait_reap(pid_);
  pid_ = -1;
  return exit_status_;
}

CaptureResult run_capture(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  const auto start = Clock::now();
  const auto deadline = start + timeout;
  auto [out_rd, out_wr] = make_pipe();
  auto [err_rd, err_wr] = make_pipe();
  const UniqueFd devnull = open_fd("/dev/null", O_RDONLY);
  const pid_t pid = spawn(argv, {devnull.get(), out_wr.get(), err_wr.get()});
  // Only the child may hold the write ends, or EOF would never come.
  out_wr.reset();
  err_wr.reset();

  CaptureResult result;
  std::array<UniqueFd*, 2> sources{&out_rd, &err_rd};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  std::array<char, 4096> buf{};
  while (out_rd || err_rd) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    std::array<pollfd, 2> pfds{};
    for (size_t i = 0; i < 2; ++i) pfds[i] = {sources[i]->get(), POLLIN, 0};  // -1 is ignored
    const int r = ::poll(pfds.data(), pfds.size(), static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    for (size_t i = 0; i < 2; ++i) {
      if (pfds[i].fd < 0 || pfds[i].revents == 0) continue;
      const ssize_t n = ::read(pfds[i].fd, buf.data(), buf.size());
      if (n > 0) {
        sinks[i]->append(buf.data(), static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        sources[i]->reset();
      }
    }
  }
  if (!result.timed_out && !wait_exit_until(pid, deadline)) result.timed_out = true;
  // A command run for its output leaves nothing behind: its group goes with it.
  ::kill(-pid, SIGKILL);
  result.status = wait_reap(pid, &result.max_rss_kb);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

std::string describe_command(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& arg : argv) {
    if (!text.empty()) text += ' ';
    const bool plain =
        !arg.empty() && arg.find_first_of(" \t\n'\"\\$*?;&|<>()!`") == std::string::npos;
    if (plain) {
      text += arg;
      continue;
    }
    text += '\'';
    for (char c : arg) text += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return text;
}

}  // namespace medtls::testing
