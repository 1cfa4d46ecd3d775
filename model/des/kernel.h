// The discrete-event kernel: an integer clock in microseconds, events ordered by (time, sequence) so that
// events at equal times run in the order they were scheduled, schedule/cancel and run_until.
// Pending events live in first-in first-out lanes, one per kind below kLanes, while that kind is
// scheduled in non-decreasing time (an arrival process, completions after a fixed service time, expiries
// after a fixed keep-alive): such an event costs O(1) whatever the number of pending events. An event
// earlier than the last of its lane goes to a binary heap instead; the next event is the earliest of the
// heap's top and the lanes' fronts, so the order is (time, sequence) exactly, wherever events are kept.
// No global state: several simulators can run side by side (one per thread in a sweep).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_set>
#include <vector>

#include "model/checked_cast.h"
#include "model/diagnostics.h"

namespace breakeven::des {

using TimeUs = std::int64_t;  // simulated time in whole microseconds

inline constexpr TimeUs kUsPerSecond = 1000000;

// Beyond any simulated window (at most 87,600 h, 3.2e14 us) and far from overflow when a few such
// durations are added to a time inside one (2^60 us, 36,500 years; sums of two of them occur): a duration
// of 1e300 s (a keep-alive meant as "forever") is scheduled here, after the end.
inline constexpr TimeUs kBeyondAnyWindowUs = TimeUs{1} << 60;

// Seconds -> whole microseconds (rounded to nearest, halves away from zero) and back. A magnitude
// beyond kBeyondAnyWindowUs saturates there (the event falls after every window, as it would exactly);
// NaN is a RunError (no input can make it: every key is finite).
inline TimeUs to_us(double seconds) {
  const double us = seconds * 1e6 + (seconds >= 0 ? 0.5 : -0.5);
  if (const auto t = checked_cast<TimeUs>(us, -kBeyondAnyWindowUs, kBeyondAnyWindowUs)) return *t;
  if (std::isnan(seconds)) throw RunError("a simulated duration is not a number");
  return seconds > 0 ? kBeyondAnyWindowUs : -kBeyondAnyWindowUs;
}
inline double to_s(TimeUs us) {
  return static_cast<double>(us) * 1e-6;
}

// An entity that receives events: `kind` and `arg` are the entity's own (which timer, which environment).
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void on_event(int kind, std::int64_t arg) = 0;
};

using EventId = std::uint64_t;  // the event's sequence number; unique within one simulator

class Simulator {
 public:
  TimeUs now() const { return now_; }

  // Schedules `handler->on_event(kind, arg)` at absolute time `at` (not before now); kind is 0..255.
  EventId schedule_at(TimeUs at, EventHandler* handler, int kind, std::int64_t arg = 0);
  EventId schedule_in(TimeUs delay, EventHandler* handler, int kind, std::int64_t arg = 0) {
    // Saturating: a run whose durations all saturate at kBeyondAnyWindowUs may chain many of them after
    // the window; the sum stays at the clock's end instead of wrapping into the past.
    const TimeUs room = std::numeric_limits<TimeUs>::max() - now_;
    return schedule_at(delay > room ? std::numeric_limits<TimeUs>::max() : now_ + delay, handler, kind, arg);
  }

  // Cancels a pending event (lazily: it is dropped when it reaches the top of the heap). Only for
  // events not yet run: the id of an event that already ran would be kept for nothing.
  void cancel(EventId id);

  // Runs every event with time <= `until`, in (time, sequence) order; the clock ends at `until`
  // even when the heap empties earlier.
  void run_until(TimeUs until);

  // Runs events until the heap is empty.
  void run_all();

  // Runs the next event; false when there is none.
  bool step();

  std::size_t pending() const;
  std::uint64_t events_run() const { return events_run_; }

 private:
  // 32 bytes: the kind rides in the low bits below the sequence number, which keeps (time, sequence)
  // order and lets four events share a 128-byte stretch of the heap.
  static constexpr int kKindBits = 8;
  struct Event {
    TimeUs time;
    std::uint64_t seq_kind;  // sequence << kKindBits | kind
    EventHandler* handler;
    std::int64_t arg;
    EventId seq() const { return seq_kind >> kKindBits; }
    int kind() const { return static_cast<int>(seq_kind & ((1u << kKindBits) - 1)); }
  };
  // Min-heap on (time, seq): std heap functions keep the maximum on top, so the comparison is reversed.
  // A function object (not a function pointer) so that the heap functions inline it.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.seq_kind > b.seq_kind;
    }
  };
  static constexpr Later later{};
  static bool earlier(const Event& a, const Event& b) { return later(b, a); }

  // A lane: events of one kind in (time, sequence) order, taken from `head`.
  struct Lane {
    std::vector<Event> events;
    std::size_t head = 0;
    bool empty() const { return head == events.size(); }
    const Event& front() const { return events[head]; }
    void pop_front();
  };
  static constexpr int kLanes = 4;
  static constexpr int kHeap = kLanes;  // the source index of the heap
  static constexpr int kNone = -1;

  // The source (lane index or kHeap) holding the earliest live event, cancelled ones dropped on the
  // way; kNone when nothing is pending.
  int earliest();
  Event take(int source);

  TimeUs now_ = 0;
  EventId next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  Lane lanes_[kLanes];
  std::vector<Event> heap_;
  std::unordered_set<EventId> cancelled_;  // only looked up, never iterated: order does not leak into output
};

}  // namespace breakeven::des
