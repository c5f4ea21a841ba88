#pragma once
// The deadline of one target's whole scan (--deadline). Every phase asks it before it starts a
// connection and cuts its own timeouts to what is left, so that no peer — silent, dripping or
// endless — can keep a scan past it.
#include <algorithm>
#include <chrono>
#include <string>

namespace medtls {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  Deadline() = default;  // none
  Deadline(Clock::time_point at, double seconds) : at_(at), seconds_(seconds) {}
  static Deadline in(double seconds) {
    return Deadline(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(seconds)),
                    seconds);
  }

  bool set() const { return seconds_ > 0; }
  bool passed() const { return set() && Clock::now() >= at_; }
  Clock::time_point at() const { return set() ? at_ : Clock::time_point::max(); }
  double seconds() const { return seconds_; }
  // `timeout`, cut to what is left before the deadline (never negative).
  std::chrono::milliseconds cap(std::chrono::milliseconds timeout) const {
    if (!set()) return timeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - Clock::now());
    return std::max(std::chrono::milliseconds(0), std::min(timeout, left));
  }
  // The earlier of `t` and the deadline.
  Clock::time_point cap(Clock::time_point t) const { return std::min(t, at()); }
  // "the deadline of 200 s was reached"
  std::string reached_text() const;

 private:
  Clock::time_point at_{};
  double seconds_ = 0;
};

}  // namespace medtls
