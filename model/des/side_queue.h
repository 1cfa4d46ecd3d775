// What both simulated sides share: the waiting line and its time-weighted length, the latency and
// freshness histograms, the waits, the busy time charged to the window, and the keep-up verdict.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "model/des/histogram.h"
#include "model/des/kernel.h"
#include "model/des/percentiles_of.h"
#include "model/des/simulate.h"

namespace breakeven::des {

// Arrivals still waiting at the window's end that a side may leave without being judged behind: 10
// for the batches or requests caught in flight at any instant, plus 1% of the arrivals for the tail of
// a burst being drained. More means the line grows faster than it is served.
inline std::uint64_t backlog_allowed(std::uint64_t arrivals) {
  return 10 + arrivals / 100;
}

class SideQueue {
 public:
  std::deque<TimeUs> waiting;  // arrival times of batches or requests not yet started
  LogHistogram latency;        // requests: arrival to response; training: one invocation's duration
  LogHistogram freshness;      // training: batch arrival to the end of the invocation that learnt it

  void open_window(TimeUs window_end) { window_end_ = window_end; }
  TimeUs window_end() const { return window_end_; }
  bool window_closed() const { return window_closed_; }

  // Records the line's length now (until the window closes).
  void note_length(TimeUs now) {
    if (!window_closed_) length_.set(now, static_cast<double>(waiting.size()));
  }
  // At the window's end: the line's mean length and what is still waiting.
  void close_window() {
    length_mean_ = length_.mean(window_end_);
    waiting_at_window_end_ = waiting.size();
    window_closed_ = true;
  }
  // One batch or request starting service after waiting `wait_s`.
  void add_wait(double wait_s) {
    wait_sum_s_ += wait_s;
    ++started_;
  }
  // Work starting at `now` for `run_us`: the part inside the window is busy time; returns that part.
  TimeUs add_busy(TimeUs now, TimeUs run_us) {
    const TimeUs inside_us = std::min(run_us, window_end_ - now);
    busy_us_ += inside_us;
    return inside_us;
  }

  // Fills the figures every side reports: utilisation, line length, waits, latency and freshness.
  void fill(SideSimulation& r) const {
    r.utilisation = to_s(busy_us_) / to_s(window_end_);
    r.queue_mean = length_mean_;
    r.queue_max = length_.max();
    r.mean_wait_s = started_ ? wait_sum_s_ / static_cast<double>(started_) : 0;
    r.latency = percentiles_of(latency);
    r.freshness = percentiles_of(freshness);
  }

  // Whether the side keeps up: dropped arrivals first, then the side's own reason (`side_reason`,
  // empty when it has none), then the backlog left at the window's end.
  void judge_keep_up(SideSimulation& r, std::size_t queue_cap, const std::string& side_reason) const {
    if (r.dropped > 0) {
      r.keeps_up = false;
      r.keep_up_note = std::to_string(r.dropped) + " arrivals found the waiting line full (" +
                       std::to_string(queue_cap) + ") and were dropped";
    } else if (!side_reason.empty()) {
      r.keeps_up = false;
      r.keep_up_note = side_reason;
    } else if (waiting_at_window_end_ > backlog_allowed(r.arrivals)) {
      r.keeps_up = false;
      r.keep_up_note =
          std::to_string(waiting_at_window_end_) + " arrivals were still waiting at the end of the window";
    }
  }

 private:
  TimeUs window_end_ = 0;
  bool window_closed_ = false;
  TimeWeighted length_;
  double length_mean_ = 0;
  double wait_sum_s_ = 0;
  std::uint64_t started_ = 0;
  std::uint64_t waiting_at_window_end_ = 0;
  TimeUs busy_us_ = 0;
};

}  // namespace breakeven::des
