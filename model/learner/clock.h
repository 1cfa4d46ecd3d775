// Where measured time comes from: the host's steady clock, or a test's fake clock.
#pragma once

#include <chrono>

namespace breakeven {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_s() = 0;  // seconds since an arbitrary origin, monotonic
};

class SteadyClock final : public Clock {
 public:
  double now_s() override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
};

}  // namespace breakeven
