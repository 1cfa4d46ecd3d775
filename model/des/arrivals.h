// Arrival processes for workload.arrival: fixed (with jitter), poisson, onoff (two-state MMPP), daily
// (a cosine daily cycle, sampled by thinning) and trace replay. Each draws from its own streams.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

#include "model/des/kernel.h"
#include "model/des/random.h"
#include "model/des/trace.h"
#include "model/spec/scenario.h"
#include "model/units.h"

namespace breakeven::des {

class ArrivalProcess {
 public:
  ArrivalProcess(const WorkloadSpec& w, std::uint64_t seed, const Trace* trace)
      : w_(w),
        trace_(trace),
        rng_(seed, StreamId::arrivals),
        modulation_(seed, StreamId::arrival_modulation),
        jitter_(seed, StreamId::jitter) {
    if (w_.arrival == Arrival::onoff) {
      on_until_s_ = modulation_.exponential(w_.burst_on_mean_s);
      // The rate inside a burst keeps the long-run mean interval at interval_s.
      on_rate_per_s_ = (w_.burst_on_mean_s + w_.burst_off_mean_s) / (w_.burst_on_mean_s * w_.interval_s);
    }
  }

  // The next arrival time (non-decreasing); false when a trace is exhausted.
  bool next(TimeUs& at) {
    switch (w_.arrival) {
      case Arrival::fixed: {
        // k x interval computed afresh each time, so no error accumulates over millions of arrivals.
        TimeUs t = to_us(static_cast<double>(index_) * w_.interval_s);
        if (w_.jitter_s > 0) t += to_us(jitter_.uniform(-w_.jitter_s, w_.jitter_s));
        ++index_;
        at = std::max(t, last_);
        break;
      }
      case Arrival::poisson:
        t_s_ += rng_.exponential(w_.interval_s);
        at = to_us(t_s_);
        break;
      case Arrival::onoff:
        // Inside a burst, gaps are exponential at the burst rate; a gap that runs past the burst's
        // end skips the silence that follows (memorylessness makes the restart exact).
        for (;;) {
          const double gap = rng_.exponential(1.0 / on_rate_per_s_);
          if (t_s_ + gap <= on_until_s_) {
            t_s_ += gap;
            break;
          }
          t_s_ = on_until_s_ + modulation_.exponential(w_.burst_off_mean_s);
          on_until_s_ = t_s_ + modulation_.exponential(w_.burst_on_mean_s);
        }
        at = to_us(t_s_);
        break;
      case Arrival::daily: {
        // Thinning (Lewis and Shedler 1979): candidates at the peak rate, kept with rate(t) / peak.
        const double mean_rate = 1.0 / w_.interval_s;
        const double peak_rate = mean_rate * (1 + w_.daily_amplitude);
        for (;;) {
          t_s_ += rng_.exponential(1.0 / peak_rate);
          const double phase =
              2 * std::numbers::pi * (t_s_ - w_.daily_peak_h * kSecondsPerHour) / kSecondsPerDay;
          const double rate = mean_rate * (1 + w_.daily_amplitude * portable_cos(phase));
          if (modulation_.uniform01() * peak_rate < rate) break;
        }
        at = to_us(t_s_);
        break;
      }
      case Arrival::trace:
        if (!trace_ || index_ >= static_cast<std::int64_t>(trace_->arrivals_us.size())) return false;
        at = trace_->arrivals_us[static_cast<size_t>(index_++)];
        break;
    }
    last_ = at;
    return true;
  }

 private:
  const WorkloadSpec& w_;
  const Trace* trace_;
  RandomStream rng_, modulation_, jitter_;
  std::int64_t index_ = 0;
  double t_s_ = 0;
  TimeUs last_ = 0;
  double on_until_s_ = 0;
  double on_rate_per_s_ = 0;
};

}  // namespace breakeven::des
